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

_TOKENS = re.compile(
    r"<w:t(?:\s[^>]*)?>(?P<text>[^<]*)</w:t>"
    r"|<w:t\s*/>"
    r"|<(?P<close>/?)w:(?P<tag>p|tc|tr|tbl)(?=[\s>/])[^>]*?(?P<empty>/?)>"
    r"|<w:(?P<char>tab|br|cr)(?=[\s>/])[^>]*>"
    r"|<mc:Fallback[\s>].*?</mc:Fallback>"
    r"|<w:(?:del|moveFrom)(?=[\s>])[^>]*>.*?</w:(?:del|moveFrom)>",
    re.DOTALL)
_SEPARATORS = str.maketrans({"\a": "\n", "\f": "\n", "\r": "\n"})


def printed_text(parts: Iterable[str]) -> str:
    """The text of the rendered XML parts (body, headers, footers...), in their order."""
    lines: list[str] = []
    for xml in parts:
        lines += _part_lines(xml)
    return "\n".join(lines) + "\n" if lines else ""


def _part_lines(xml: str) -> list[str]:
    reader = _Reader()
    for match in _TOKENS.finditer(xml):
        if match["text"] is not None:
            reader.text(html.unescape(match["text"]).translate(_SEPARATORS))
        elif match["tag"]:
            reader.tag(match["tag"], bool(match["close"]), bool(match["empty"]))
        elif match["char"]:
            reader.text("\t" if match["char"] == "tab" else "\n")
    return reader.lines


class _Reader:
    """Paragraphs into lines; inside a table, paragraphs into cells and cells into a row."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.paragraph: list[str] = []
        self.tables: list[tuple[list[str], list[str]]] = []
        """Open tables, innermost last: (the cells of its open row, the paragraphs of its open cell)."""

    def text(self, text: str) -> None:
        self.paragraph.append(text)

    def tag(self, tag: str, close: bool, empty: bool) -> None:
        if tag == "p" and (close or empty):
            self._end_paragraph()
        elif tag == "tbl":
            self._end_paragraph()
            if not close:
                self.tables.append(([], []))
            elif self.tables:
                self.tables.pop()
        elif tag == "tc" and close and self.tables:
            cells, paragraphs = self.tables[-1]
            self._end_paragraph()
            cells.append(" / ".join(paragraphs))
            paragraphs.clear()
        elif tag == "tr" and close and self.tables:
            cells, _ = self.tables[-1]
            row = " | ".join(cells).rstrip()
            cells.clear()
            self._emit(row)

    def _end_paragraph(self) -> None:
        text, self.paragraph = "".join(self.paragraph), []
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
