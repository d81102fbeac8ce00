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
from generator.messages import Message, _
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
    "string_type": _("write it as text; quote it if it looks like a number or date ('05060480968')"),
    "literal_error": _("use one of the values listed"),
    "string_pattern_mismatch": _("ids use lowercase letters, digits, '-' and '_' only"),
    "list_type": _("check the indentation: a list needs '- ' items, a mapping 'key: value' lines"),
    "number": _("write numbers with a decimal point and no thousands separator: 12000.50"),
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
    return sources.finding(path, pydantic_message(item), _HINTS.get(group))


def pydantic_message(item: ErrorDetails) -> str:
    """What pydantic says, as a message of ours: our validators' own (a Message kept by the
    error), or pydantic's most common ones said again; pydantic's English for the rest."""
    context: dict[str, Any] = dict(item.get("ctx") or {})
    error = context.get("error")
    if isinstance(error, Exception) and error.args and isinstance(error.args[0], str):
        return error.args[0]  # raised by a validator of the model: a Message
    made = _SAID.get(item["type"])
    if made is not None:
        try:
            return made(context)
        except (KeyError, ValueError):
            pass
    return str(item["msg"]).removeprefix("Value error, ")


_SAID = {
    "string_type": lambda c: _("should be text"),
    "int_type": lambda c: _("should be a whole number"),
    "int_parsing": lambda c: _("should be a whole number"),
    "int_from_float": lambda c: _("should be a whole number"),
    "float_type": lambda c: _("should be a number"),
    "float_parsing": lambda c: _("should be a number"),
    "decimal_type": lambda c: _("should be a number"),
    "decimal_parsing": lambda c: _("should be a number"),
    "bool_type": lambda c: _("should be true or false"),
    "bool_parsing": lambda c: _("should be true or false"),
    "list_type": lambda c: _("should be a list of `- ` items"),
    "dict_type": lambda c: _("should be a mapping of `key: value` lines"),
    "model_type": lambda c: _("should be a mapping of `key: value` lines"),
    "model_attributes_type": lambda c: _("should be a mapping of `key: value` lines"),
    "literal_error": lambda c: _("should be one of: {expected}", expected=c["expected"]),
    "greater_than_equal": lambda c: _("should be {ge} or more", ge=c["ge"]),
    "greater_than": lambda c: _("should be more than {gt}", gt=c["gt"]),
    "less_than_equal": lambda c: _("should be {le} or less", le=c["le"]),
    "less_than": lambda c: _("should be less than {lt}", lt=c["lt"]),
    "string_too_short": lambda c: _("should not be empty") if c["min_length"] == 1 else
    _("should have at least {count} characters", count=c["min_length"]),
    "string_too_long": lambda c: _("should have at most {count} characters", count=c["max_length"]),
    "too_short": lambda c: _("should have at least {count} items", count=c["min_length"]),
    "too_long": lambda c: _("should have at most {count} items", count=c["max_length"]),
    "string_pattern_mismatch": lambda c: _("should match the pattern {pattern}", pattern=c["pattern"]),
    "decimal_max_places": lambda c: _("should have at most {count} decimals", count=c["decimal_places"]),
    "union_tag_invalid": lambda c: _("should be one of: {expected}", expected=c["expected_tags"]),
}
"""pydantic's errors said as messages of ours, by type, from the error's context."""


def _key_problem(kind: str, path: KeyPath, data: dict) -> tuple[Message, Message] | None:
    """A missing or unknown key, read the way YAML reads a stray `text:` line."""
    if kind == "missing":
        parent = _value_at(data, path[:-1])
        if isinstance(parent, dict) and len(parent) == 1 and next(iter(parent.values())) is None:
            text = next(iter(parent))
            return (_("missing required field {field!r}", field=path[-1]),
                    _("YAML read `{text}:` as a key with no value; if it is text, quote it ('{text}:') "
                      "or write it as a | block", text=text))
        return _("missing required field {field!r}", field=path[-1]), _("add `{field}:` here", field=path[-1])
    if kind != "extra_forbidden":
        return None
    parent = _value_at(data, path[:-1])
    if _value_at(data, path) is None and isinstance(parent, dict) and len(parent) == 1 \
            and len(path) > 1 and isinstance(path[-2], int):
        return (_("YAML read `{text}:` as a key with no value", text=path[-1]),
                _("if it is text, quote it ('{text}:') or write it as a | block", text=path[-1]))
    known = _known_fields(path[:-1])
    close = difflib.get_close_matches(str(path[-1]), known, n=1)
    listed = _("known keys here: {keys}", keys=", ".join(known)) if known else _("remove it")
    hint = _("did you mean {close!r}? {then}", close=close[0], then=listed) if close else listed
    return _("unknown key {key!r}", key=path[-1]), hint


def _value_problem(kind: str, path: KeyPath, item: ErrorDetails) -> tuple[Message, Message] | None:
    """Dates and template names, whose pydantic messages would not help."""
    if kind.startswith("date"):
        return (_("not a date: {value!r}", value=item.get("input")),
                _("write dates as YYYY-MM-DD, e.g. 2020-07-20"))
    if kind == "string_pattern_mismatch" and path and path[-1] == "template":
        return (_("{value!r} is not the name of a Word template in the templates folder",
                  value=item.get("input")),
                _("write the file name of a Word template in the templates folder, such as "
                  "formulario.docx: no folder, no path"))
    error = (item.get("ctx") or {}).get("error")
    if isinstance(error, Exception) and len(error.args) == 2 and all(isinstance(a, str) for a in error.args):
        return error.args[0], error.args[1]  # a validator of the model that says how to fix it
    message = item["msg"]
    if "IVA" in message or "codice fiscale" in message:
        return (_("{problem}", problem=pydantic_message(item)),
                _("check the digits against the official record (e.g. the Agenzia delle Entrate VAT check)"))
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
    for _attempt in range(6):
        args = get_args(annotation)
        if not args or get_origin(annotation) in (dict, list):
            return annotation
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models:
            return models[0]
        nested = [a for a in args if get_args(a)]
        annotation = nested[0] if nested else args[0]
    return annotation
