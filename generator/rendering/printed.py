"""What a rendered Word template prints, as lines of text: what the output rules read.

`fsegen check` evaluates a template's parts without building a Word file, `fsegen build`
has docxtpl render them; both get the rendered XML of each part, and this module reads it
the same way for both, so that every rule judges the very same text whichever command asks.
A line per paragraph (a line break inside it starts another), a table row as its cells
joined by " | " (a cell's paragraphs by " / "), like `fsegen totext`. Only what Word shows
as text counts: `<w:t>` runs, tabs and breaks; not field codes, deleted text, nor a drawing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

_TAG = re.compile(r"<(/?)w:(t|p|tc|tr|tbl|tab|br|cr|del|moveFrom)(?=[\s/>])|<mc:Fallback[\s>]")
"""The tags that make the text, found by their common prefix (a scan of the whole part's XML
costs a tenth of matching every tag)."""
_SKIPPED = {"del": "</w:del>", "moveFrom": "</w:moveFrom>", None: "</mc:Fallback>"}
"""Deleted and moved text, and a drawing's fallback (its text is the drawing's): not shown."""
_CHARACTERS = {"tab": "\t", "br": "\n", "cr": "\n"}
_STRUCTURE = frozenset({"p", "tc", "tr", "tbl"})
_SEPARATORS = str.maketrans({"\a": "\n", "\f": "\n", "\r": "\n"})


def printed_text(parts: Iterable[str]) -> str:
    """The text of the rendered XML parts (body, headers, footers...), in their order."""
    lines = [line for xml in parts for line in part_lines(xml)]
    return "\n".join(lines) + "\n" if lines else ""


def part_lines(xml: str) -> list[str]:
    """The lines of one rendered part."""
    reader = _Reader()
    position = 0
    while (match := _TAG.search(xml, position)) is not None:
        closing, tag = match.group(1) == "/", match.group(2)
        position = match.end()
        if closing:
            if tag in _STRUCTURE:
                reader.close(tag)
            continue
        end = xml.find(">", position)
        empty = xml[end - 1] == "/"
        if tag in _SKIPPED:
            position = end + 1 if empty else _after(xml, _SKIPPED[tag], end)
        elif tag == "t" and not empty:
            close = xml.find("</w:t>", end)
            text = xml[end + 1:close]
            reader.paragraph.append((html.unescape(text) if "&" in text else text).translate(_SEPARATORS))
            position = close + 6
        elif tag in _CHARACTERS and not (tag == "tab" and xml[position] != "/"):  # not a tab stop
            reader.paragraph.append(_CHARACTERS[tag])
        elif tag == "tbl" or (tag == "p" and empty):
            reader.close(tag, opening=True)
    reader.end_paragraph()
    return reader.lines


def _after(xml: str, closing: str, start: int) -> int:
    found = xml.find(closing, start)
    return len(xml) if found == -1 else found + len(closing)


class _Reader:
    """Paragraphs into lines; inside a table, paragraphs into cells and cells into a row."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.paragraph: list[str] = []
        self.tables: list[tuple[list[str], list[str]]] = []
        """Open tables, innermost last: (the cells of its open row, the paragraphs of its open cell)."""

    def close(self, tag: str, opening: bool = False) -> None:
        """A paragraph, cell or row ends; a table opens or ends."""
        self.end_paragraph()
        if tag == "tbl" and opening:
            self.tables.append(([], []))
        elif not self.tables or tag == "p":
            return
        elif tag == "tbl":
            self.tables.pop()
        elif tag == "tc":
            cells, paragraphs = self.tables[-1]
            cells.append(" / ".join(paragraphs))
            paragraphs.clear()
        elif tag == "tr":
            cells, _ = self.tables[-1]
            row = " | ".join(cells).rstrip()
            cells.clear()
            self._emit(row)

    def end_paragraph(self) -> None:
        text = "".join(self.paragraph)
        self.paragraph.clear()
        if not text:
            return
        if not self.tables:
            self.lines += [line.rstrip() for line in text.split("\n") if line.strip()]
            return
        shown = " / ".join(line.strip() for line in text.split("\n") if line.strip())
        if shown:
            self.tables[-1][1].append(shown)

    def _emit(self, row: str) -> None:
        """A row's line: in the page, or, for a nested table, as a paragraph of the outer cell."""
        if len(self.tables) > 1:
            self.tables[-2][1].append(row)
        elif row.strip(" |"):
            self.lines.append(row)
