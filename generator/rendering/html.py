"""A rendered Word document (python-docx) -> HTML that reads like it, for the live preview.

The page is made from the very document that is saved as the .docx, walked in order:
the header of the first page (with the file number), the body's paragraphs and tables,
the footer. What is rendered:
- paragraphs with their style's and their own formatting: alignment, spacing and left
  indent (twips -> pt), bold, italic, underline, strike, capitals, size, colour;
  "Title" and "Heading N" styles (or an outline level) become h1-h6;
- list items (a `w:numPr` of their own or of their style, through `w:basedOn`) become
  <ol>/<ul> items numbered as Word numbers them: counters per list (`w:numId`) and
  level, from the level's `w:start` or the list's `w:startOverride`;
- tables with their column widths, merged cells (`w:gridSpan`, `w:vMerge`), header rows,
  cell shading and borders (when the table or its style has any);
- fields show their result (the header's PAGE shows the template's "1"); line breaks,
  tabs, page breaks; tracked insertions shown, deletions and hidden text left out.
Every text is escaped: nothing of the content or the templates becomes markup, links
have no address. `annotate(paragraph element)` adds attributes to a paragraph (the
preview's source and findings); it never changes the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from generator.rendering.wordstyles import (
    HEX,
    W_NS,
    Numbering,
    Styles,
    css,
    on,
    paragraph_properties,
    pt,
    run_properties,
    val,
    w,
)

Annotate = Callable[[Any], dict[str, str] | None]
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_LIST_TYPES = {"decimal": "1", "lowerLetter": "a", "upperLetter": "A", "lowerRoman": "i",
               "upperRoman": "I"}
_INLINE = {"hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir", "bdo"}


def document_html(document: Any, annotate: Annotate | None = None) -> str:
    """The document as one HTML <article>: header, body, footer (see the module docstring)."""
    return _Sheet(document, annotate).html()


def _local(tag: Any) -> str | None:
    """`r` for `{w namespace}r`; None for other namespaces and comments."""
    return tag[len(W_NS) + 2:] if isinstance(tag, str) and tag.startswith(f"{{{W_NS}}}") else None


def _attributes(attrs: dict[str, Any]) -> str:
    return "".join(f' {name}="{html.escape(str(value), quote=True)}"'
                   for name, value in attrs.items() if value not in (None, ""))


class _Sheet:
    """One walk over a document, keeping Word's list counters and open fields."""

    def __init__(self, document: Any, annotate: Annotate | None):
        self.document = document
        self.styles = Styles(document)
        self.numbering = Numbering(document)
        self.annotate = annotate or (lambda element: None)
        self.fields: list[str] = []

    def html(self) -> str:
        section = self.document.sections[0] if len(self.document.sections) else None
        header, footer = self.story(section, "header"), self.story(section, "footer")
        parts = [f'<article class="docx" style="{self.geometry(section)}">']
        if header:
            parts.append(f'<header class="docx-header">{header}</header>')
        parts.append(f'<div class="docx-body">{self.blocks(self.document.element.body)}</div>')
        if footer:
            parts.append(f'<footer class="docx-footer">{footer}</footer>')
        return "".join(parts) + "</article>"

    def geometry(self, section: Any) -> str:
        """Page width and margins of the first section, as CSS."""
        sect = section._sectPr if section is not None else None
        size = sect.find(w("pgSz")) if sect is not None else None
        margins = sect.find(w("pgMar")) if sect is not None else None
        width = pt(size.get(w("w"))) if size is not None else None
        side = {key: pt(margins.get(w(key))) if margins is not None else None
                for key in ("top", "right", "bottom", "left", "header")}
        top = side["header"] or side["top"] or 36
        rules = ["box-sizing:border-box", f"width:{width}pt" if width else "",
                 f"padding:{top}pt {side['right'] or 72}pt {side['bottom'] or 72}pt {side['left'] or 72}pt",
                 f"--body-gap:{round(max((side['top'] or 72) - top - 14, 6), 1)}pt"]
        return ";".join(rule for rule in rules if rule)

    def story(self, section: Any, kind: str) -> str:
        """The header (or footer) the first page shows, read through the document's own
        relationships (docxtpl puts the rendered parts there, not where python-docx looks)."""
        sect = section._sectPr if section is not None else None
        if sect is None:
            return ""
        wanted = "first" if on(sect, "titlePg") else "default"
        for reference in sect.findall(w(f"{kind}Reference")):
            rel = self.document.part.rels.get(reference.get(R_ID) or "")
            if reference.get(w("type")) == wanted and rel is not None and not rel.is_external:
                return self.blocks(rel.target_part.element)
        return ""

    def flow(self, container: Any):
        """The paragraphs and tables of a container, in order, through content controls."""
        for child in container:
            name = _local(child.tag)
            if name in ("p", "tbl"):
                yield child
            elif name in ("sdt", "customXml", "ins", "moveTo"):
                inner = child.find(w("sdtContent")) if name == "sdt" else child
                if inner is not None:
                    yield from self.flow(inner)

    def blocks(self, container: Any) -> str:
        """Paragraphs and tables, list items gathered into <ol>/<ul>."""
        out: list[str] = []
        items: list[str] = []
        key: tuple | None = None
        for element in self.flow(container):
            item_key, text = (None, self.table(element)) if element.tag == w("tbl") \
                else self.paragraph(element)
            if item_key != key and items and key is not None:  # (items are a list's: key is set)
                out.append(f"<{key[1]}{key[2]}>{''.join(items)}</{key[1]}>")
                items = []
            key = item_key
            (items if key is not None else out).append(text)
        if items and key is not None:
            out.append(f"<{key[1]}{key[2]}>{''.join(items)}</{key[1]}>")
        return "".join(out)

    def paragraph(self, p: Any) -> tuple[tuple | None, str]:
        """(list key or None, HTML) of one paragraph."""
        ppr = p.find(w("pPr"))
        style_p, style_r, name, _ = self.styles.resolve(val(ppr, "pStyle") or self.styles.default)
        props = {**style_p, **paragraph_properties(ppr)}
        self.fields = []
        inner = self.inline(p) or "<br>"
        attrs: dict[str, object] = {"data-style": name, **(self.annotate(p) or {})}
        key, tag = None, "p"
        num = props.get("num")
        if num is not None and num[0] != "0":
            fmt, number = self.numbering.next(*num)
            ordered = fmt not in ("bullet", "none")
            key = (num[0], "ol" if ordered else "ul",
                   f' type="{_LIST_TYPES.get(fmt, "1")}"' if ordered else "")
            tag, attrs["value"] = "li", number if ordered else None
            dropped = ("indent", "first") + (("before", "after") if props.get("contextual") else ())
            props = {k: v for k, v in props.items() if k not in dropped}
        elif (level := _heading_level(name, props)) is not None:
            tag = f"h{level}"
        look = css({k: v for k, v in props.items() if k in ("align", "before", "after", "indent",
                                                                "first")} | style_r)
        return key, f"<{tag}{_attributes({**attrs, 'style': look})}>{inner}</{tag}>"

    def inline(self, container: Any) -> str:
        out = []
        for child in container:
            name = _local(child.tag)
            if name == "r":
                out.append(self.run(child))
            elif name in _INLINE:
                out.append(self.inline(child))
            elif name == "sdt" and (inner := child.find(w("sdtContent"))) is not None:
                out.append(self.inline(inner))
        return "".join(out)

    def run(self, r: Any) -> str:
        rpr = r.find(w("rPr"))
        props = run_properties(rpr)
        if (char_style := val(rpr, "rStyle")) is not None:
            props = {**self.styles.resolve(char_style)[1], **props}
        if props.get("hidden"):
            return ""
        text = "".join(self.piece(child) for child in r)
        return _wrap(text, props) if text else ""

    def piece(self, child: Any) -> str:
        """One child of a run, as HTML; field codes are skipped, their results shown."""
        name = _local(child.tag)
        if name == "fldChar":
            kind = child.get(w("fldCharType"))
            if kind == "begin":
                self.fields.append("code")
            elif kind == "separate" and self.fields:
                self.fields[-1] = "result"
            elif kind == "end" and self.fields:
                self.fields.pop()
            return ""
        if self.fields and self.fields[-1] == "code":
            return ""
        if name == "t":
            return html.escape(child.text or "", quote=False)
        if name in ("br", "cr"):
            return '<span class="page-break"></span>' if child.get(w("type")) == "page" else "<br>"
        return {"tab": '<span class="tab"></span>', "noBreakHyphen": "\u2011",
                "softHyphen": "&shy;"}.get(name or "", "")

    def table(self, tbl: Any) -> str:
        tblpr = tbl.find(w("tblPr"))
        borders = tblpr.find(w("tblBorders")) if tblpr is not None else None
        if borders is None:
            borders = self.styles.resolve(val(tblpr, "tblStyle"))[3]
        grid = borders is not None and any(b.get(w("val")) not in ("nil", "none") for b in borders)
        cols = "".join(f'<col style="width:{width}pt">' if width else "<col>"
                       for width in (pt(c.get(w("w"))) for c in
                                     tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")))
        rows = _grid(tbl)
        body = "".join(self.row(rows, index) for index in range(len(rows)))
        return (f'<table class="docx-table{" grid" if grid else ""}"><colgroup>{cols}</colgroup>'
                f"<tbody>{body}</tbody></table>")

    def row(self, rows: list, index: int) -> str:
        header, cells = rows[index]
        tag, out = ("th" if header else "td"), []
        for col, span, merge, tc in cells:
            if merge == "continue":
                continue
            down = 1
            if merge == "restart":
                while index + down < len(rows) and any(
                        c == col and m == "continue" for c, _, m, _ in rows[index + down][1]):
                    down += 1
            tcpr = tc.find(w("tcPr"))
            fill = tcpr.find(w("shd")).get(w("fill")) if tcpr is not None and \
                tcpr.find(w("shd")) is not None else None
            valign = {"center": "middle", "bottom": "bottom"}.get(val(tcpr, "vAlign") or "")
            look = ";".join(filter(None, [f"background:#{fill}" if fill and HEX.fullmatch(fill) else "",
                                          f"vertical-align:{valign}" if valign else ""]))
            attrs = _attributes({"colspan": span if span > 1 else None,
                                 "rowspan": down if down > 1 else None, "style": look})
            out.append(f"<{tag}{attrs}>{self.blocks(tc)}</{tag}>")
        return f"<tr>{''.join(out)}</tr>"


def _grid(tbl: Any) -> list[tuple[bool, list[tuple[int, int, str | None, Any]]]]:
    """Each row: whether it repeats as a header, and its cells (grid column, span, vMerge, tc)."""
    rows = []
    for tr in tbl.findall(w("tr")):
        trpr = tr.find(w("trPr"))
        col, cells = int(val(trpr, "gridBefore") or 0), []
        for tc in tr.findall(w("tc")):
            tcpr = tc.find(w("tcPr"))
            span = val(tcpr, "gridSpan")
            vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
            merge = None if vmerge is None else (vmerge.get(w("val")) or "continue")
            cells.append((col, int(span) if span and span.isdigit() else 1, merge, tc))
            col += cells[-1][1]
        rows.append((on(trpr, "tblHeader") is True, cells))
    return rows


def _heading_level(name: str, props: dict) -> int | None:
    """h1 for a Title, h2-h6 for Heading 1-5 (by style name or outline level)."""
    lowered = name.lower()
    if lowered == "title":
        return 1
    match = re.fullmatch(r"heading ([1-9])", lowered)
    level = int(match.group(1)) if match else (props["outline"] + 1 if "outline" in props
                                                and props["outline"] < 9 else None)
    return None if level is None else min(level + 1, 6)


def _wrap(text: str, props: dict) -> str:
    """A run's text in <strong>/<em>/<sup>/<sub> and a span for the rest of its formatting."""
    if props.get("bold"):
        text = f"<strong>{text}</strong>"
    if props.get("italic"):
        text = f"<em>{text}</em>"
    if props.get("vertical"):
        tag = "sup" if props["vertical"] == "superscript" else "sub"
        text = f"<{tag}>{text}</{tag}>"
    rest = {k: v for k, v in props.items() if not (k in ("bold", "italic") and v)}
    look = css(rest)
    return f'<span style="{look}">{text}</span>' if look else text
