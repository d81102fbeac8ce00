"""Numbers typed in prose agree with the data they count.

A typed number is a count of the content only when the noun after it is one the content's
collection answers to (a table below, plus the call's own words: `call.vocabulary`), and the
phrase ends there: "cinque progetti." or "cinque progetti che..." counts the projects, "60
progetti personalizzati" or "tre ambiti di intervento" does not. Only collections the content
has are counted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.checks.common import prose_blocks, typed_text
from generator.checks.placeholders import texts
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
            ("progetti", "progetti territoriali", "proposte progettuali", "proposte", words.project.plural,
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


_ANY_NUMBER = re.compile(rf"\b{_NUMBER_RE}(?!\w)", re.IGNORECASE)
"""A number, in digits or words: a text without one counts nothing (most values: names, ids)."""


@functools.lru_cache(maxsize=64)
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


@functools.lru_cache(maxsize=64)
def _predicate(nouns: tuple[str, ...]) -> re.Pattern:
    """"I progetti sono tre": the article, the noun, the verb, then the number."""
    alternatives = sorted({re.escape(n) for n in nouns if not n.startswith("reti(")}, key=len, reverse=True)
    return re.compile(rf"\b(?:i|gli|le)\s+(?:{'|'.join(alternatives)})\s+(?:sono|erano|saranno|"
                      rf"risultano)\s+{_NUMBER_RE}(?!\w)", re.IGNORECASE)


def _typed_counts(typed: str, item: Counted) -> Iterator[re.Match]:
    """Each count of `item` typed in `typed`: "cinque progetti", "i progetti sono cinque"."""
    for match in _pattern(item.nouns).finditer(typed):
        if _ends_the_phrase(typed, match.end()):
            yield match
    if not item.nouns[0].startswith("reti("):
        yield from _predicate(item.nouns).finditer(typed)


SKIPPED = ("documents", "glossary", "accept", "monitoring", "indicators", "periods")
"""Parts of the content whose values are not facts worded by hand (or are checked elsewhere)."""


def counts(content: Content, sources: SourceMap) -> list[Finding]:
    """A number typed in prose or in a value of the content matches the data it counts.

    "cinque progetti", "le tre proposte", "I progetti sono tre", "7 reti", and counts inside
    the content's own values ("Rete dei cinque Ambiti"). Only a noun the content's collection
    answers to counts it, and only when the phrase ends there: "60 progetti personalizzati"
    counts no project. A count in a value that agrees is a warning: it will not follow the data.

    Example: documents.integrazione-allegato-1.sections[0].body[0]: prose says "cinque progetti" but the
        content has 4 projects
    Fix: write the count from the data, e.g. {{ projects | length | in_lettere }}, so it can never drift.
    """
    findings = []
    table = collections(content) + _networks(content)
    for _doc, path, source in prose_blocks(content):
        typed = typed_text(source)
        for counted_item in table:
            for match in _typed_counts(typed, counted_item):
                findings.append(_finding(content, sources, path, source, match, counted_item))
    for path, value in texts(content):
        if (path and path[0] in SKIPPED) or not _ANY_NUMBER.search(value):
            continue
        for counted_item in table:
            for match in _typed_counts(value, counted_item):
                findings.append(_finding(content, sources, path, value, match, counted_item,
                                         in_value=True))
    return findings


def _finding(content: Content, sources: SourceMap, path: tuple, source: str, match: re.Match,
             item: Counted, in_value: bool = False) -> Finding:
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
        said = (_('a value of the content says "{phrase}" but the content has {counts}', phrase=phrase,
                  counts=either) if in_value else
                _('prose says "{phrase}" but the content has {counts}', phrase=phrase, counts=either))
        fix = (_("a value cannot draw on the data: word it without the count") if in_value else
               _("write the count from the data instead: {jinja}", jinja=item.jinja))
        return sources.finding_in_text(path, source, match.start(), said, fix)
    if in_value:
        return sources.finding_in_text(
            path, source, match.start(), _('count typed by hand in a value of the content: "{phrase}"',
                                           phrase=phrase),
            _("it agrees with the data today; a value cannot draw on the data: word it without the count "
              "so it cannot drift"), severity=WARNING)
    return sources.finding_in_text(
        path, source, match.start(), _('count typed by hand in prose: "{phrase}"', phrase=phrase),
        _("it agrees with the data today; write {jinja} so it cannot drift", jinja=item.jinja),
        severity=WARNING)
