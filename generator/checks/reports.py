"""A progress report is a report, not a table of figures: it tells what was done.

A Managing Authority reads in a relazione what the project did in the periods it covers, the
problems it met and what was done about them, and what comes next; the figures stand beside
that account. Those are sections of the report's YAML, written as prose, recognised by id.
"""

from __future__ import annotations

from generator.errors import WARNING, Finding
from generator.model import Content
from generator.sources import SourceMap

NARRATIVE = {
    "attivita": "ATTIVITÀ SVOLTE (what was done in the periods covered)",
    "criticita": "CRITICITÀ E AZIONI CORRETTIVE (problems met and what was done about them)",
    "prossime-attivita": "PROSSIME ATTIVITÀ (what comes next)",
}
"""Section id -> what the section tells."""


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
        for section_id, what in NARRATIVE.items():
            section = sections.get(section_id)
            if section is None:
                findings.append(sources.finding(
                    ("documents", doc_id, "sections"), f"the report has no section `{section_id}` "
                    f"({what.split(' (')[0]})",
                    f"add a section with `id: {section_id}` that tells {what.split(' (')[1][:-1]}",
                    severity=WARNING))
            elif not section.body:
                index = document.sections.index(section)
                findings.append(sources.finding(
                    ("documents", doc_id, "sections", index), f"the section `{section_id}` has "
                    "no text", f"write in prose {what.split(' (')[1][:-1]}", severity=WARNING))
    return findings
