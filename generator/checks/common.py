"""What several rules share: prose blocks with their paths, typed text, rendered outputs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.model import Content
from generator.sources import KeyPath


@dataclass
class Rendered:
    """A rendered deliverable as output rules see it."""

    id: str
    document_id: str
    document: Any
    text: str
    """The deliverable as plain text, read from the document the pipeline rendered."""


def prose_blocks(content: Content) -> Iterator[tuple[str, KeyPath, str]]:
    """(document id, path, source) of every prose block of every document."""
    for doc_id, document in content.documents.items():
        base: KeyPath = ("documents", doc_id)
        for index, block in enumerate(document.intro):
            if isinstance(block, str):
                yield doc_id, base + ("intro", index), block
        for number, section in enumerate(document.sections):
            for index, block in enumerate(section.body):
                if isinstance(block, str):
                    yield doc_id, base + ("sections", number, "body", index), block


def typed_text(source: str) -> str:
    """Prose with its `{{ }}`/`{% %}` parts blanked (same length, so offsets hold):
    what a person typed, as opposed to facts drawn from the data."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}",
                  lambda m: re.sub(r"[^\n]", " ", m.group()), source, flags=re.DOTALL)


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """A count in English that agrees: "1 project", "4 projects", "0 projects"."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
