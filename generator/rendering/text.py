"""A `.docx` as line-oriented plain text, for `fsegen totext` (a Git textconv driver),
`fsegen diff` and, through `markdown.py`, `build --format md`: one line per paragraph, so
that a changed sentence is one changed line (the rules: docs/reference/output-files.md).
python-docx walks the package; small XPath queries pick the text of the runs.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_HEADER_FOOTER
from docx.exceptions import PythonDocxError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.exceptions import XmlchemyError
from docx.oxml.ns import nsmap, qn
from docx.oxml.styles import CT_Style
from docx.styles.styles import Styles
from docx.text.font import Font
from lxml import etree

from generator.errors import DocumentError
from generator.messages import _
from generator.rendering.blocks import PICTURE, Blocks, Para, Seg, Table
from generator.rendering.counters import format_number
from generator.templating.package import open_package

__all__ = ["document_markdown", "document_text", "docx_to_markdown", "docx_to_text"]

PAGINATION_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})
_NS = dict(nsmap, mc="http://schemas.openxmlformats.org/markup-compatibility/2006")
_X = {name: etree.XPath(path, namespaces=_NS) for name, path in {
    # what a paragraph shows: run content, simple fields, math; not deleted or boxed text
    "atoms": "(.//w:r/* | .//w:fldSimple | .//m:t)[not(ancestor::w:del or ancestor::w:moveFrom"
             " or ancestor::w:txbxContent or ancestor::mc:Fallback)]",
    "outline": "w:pPr/w:outlineLvl/@w:val", "numId": "w:pPr/w:numPr/w:numId/@w:val",
    "ilvl": "w:pPr/w:numPr/w:ilvl/@w:val", "abstract": "w:abstractNumId/@w:val",
    "link": "w:numStyleLink/@w:val", "span": "w:tcPr/w:gridSpan/@w:val",
    "level": "w:lvlOverride[@w:ilvl=$i]/w:lvl | w:lvl[@w:ilvl=$i]",
    "override": "w:lvlOverride[@w:ilvl=$i]/w:startOverride/@w:val", "start": "w:start/@w:val",
    "fmt": "(w:numFmt | mc:AlternateContent/mc:Fallback/w:numFmt)[1]/@w:val",
    "text": "w:lvlText/@w:val", "style level": "w:lvl[w:pStyle/@w:val=$s]/@w:ilvl",
    "name": "w:name/@w:val", "pstyle": "w:pPr/w:pStyle/@w:val", "rstyle": "w:rStyle/@w:val"}.items()}
_P, _TBL, _TR, _TC, _R, _T, _SIMPLE, _CHAR, _CODE, _MATH = (qn(tag) for tag in (
    "w:p", "w:tbl", "w:tr", "w:tc", "w:r", "w:t", "w:fldSimple", "w:fldChar", "w:instrText", "m:t"))
_CONTAINERS = {qn(f"w:{tag}") for tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo")}
_RPR, _VAL, _B, _I, _VANISH, _DRAWING = (qn(tag) for tag in (
    "w:rPr", "w:val", "w:b", "w:i", "w:vanish", "w:drawing"))
_CHARACTERS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
               qn("w:noBreakHyphen"): "-", _DRAWING: PICTURE}


def docx_to_text(source: Path | bytes) -> str:
    """The plain text of a `.docx` given as a path or bytes; ValueError if unreadable."""
    return _read(source, document_text)


def docx_to_markdown(source: Path | bytes, stem: str = "figura") -> str:
    """The Markdown of a `.docx` given as a path or bytes; ValueError if unreadable."""
    return _read(source, lambda document: document_markdown(document, stem))


def document_text(document: Document) -> str:
    """The plain text of an open python-docx document (as docxtpl has just rendered it)."""
    header_parts, body, footer_parts = stories(document)
    headers, footers = (_tidy([line for blocks in parts for line in _text_lines(blocks)])
                        for parts in (header_parts, footer_parts))
    lines = (headers + ["---"] if headers else []) + _tidy(_text_lines(body))
    lines += ["---"] + footers if footers else []
    return "\n".join(lines).rstrip("\n") + "\n"


def document_markdown(document: Document, stem: str = "figura") -> str:
    """The Markdown (CommonMark, GFM tables) of an open python-docx document, pictures linked."""
    from generator.rendering.markdown import markdown
    from generator.rendering.pictures import link_pictures

    found: list[tuple[Any, Any]] = []
    return link_pictures(markdown(*stories(document, found)), found, stem)


def _read(source: Path | bytes, render) -> str:
    """Open after the bounded zip check, and render; a refusal is a ValueError naming the file."""
    shown = "the given bytes" if isinstance(source, (bytes, bytearray, memoryview)) else str(source)
    try:
        data = bytes(source) if isinstance(source, bytes | bytearray | memoryview) else \
            Path(source).read_bytes()
        open_package(data, shown=shown).close()
        document = docx.Document(io.BytesIO(data))
    except OSError as error:
        raise ValueError(_("cannot read {shown}: {problem}", shown=shown,
                           problem=str(error.strerror or error))) from error
    except DocumentError as error:
        raise ValueError(error.message) from error
    except Exception as error:  # python-docx: no main document, a part missing, bad XML...
        raise ValueError(_("{shown} is not a .docx (no readable main document): {value}", shown=shown,
                           value=error.args[0] if error.args else repr(error))) from error
    if document.element.tag != qn("w:document"):
        raise ValueError(_("{shown} is not a .docx: Strict OOXML is not supported", shown=shown))
    try:
        return render(document)
    except (ValueError, PythonDocxError, XmlchemyError, etree.LxmlError) as error:
        raise ValueError(_("{shown}: {error}", shown=shown,
                           error=str(error))) from error  # a value python-docx refuses


# --------------------------------------------------------------------------- reading




def stories(document: Document, pictures: list[tuple[Any, Any]] | None = None
            ) -> tuple[list[Blocks], Blocks, list[Blocks]]:
    """The blocks of each distinct header part, of the body, of each distinct footer part;
    `pictures` receives each drawing shown, with its part, in the order of the text."""
    reader, found, rels = _Reader(document, pictures), [], document.part.rels
    for kind in ("header", "footer"):  # parts by relationship: docxtpl swaps rendered ones in
        refs = [getattr(section, f"get_{kind}Reference")(index) for section in
                document.element.sectPr_lst for index in WD_HEADER_FOOTER]  # default, first, even
        parts = dict.fromkeys(rels[ref.rId].target_part for ref in refs if ref is not None
                              and ref.rId in rels and not rels[ref.rId].is_external)
        found.append([reader.part(part.element, part) for part in parts])
    return found[0], reader.part(document.element.body, document.part), found[1]


def _children(element, tags: set[str]):
    """Children with one of `tags`, looking through content controls, custom XML, insertions."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tags)


def _val(element, query: str, **variables) -> str | None:
    found = _X[query](element, **variables) if element is not None else []
    return found[0] if found else None


def _on(rpr, tag: str) -> bool | None:
    """A run's own toggle (bold, italic, hidden): None when its properties do not set it."""
    found = rpr.find(tag) if rpr is not None else None
    return None if found is None else found.get(_VAL) in (None, "1", "true", "on")


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and re.fullmatch(r"\s*[-+]?\d+\s*", value) else None


class _Reader:
    """Blocks of a document's parts; styles and lists by relationship (getters add parts)."""

    def __init__(self, document: Document, pictures: list[tuple[Any, Any]] | None = None):
        self.pictures, self.where = pictures if pictures is not None else [], None
        related = {rel.reltype: rel.target_part.element for rel in document.part.rels.values()
                   if not rel.is_external and rel.reltype in (RT.STYLES, RT.NUMBERING)}
        styles = reversed(list(Styles(related[RT.STYLES]))) if RT.STYLES in related else ()
        self.styles = {style.style_id: style.element for style in styles}  # the first of an id
        self.default = next((i for i, s in self.styles.items() if s.get(qn("w:type")) ==
                             "paragraph" and s.get(qn("w:default")) in ("1", "true", "on")), None)
        numbering = list(reversed(related.get(RT.NUMBERING, ())))
        self.nums = {e.get(qn("w:numId")): e for e in numbering if e.tag == qn("w:num")}
        self.abstracts = {e.get(qn("w:abstractNumId")): e for e in numbering
                          if e.tag == qn("w:abstractNum")}
        self.chains: dict[str | None, list[CT_Style]] = {}  # caches of the methods below
        self.cache: dict[tuple[str | None, str | None], Any] = {}
        self.levels: dict[tuple[str | None, int], tuple[str, str, int] | None] = {}

    def part(self, root, where) -> Blocks:
        """The blocks of one part: list counters and open fields start afresh in each."""
        self.where = where
        self.counters: dict[str | None, dict[int, int]] = {}  # numId -> ilvl -> count
        self.fields: list[list[Any]] = []  # [code, showing, paging] of each open field
        return self.blocks(root)

    def blocks(self, container) -> Blocks:
        """Paragraphs (those that show text) and tables."""
        blocks = [self.paragraph(e) if e.tag == _P else self.table(e)
                  for e in _children(container, {_P, _TBL})]
        return [block for block in blocks if block is not None]

    def table(self, tbl) -> Table:
        """Rows of cells; the paragraphs of a nested table are flattened into its cell."""
        return Table([[([p for block in self.blocks(tc) for p in (
            [block] if isinstance(block, Para) else block.paragraphs())],
            max(_int(_val(tc, "span")) or 1, 1)) for tc in _children(tr, {_TC})]
            for tr in _children(tbl, {_TR})])

    def paragraph(self, p) -> Para | None:
        """The paragraph's text (None if it shows none); a list item advances its counter."""
        style_id, skipped, run = _val(p, "pstyle") or self.default, set(), None
        lines: list[list[Seg]] = [[]]
        for node in _X["atoms"](p):
            if node.tag == _SIMPLE:
                if _is_pagination(node.get(qn("w:instr"), "")):
                    skipped.update(node.iter(_R))  # its result is "#"
                    _add(lines, "#", *self.emphasis(node.find(_R), style_id))
                continue
            if node.tag == _MATH:
                _add(lines, node.text or "")
                continue
            if node.getparent() is not run:
                run = node.getparent()
                hidden = run in skipped or bool(_on(run.find(_RPR), _VANISH))
                emphasis = self.emphasis(run, style_id)
            if node.tag == _CHAR:
                self.field(node.get(qn("w:fldCharType")), lines, emphasis, hidden)
            elif node.tag == _CODE and self.fields and not self.fields[-1][1]:
                self.fields[-1][0] += node.text or ""
            elif (node.tag == _T or node.tag in _CHARACTERS) and not hidden \
                    and not _muted(self.fields):
                _add(lines, node.text or "" if node.tag == _T else _CHARACTERS[node.tag], *emphasis)
                self.pictures += [(node, self.where)] if node.tag == _DRAWING else []
        listed = self.list_of(p, style_id)
        marker = self.advance(*listed) if listed else None
        filled = [i for i, line in enumerate(lines) if any(seg.text.strip() for seg in line)]
        if not filled:
            return None
        para = Para(lines[filled[0]:filled[-1] + 1], self.heading(p, style_id))
        if marker and listed:  # (a marker is a list item's)
            (para.kind, para.label, para.number), (para.list_id, para.ilvl) = marker, listed
        return para

    def field(self, kind: str | None, lines, emphasis: tuple[bool, bool], hidden: bool) -> None:
        """Follow a complex field: its code is not shown; a pagination field shows "#" at its
        separator, or at its end if it has no result."""
        if kind == "begin":
            self.fields.append(["", False, False])
        elif kind in ("separate", "end") and self.fields:
            code, showing, _paging = self.fields.pop()
            if not showing and _is_pagination(code) and not hidden and not _muted(self.fields):
                _add(lines, "#", *emphasis)
            if kind == "separate":
                self.fields.append([code, True, _is_pagination(code)])

    def chain(self, style_id: str | None) -> list:
        """The style and the ones it is based on, nearest first."""
        if style_id not in self.chains:
            found, style = [], self.styles.get(style_id)
            while style is not None and style not in found:
                found.append(style)
                style = style.base_style
            self.chains[style_id] = found
        return self.chains[style_id]

    def inherited(self, style_id: str | None, query: str) -> str | None:
        """The first value an XPath query of `_X` finds along a style chain."""
        if (style_id, query) not in self.cache:
            self.cache[style_id, query] = next((v for style in self.chain(style_id)
                                                if (v := _val(style, query)) is not None), None)
        return self.cache[style_id, query]

    def emphasis(self, run, style_id: str | None) -> tuple[bool, bool]:
        """(bold, italic) of a run: its own, else its character style's, else its paragraph's."""
        rpr = None if run is None else run.find(_RPR)
        key = (_val(rpr, "rstyle"), style_id)
        if key not in self.cache:
            fonts = [Font(style) for style in self.chain(key[0]) + self.chain(style_id)]
            self.cache[key] = [next((v for font in fonts if (v := getattr(font, name)) is not None),
                                    False) for name in ("bold", "italic")]
        own, (bold, italic) = (_on(rpr, _B), _on(rpr, _I)), self.cache[key]
        return (bold if own[0] is None else own[0]), (italic if own[1] is None else own[1])

    def heading(self, p, style_id: str | None) -> int | None:
        """The Markdown level of a heading: Title 1, Heading N (or outline level N-1) N+1."""
        if (style_id, "heading") not in self.cache:  # by the style's name, once per style
            name = (_val(self.styles.get(style_id), "name") or style_id or "").strip().lower()
            match = re.fullmatch(r"(title)|heading\s*([1-9])", name)
            self.cache[style_id, "heading"] = match and (
                1 if match.group(1) else min(int(match.group(2)) + 1, 6))
        if self.cache[style_id, "heading"]:
            return self.cache[style_id, "heading"]
        level = _int(_val(p, "outline") or self.inherited(style_id, "outline"))
        return min(level + 2, 6) if level is not None and 0 <= level <= 8 else None

    def list_of(self, p, style_id: str | None) -> tuple[str | None, int] | None:
        """(numId, level) of a paragraph, from its own numPr or its style chain's."""
        num_id = _val(p, "numId") or self.inherited(style_id, "numId")
        ilvl = _int(_val(p, "ilvl") or self.inherited(style_id, "ilvl"))
        if num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:  # the level that names the paragraph's style, if any
            ilvl = _int(_val(self.abstract(num_id), "style level", s=style_id or ""))
        return num_id, min(max(ilvl or 0, 0), 8)

    def abstract(self, num_id: str | None):
        """The abstractNum of a num; one that links to a list style: the one the style uses."""
        abstract = self.abstracts.get(_val(self.nums[num_id], "abstract"))
        linked = self.nums.get(self.inherited(_val(abstract, "link"), "numId"))
        return self.abstracts.get(_val(linked, "abstract"), abstract)

    def level(self, num_id: str | None, ilvl: int) -> tuple[str, str, int] | None:
        """(number format, level text, start) of a list level, the num's overrides first."""
        if (num_id, ilvl) not in self.levels:
            num, abstract, i = self.nums[num_id], self.abstract(num_id), str(ilvl)
            lvl = next(iter(_X["level"](num, i=i) + _X["level"](abstract, i=i)
                            if abstract is not None else _X["level"](num, i=i)), None)
            start, text = _int(_val(num, "override", i=i)), _val(lvl, "text")
            self.levels[num_id, ilvl] = None if lvl is None else (
                _val(lvl, "fmt") or "decimal", f"%{ilvl + 1}." if text is None else text,
                (_int(_val(lvl, "start")) if start is None else start) or 0)
        return self.levels[num_id, ilvl]

    def advance(self, num_id: str | None, ilvl: int) -> tuple[str, str, int] | None:
        """(kind, label, number) of the next item of a list level (None if it has no marker);
        deeper levels of the list start again."""
        level = self.level(num_id, ilvl)
        if level is None:
            return None
        values = self.counters.setdefault(num_id, {})
        values[ilvl] = values[ilvl] + 1 if ilvl in values else level[2]
        for deeper in [k for k in values if k > ilvl]:
            del values[deeper]
        if level[0] == "bullet":
            return "bullet", "", 0
        shown = {f"%{k + 1}": format_number(values.get(k, other[2]), other[0])  # "%2": level 1
                 for k in range(9) if (other := self.level(num_id, k))}
        label = re.sub(r"%[1-9]", lambda match: shown.get(match.group(0), "0"), level[1]).strip()
        return ("number", label, values[ilvl]) if label else None


def _muted(fields: list[list]) -> bool:
    """Whether text here is a field's code or the result of a pagination field."""
    return any(not showing or paging for _, showing, paging in fields)


def _is_pagination(code: str) -> bool:
    return any(word.upper() in PAGINATION_FIELDS for word in code.split()[:1])


def _add(lines: list[list[Seg]], text: str, bold: bool = False, italic: bool = False) -> None:
    for index, piece in enumerate(text.split("\n")):
        lines += [[]] if index else []
        lines[-1] += [Seg(piece, bold, italic)] if piece else []


# --------------------------------------------------------------------------- plain text


def _text_lines(blocks: Blocks) -> list[str | None]:
    """A line per paragraph line and per table row; None marks a structural blank line."""
    out: list[str | None] = []
    for block in (b for b in blocks if isinstance(b, Table) or any(b.plain())):  # not a picture alone
        if isinstance(block, Table):
            out += [None] + [" | ".join(_text_cell(paras) for paras, _ in row).rstrip()
                             for row in block.rows] + [None]
            continue
        lines = block.plain()
        indent = "  " * block.ilvl if block.kind and block.heading is None else ""
        pad = "" if block.heading is not None else indent + " " * len(block.marker)
        out += ([None] if block.heading is not None else []) + [indent + block.marker + lines[0]]
        out += [pad + line if line else line for line in lines[1:]]
    return out


def _text_cell(paras: list[Para]) -> str:
    return " / ".join(para.marker + " / ".join(line.strip() for line in para.plain()
                                               if line.strip()) for para in paras)


def _tidy(lines: list[str | None]) -> list[str]:
    """Collapse runs of structural blank lines and drop them at both ends."""
    out: list[str] = []
    for line, blank_before in zip(lines, [False] + [line is None for line in lines]):
        if line is not None:
            out += [""] if blank_before and out else []
            out.append(line)
    return out
