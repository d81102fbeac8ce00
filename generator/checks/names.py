"""One organisation, one name, and one article that is known rather than guessed."""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.checks.placeholders import PLACEHOLDER
from generator.errors import WARNING, Finding
from generator.messages import Message, _
from generator.model import Content
from generator.sources import SourceMap
from generator.templating.filters.grammar import article_guessed, with_article

SAME: dict[str, Callable[..., Message]] = {
    "name": lambda **v: _("same name as {other} ({first!r} / {shown!r})", **v),
    "fiscal code": lambda **v: _("same fiscal code as {other} ({first!r} / {shown!r})", **v),
    "VAT number": lambda **v: _("same VAT number as {other} ({first!r} / {shown!r})", **v),
}


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def one_name(content: Content, sources: SourceMap) -> list[Finding]:
    """The same body is recorded once: no two organisations share a fiscal code, VAT number or name.

    Example: organisations.asc-comuni-insieme: same name as organisations.comuni-insieme ("ASC Comuni
        Insieme" / "Asc Comuni Insieme")
    Fix: keep one of the two entries and point every reference at its id.
    """
    findings = []
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for org_id, org in content.organisations.items():
        keys = [("name", _key(org.name), org.name)]
        keys += [("fiscal code", org.fiscal_code, org.fiscal_code)] if org.fiscal_code else []
        keys += [("VAT number", org.vat_number, org.vat_number)] if org.vat_number else []
        for label, key, shown in keys:
            first = seen.get((label, key))
            if first is None:
                seen[(label, key)] = (org_id, shown)
                continue
            if first[0] == org_id:
                continue
            findings.append(sources.finding(
                ("organisations", org_id),
                SAME[label](other=f"organisations.{first[0]}", first=first[1], shown=shown),
                _("keep one entry and refer to it everywhere as {id!r}", id=first[0])))
    return findings


def articles(content: Content, sources: SourceMap) -> list[Finding]:
    """The article of every body's name is known from its first word, not guessed from its ending.

    Abbreviations of legal forms are read as the noun they stand for; any other first word the
    grammar does not know is named.

    "Soc. Coop. Il Sentiero" is "della Soc. Coop." (società), "Cons. Alfa" "del Cons."
    (consorzio); but "Mondo Nuovo" may be "il Mondo Nuovo" or "la Mondo Nuovo" (the
    cooperative): only `gender:` can say. A project's `area` is printed after "limitatamente a",
    so it begins with its article too.

    Example: organisations.mondo-nuovo.name: the article of "Mondo Nuovo" is guessed ("del Mondo
        Nuovo") from the ending of a word the grammar does not know
    Fix: add `gender: f` (or m, and `number: p` for a plural name) to the body; begin an area with
        its article ("la Val Cavallina").
    """
    findings = []
    for org_id, organisation in content.organisations.items():
        if PLACEHOLDER not in organisation.name and article_guessed(organisation):
            findings.append(sources.finding(
                ("organisations", org_id, "name"),
                _('the article of "{name}" is guessed ("{guess}") from the ending of a word the grammar '
                  "does not know", name=organisation.name, guess=with_article(organisation, "di")),
                _("add `gender: m` or `gender: f` to {body} (and `number: p` for a plural name), or "
                  "`article:`", body="organisations." + org_id), severity=WARNING))
    for project_id, project in content.projects.items():
        if project.area and PLACEHOLDER not in project.area and article_guessed(project.area):
            findings.append(sources.finding(
                ("projects", project_id, "area"),
                _('the article of the area "{area}" is guessed ("limitatamente {guess}")',
                  area=project.area, guess=with_article(project.area, "a")),
                _('begin the area with its article ("la Val Cavallina", "i comuni della bassa valle")'),
                severity=WARNING))
    return findings
