"""JSON Schemas for editors, one per kind of content file, and the settings that map them.

`Content.model_json_schema()` describes the merged content, so an editor that applies
it to one file reports "Missing property programme" on every file but the one that
holds it. The content is split in two kinds of file:

- `content/*.yaml`: any subset of the top-level keys of `Content` (collections may be
  split across files); `documents` is not allowed there.
- `content/documents/<id>.yaml`: one `Document`; the file name is its id.

`write_schemas` writes one schema for each, and `vscode_settings` maps them with globs
that Red Hat's YAML extension (yaml-language-server) really matches. It prefixes each
glob with `**/` and matches it against the whole `file://` address, so:

- a glob starting with `./` or `${workspaceFolder}` matches nothing, silently;
- `content/*.yaml` and `content/documents/*.yaml` never match the same file (`*` does
  not cross a `/`); `content/**/*.yaml` would also give the documents the content
  schema, and a file matched by two schemas must satisfy both;
- the globs also match a `content/` folder nested deeper in the workspace (another
  programme, as in fsegen's own tests/); no negation excludes those safely, since
  `!tests/**` too is matched against the whole address and turns the schemas off for
  a programme kept under any folder named `tests`.

A schema path in the settings is relative to the workspace folder. Every description
is kept (hovers show them) and every `Literal` stays an `enum` (completion offers its
values).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from generator.model import Content, Document, field_docs

DRAFT = "https://json-schema.org/draft/2020-12/schema"
CONTENT_SCHEMA = "content.schema.json"
DOCUMENT_SCHEMA = "document.schema.json"
SCHEMA_DIR = ".fsegen/schemas"

CONTENT_GLOBS = ["content/*.yaml", "content/*.yml", "content/monitoring/*.yaml", "content/monitoring/*.yml"]
"""Files directly under any `content/` folder (`*` never crosses a `/`), and those `fsegen import
monitoring` writes into `content/monitoring/` (and the office corrects by hand)."""
DOCUMENT_GLOBS = ["content/documents/*.yaml", "content/documents/*.yml"]
"""Files directly under any `content/documents/` folder: never matched by CONTENT_GLOBS."""

YAML_VERSION = "1.1"
"""fsegen reads YAML 1.1 (PyYAML): `yes`/`no`/`on`/`off` are booleans, so `title: no`
is an error and `illustrative: yes` is not; the server reads 1.2 unless told."""

DECIMAL_PATTERN = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
"""A decimal written as a string ("1234.50"), as pydantic reads it; not "molti"."""

AMOUNT_PATTERN = r"^\s*((circa|ca\.|~)\s*)?[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
"""An amount written as a string: a decimal, or one known roughly ("circa 150000")."""

DOCUMENTS_KEY = "documents"


class _Described(GenerateJsonSchema):
    """Pydantic's schema, each property described by its field's docstring (the editor's hover)."""

    def model_schema(self, schema: Any) -> dict[str, Any]:
        json_schema = super().model_schema(schema)
        docs, fields = field_docs(schema["cls"]), schema["cls"].model_fields
        for name, info in fields.items():
            prop = json_schema.get("properties", {}).get(info.alias or name)
            if prop is not None and name in docs and "description" not in prop:
                prop["description"] = docs[name]
        return json_schema


def content_schema() -> dict[str, Any]:
    """The schema of the merged content, every field described (`fsegen schema`)."""
    return Content.model_json_schema(schema_generator=_Described)


def content_file_schema() -> dict[str, Any]:
    """The schema of one `content/*.yaml` file: any subset of the top-level keys."""
    schema = content_schema()
    schema.pop("required", None)
    schema["properties"].pop(DOCUMENTS_KEY)  # one file each under content/documents/
    schema["additionalProperties"] = False
    _for_editors(schema)
    _drop_unused_defs(schema)
    return _headed(
        schema,
        CONTENT_SCHEMA,
        "fsegen content file",
        "One YAML file under content/ (not content/documents/): any of the top-level "
        "keys (programme, call, organisations, projects...); collections may be split "
        "across files. " + (Content.__doc__ or ""),
    )


def document_file_schema() -> dict[str, Any]:
    """The schema of one `content/documents/<id>.yaml` file: a `Document`."""
    schema = Document.model_json_schema(schema_generator=_Described)
    _for_editors(schema)
    return _headed(
        schema,
        DOCUMENT_SCHEMA,
        "fsegen document file",
        "One deliverable, content/documents/<id>.yaml (the file name is the document "
        "id). " + (Document.__doc__ or ""),
    )


def write_schemas(folder: Path) -> list[Path]:
    """Write both schemas into `folder` (created if needed); return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in ((CONTENT_SCHEMA, content_file_schema()),
                         (DOCUMENT_SCHEMA, document_file_schema())):
        path = folder / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written


def schema_text(schema: dict[str, Any]) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 text, a trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def vscode_settings(schema_dir: str = SCHEMA_DIR) -> dict[str, Any]:
    """`.vscode/settings.json` content for Red Hat's YAML extension: each schema in
    `schema_dir` (where `write_schemas` wrote them; relative to the workspace folder,
    or absolute) mapped onto its kind of file, and YAML read as fsegen reads it."""
    schema_dir = schema_dir.rstrip("/") or "/"
    return {
        "yaml.schemas": {
            f"{schema_dir}/{CONTENT_SCHEMA}": list(CONTENT_GLOBS),
            f"{schema_dir}/{DOCUMENT_SCHEMA}": list(DOCUMENT_GLOBS),
        },
        "yaml.yamlVersion": YAML_VERSION,
    }


def _headed(schema: dict[str, Any], name: str, title: str, description: str) -> dict[str, Any]:
    """`schema` with `$schema`, `$id`, title and description first (sorted on output)."""
    schema.update({
        "$schema": DRAFT,
        "$id": f"urn:fsegen:schema:{name}",
        "title": title,
        "description": description.strip(),
    })
    return schema


def _for_editors(node: Any) -> None:
    """Make the pydantic schema say what the loader accepts, in place, everywhere."""
    if isinstance(node, list):
        for item in node:
            _for_editors(item)
        return
    if not isinstance(node, dict):
        return
    _decimal_strings(node)
    _closed_id_mapping(node)
    for value in node.values():
        _for_editors(value)


def _decimal_strings(node: dict[str, Any]) -> None:
    """A `Decimal` is `anyOf: [number, string]`: give the string branch a pattern, so
    that `amount: molti` is an error in the editor as it is for fsegen."""
    branches = node.get("anyOf")
    if not isinstance(branches, list):
        return
    types = [branch.get("type") for branch in branches if isinstance(branch, dict)]
    if "number" not in types:
        return
    amount = node.pop("x-amount", False)
    for branch in branches:
        if branch.get("type") == "string" and "pattern" not in branch and "format" not in branch:
            branch["pattern"] = AMOUNT_PATTERN if amount else DECIMAL_PATTERN
            branch["patternErrorMessage"] = "an amount: a number such as 120000 or 1234.50" + (
                ", or circa 150000 when known roughly" if amount else "")


def _closed_id_mapping(node: dict[str, Any]) -> None:
    """A mapping from ids (`dict[Id, X]`) refuses keys that are not ids, as pydantic does."""
    if node.get("type") == "object" and "patternProperties" in node:
        node.setdefault("additionalProperties", False)


def _drop_unused_defs(schema: dict[str, Any]) -> None:
    """Remove the `$defs` no `$ref` reaches any more (Document, once documents are gone)."""
    defs = schema.get("$defs", {})
    reached: set[str] = set()
    pending = [{k: v for k, v in schema.items() if k != "$defs"}]
    while pending:
        for name in _refs(pending.pop()):
            if name not in reached and name in defs:
                reached.add(name)
                pending.append(defs[name])
    schema["$defs"] = {name: defs[name] for name in sorted(reached)}


def _refs(node: Any) -> list[str]:
    """Names of the `#/$defs/...` definitions referred to anywhere in `node`."""
    if isinstance(node, list):
        return [name for item in node for name in _refs(item)]
    if not isinstance(node, dict):
        return []
    found = [name for value in node.values() for name in _refs(value)]
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        found.append(ref.removeprefix("#/$defs/"))
    return found
