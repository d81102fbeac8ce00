"""Every id a field refers to names an existing item."""

from __future__ import annotations

import difflib
import re
import zipfile
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from generator.errors import Finding
from generator.model import output_ids
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
def templates(loaded: Loaded) -> list[Finding]:
    """Every document's template exists, and knows the ids of the document's sections.

    Example: documents.formulario-candidatura.sections[6].id: the template formulario-candidatura.docx has no place for section id 'piano-finanziario' (it knows: proponente, rete, contesto, progetti, misure, destinatari, budget, cronoprogramma)
    Fix: correct `template:` or add the Word file to templates/; use a section id the template knows, or remove the id.
    """
    if loaded.templates is None:
        return []
    available = sorted(p.name for p in loaded.templates.glob("*.docx"))
    findings = []
    for doc_id, document in loaded.content.documents.items():
        path = loaded.templates / document.template
        if not path.is_file():
            close = difflib.get_close_matches(document.template, available, n=1)
            findings.append(loaded.sources.finding(
                ("documents", doc_id, "template"),
                f"template {document.template} does not exist in {loaded.templates}/",
                (f"did you mean {close[0]!r}? " if close else "")
                + f"available: {', '.join(available) or '(none)'}"))
            continue
        known = section_ids(path)
        for number, section in enumerate(document.sections):
            if section.id is not None and known and section.id not in known:
                close = difflib.get_close_matches(section.id, known, n=1)
                findings.append(loaded.sources.finding(
                    ("documents", doc_id, "sections", number, "id"),
                    f"the template {document.template} has no place for section id "
                    f"{section.id!r} (it knows: {', '.join(known)})",
                    (f"did you mean {close[0]!r}? " if close else "")
                    + "use an id the template knows, or remove the id"))
    return findings


def section_ids(template: Path) -> list[str]:
    """The section ids a Word template places content for (`section.id == "budget"`)."""
    try:
        with zipfile.ZipFile(template) as archive:
            text = " ".join(re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8", "replace"))
                            for name in archive.namelist()
                            if name.startswith("word/") and name.endswith(".xml"))
    except (OSError, zipfile.BadZipFile):
        return []
    found = re.findall(r"section\.id\s*==\s*(?:\"|'|&quot;|“|”)([a-z0-9_-]+)", text)
    return list(dict.fromkeys(found))


@rule("outputs")
def one_output_per_path(loaded: Loaded) -> list[Finding]:
    """No two deliverables write the same output file.

    Example: documents.scheda-progetto-ciao: documents 'scheda-progetto' and 'scheda-progetto-ciao' both write scheda-progetto-ciao.docx
    Fix: rename one of the two documents (a per-item document writes <document id>-<item id>).
    """
    owners: dict[str, str] = {}
    findings = []
    for doc_id, outputs in output_ids(loaded.content).items():
        for output in outputs:
            if output in owners:
                findings.append(loaded.sources.finding(
                    ("documents", doc_id),
                    f"documents {owners[output]!r} and {doc_id!r} both write {output}.docx",
                    "rename one of the two documents (a per-item document writes "
                    "<document id>-<item id>)"))
            else:
                owners[output] = doc_id
    return findings
