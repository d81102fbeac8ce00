"""Plain content data -> the validated `Content`, every pydantic error a located finding.

pydantic reports errors by a `loc` of model fields; users need the file and line of
the key they typed, the field path, what is wrong and a hint ("did you mean..."),
one finding per mistake.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import Finding, Findings
from generator.model import Content
from generator.sources import KeyPath, SourceMap


def validate(data: dict, sources: SourceMap, findings: Findings) -> Content | None:
    """The validated content, or None with a finding for every problem pydantic reports."""
    try:
        return Content.model_validate(data)
    except ValidationError as error:
        errors = error.errors(include_url=False)
        for item in _without_misspelled_missing(errors, data):
            findings.add(_finding_from_pydantic(item, data, sources))
        return None


def _without_misspelled_missing(errors: list[ErrorDetails], data: dict) -> list[ErrorDetails]:
    """Drop "missing 'title'" when the same mapping has an unknown 'titel': one mistake, one finding."""
    unknown: dict[KeyPath, list[str]] = {}
    for item in errors:
        if item["type"] == "extra_forbidden":
            path = _data_path(item["loc"], data)
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
    kept = []
    for item in errors:
        if item["type"] == "missing":
            path = _data_path(item["loc"], data)
            if difflib.get_close_matches(str(path[-1]), unknown.get(path[:-1], []), n=1):
                continue
        kept.append(item)
    return kept


_UNION_TAGS = {"prose", "list", "attachment-text", "attachment-document", "attachment-file", "each-name",
               "each-items"}
"""Tags of the tagged unions in the model (`Block`); pydantic puts them in error paths."""


def _data_path(loc: tuple, data: Any) -> KeyPath:
    """The part of a pydantic `loc` that addresses real data (drops union tags)."""
    path: list = []
    node = data
    for index, part in enumerate(loc):
        tagged = isinstance(loc[index - 1], int) or str(part).startswith("each-") if index else False
        if part in _UNION_TAGS and tagged:
            continue
        if _has(node, part):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and part == "[key]":
            continue
        else:
            path.append(part)
            node = None
    return tuple(path)


def _has(node: Any, part: Any) -> bool:
    """Whether `part` addresses an existing key or index of `node`."""
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)


def _value_at(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_HINTS = {
    "string_type": "write it as text; quote it if it looks like a number or date ('05060480968')",
    "literal_error": "use one of the values listed",
    "string_pattern_mismatch": "ids use lowercase letters, digits, '-' and '_' only",
    "list_type": "check the indentation: a list needs '- ' items, a mapping 'key: value' lines",
    "number": "write numbers with a decimal point and no thousands separator: 12000.50",
}
_KIND_GROUPS = {"str_type": "string_type", "int_parsing": "number", "float_parsing": "number",
                "int_type": "number", "float_type": "number", "dict_type": "list_type",
                "model_type": "list_type", "model_attributes_type": "list_type"}


def _finding_from_pydantic(item: ErrorDetails, data: dict, sources: SourceMap) -> Finding:
    """One pydantic error as the user's finding: where they typed it, what, how to fix."""
    path = _data_path(item["loc"], data)
    kind = item["type"]
    special = _key_problem(kind, path, data) or _value_problem(kind, path, item)
    if special is not None:
        return sources.finding(path, *special)
    group = "number" if kind.startswith("decimal") else _KIND_GROUPS.get(kind, kind)
    return sources.finding(path, item["msg"].removeprefix("Value error, "), _HINTS.get(group))


def _key_problem(kind: str, path: KeyPath, data: dict) -> tuple[str, str] | None:
    """A missing or unknown key, read the way YAML reads a stray `text:` line."""
    if kind == "missing":
        parent = _value_at(data, path[:-1])
        if isinstance(parent, dict) and len(parent) == 1 and next(iter(parent.values())) is None:
            text = next(iter(parent))
            return (f"missing required field {path[-1]!r}",
                    f"YAML read `{text}:` as a key with no value; if it is text, quote it "
                    f"('{text}:') or write it as a | block")
        return f"missing required field {path[-1]!r}", f"add `{path[-1]}:` here"
    if kind != "extra_forbidden":
        return None
    parent = _value_at(data, path[:-1])
    if _value_at(data, path) is None and isinstance(parent, dict) and len(parent) == 1 \
            and len(path) > 1 and isinstance(path[-2], int):
        return (f"YAML read `{path[-1]}:` as a key with no value",
                f"if it is text, quote it ('{path[-1]}:') or write it as a | block")
    known = _known_fields(path[:-1])
    close = difflib.get_close_matches(str(path[-1]), known, n=1)
    return (f"unknown key {path[-1]!r}", (f"did you mean {close[0]!r}? " if close else "")
            + (f"known keys here: {', '.join(known)}" if known else "remove it"))


def _value_problem(kind: str, path: KeyPath, item: ErrorDetails) -> tuple[str, str] | None:
    """Dates and template names, whose pydantic messages would not help."""
    if kind.startswith("date"):
        return f"not a date: {item.get('input')!r}", "write dates as YYYY-MM-DD, e.g. 2020-07-20"
    if kind == "string_pattern_mismatch" and path and path[-1] == "template":
        return (f"{item.get('input')!r} is not the name of a Word template in the templates folder",
                "write the file name of a Word template in the templates folder, such as "
                "formulario.docx: no folder, no path")
    message = item["msg"]
    if "\nhint: " in message:  # a validator of the model that says how to fix it
        said, hint = message.removeprefix("Value error, ").split("\nhint: ", 1)
        return said, hint
    if "IVA" in message or "codice fiscale" in message:
        return (message.removeprefix("Value error, "),
                "check the digits against the official record (e.g. the Agenzia delle Entrate VAT check)")
    return None


def _known_fields(path: KeyPath) -> list[str]:
    """Field names of the model that `path` points into (for 'did you mean')."""
    annotation: Any = Content
    for part in path:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return []
            annotation = info.annotation
        elif get_origin(annotation) in (dict, list):
            annotation = get_args(annotation)[-1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated/Union down to the model class, if there is one."""
    for _ in range(6):
        args = get_args(annotation)
        if not args or get_origin(annotation) in (dict, list):
            return annotation
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models:
            return models[0]
        nested = [a for a in args if get_args(a)]
        annotation = nested[0] if nested else args[0]
    return annotation
