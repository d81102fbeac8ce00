"""Dates agree: an annex follows what it integrates, cited events precede their citation."""

from __future__ import annotations

import datetime as dt
import re

from generator.checks.common import prose_blocks, typed_text
from generator.errors import WARNING, Finding
from generator.messages import _
from generator.model import Content
from generator.sources import SourceMap
from generator.templating.filters.formatting import short_date

EVENT_REFERENCE = re.compile(r"""events(?:\.([a-z0-9_]+)|\[\s*["']([a-z0-9_-]+)["']\s*\])""")


def dates(content: Content, sources: SourceMap) -> list[Finding]:
    """An annex is dated after the document it integrates; events a document cites precede it.

    Example: documents.integrazione-allegato-1.date: dated 01/03/2020, before the document it integrates
        (formulario-candidatura, 09/03/2020)
    Fix: correct the date of one of the two documents (an integration cannot precede the form).
    """
    findings = []
    for doc_id, document in content.documents.items():
        integrated = content.documents.get(document.integrates) if document.integrates else None
        if integrated is not None and document.date < integrated.date:
            findings.append(sources.finding(
                ("documents", doc_id, "date"),
                _("dated {date}, before the document it integrates ({other}, {other_date})",
                  date=short_date(document.date), other=document.integrates,
                  other_date=short_date(integrated.date)),
                _("correct the date of one of the two documents")))
    for doc_id, path, source in prose_blocks(content):
        document = content.documents[doc_id]
        for match in EVENT_REFERENCE.finditer(source):
            event_id = match.group(1) or match.group(2)
            event = content.events.get(event_id)
            if event is not None and event.date > document.date:
                findings.append(sources.finding_in_text(
                    path, source, match.start(),
                    _("cites the {kind} of {date}, after the document's own date {own}", kind=event.kind,
                      date=short_date(event.date), own=short_date(document.date)),
                    _("a document cannot cite an event in its future: check both dates")))
    return findings


def lead_substitutions(content: Content, sources: SourceMap) -> list[Finding]:
    """A replaced lead body is dated, and is never the lead of a document dated after.

    Example: projects.work-in-progress.former_leads[0]: the date So.Le was replaced as lead is not recorded
    Fix: add `replaced_on: YYYY-MM-DD` to the former lead, so documents can be checked against it.
    """
    findings = []
    for project_id, project in content.projects.items():
        for index, former in enumerate(project.former_leads):
            path = ("projects", project_id, "former_leads", index)
            name = content.organisations[former.organisation].short_name \
                if former.organisation in content.organisations else former.organisation
            if former.organisation == project.lead:
                findings.append(sources.finding(
                    path + ("organisation",),
                    _("{body!r} is both the current and a former lead", body=former.organisation),
                    _("remove it from former_leads, or set `lead:` to its replacement")))
            if former.replaced_on is None:
                findings.append(sources.finding(
                    path, _("the date {body} was replaced as lead is not recorded",
                            body=name or former.organisation),
                    _("add `replaced_on: YYYY-MM-DD` so documents can be checked against it"),
                    severity=WARNING))
    return findings


MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre")
TYPED_DATE = re.compile(r"\b(?:(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
                        r"|(?P<day>\d{1,2})°?\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>\d{4}))\b",
                        re.IGNORECASE)
"""A date typed in prose: "21/06/2019", "20 luglio 2020", "1° luglio 2020"."""


def _typed_date(match: re.Match[str]) -> dt.date | None:
    try:
        if match.group("d"):
            return dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        return dt.date(int(match.group("year")), MONTHS.index(match.group("month").lower()) + 1,
                       int(match.group("day")))
    except ValueError:
        return None


def typed_dates(content: Content, sources: SourceMap) -> list[Finding]:
    """A date typed in prose is not after the document's own date.

    A document cannot tell as done what happens after it is signed; a date of the future typed
    by hand is a slip of the year or of the document's date (a planned date comes from the
    data: `{{ project.start | il_giorno }}`, which no rule doubts).

    Example: documents.integrazione.sections[0].body[1]: "12 ottobre 2024" is typed in prose, after the
        document's own date (12/10/2023)
    Fix: correct the typed date (or the document's `date`); write a planned date from the data.
    """
    findings = []
    for doc_id, path, source in prose_blocks(content):
        document = content.documents[doc_id]
        for match in TYPED_DATE.finditer(typed_text(source)):
            day = _typed_date(match)
            if day is not None and day > document.date:
                findings.append(sources.finding_in_text(
                    path, source, match.start(),
                    _('"{typed}" is typed in prose, after the document\'s own date ({date})',
                      typed=match.group(), date=short_date(document.date)),
                    _("correct the typed date or the document's date; write a planned date from the "
                      "data ({{{{ project.start | il_giorno }}}})")))
    return findings
