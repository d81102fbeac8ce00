"""Which paragraph of a rendered Word document came from which paragraph of the content.

The live preview shows, beside each paragraph, the content file and line it came from,
and highlights the paragraphs a finding concerns. Word templates place the content's
paragraphs wherever they like (`{{r para.rich }}` in a loop, a table cell), so the
writer marks each one with a hidden bookmark naming it (`mark`); after rendering, the
marks are read into a map from the paragraph element to the content's paragraph and
removed (`take_marks`), so the saved file holds nothing of them (as with
numbering.py's list marks, which this module's names never collide with).
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from generator.rendering.marks import ORIGIN_MARK as MARK


def take_marks(document: Any, paragraphs: list) -> dict:
    """Paragraph element -> the content paragraph (`paragraphs[index]`) its mark names, for
    every part of the document (body, headers, footers); every mark is removed."""
    found = {}
    for element in _roots(document):
        for start in list(element.iter(qn("w:bookmarkStart"))):
            name = start.get(qn("w:name")) or ""
            if not name.startswith(MARK):
                continue
            owner = _paragraph_of(start)
            index = int(name[len(MARK):])
            if owner is not None and 0 <= index < len(paragraphs):
                found[owner] = paragraphs[index]
            end = start.getnext()
            if end is not None and end.tag == qn("w:bookmarkEnd"):
                end.getparent().remove(end)
            start.getparent().remove(start)
    return found


def _roots(document: Any) -> list:
    parts = [document.part] + [rel.target_part for rel in document.part.rels.values()
                               if rel.reltype.endswith(("/header", "/footer"))]
    return [part.element for part in parts]


def _paragraph_of(element: Any) -> Any:
    while element is not None and element.tag != qn("w:p"):
        element = element.getparent()
    return element
