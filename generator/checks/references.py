"""Every id a field refers to names an existing item."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pydantic import BaseModel

from generator.errors import Finding, did_you_mean
from generator.messages import _
from generator.model import Content, output_ids
from generator.sources import KeyPath, SourceMap

Reference = str | list[str] | dict[str, object] | None
"""What a reference field holds: an id, ids, ids as keys (`targets`), or nothing."""


def reference_fields(model: BaseModel) -> Iterator[tuple[str, str, Reference]]:
    """(field name, target collection, value) for each reference field of `model`."""
    for name, info in type(model).model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "ref" in extra:
            yield name, str(extra["ref"]), getattr(model, name)


def walk(value: object, path: KeyPath = ()) -> Iterator[tuple[KeyPath, BaseModel]]:
    """Every model inside `value`, with its path from the content root."""
    if isinstance(value, BaseModel):
        yield path, value
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), path + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, path + (index,))


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
