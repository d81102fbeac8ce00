"""Numbered lists restart at 1 in a rendered Word document.

Paragraphs with a numbered style share one numbering instance, so a second list
would go on at 6. The writer marks each numbered paragraph of the content with a
hidden bookmark naming its list (`mark`); after rendering, each list after the
first of a style gets its own `w:num` starting at 1, and the marks are removed,
so the file holds nothing of them.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn

from generator.rendering.marks import LIST_MARK as MARK


def restart_numbering(document) -> None:
    """Give each numbered list after the first its own numbering, restarting at 1.

    A list ends where a paragraph of another style comes between, or where the next
    numbered paragraph is marked with another list.
    """
    lists = _take_marks(document)
    style_num = _numbered_styles(document)
    if not style_num:
        return
    numbering = document.part.numbering_part.element
    seen: set[str] = set()
    current: dict[str, str] = {}
    previous: tuple[str | None, int | None] | None = None
    for paragraph in document.element.body.iter(qn("w:p")):
        ppr = paragraph.pPr
        style = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        if style not in style_num:
            previous = None
            continue
        list_id = lists.get(paragraph)
        continues = previous is not None and previous[0] == style and (
            list_id is None or previous[1] is None or previous[1] == list_id)
        if not continues:
            current[style] = _new_num(numbering, style_num[style]) if style in seen else style_num[style]
            seen.add(style)
        previous = (style, list_id)
        if current[style] != style_num[style]:
            paragraph.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = int(current[style])
            paragraph.pPr.numPr.get_or_add_ilvl().val = 0


def _take_marks(document) -> dict:
    """Paragraph element -> list id, from the marks, which are removed."""
    lists = {}
    for start in list(document.element.body.iter(qn("w:bookmarkStart"))):
        name = start.get(qn("w:name")) or ""
        if not name.startswith(MARK):
            continue
        lists[start.getparent()] = int(name[len(MARK):])
        end = start.getnext()
        if end is not None and end.tag == qn("w:bookmarkEnd"):
            end.getparent().remove(end)
        start.getparent().remove(start)
    return lists


def _numbered_styles(document) -> dict[str, str]:
    """Paragraph style id -> numId, for styles whose numbering is decimal."""
    numbering = document.part.numbering_part.element
    decimal_nums = set()
    formats = {abstract.get(qn("w:abstractNumId")): abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
               for abstract in numbering.findall(qn("w:abstractNum"))}
    for num in numbering.findall(qn("w:num")):
        fmt = formats.get(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        if fmt is not None and fmt.get(qn("w:val")) == "decimal":
            decimal_nums.add(num.get(qn("w:numId")))
    result = {}
    for style in document.styles.element.findall(qn("w:style")):
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None and num_id.get(qn("w:val")) in decimal_nums:
            result[style.get(qn("w:styleId"))] = num_id.get(qn("w:val"))
    return result


def _new_num(numbering, base_num_id: str) -> str:
    base = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == base_num_id)
    new_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
    num = copy.deepcopy(base)
    num.set(qn("w:numId"), new_id)
    for override in num.findall(qn("w:lvlOverride")):
        num.remove(override)
    override = num.makeelement(qn("w:lvlOverride"), {qn("w:ilvl"): "0"})
    override.append(override.makeelement(qn("w:startOverride"), {qn("w:val"): "1"}))
    num.append(override)
    numbering.append(num)
    return new_id
