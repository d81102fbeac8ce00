"""Plain data -> YAML text that fsegen's loader reads back as exactly the same data.

Used for what fsegen writes into content/ (the figures of `fsegen import monitoring`), so
that it can be reviewed in Git like hand-written content. Only the shapes content has are
written: mappings with text keys, text, whole numbers, exact decimals, dates and yes/no.
Text is always double-quoted (JSON's escapes are YAML's), so no value can turn into a
number, a date, a boolean or a key; a key is written bare only when it is an id YAML
cannot read as anything but text. Text is written in NFC, the form the loader reads it in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from decimal import Decimal
from typing import Any

from generator.messages import _
from generator.model.base import decimals

_BARE_KEY = re.compile(r"[a-z][a-z0-9_-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
INDENT = "  "


def dump(data: dict[str, Any], header: str = "") -> str:
    """`data` as YAML, preceded by `header` as comment lines."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict[str, Any], depth: int, lines: list[str]) -> None:
    for key, value in data.items():
        prefix = f"{INDENT * depth}{_key(key)}:"
        if isinstance(value, dict):
            if value:
                lines.append(prefix)
                _mapping(value, depth + 1, lines)
            else:
                lines.append(f"{prefix} {{}}")
        else:
            lines.append(f"{prefix} {scalar(value)}")


def _key(key: Any) -> str:
    text = unicodedata.normalize("NFC", str(key))
    if _BARE_KEY.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def scalar(value: Any) -> str:
    """One value as YAML reads it back: Decimal 27500.5 -> 27500.50, 27500 -> 27500."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return f"{value:f}" if decimals(value) >= 2 else f"{value:.2f}"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        if re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]", value):
            raise ValueError(_("{value!r} holds a control character", value=value))
        return json.dumps(unicodedata.normalize("NFC", value), ensure_ascii=False)
    raise TypeError(_("cannot write a {name} to content", name=type(value).__name__))
