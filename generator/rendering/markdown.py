"""The Markdown (CommonMark, GFM tables) of the paragraphs and tables `text.py` reads.

`build --format md` writes it next to each deliverable, so it must render as the
document reads: headers and footers as blockquotes set off by `---` breaks, headings
as `#` levels, bold and italic runs as **...** and *...*, list items with Word's
numbers, tables as pipe tables (the first row as header), a line break as a hard
break, and every other character escaped so that it shows as itself.
"""

from __future__ import annotations

import re
from itertools import groupby

from generator.rendering.blocks import Para, Seg, Table

_SPECIAL = re.compile(r"[*_`\[\]<~]|&(?=#?\w+;)")
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
_ORDERED_START = re.compile(r"\d{1,9}(?=[.)])")


def markdown(headers: list[list[Para | Table]], body: list[Para | Table],
             footers: list[list[Para | Table]]) -> str:
    """The document: quoted headers, `---`, body, `---`, quoted footers."""
    above, below = _quoted(headers), _quoted(footers)
    lines = (above + ["", "---", ""] if above else []) + _lines(body)
    lines += ["", "---", ""] + below if below else []
    return "\n".join(_strip_blank(lines)) + "\n"


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda match: "\\" + match.group(0), _BACKSLASH.sub(r"\\\\", text))


def _block_escape(line: str) -> str:
    """Escape what would make a line start a heading, quote, list or break."""
    line = line.lstrip(" \t")
    if match := _ORDERED_START.match(line):
        return line[:match.end()] + "\\" + line[match.end():]
    return "\\" + line if line[:1] and line[0] in "#>+=-" else line


def _wrap(text: str, marker: str) -> str:
    """`marker` around `text`, with its edge whitespace kept outside (else it is literal)."""
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    return text[:start] + marker + text[start:end] + marker + text[end:] if text.strip() else text


def _inline(segs: list[Seg]) -> str:
    """A line's text, escaped, bold and italic runs as **...** and *...*."""
    merged: list[Seg] = []
    for index, seg in enumerate(segs):
        if not seg.text.strip():  # whitespace takes the emphasis around it
            ref = merged[-1] if merged else next(
                (other for other in segs[index + 1:] if other.text.strip()), Seg(""))
            seg = Seg(seg.text, ref.bold, ref.italic)
        if merged and merged[-1][1:] == seg[1:]:
            merged[-1] = merged[-1]._replace(text=merged[-1].text + seg.text)
        else:
            merged.append(seg)
    groups = [(bold, "".join(_wrap(_escape(seg.text), "*") if seg.italic else _escape(seg.text)
                             for seg in group))
              for bold, group in groupby(merged, lambda seg: seg.bold)]
    return "".join(_wrap(inner, "**") if bold else inner for bold, inner in groups)


def _text(para: Para) -> list[str]:
    """A paragraph's lines, escaped, with hard breaks (a trailing backslash) between them."""
    lines = [_block_escape(_inline(line).rstrip()) for line in para.lines]
    return [line + "\\" for line in lines[:-1]] + lines[-1:]


def _lines(blocks: list[Para | Table]) -> list[str]:
    """Blocks set apart by blank lines, except the items of a list."""
    out: list[str] = []
    items: list[tuple[int, int]] = []  # (ilvl, content column) of the open list items
    ordered: dict[int, tuple[str | None, str]] = {}  # column: (numId, delimiter) there
    previous_item = False
    for block in blocks:
        item = isinstance(block, Para) and block.kind is not None and block.heading is None
        if isinstance(block, Table) and not block.rows:
            continue
        out += [""] if out and not (item and previous_item) else []
        if isinstance(block, Table):
            out += _table(block)
        elif block.heading is not None:
            label = _escape(block.label) + " " if block.kind == "number" else ""
            out.append("#" * block.heading + " " + label + " ".join(
                line for line in (_escape(text).strip() for text in block.plain()) if line))
        else:
            out += _item(block, items, ordered) if item else _text(block)
        if not item:
            items.clear()
            ordered.clear()
        previous_item = item
    return out


def _item(para: Para, items: list[tuple[int, int]], ordered: dict) -> list[str]:
    """A list item nested by column. A list right after another switches "." and ")":
    as one Markdown list the second would lose its numbers."""
    while items and items[-1][0] >= para.ilvl:
        items.pop()
    indent = items[-1][1] if items else 0
    for column in [column for column in ordered if column > indent]:
        del ordered[column]
    if para.kind == "bullet":
        ordered.pop(indent, None)
        marker = "- "
    else:
        list_id, delimiter = ordered.get(indent, (para.list_id, "."))
        if list_id != para.list_id:
            delimiter = ")" if delimiter == "." else "."
        ordered[indent] = (para.list_id, delimiter)
        marker = f"{para.number}{delimiter} "
    items.append((para.ilvl, indent + len(marker)))
    lines = _text(para)
    pad = " " * (indent + len(marker))
    return [" " * indent + marker + lines[0]] + [pad + line for line in lines[1:]]


def _table(table: Table) -> list[str]:
    """A pipe table, the first row as header; a spanning cell is followed by empty ones."""
    rows = [[cell for paras, span in row for cell in [_cell(paras)] + [""] * (span - 1)]
            for row in table.rows]
    width = max(1, max(len(cells) for cells in rows))
    rows = [cells + [""] * (width - len(cells)) for cells in rows]
    return ["| " + " | ".join(cells) + " |" for cells in rows[:1] + [["---"] * width] + rows[1:]]


def _cell(paras: list[Para]) -> str:
    return "<br>".join(_escape(para.marker) + "<br>".join(
        line.strip() for line in map(_inline, para.lines) if line.strip())
        for para in paras).replace("|", "\\|")


def _quoted(parts: list[list[Para | Table]]) -> list[str]:
    """Header or footer parts as one blockquote, a quoted blank line between parts."""
    lines = [line for md in map(_lines, parts) if md for line in md + [""]]
    return ["> " + line if line else ">" for line in _strip_blank(lines)]


def _strip_blank(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if line), len(lines))
    end = next((i for i in range(len(lines), start, -1) if lines[i - 1]), start)
    return lines[start:end]
