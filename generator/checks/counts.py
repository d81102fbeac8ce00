"""Numbers typed in prose agree with the data they count."""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.checks.common import prose_blocks, typed_text
from generator.errors import WARNING, Finding
from generator.model import Content
from generator.sources import SourceMap

NUMBER = {"zero": 0, "uno": 1, "un": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5,
          "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12,
          "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16, "diciassette": 17,
          "diciotto": 18, "diciannove": 19, "venti": 20}
"""Italian number words as prose types counts of projects and districts; a test holds them
equal to the `in_lettere` filter's."""


def _national(content: Content) -> set[int]:
    return {sum(1 for m in content.measures.values() if m.level == "nazionale")}


def _regional(content: Content) -> set[int]:
    return {sum(1 for m in content.measures.values() if m.level == "regionale")}


# Only nouns that unmistakably name what the content counts: a typed "tre aree
# tematiche" or "due azioni di sistema" is ordinary prose, not a count of data.
# noun pattern -> (what it counts, the counts the data allows, the Jinja to write instead)
COUNTED: list[tuple[str, str, Callable[[Content], set[int]], str]] = [
    (r"(?:proposte progettuali|progetti(?: territoriali)?)", "projects",
     lambda c: {len(c.projects)}, "{{ projects | length | in_lettere }}"),
    (r"(?:ambiti(?: territoriali)?|piani di zona)", "districts",
     lambda c: {len(c.districts)}, "{{ districts | length | in_lettere }}"),
    (r"(?:misure(?: a carattere)? nazionali|misure a carattere nazionale)", "national measures",
     _national, '{{ select(measures, level="nazionale") | length | in_lettere }}'),
    (r"(?:misure(?: a carattere)? regionali|misure a carattere regionale)", "regional measures",
     _regional, '{{ select(measures, level="regionale") | length | in_lettere }}'),
    (r"(?:enti capofila)", "lead bodies",
     lambda c: {len({p.lead for p in c.projects.values()})}, "{{ projects | length | in_lettere }}"),
]


def _networks(content: Content) -> list[tuple[str, str, Callable[[Content], set[int]], str]]:
    """'7 reti "Contrasto alla violenza di genere"': a count of named networks (a quote follows)."""
    if not content.networks:
        return []
    return [(r"reti(?=\s*[\"“«])", "networks of that name",
             lambda c: {n.count for n in c.networks.values()}, "{{ networks.ID.count }}")]


_NUMBER_RE = r"(?P<number>\d+|" + "|".join(sorted(NUMBER, key=len, reverse=True)) + r")"
_ADJECTIVE = r"(?:\s+(?:diverse|diversi|distinte|distinti|nuove|nuovi|principali))?"


def counts(content: Content, sources: SourceMap) -> list[Finding]:
    """A number typed in prose ("cinque progetti", "7 reti") matches the data it counts.

    Example: documents.integrazione-allegato-1.sections[0].body[0]: prose says "cinque progetti" but the
        content has 4 projects
    Fix: write the count from the data, e.g. {{ projects | length | in_lettere }}, so it can never drift.
    """
    findings = []
    for _, path, source in prose_blocks(content):
        typed = typed_text(source)
        for pattern, what, allowed, jinja in COUNTED + _networks(content):
            regex = re.compile(rf"\b{_NUMBER_RE}{_ADJECTIVE}\s+{pattern}\b", re.IGNORECASE)
            for match in regex.finditer(typed):
                raw = match.group("number").lower()
                value = int(raw) if raw.isdigit() else NUMBER[raw]
                expected = allowed(content)
                phrase = " ".join(match.group().split())
                if value not in expected:
                    shown = " or ".join(str(v) for v in sorted(expected)) or "none"
                    findings.append(sources.finding_in_text(
                        path, source, match.start(),
                        f'prose says "{phrase}" but the content has {shown} {what}',
                        f"write the count from the data instead: {jinja}"))
                else:
                    findings.append(sources.finding_in_text(
                        path, source, match.start(),
                        f'count typed by hand: "{phrase}"',
                        f"it agrees with the data today; write {jinja} so it cannot drift",
                        severity=WARNING))
    return findings
