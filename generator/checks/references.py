"""Every id a field refers to names an existing item."""

from __future__ import annotations

import difflib
from typing import Any, Iterator

from pydantic import BaseModel

from generator.errors import Finding
from generator.loading import Loaded, Path_
from generator.checks import rule


def reference_fields(model: BaseModel) -> Iterator[tuple[str, str, Any]]:
    """(field name, target collection, value) for each reference field of `model`."""
    for name, info in type(model).model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "ref" in extra:
            yield name, str(extra["ref"]), getattr(model, name)


def walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, BaseModel]]:
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


@rule("references")
def unresolved_references(loaded: Loaded) -> list[Finding]:
    """References resolve: every id a field names exists in its collection.

    Example: projects.in-lav.lead: organisations has no item 'comuni-insiem' (did you mean 'comuni-insieme'?)
    Fix: correct the id, or define the item it names (organisations, districts, measures, people...).
    """
    content = loaded.content
    findings = []
    for path, model in walk(content):
        for name, collection, value in reference_fields(model):
            ids = value if isinstance(value, list) else [value]
            known = getattr(content, collection)
            for index, item_id in enumerate(ids):
                if item_id is None or item_id in known:
                    continue
                where = path + (name, index) if isinstance(value, list) else path + (name,)
                close = difflib.get_close_matches(item_id, list(known), n=1)
                hint = (f"did you mean {close[0]!r}? " if close else "") + (
                    f"define {collection}.{item_id} or use an existing id")
                findings.append(loaded.sources.finding(
                    where, f"{collection} has no item {item_id!r}", hint))
    return findings


@rule("templates")
def missing_templates(loaded: Loaded) -> list[Finding]:
    """Every document's template exists in the templates folder.

    Example: documents.formulario-candidatura.template: template formulario.docx does not exist in templates/
    Fix: correct `template:` or add the Word file to templates/.
    """
    if loaded.templates is None:
        return []
    available = sorted(p.name for p in loaded.templates.glob("*.docx"))
    findings = []
    for doc_id, document in loaded.content.documents.items():
        if not (loaded.templates / document.template).is_file():
            close = difflib.get_close_matches(document.template, available, n=1)
            findings.append(loaded.sources.finding(
                ("documents", doc_id, "template"),
                f"template {document.template} does not exist in {loaded.templates}/",
                (f"did you mean {close[0]!r}? " if close else "")
                + f"available: {', '.join(available) or '(none)'}"))
    return findings
