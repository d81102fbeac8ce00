"""Dates agree: an annex follows what it integrates, cited events precede their citation."""

from __future__ import annotations

import re

from generator.checks.common import prose_blocks
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
