"""Plain content data -> the validated `Content`, every pydantic error a located finding.

pydantic reports errors by a `loc` of model fields; users need the file and line of
the key they typed, the field path, what is wrong and a hint ("did you mean..."),
one finding per mistake.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

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


def _without_misspelled_missing(errors: list[dict], data: dict) -> list[dict]:
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


_UNION_TAGS = {"prose", "list"}
"""Tags of the tagged unions in the model (`Block`); pydantic puts them in error paths."""


def _data_path(loc: tuple, data: Any) -> KeyPath:
    """The part of a pydantic `loc` that addresses real data (drops union tags)."""
    path: list = []
    node = data
    for index, part in enumerate(loc):
        if part in _UNION_TAGS and index and isinstance(loc[index - 1], int):
            continue
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and part == "[key]":
            continue
        else:
            path.append(part)
            node = None
    return tuple(path)


def _value_at(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _finding_from_pydantic(item: dict, data: dict, sources: SourceMap) -> Finding:
    path = _data_path(item["loc"], data)
    kind = item["type"]
    message = item["msg"].removeprefix("Value error, ")
    hint = None
    if kind == "missing":
        message = f"missing required field {path[-1]!r}"
        hint = f"add `{path[-1]}:` here"
        parent = _value_at(data, path[:-1])
        if isinstance(parent, dict) and len(parent) == 1 and next(iter(parent.values())) is None:
            text = next(iter(parent))
            hint = (f"YAML read `{text}:` as a key with no value; if it is text, quote it "
                    f"('{text}:') or write it as a | block")
    elif kind == "extra_forbidden" and _value_at(data, path) is None and \
            isinstance(_value_at(data, path[:-1]), dict) and len(_value_at(data, path[:-1])) == 1 \
            and isinstance(path[-2] if len(path) > 1 else None, int):
        message = f"YAML read `{path[-1]}:` as a key with no value"
        hint = (f"if it is text, quote it ('{path[-1]}:') or write it as a | block")
    elif kind == "extra_forbidden":
        known = _known_fields(path[:-1])
        close = difflib.get_close_matches(str(path[-1]), known, n=1)
        message = f"unknown key {path[-1]!r}"
        hint = (f"did you mean {close[0]!r}? " if close else "") + (
            f"known keys here: {', '.join(known)}" if known else "remove it")
    elif kind in ("string_type", "str_type"):
        hint = "write it as text; quote it if it looks like a number or date ('05060480968')"
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = f"not a date: {item.get('input')!r}"
        hint = "write dates as YYYY-MM-DD, e.g. 2020-07-20"
    elif kind.startswith("decimal") or kind in ("int_parsing", "float_parsing", "int_type", "float_type"):
        hint = "write numbers with a decimal point and no thousands separator: 12000.50"
    elif kind == "literal_error":
        hint = "use one of the values listed"
    elif kind == "string_pattern_mismatch" and path and path[-1] == "template":
        message = f"{item.get('input')!r} is not the name of a Word template in the templates folder"
        hint = ("write the file name of a Word template in the templates folder, "
                "such as formulario.docx: no folder, no path")
    elif kind == "string_pattern_mismatch":
        hint = "ids use lowercase letters, digits, '-' and '_' only"
    elif kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        hint = "check the indentation: a list needs '- ' items, a mapping 'key: value' lines"
    elif "IVA" in message or "codice fiscale" in message:
        hint = "check the digits against the official record (e.g. the Agenzia delle Entrate VAT check)"
    return sources.finding(path, message, hint)


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
