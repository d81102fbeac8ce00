"""The files of a deliverable: one, or one per item (of any collection, or per partner of a
project), each with the views of its item, its project and its body, and who signs it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.context.claims import payment_claim
from generator.context.funding import Funding
from generator.context.progress import ProgressReport, progress_report
from generator.context.views import Context, View, base_context
from generator.model import Content, Document, FileAttachment, Instance, Project, instances, item_output


def files_of(doc_id: str, document: Document, shared: Context, content: Content
               ) -> list[tuple[str, Context]]:
    """(output id, context) for each file the document produces (with its progress report)."""
    context = replace(shared, document=shared.documents[doc_id], document_id=doc_id,
                      attachments=attachment_lines(document, shared, content), funding=Funding(shared.call))
    if document.for_each is None:
        return [(doc_id, _signed(replace(context, report=_report(content, document, shared),
                                         claim=payment_claim(content, doc_id, document, shared.projects,
                                                             shared.periods))))]
    result = []
    assert shared.graph is not None
    for instance in instances(content, document):
        views = item_views(instance, shared)
        read = ("document", doc_id, instance.suffix)  # its document, the other items' texts left out
        each = replace(context, document=View(document, shared.graph, doc_id, read, ("documents", doc_id)),
                       **views)
        report = _report(content, document, shared, views["project"]) if views["project"] is views["item"] \
            else None
        result.append((item_output(doc_id, instance.suffix), _signed(replace(each, report=report))))
    return result


def item_views(instance: Instance, shared: Context) -> dict[str, Any]:
    """`item`, `project` and `organisation` of one file of a per-item document."""
    path = instance.path
    if path[0] == "projects" and len(path) == 4:  # a partner of a project
        project = shared.projects[str(path[1])]
        assert shared.graph is not None
        partner: View[Any] = View(instance.model, shared.graph, instance.suffix, project._owner, path)
        return {"item": partner, "project": project, "organisation": partner.organisation}
    item = getattr(shared, str(path[0]))[str(path[1])]
    return {"item": item, "project": item if path[0] == "projects" else None,
            "organisation": item if path[0] == "organisations" else None}


def signer(document: Document, context: Context) -> View[Any] | None:
    """The person who signs the file of `context`: the signatory named, or the legal
    representative (on the document's date) of `on_behalf_of`, of the file's body, or of the
    promoter."""
    signatory = context.document.signatory if context.document is not None else None
    if signatory is None:
        return None
    if signatory.person is not None:
        return signatory.person
    body = signatory.on_behalf_of or context.organisation or context.promoter
    return body.legal_representative


class Fixed(View[Any]):
    """A view some of whose fields are fixed for one file: the document whose signatory is its
    body's legal representative sees that person as `signatory.person`."""

    def __init__(self, view: View[Any], fixed: dict[str, Any]):
        super().__init__(view._model, view._graph, view._id, view._owner, view._path)
        self._fixed = fixed

    def __getattr__(self, name: str) -> Any:
        if name in self.__dict__.get("_fixed", {}):
            super().__getattr__(name)  # the read recorded as any other
            return self._fixed[name]
        return super().__getattr__(name)


def _signed(context: Context) -> Context:
    """The context with its `signer`, and, when the signatory is a legal representative, its
    document's `signatory.person` that person (so every template's signature block prints it)."""
    document = context.document
    person = signer(document._model, context) if document is not None else None
    if document is None or document.signatory is None or document.signatory.person is not None:
        return replace(context, signer=person)
    signatory = Fixed(document.signatory, {"person": person})
    return replace(context, signer=person, document=Fixed(document, {"signatory": signatory}))


def file_contexts(content: Content, only: set[str] | None = None) -> dict[str, Context]:
    """Output id -> the context of that file (attachments, item views, signer: no text rendered),
    for every file of the content's documents (or those of the documents in `only`)."""
    days: dict[Any, Context] = {}
    found: dict[str, Context] = {}
    for doc_id, document in content.documents.items():
        if only is not None and doc_id not in only:
            continue
        day = days.get(document.date) or days.setdefault(document.date, base_context(content, document.date))
        found.update(files_of(doc_id, document, day, content))
    return found


def signers(content: Content) -> dict[str, tuple[str | None, Any] | None]:
    """Output id -> (person id, Person) of who signs that file, None for a file that names no one:
    what a signature's certificate is compared with."""
    return {output_id: (context.signer._id, context.signer._model) if context.signer is not None else None
            for output_id, context in file_contexts(content).items()}


def attachment_lines(document: Document, shared: Context, content: Content) -> list[str]:
    """One line per attachment: a deliverable's title, once per file of a per-item document
    ("Scheda progetto – CIAO!"), or the text given."""
    lines = []
    for attachment in document.attachments:
        if isinstance(attachment, str):
            lines.append(attachment)
            continue
        if isinstance(attachment, FileAttachment):
            lines.append(attachment.title)
            continue
        attached = shared.documents[attachment.document]
        if attached.for_each is None:
            lines.append(attached.title)
        else:
            lines.extend(f"{attached.title} – {_item_title(item_views(i, shared))}"
                         for i in instances(content, content.documents[attachment.document]))
    return lines


def _item_title(views: dict[str, Any]) -> str:
    item = views["organisation"] if views["organisation"] is not None else views["item"]
    prefix = f"{views['project'].title} – " if views["project"] is not None \
        and views["project"] is not views["item"] else ""
    for name in ("title", "name"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return prefix + value
    return prefix + str(item.id)


def _report(content: Content, document: Document, shared: Context, project: View[Project] | None = None
            ) -> ProgressReport | None:
    return progress_report(content, document, shared.projects, shared.indicators, shared.periods,
                           project)
