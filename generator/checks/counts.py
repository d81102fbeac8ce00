"""Numbers typed in prose agree with the data they count.

A typed number is a count of the content only when the noun after it is one the content's
collection answers to (a table below, plus the call's own words: `call.vocabulary`), and the
phrase ends there: "cinque progetti." or "cinque progetti che..." counts the projects, "60
progetti personalizzati" or "tre ambiti di intervento" does not. Only collections the content
has are counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.checks.common import prose_blocks, typed_text
from generator.errors import WARNING, Finding
from generator.messages import N_, _, chained
from generator.model import Content
from generator.sources import SourceMap

NUMBER = {"zero": 0, "uno": 1, "un": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5,
          "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12,
          "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16, "diciassette": 17,
          "diciotto": 18, "diciannove": 19, "venti": 20}
"""Italian number words as prose types counts of projects and districts; a test holds them
equal to the `in_lettere` filter's."""

FOLLOWERS = frozenset({
    "che", "e", "ed", "o", "oppure", "sono", "siano", "erano", "saranno", "hanno", "ha", "è", "a",
    "al", "ai", "alle", "agli", "all", "in", "nel", "nei", "nelle", "negli", "nella", "nell", "su",
    "sul", "sui", "sulle", "sugli", "per", "con", "tra", "fra", "già", "tutti", "tutte",
    "complessivi", "complessive", "del", "della", "dei", "delle", "degli", "dello", "dell", "da",
    "dal", "dai", "dalle", "dagli", "dalla",
})
"""Words after which a counted noun phrase has ended ("cinque progetti che...", "sette reti
del territorio"); any other word qualifies the noun ("progetti personalizzati"), and then the
number counts something else. "di" too qualifies it ("ambiti di intervento")."""


@dataclass(frozen=True)
class Counted:
    """A collection prose may count: the nouns it answers to and the counts the data allows."""

    nouns: tuple[str, ...]
    singular: str
    plural: str
    allowed: Callable[[Content], set[int]]
    jinja: str


def _level(level: str) -> Callable[[Content], set[int]]:
    return lambda c: {sum(1 for m in c.measures.values() if m.level == level)}


def _partners(content: Content) -> set[int]:
    """The bodies of the partnerships: all distinct ones, or those of any one project."""
    per_project = [{p.organisation for p in project.partners if p.participation == "partner"}
                   for project in content.projects.values()]
    return {len(set().union(*per_project))} | {len(found) for found in per_project}


def _comuni(content: Content) -> set[int]:
    """The comuni of the districts: all of them, or those of any one district."""
    per_district = [{c.name for c in d.municipalities} for d in content.districts.values()]
    return {len(set().union(*per_district))} | {len(found) for found in per_district if found}


def collections(content: Content) -> list[Counted]:
    """The collections this content has, each with the nouns it answers to."""
    words = content.call.vocabulary
    found = []
    if content.projects:
        found.append(Counted(
            ("progetti", "progetti territoriali", "proposte progettuali", words.project.plural,
             words.project.full_plural), N_("project"), N_("projects"), lambda c: {len(c.projects)},
            "{{ projects | length | in_lettere }}"))
        found.append(Counted(("enti capofila",), N_("lead body"), N_("lead bodies"),
                             lambda c: {len({p.lead for p in c.projects.values()})},
                             "{{ projects | length | in_lettere }}"))
    if content.districts:
        found.append(Counted(
            ("ambiti", "ambiti territoriali", "piani di zona", words.district.plural,
             words.district.full_plural), N_("district"), N_("districts"), lambda c: {len(c.districts)},
            "{{ districts | length | in_lettere }}"))
    for level, singular, plural in (("nazionale", N_("national measure"), N_("national measures")),
                                    ("regionale", N_("regional measure"), N_("regional measures"))):
        if _level(level)(content) != {0}:
            found.append(Counted(
                (f"misure {level}i", f"misure a carattere {level}"), singular, plural, _level(level),
                f'{{{{ select(measures, level="{level}") | length | in_lettere }}}}'))
    if any(p.participation == "partner" for x in content.projects.values() for p in x.partners):
        found.append(Counted(("partner", "enti partner", "soggetti partner"), N_("partner"),
                             N_("partners"), _partners, "{{ project.partners | length }}"))
    if any(d.comuni for d in content.districts.values()):
        found.append(Counted(("comuni",), N_("comune"), N_("comuni"), _comuni,
                             "{{ district.comuni | length | in_lettere }}"))
    return found


def _networks(content: Content) -> list[Counted]:
    """'7 reti "Contrasto alla violenza di genere"': a count of named networks (a quote follows)."""
    if not content.networks:
        return []
    return [Counted((r"reti(?=\s*[\"“«])",), N_("network of that name"), N_("networks of that name"),
                    lambda c: {n.count for n in c.networks.values()}, "{{ networks.ID.count }}")]


_NUMBER_RE = r"(?P<number>\d+|" + "|".join(sorted(NUMBER, key=len, reverse=True)) + r")"
_ADJECTIVE = r"(?:\s+(?:diverse|diversi|distinte|distinti|nuove|nuovi|principali))?"
_NEXT_WORD = re.compile(r"\s*(\w+)")


def _pattern(nouns: tuple[str, ...]) -> re.Pattern:
    """The number, the noun (longest first, as typed or as a regex) and no letter after it."""
    alternatives = sorted({n if n.startswith("reti(") else re.escape(n) for n in nouns},
                          key=len, reverse=True)
    return re.compile(rf"\b{_NUMBER_RE}{_ADJECTIVE}\s+(?:{'|'.join(alternatives)})(?!\w)",
                      re.IGNORECASE)


def _ends_the_phrase(typed: str, end: int) -> bool:
    """Whether the noun phrase ends at `end`: punctuation, the end, or a word of FOLLOWERS."""
    following = _NEXT_WORD.match(typed, end)
    if following is None or typed[end:following.start(1)].strip():
        return True  # punctuation or the end of the text
    return following.group(1).lower() in FOLLOWERS


def counts(content: Content, sources: SourceMap) -> list[Finding]:
    """A number typed in prose ("cinque progetti", "7 reti") matches the data it counts.

    Only a noun the content's collection answers to counts it, and only when the phrase ends
    there: "60 progetti personalizzati" counts no project.

    Example: documents.integrazione-allegato-1.sections[0].body[0]: prose says "cinque progetti" but the
        content has 4 projects
    Fix: write the count from the data, e.g. {{ projects | length | in_lettere }}, so it can never drift.
    """
    findings = []
    table = collections(content) + _networks(content)
    for _doc, path, source in prose_blocks(content):
        typed = typed_text(source)
        for counted_item in table:
            for match in _pattern(counted_item.nouns).finditer(typed):
                if _ends_the_phrase(typed, match.end()):
                    findings.append(_finding(content, sources, path, source, match, counted_item))
    return findings


def _finding(content: Content, sources: SourceMap, path: tuple, source: str, match: re.Match,
             item: Counted) -> Finding:
    raw = match.group("number").lower()
    value = int(raw) if raw.isdigit() else NUMBER[raw]
    expected = item.allowed(content)
    phrase = " ".join(match.group().split())
    if value not in expected:
        shown = []
        for v in sorted(expected):
            noun = _(item.singular if v == 1 else item.plural)
            shown.append(_("{count} {noun}", count=v, noun=noun))
        either = chained(shown, "or")
        return sources.finding_in_text(
            path, source, match.start(), _('prose says "{phrase}" but the content has {counts}',
                                           phrase=phrase, counts=either),
            _("write the count from the data instead: {jinja}", jinja=item.jinja))
    return sources.finding_in_text(
        path, source, match.start(), _('count typed by hand: "{phrase}"', phrase=phrase),
        _("it agrees with the data today; write {jinja} so it cannot drift", jinja=item.jinja),
        severity=WARNING)
