"""A progress report is a report, not a table of figures: it tells what was done.

A Managing Authority reads in a relazione what the project did in the periods it covers, the
problems it met and what was done about them, and what comes next; the figures stand beside
that account. Those are sections of the report's YAML, written as prose, recognised by id. A
report written once per project tells each project's own story (`for_item`): five reports
with one shared account are one report printed five times.
"""

from __future__ import annotations

from generator.errors import WARNING, Finding
from generator.messages import _
from generator.model import Block, Content, Document, Section, instances, item_output
from generator.sources import SourceMap

NARRATIVE = {
    "attivita": ("ATTIVITÀ SVOLTE", _("what was done in the periods covered")),
    "criticita": ("CRITICITÀ E AZIONI CORRETTIVE", _("the problems met and what was done about them")),
    "prossime-attivita": ("PROSSIME ATTIVITÀ", _("what comes next")),
}
"""Section id -> its title in the report, and what it tells."""


def report_narrative(content: Content, sources: SourceMap) -> list[Finding]:
    """A progress report tells in prose its activities, problems and corrective actions, next steps.

    A report written once per project (`for_each: projects`) tells them for each project in its
    own words, under the section's `for_item`.

    Example: documents.relazione-intermedia.sections: the report has no section `criticita`
        (CRITICITÀ E AZIONI CORRETTIVE)
    Fix: add `- {id: criticita, title: CRITICITÀ E AZIONI CORRETTIVE, body: [...]}` to its sections
        and write what happened in prose; in a report per project, under `for_item: {<project
        id>: [...]}` for each project.
    """
    findings = []
    for doc_id, document in content.documents.items():
        if document.report is None:
            continue
        sections = {s.id: s for s in document.sections if s.id}
        items = [i.suffix for i in instances(content, document)] if document.for_each is not None else []
        for section_id, (title, what) in NARRATIVE.items():
            section = sections.get(section_id)
            if section is None:
                findings.append(sources.finding(
                    ("documents", doc_id, "sections"),
                    _("the report has no section `{section}` ({title})", section=section_id, title=title),
                    _("add a section with `id: {section}` that tells {what}", section=section_id, what=what),
                    severity=WARNING))
            elif not section.body and not any(section.for_item.values()):
                findings.append(sources.finding(
                    ("documents", doc_id, "sections", document.sections.index(section)),
                    _("the section `{section}` has no text", section=section_id),
                    _("write in prose {what}", what=what), severity=WARNING))
            else:
                findings += _untold(doc_id, document, section, items, what, sources)
    return findings


def _untold(doc_id: str, document: Document, section: Section, items: list[str], what: str,
            sources: SourceMap) -> list[Finding]:
    """A warning for each item of a per-item report whose file the section tells nothing of its
    own in (at `for_item.<item>`, so that one can be acknowledged alone)."""
    path = ("documents", doc_id, "sections", document.sections.index(section), "for_item")
    findings = []
    for item in items:
        if _told(section.for_item.get(item, [])):
            continue
        output = item_output(doc_id, item)  # the file: findings about several group as one entry
        findings.append(sources.finding(
            path + (item,), _("the section `{section}` tells nothing of its own in {output}",
                              section=section.id, output=output),
            _("under the section's `for_item:`, by the id of the item (`<id>: [...]`), write in prose "
              "{what}", what=what), severity=WARNING))
    return findings


def _told(blocks: list[Block]) -> bool:
    """Whether an item's own text says anything: a list, or prose that is not blank."""
    return any(not isinstance(block, str) or block.strip() for block in blocks)
