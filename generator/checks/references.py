"""Every id a field refers to names an existing item."""

from __future__ import annotations

import difflib
import functools
import typing
from collections.abc import Iterator

from pydantic import BaseModel

from generator.errors import Finding, did_you_mean
from generator.messages import _
from generator.model import Content, instances, output_ids
from generator.sources import KeyPath, SourceMap

Reference = str | list[str] | dict[str, object] | None
"""What a reference field holds: an id, ids, ids as keys (`targets`), or nothing."""


def reference_fields(model: BaseModel) -> Iterator[tuple[str, str, Reference]]:
    """(field name, target collection, value) for each reference field of `model`."""
    for name, collection in _references(type(model)):
        yield name, collection, getattr(model, name)


@functools.cache
def _references(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field name, target collection) of a model class's reference fields."""
    return tuple((name, str(info.json_schema_extra["ref"])) for name, info in cls.model_fields.items()
                 if isinstance(info.json_schema_extra, dict) and "ref" in info.json_schema_extra)


@functools.cache
def _holders(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class that may hold a model with reference fields, at any depth
    (an id, a date or an amount holds none): a walk skips the others, most of a programme."""
    return tuple(name for name, info in cls.model_fields.items()
                 if any(_refers(model) for model in _models_in(info.annotation)))


_VISITING: set[type] = set()


@functools.cache
def _refers(cls: type[BaseModel] | None) -> bool:
    """Whether a model class, or a model it may hold, has reference fields (None: a field that
    may hold anything)."""
    if cls is None:
        return True
    if cls in _VISITING:  # a model that holds itself: its own fields answer
        return False
    _VISITING.add(cls)
    try:
        return bool(_references(cls)) or any(
            _refers(model) for info in cls.model_fields.values() for model in _models_in(info.annotation))
    finally:
        _VISITING.discard(cls)


def _models_in(annotation: object) -> set[type[BaseModel] | None]:
    """The model classes a field's type may hold; None for a type that may hold anything."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and not typing.get_args(annotation):
        if issubclass(annotation, BaseModel):
            return {annotation}
        return {None} if annotation in (object, list, dict, tuple) else set()
    if typing.get_origin(annotation) is typing.Literal:
        return set()
    arguments = typing.get_args(annotation)
    if not arguments:  # Any, a type variable, a forward reference
        return set() if annotation is type(None) else {None}
    return set().union(*(_models_in(argument) for argument in arguments))


def walk(value: object, path: KeyPath = ()) -> Iterator[tuple[KeyPath, BaseModel]]:
    """Every model inside `value`, with its path from the content root, parents first and in
    the order of their fields (a stack, not nested generators: tens of thousands of models)."""
    stack: list[tuple[KeyPath, object]] = [(path, value)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, BaseModel):
            yield path, value
            children: list[tuple[KeyPath, object]] = [(path + (name,), getattr(value, name))
                                                      for name in _holders(type(value))]
        elif isinstance(value, dict):
            children = [(path + (key,), item) for key, item in value.items()]
        elif isinstance(value, list):
            children = [(path + (index,), item) for index, item in enumerate(value)]
        else:
            continue
        stack.extend(child for child in reversed(children) if isinstance(child[1], _CONTAINERS))


_CONTAINERS = (BaseModel, dict, list)


def unresolved_references(content: Content, sources: SourceMap) -> list[Finding]:
    """References resolve: every id a field names exists in its collection.

    Example: projects.in-lav.lead: organisations has no item 'comuni-insiem' (did you mean 'comuni-insieme'?)
    Fix: correct the id, or define the item it names (organisations, districts, measures, people...).
    """
    findings = []
    for path, model in walk(content):
        for name, collection, value in reference_fields(model):
            ids: list[str | None] = list(value) if isinstance(value, (list, dict)) else [value]
            known = getattr(content, collection)
            for index, item_id in enumerate(ids):
                if item_id is None or item_id in known:
                    continue
                where = path + (name, index) if isinstance(value, list) else path + (name,)
                if isinstance(value, dict):  # ids as keys (`targets: {partecipanti: 75}`)
                    where = path + (name, item_id)
                close = difflib.get_close_matches(item_id, list(known), n=1)
                hint = did_you_mean(close, _("define {collection}.{item} or use an existing id",
                                             collection=collection, item=item_id))
                findings.append(sources.finding(
                    where, _("{collection} has no item {item!r}", collection=collection, item=item_id), hint))
    return findings


def one_output_per_path(content: Content, sources: SourceMap) -> list[Finding]:
    """No two deliverables write the same output file.

    Example: documents.scheda-progetto-ciao: documents 'scheda-progetto' and 'scheda-progetto-ciao' both
        write scheda-progetto-ciao.docx
    Fix: rename one of the two documents (a per-item document writes <document id>-<item id>).
    """
    owners: dict[str, str] = {}
    findings = []
    for doc_id, outputs in output_ids(content).items():
        for output in outputs:
            if output in owners:
                findings.append(sources.finding(
                    ("documents", doc_id),
                    _("documents {first!r} and {second!r} both write {output}.docx", first=owners[output],
                      second=doc_id, output=output),
                    _("rename one of the two documents (a per-item document writes "
                      "<document id>-<item id>)")))
            else:
                owners[output] = doc_id
    return findings


def item_texts(content: Content, sources: SourceMap) -> list[Finding]:
    """A section's `for_item` text names an item its document is written for.

    A per-item document prints a section's `for_item.<id>` paragraphs in that item's file only:
    an id no file has would be text printed nowhere, and a document written once has no files
    of items at all.

    Example: documents.relazione-intermedia-progetto.sections[1].for_item.cia: the document is
        not written for 'cia' (did you mean 'ciao'?)
    Fix: use the id of an item the document's `for_each` gives (a partner's
        `<project id>-<organisation id>`), or write the text in `body` for every file.
    """
    findings = []
    for doc_id, document in content.documents.items():
        if not any(section.for_item for section in document.sections):
            continue
        suffixes = [instance.suffix for instance in instances(content, document)]
        for number, section in enumerate(document.sections):
            path = ("documents", doc_id, "sections", number, "for_item")
            if section.for_item and document.for_each is None:
                findings.append(sources.finding(
                    path, _("a document written once has no text for one item"),
                    _("move the paragraphs into `body`, or write the document once per item with "
                      "`for_each`")))
                continue
            for item in section.for_item:
                if item in suffixes:
                    continue
                close = difflib.get_close_matches(item, suffixes, n=1)
                listed = _("its items: {ids}", ids=", ".join(suffixes)) if suffixes \
                    else _("it has no item on its date")
                findings.append(sources.finding(
                    path + (item,), _("the document is not written for {item!r}", item=item),
                    did_you_mean(close, listed)))
    return findings
