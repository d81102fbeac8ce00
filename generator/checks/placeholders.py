"""Nothing still says DA COMPILARE, the placeholder `fsegen init` writes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.errors import WARNING, Finding
from generator.messages import _
from generator.model import PLACEHOLDER, Content
from generator.sources import KeyPath, SourceMap


def texts(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every string of the content, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), path + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, path + (index,))


def placeholders(content: Content, sources: SourceMap) -> list[Finding]:
    """No value still says DA COMPILARE (the placeholder of the skeleton that `fsegen init` writes).

    Dates too: a date to fill in is typed `DA COMPILARE` (the loader notes where), never a
    plausible date; until it is given, a document prints DA COMPILARE where its date goes.

    Example: call.deadline: still to fill in (DA COMPILARE)
    Fix: write the programme's own value in its place; `fsegen check` lists every one left.
    """
    paths = dict.fromkeys(path for path, text in texts(content) if PLACEHOLDER in text)
    paths.update(dict.fromkeys(sorted(sources.placeholders, key=str)))
    return [sources.finding(path, _("still to fill in ({placeholder})", placeholder=PLACEHOLDER),
                            _("write the programme's own value in place of the placeholder"),
                            severity=WARNING)
            for path in paths]
