"""A progress report is a report, not a table of figures: it tells what was done.

A Managing Authority reads in a relazione what the project did in the periods it covers, the
problems it met and what was done about them, and what comes next; the figures stand beside
that account. Those are sections of the report's YAML, written as prose, recognised by id.
"""

from __future__ import annotations

from generator.errors import WARNING, Finding
from generator.messages import _
from generator.model import Content
from generator.sources import SourceMap

NARRATIVE = {
    "attivita": ("ATTIVITÀ SVOLTE", _("what was done in the periods covered")),
    "criticita": ("CRITICITÀ E AZIONI CORRETTIVE", _("the problems met and what was done about them")),
    "prossime-attivita": ("PROSSIME ATTIVITÀ", _("what comes next")),
}
"""Section id -> its title in the report, and what it tells."""


def report_narrative(content: Content, sources: SourceMap) -> list[Finding]:
    """A progress report tells in prose its activities, problems and corrective actions, next steps.

    Example: documents.relazione-intermedia.sections: the report has no section `criticita`
        (CRITICITÀ E AZIONI CORRETTIVE)
    Fix: add `- {id: criticita, title: CRITICITÀ E AZIONI CORRETTIVE, body: [...]}` to its sections
        and write what happened in prose.
    """
    findings = []
    for doc_id, document in content.documents.items():
        if document.report is None:
            continue
        sections = {s.id: s for s in document.sections if s.id}
        for section_id, (title, what) in NARRATIVE.items():
            section = sections.get(section_id)
            if section is None:
                findings.append(sources.finding(
                    ("documents", doc_id, "sections"),
                    _("the report has no section `{section}` ({title})", section=section_id, title=title),
                    _("add a section with `id: {section}` that tells {what}", section=section_id, what=what),
                    severity=WARNING))
            elif not section.body:
                index = document.sections.index(section)
                findings.append(sources.finding(
                    ("documents", doc_id, "sections", index),
                    _("the section `{section}` has no text", section=section_id),
                    _("write in prose {what}", what=what), severity=WARNING))
    return findings
