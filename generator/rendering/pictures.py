"""The pictures of a Word document (the EU emblem, a report's charts) in its Markdown.

`build --format md` writes each picture beside the `.md` as `<deliverable>-<n>.<ext>` (in
the order the text shows them: headers, body, footers) and links it where it stands, with
its alternative text: `![Grafico a barre: ...](relazione-intermedia-2.png)`. A drawing with
no picture in it (a shape) leaves nothing.
"""

from __future__ import annotations

import io
import re
from typing import Any

from generator.rendering.blocks import PICTURE

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def named(found: list[tuple[Any, Any]], stem: str) -> list[tuple[str | None, str, Any]]:
    """(file name, alternative text, image part) of each drawing found, in order; a drawing
    with no picture has no name."""
    result: list[tuple[str | None, str, Any]] = []
    number = 0
    for drawing, part in found:
        blip = drawing.find(f".//{{{_A}}}blip")
        target = part.related_parts.get(blip.get(f"{{{_R}}}embed")) if blip is not None else None
        described = drawing.find(f".//{{{_WP}}}docPr")
        alt = (described.get("descr") or described.get("name") or "") if described is not None else ""
        if target is None:
            result.append((None, alt, None))
            continue
        number += 1
        extension = str(target.partname).rsplit(".", 1)[-1].lower()
        result.append((f"{stem}-{number}.{extension}", alt, target))
    return result


def link_pictures(markdown: str, found: list[tuple[Any, Any]], stem: str) -> str:
    """The Markdown with each picture's place replaced by its image link."""
    links = iter(named(found, stem))

    def link(match: re.Match[str]) -> str:
        name, alt, _ = next(links, (None, "", None))
        if name is None:
            return ""
        shown = re.sub(r"([\[\]\\])", r"\\\1", " ".join(alt.split()))
        return f"![{shown}]({name})" + (" " if match.group(1) else "")

    return re.sub(f"{PICTURE}(\\S?)", lambda m: link(m) + m.group(1), markdown)


def docx_pictures(data: bytes, stem: str) -> dict[str, bytes]:
    """The pictures of a `.docx` as the files its Markdown links (name -> bytes)."""
    import docx

    from generator.rendering.text import stories

    found: list[tuple[Any, Any]] = []
    stories(docx.Document(io.BytesIO(data)), found)
    return {name: part.blob for name, _, part in named(found, stem) if name is not None}
