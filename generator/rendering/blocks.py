"""What a document's text is made of, as `text.py` reads it and `markdown.py` writes it:
paragraphs as lines of pieces of text (with their emphasis), tables of such paragraphs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

PICTURE = "\ufffc"
"""Where a picture (a drawing) is in a line: the plain text drops it, the Markdown links its
file (generator/rendering/pictures.py)."""


class Seg(NamedTuple):
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    """A paragraph that shows some text, as lines of pieces of text."""

    lines: list[list[Seg]]
    heading: int | None = None  # Markdown level: 1 for Title, N+1 for Heading N
    kind: str | None = None  # "number" | "bullet" | None
    ilvl: int = 0
    label: str = ""  # the number as Word shows it: "1.", "a)", "2.1."
    number: int = 0  # the counter of its own level (Markdown)
    list_id: str | None = None

    def plain(self) -> list[str]:
        return ["".join(seg.text for seg in line).replace(PICTURE, "").rstrip() for line in self.lines]

    @property
    def marker(self) -> str:
        return "- " if self.kind == "bullet" else self.label + " " if self.kind else ""


@dataclass
class Table:
    rows: list[list[tuple[list[Para], int]]]  # a cell: its paragraphs, its grid span

    def paragraphs(self) -> list[Para]:
        return [para for row in self.rows for paras, _ in row for para in paras]


Blocks = list[Para | Table]
