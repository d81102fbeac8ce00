"""An annex answers every request, in sections the integrated form has."""

from __future__ import annotations

from generator.errors import Finding
from generator.messages import _
from generator.model import Content
from generator.sources import SourceMap


def _normal(title: str) -> str:
    return " ".join(title.split()).casefold()


def requests(content: Content, sources: SourceMap) -> list[Finding]:
    """Each evaluators' request is answered by a section, and an annex's sections are the form's.

    Example: documents.integrazione-allegato-1.requests[1]: request 'misure' is answered by no section
    Fix: add `answers: [misure]` to the section that answers it; give annex sections the exact title of the
        form's section.
    """
    findings = []
    for doc_id, document in content.documents.items():
        path = ("documents", doc_id)
        request_ids = [r.id for r in document.requests]
        answered = {a for s in document.sections for a in s.answers}
        for index, request in enumerate(document.requests):
            if request.id not in answered:
                findings.append(sources.finding(
                    path + ("requests", index), _("request {id!r} is answered by no section", id=request.id),
                    _("add `answers: [{id}]` to the section that answers it", id=request.id)))
        for number, section in enumerate(document.sections):
            for index, answer in enumerate(section.answers):
                if answer not in request_ids:
                    findings.append(sources.finding(
                        path + ("sections", number, "answers", index),
                        _("section answers {answer!r}, which is not among the document's requests",
                          answer=answer),
                        _("use one of: {ids}", ids=", ".join(request_ids)) if request_ids
                        else _("use one of: (no requests defined)")))
        integrated = content.documents.get(document.integrates) if document.integrates else None
        if integrated is None or document.kind != "integrazione":
            continue
        titles = {_normal(s.title) for s in integrated.sections}
        for number, section in enumerate(document.sections):
            if _normal(section.title) not in titles:
                findings.append(sources.finding(
                    path + ("sections", number, "title"),
                    _("section {title!r} is not a section of {form}", title=section.title,
                      form=document.integrates),
                    _("use the exact title of the form's section it integrates: {titles}",
                      titles="; ".join(s.title for s in integrated.sections))))
    return findings
