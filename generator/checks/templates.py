"""Documents and their Word templates agree: the template exists and has a place for each section."""

from __future__ import annotations

import difflib

from generator.errors import did_you_mean
from generator.messages import _
from generator.model import Content
from generator.sources import Finding, SourceMap
from generator.templating.templates import TemplateSet


def templates(content: Content, sources: SourceMap, found: TemplateSet) -> list[Finding]:
    """Every document's template exists, and knows the ids of the document's sections.

    Example: documents.formulario-candidatura.sections[6].id: the template formulario-candidatura.docx has
        no place for section id 'piano-finanziario' (it knows: proponente, rete, contesto, progetti, misure,
        destinatari, budget, cronoprogramma)
    Fix: correct `template:` or add the Word file to templates/; use a section id the template knows, or
        remove the id.
    """
    findings = []
    for doc_id, document in content.documents.items():
        problem = found.problems.get(document.template)
        if problem is not None:
            findings.append(_unusable(sources, doc_id, document.template, problem, found))
            continue
        known = found.word[document.template].section_ids
        for number, section in enumerate(document.sections):
            if section.id is not None and known and section.id not in known:
                close = difflib.get_close_matches(section.id, known, n=1)
                findings.append(sources.finding(
                    ("documents", doc_id, "sections", number, "id"),
                    _("the template {template} has no place for section id {id!r} (it knows: {known})",
                      template=document.template, id=section.id, known=", ".join(known)),
                    did_you_mean(close, _("use an id the template knows, or remove the id"))))
    return findings


def _unusable(sources: SourceMap, doc_id: str, name: str, problem: str, found: TemplateSet) -> Finding:
    path = ("documents", doc_id, "template")
    if problem != "missing":
        return sources.finding(path, problem, _("templates must be .docx files of the templates "
                                                "folder; open and re-save a damaged one in Word"))
    close = difflib.get_close_matches(name, found.available, n=1)
    available = _("available: {names}", names=", ".join(found.available)) if found.available \
        else _("available: (none)")
    return sources.finding(path, _("template {name} does not exist in {folder}/", name=name,
                                   folder=found.folder), did_you_mean(close, available))
