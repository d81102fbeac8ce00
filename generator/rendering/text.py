"""Any `.docx` -> deterministic, line-oriented plain text or Markdown.

Used as a Git `textconv` driver and for rendered diffs, so the output depends
only on the bytes of the `.docx` and has one paragraph per line: a changed
sentence is one changed line.

Layout (both functions): the headers, a `---` line, the body, then `---` and
the footers. The header block (and its `---`) is left out when the document has
no header text; likewise the footer block. Headers and footers are collected
section by section, each distinct part once, in the order default, first, even.

What is rendered, and how:
- paragraphs in document order, one per line; empty (or whitespace-only)
  paragraphs are skipped; trailing whitespace of a line is dropped;
- a line break (`w:br`, `w:cr`) inside a paragraph starts a new line, a tab
  (`w:tab`, `w:ptab`) is a tab;
- list items get the numbers Word computes: numbering comes from the
  paragraph's `w:numPr` or its style's (through `w:basedOn`), counters run per
  `w:numId` and level (a different numId is a different list), start at the
  level's `w:start` or the num's `w:startOverride`, and deeper levels restart
  when a shallower one is used (`w:lvlRestart` honoured). In plain text a
  numbered item shows its level text ("1.", "a)", "2.1." ...), a bullet item
  "- "; items are indented 2 spaces per level. Empty numbered paragraphs still
  advance the counter, as they do in Word, but are not shown;
- headings ("Heading N" / "Title" styles, or an outline level) are preceded by
  a blank line in plain text;
- tables: one line per row, cells joined by " | ", the paragraphs of a cell
  joined by " / "; a blank line before and after the table;
- fields show their result, except pagination fields (PAGE, NUMPAGES,
  SECTIONPAGES), which are rendered as the literal placeholder "#" so that the
  text never depends on pagination; field codes (`w:instrText`) are not shown;
- tracked changes are shown as accepted: `w:ins` / `w:moveTo` text is kept,
  `w:del` / `w:moveFrom` (`w:delText`) is dropped; hidden (`w:vanish`) runs
  are dropped;
- not rendered: drawings, text boxes, footnotes, comments, symbols (`w:sym`).
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from lxml import etree

from generator.errors import DocumentError
from generator.package import open_package

__all__ = ["docx_to_markdown", "docx_to_text"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

PAGINATION_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})
PAGE_PLACEHOLDER = "#"
HEADER_ORDER = ("default", "first", "even")

# Inline containers whose runs are part of the paragraph's visible text.
_INLINE_CONTAINERS = frozenset(W + t for t in (
    "hyperlink", "ins", "moveTo", "smartTag", "customXml", "bdo", "dir"))
# Block containers whose paragraphs / tables are part of the flow.
_BLOCK_CONTAINERS = frozenset(W + t for t in ("customXml", "ins", "moveTo"))


def docx_to_text(source: Path | bytes) -> str:
    """The plain-text rendering of a `.docx` (a path or its bytes).

    Headers, `---`, body, `---`, footers (see the module docstring for the
    exact rules). A PAGE / NUMPAGES field is rendered as the placeholder "#",
    never as a number, so the text does not depend on pagination.
    The result ends with a single newline. Raises ValueError if `source` is
    not a readable `.docx`.
    """
    document = _Document(_read_source(source))
    headers = _tidy([line for part in document.parts("header")
                     for line in _text_lines(document.blocks(part))])
    body = _tidy(_text_lines(document.blocks(document.main)))
    footers = _tidy([line for part in document.parts("footer")
                     for line in _text_lines(document.blocks(part))])
    lines: list[str] = []
    if headers:
        lines += headers + ["---"]
    lines += body
    if footers:
        lines += ["---"] + footers
    return "\n".join(lines).rstrip("\n") + "\n"


def docx_to_markdown(source: Path | bytes) -> str:
    """The Markdown (CommonMark + GFM tables) rendering of a `.docx`.

    Same structure as `docx_to_text`: headers and footers as blockquotes
    ("> Fascicolo ..."), separated from the body by `---` thematic breaks;
    "Title" -> "# ", "Heading N" (or outline level N-1) -> N+1 '#'; bold and
    italic runs as **...** and *...*; numbered items "N. " (with Word's number;
    "N) " for a list that directly follows another one, so they stay apart),
    bullets "- "; tables as pipe tables whose first row is the header; a line
    break inside a paragraph is a hard break (a trailing backslash). PAGE /
    NUMPAGES fields are rendered as "#". Raises ValueError if `source` is not a
    readable `.docx`.
    """
    document = _Document(_read_source(source))
    headers = [line for part in document.parts("header")
               for line in _md_separated(_md_lines(document.blocks(part)))]
    body = _md_lines(document.blocks(document.main))
    footers = [line for part in document.parts("footer")
               for line in _md_separated(_md_lines(document.blocks(part)))]
    lines: list[str] = []
    if headers:
        lines += [_quote(line) for line in _strip_blank(headers)] + ["", "---", ""]
    lines += body
    if footers:
        lines += ["", "---", ""] + [_quote(line) for line in _strip_blank(footers)]
    return "\n".join(_strip_blank(lines)) + "\n"


# --------------------------------------------------------------------------- model


@dataclass
class _Seg:
    """A piece of run text with the formatting Markdown shows."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class _Para:
    lines: list[list[_Seg]]
    heading: int | None = None  # Markdown level: 1 for Title, N+1 for Heading N
    kind: str | None = None  # "number" | "bullet" | None
    ilvl: int = 0
    label: str = ""  # the level text as Word shows it: "1.", "a)", "2.1."
    number: int = 0  # the counter of its own level (Markdown)
    list_id: str | None = None  # the w:numId

    def plain(self) -> list[str]:
        return ["".join(seg.text for seg in line).rstrip() for line in self.lines]

    @property
    def empty(self) -> bool:
        return not any(seg.text.strip() for line in self.lines for seg in line)


@dataclass
class _Cell:
    paragraphs: list[_Para]
    span: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]]


@dataclass
class _Field:
    instr: str = ""
    in_result: bool = False
    pagination: bool = False


# --------------------------------------------------------------------------- package


def _read_source(source: Path | bytes) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "the given bytes"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return path.read_bytes(), str(path)
        except OSError as error:
            raise ValueError(f"cannot read {path}: {error.strerror or error}") from error
    raise TypeError(f"expected a path or bytes, not {type(source).__name__}")


class _Document:
    """The parts of one `.docx` that the renderings need, parsed once."""

    def __init__(self, read: tuple[bytes, str]):
        data, self.name = read
        try:
            archive = open_package(data, shown=self.name)
        except DocumentError as error:
            raise ValueError(error.message) from error
        with archive:
            self._archive = archive
            self._names = set(archive.namelist())
            self.main = self._main_part()
            root = self._xml(self.main)
            if root is None or root.tag != W + "document":
                raise ValueError(f"{self.name} is not a .docx: {self.main} is not a "
                                 "WordprocessingML document (Strict OOXML is not supported)")
            self._roots: dict[str, etree._Element] = {self.main: root}
            self._rels: dict[str, dict[str, tuple[str, str]]] = {}
            main_rels = self.rels(self.main)
            self.styles = _Styles(self._related_root(main_rels, "/styles"))
            self.numbering = _Numbering(self._related_root(main_rels, "/numbering"), self.styles)
            self._sections = {kind: self._section_parts(root, main_rels, kind)
                              for kind in ("header", "footer")}
            for parts in self._sections.values():
                for part in parts:
                    self._roots[part] = self._xml(part)
        del self._archive

    def _read(self, name: str) -> bytes | None:
        if name not in self._names:
            return None
        try:
            return self._archive.read(name)
        except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, zlib.error,
                NotImplementedError) as error:
            raise ValueError(f"{self.name}: cannot read {name} from the archive: {error}") \
                from error

    def _xml(self, name: str) -> etree._Element | None:
        data = self._read(name)
        if data is None:
            return None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                                 remove_pis=True, huge_tree=True)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as error:
            raise ValueError(f"{self.name}: {name} is not well-formed XML: {error}") from error

    def _main_part(self) -> str:
        package_rels = self._xml("_rels/.rels")
        if package_rels is not None:
            for rel in package_rels.iter(PR + "Relationship"):
                if (rel.get("Type", "").endswith("/officeDocument")
                        and rel.get("TargetMode") != "External"):
                    target = _resolve("", rel.get("Target", ""))
                    if target in self._names:
                        return target
        if "word/document.xml" not in self._names:
            raise ValueError(f"{self.name} is not a .docx: word/document.xml is missing")
        return "word/document.xml"

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, resolved target part) of `part`."""
        if part not in self._rels:
            folder, base = posixpath.split(part)
            root = self._xml(posixpath.join(folder, "_rels", base + ".rels"))
            found: dict[str, tuple[str, str]] = {}
            if root is not None:
                for rel in root.iter(PR + "Relationship"):
                    if rel.get("TargetMode") == "External" or not rel.get("Id"):
                        continue
                    found[rel.get("Id")] = (rel.get("Type", ""),
                                            _resolve(folder, rel.get("Target", "")))
            self._rels[part] = found
        return self._rels[part]

    def _related_root(self, rels: dict[str, tuple[str, str]], type_suffix: str):
        for rel_type, target in rels.values():
            if rel_type.endswith(type_suffix):
                return self._xml(target)
        return None

    def _section_parts(self, root, rels, kind: str) -> list[str]:
        parts: list[str] = []
        for sect in root.iter(W + "sectPr"):
            if sect.getparent() is not None and sect.getparent().tag == W + "sectPrChange":
                continue
            refs: dict[str, str] = {}
            for ref in sect.findall(W + kind + "Reference"):
                refs.setdefault(ref.get(W + "type", "default"), ref.get(R + "id", ""))
            for ref_type in HEADER_ORDER:
                target = rels.get(refs.get(ref_type, ""), ("", ""))[1]
                if target and target in self._names and target not in parts:
                    parts.append(target)
        return parts

    def parts(self, kind: str) -> list[str]:
        """The distinct header or footer parts, in section order."""
        return self._sections[kind]

    def blocks(self, part: str) -> list[_Para | _Table]:
        root = self._roots.get(part)
        if root is None:
            return []
        container = root.find(W + "body") if root.tag == W + "document" else root
        return _Reader(self.styles, self.numbering).blocks(container)


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


# --------------------------------------------------------------------------- styles


def _val(element) -> str | None:
    return None if element is None else element.get(W + "val")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _on(element) -> bool | None:
    """The value of an on/off property element (None when absent)."""
    if element is None:
        return None
    return element.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


class _Styles:
    def __init__(self, root):
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.default_rpr = None
        if root is None:
            return
        for style in root.findall(W + "style"):
            style_id = style.get(W + "styleId")
            if style_id is None or style_id in self.by_id:
                continue
            self.by_id[style_id] = style
            if (style.get(W + "type") == "paragraph" and _on_attr(style.get(W + "default"))
                    and self.default_paragraph is None):
                self.default_paragraph = style_id
        self.default_rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the ones it is based on, nearest first."""
        found: list[etree._Element] = []
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            found.append(style)
            style_id = _val(style.find(W + "basedOn"))
        return found

    def name(self, style_id: str | None) -> str:
        if style_id is None:
            return ""
        style = self.by_id.get(style_id)
        name = _val(style.find(W + "name")) if style is not None else None
        return (name or style_id).strip().lower()

    def numpr(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, id of the style that sets numId) from the style chain."""
        num_id = ilvl = source = None
        for style in self.chain(style_id):
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is None:
                continue
            if num_id is None and numpr.find(W + "numId") is not None:
                num_id, source = _val(numpr.find(W + "numId")), style.get(W + "styleId")
            if ilvl is None:
                ilvl = _int(_val(numpr.find(W + "ilvl")))
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl, source

    def outline_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            level = _int(_val(style.find(f"{W}pPr/{W}outlineLvl")))
            if level is not None:
                return level
        return None

    def flag(self, tag: str, rpr, run_style: str | None, paragraph_style: str | None) -> bool:
        """Direct formatting, then the character style, paragraph style, defaults."""
        value = _on(rpr.find(W + tag)) if rpr is not None else None
        if value is not None:
            return value
        for style in self.chain(run_style) + self.chain(paragraph_style):
            value = _on(style.find(f"{W}rPr/{W}{tag}"))
            if value is not None:
                return value
        if self.default_rpr is not None:
            return bool(_on(self.default_rpr.find(W + tag)))
        return False


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


# --------------------------------------------------------------------------- numbering


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str | None
    start: int
    restart: int | None
    legal: bool


class _Numbering:
    def __init__(self, root, styles: _Styles):
        self.styles = styles
        self.abstracts: dict[str, etree._Element] = {}
        self.nums: dict[str, etree._Element] = {}
        self._levels: dict[tuple[str, int], _Level | None] = {}
        if root is None:
            return
        for abstract in root.findall(W + "abstractNum"):
            self.abstracts.setdefault(abstract.get(W + "abstractNumId"), abstract)
        for num in root.findall(W + "num"):
            self.nums.setdefault(num.get(W + "numId"), num)

    def abstract(self, num_id: str, depth: int = 0):
        num = self.nums.get(num_id)
        if num is None:
            return None
        abstract = self.abstracts.get(_val(num.find(W + "abstractNumId")))
        if abstract is None:
            return None
        link = _val(abstract.find(W + "numStyleLink"))
        if link is not None and depth < 8:
            linked_num = self.styles.numpr(link)[0]
            if linked_num is not None and linked_num != num_id:
                linked = self.abstract(linked_num, depth + 1)
                if linked is not None:
                    return linked
        return abstract

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        key = (num_id, ilvl)
        if key not in self._levels:
            self._levels[key] = self._level(num_id, ilvl)
        return self._levels[key]

    def _level(self, num_id: str, ilvl: int) -> _Level | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        start_override = lvl = None
        for override in num.findall(W + "lvlOverride"):
            if _int(override.get(W + "ilvl")) == ilvl:
                start_override = _int(_val(override.find(W + "startOverride")))
                lvl = override.find(W + "lvl")
        if lvl is None:
            abstract = self.abstract(num_id)
            if abstract is not None:
                lvl = next((candidate for candidate in abstract.findall(W + "lvl")
                            if _int(candidate.get(W + "ilvl")) == ilvl), None)
        if lvl is None:
            return None
        fmt_element = lvl.find(W + "numFmt")
        if fmt_element is None:
            fmt_element = lvl.find(f"{MC}AlternateContent/{MC}Fallback/{W}numFmt")
        start = start_override if start_override is not None else _int(_val(lvl.find(W + "start")))
        text_element = lvl.find(W + "lvlText")
        return _Level(fmt=_val(fmt_element) or "decimal",
                      text=_val(text_element) if text_element is not None else None,
                      start=start or 0,
                      restart=_int(_val(lvl.find(W + "lvlRestart"))),
                      legal=bool(_on(lvl.find(W + "isLgl"))))

    def level_of_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level of the list that is linked to a paragraph style (`w:pStyle`)."""
        abstract = self.abstract(num_id)
        if abstract is None or style_id is None:
            return None
        for lvl in abstract.findall(W + "lvl"):
            if _val(lvl.find(W + "pStyle")) == style_id:
                return _int(lvl.get(W + "ilvl"))
        return None


class _Counters:
    """The running list numbers of one part (per numId and level)."""

    def __init__(self, numbering: _Numbering):
        self.numbering = numbering
        self.values: dict[str, dict[int, int]] = {}

    def advance(self, num_id: str, ilvl: int) -> tuple[str, str, int] | None:
        """(kind, label, number) of the next item, or None if it shows no marker."""
        level = self.numbering.level(num_id, ilvl)
        if level is None:
            return None
        values = self.values.setdefault(num_id, {})
        values[ilvl] = values[ilvl] + 1 if ilvl in values else level.start
        for deeper in sorted(k for k in values if k > ilvl):
            deeper_level = self.numbering.level(num_id, deeper)
            restart_at = deeper if deeper_level is None or deeper_level.restart is None \
                else deeper_level.restart
            if restart_at and ilvl < restart_at:
                del values[deeper]
        if level.fmt == "bullet":
            return "bullet", "", 0
        label = self._label(num_id, ilvl, level, values).strip()
        if not label:
            return None
        return "number", label, values[ilvl]

    def _label(self, num_id: str, ilvl: int, level: _Level, values: dict[int, int]) -> str:
        text = level.text if level.text is not None else f"%{ilvl + 1}."

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            other = level if k == ilvl else self.numbering.level(num_id, k)
            value = values.get(k, other.start if other is not None else 0)
            fmt = "decimal" if level.legal and k != ilvl else (other.fmt if other else "decimal")
            return _format_number(value, fmt)

        return re.sub(r"%([1-9])", number, text)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("bullet", "none"):
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman, rest = "", value
        for amount, digits in _ROMAN:
            while rest >= amount:
                roman, rest = roman + digits, rest - amount
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)


# --------------------------------------------------------------------------- reading


class _Reader:
    """Turns the block-level XML of one part into paragraphs and tables."""

    def __init__(self, styles: _Styles, numbering: _Numbering):
        self.styles = styles
        self.numbering = numbering
        self.counters = _Counters(numbering)
        self.fields: list[_Field] = []

    def blocks(self, container) -> list[_Para | _Table]:
        found: list[_Para | _Table] = []
        if container is None:
            return found
        for child in container:
            if child.tag == W + "p":
                found.append(self.paragraph(child))
            elif child.tag == W + "tbl":
                found.append(self.table(child))
            elif child.tag == W + "sdt":
                found += self.blocks(child.find(W + "sdtContent"))
            elif child.tag in _BLOCK_CONTAINERS:
                found += self.blocks(child)
        return found

    def table(self, tbl) -> _Table:
        rows: list[list[_Cell]] = []
        for tr in _children(tbl, W + "tr"):
            cells = []
            for tc in _children(tr, W + "tc"):
                span = _int(_val(tc.find(f"{W}tcPr/{W}gridSpan"))) or 1
                cells.append(_Cell(self._cell_paragraphs(tc), max(span, 1)))
            rows.append(cells)
        return _Table(rows)

    def _cell_paragraphs(self, container) -> list[_Para]:
        """The cell's paragraphs in order, nested tables flattened into them."""
        found: list[_Para] = []
        for block in self.blocks(container):
            if isinstance(block, _Para):
                found.append(block)
            else:
                for row in block.rows:
                    for cell in row:
                        found += cell.paragraphs
        return found

    def paragraph(self, p) -> _Para:
        ppr = p.find(W + "pPr")
        style_id = _val(ppr.find(W + "pStyle")) if ppr is not None else None
        if style_id is None:
            style_id = self.styles.default_paragraph
        lines: list[list[_Seg]] = [[]]
        self._inline(p, lines, style_id)
        para = _Para(_trim_lines(lines), heading=self._heading(ppr, style_id))
        listed = self._list_of(ppr, style_id)
        if listed is not None:
            marker = self.counters.advance(*listed)
            if marker is not None:
                para.kind, para.label, para.number = marker
                para.list_id, para.ilvl = listed
        return para

    def _heading(self, ppr, style_id: str | None) -> int | None:
        name = self.styles.name(style_id)
        if name == "title":
            return 1
        match = re.fullmatch(r"heading\s*([1-9])", name)
        if match:
            return min(int(match.group(1)) + 1, 6)
        level = _int(_val(ppr.find(W + "outlineLvl"))) if ppr is not None else None
        if level is None:
            level = self.styles.outline_level(style_id)
        if level is not None and 0 <= level <= 8:
            return min(level + 2, 6)
        return None

    def _list_of(self, ppr, style_id: str | None) -> tuple[str, int] | None:
        num_id = ilvl = None
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr.find(W + "numId"))
            ilvl = _int(_val(numpr.find(W + "ilvl")))
        source = None
        if num_id is None or ilvl is None:
            style_num, style_ilvl, source = self.styles.numpr(style_id)
            if num_id is None:
                num_id = style_num
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.numbering.nums:
            return None
        if ilvl is None:
            ilvl = self.numbering.level_of_style(num_id, source or style_id) or 0
        return num_id, min(max(ilvl, 0), 8)

    # ---- runs

    def _inline(self, element, lines: list[list[_Seg]], style_id: str | None) -> None:
        for child in element:
            tag = child.tag
            if tag == W + "r":
                self._run(child, lines, style_id)
            elif tag in _INLINE_CONTAINERS:
                self._inline(child, lines, style_id)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self._inline(content, lines, style_id)
            elif tag == W + "fldSimple":
                if _is_pagination(child.get(W + "instr", "")):
                    first_run = child.find(W + "r")
                    _add(lines, PAGE_PLACEHOLDER, *self._format(first_run, style_id))
                else:
                    self._inline(child, lines, style_id)
            elif tag in (M + "oMath", M + "oMathPara"):
                _add(lines, "".join(t.text or "" for t in child.iter(M + "t")))

    def _format(self, run, style_id: str | None) -> tuple[bool, bool]:
        rpr = run.find(W + "rPr") if run is not None else None
        run_style = _val(rpr.find(W + "rStyle")) if rpr is not None else None
        return (self.styles.flag("b", rpr, run_style, style_id),
                self.styles.flag("i", rpr, run_style, style_id))

    def _run(self, run, lines: list[list[_Seg]], style_id: str | None) -> None:
        rpr = run.find(W + "rPr")
        hidden = rpr is not None and bool(_on(rpr.find(W + "vanish")))
        bold, italic = self._format(run, style_id)
        for child in run:
            tag = child.tag
            if tag == W + "fldChar":
                self._field_char(child.get(W + "fldCharType"), lines, bold, italic, hidden)
                continue
            if tag == W + "instrText":
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instr += child.text or ""
                continue
            if hidden or self._inside_code_or_pagination():
                continue
            if tag == W + "t":
                _add(lines, child.text or "", bold, italic)
            elif tag in (W + "tab", W + "ptab"):
                _add(lines, "\t", bold, italic)
            elif tag in (W + "br", W + "cr"):
                _add(lines, "\n", bold, italic)
            elif tag == W + "noBreakHyphen":
                _add(lines, "-", bold, italic)

    def _field_char(self, kind: str | None, lines, bold: bool, italic: bool, hidden: bool) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            current = self.fields[-1]
            visible = not self._inside_code_or_pagination(self.fields[:-1])
            current.in_result = True
            current.pagination = _is_pagination(current.instr)
            if current.pagination and visible and not hidden:
                _add(lines, PAGE_PLACEHOLDER, bold, italic)
        elif kind == "end" and self.fields:
            current = self.fields.pop()
            if not current.in_result and _is_pagination(current.instr) \
                    and not self._inside_code_or_pagination() and not hidden:
                _add(lines, PAGE_PLACEHOLDER, bold, italic)

    def _inside_code_or_pagination(self, fields: list[_Field] | None = None) -> bool:
        """Whether text here is a field code, or the result of a pagination field."""
        return any(not f.in_result or f.pagination
                   for f in (self.fields if fields is None else fields))


def _children(element, tag: str):
    """Direct children with `tag`, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _children(child, tag)


def _is_pagination(instr: str) -> bool:
    words = instr.split()
    return bool(words) and words[0].upper() in PAGINATION_FIELDS


def _add(lines: list[list[_Seg]], text: str, bold: bool = False, italic: bool = False) -> None:
    pieces = text.split("\n")
    for index, piece in enumerate(pieces):
        if index:
            lines.append([])
        if piece:
            lines[-1].append(_Seg(piece, bold, italic))


def _trim_lines(lines: list[list[_Seg]]) -> list[list[_Seg]]:
    """Drop blank lines at the start and end of a paragraph (breaks at its edges)."""
    filled = [i for i, line in enumerate(lines) if any(seg.text.strip() for seg in line)]
    return lines[filled[0]:filled[-1] + 1] if filled else []


# --------------------------------------------------------------------------- plain text

_BLANK = None  # a structural blank line, collapsed by _tidy


def _text_marker(para: _Para) -> str:
    if para.kind == "bullet":
        return "- "
    if para.kind == "number":
        return para.label + " "
    return ""


def _text_lines(blocks: list[_Para | _Table]) -> list[str | None]:
    out: list[str | None] = []
    for block in blocks:
        if isinstance(block, _Table):
            out.append(_BLANK)
            for row in block.rows:
                out.append(" | ".join(_text_cell(cell) for cell in row).rstrip())
            out.append(_BLANK)
            continue
        if block.empty:
            continue
        lines = block.plain()
        marker = _text_marker(block)
        if block.heading is not None:
            out.append(_BLANK)
            out.append(marker + lines[0])
            out += lines[1:]
            continue
        indent = "  " * block.ilvl if block.kind else ""
        out.append(indent + marker + lines[0])
        pad = indent + " " * len(marker)
        out += [pad + line if line else line for line in lines[1:]]
    return out


def _text_cell(cell: _Cell) -> str:
    texts = []
    for para in cell.paragraphs:
        if not para.empty:
            lines = [line.strip() for line in para.plain()]
            texts.append(_text_marker(para) + " / ".join(line for line in lines if line))
    return " / ".join(texts)


def _tidy(lines: list[str | None]) -> list[str]:
    """Collapse runs of structural blank lines and drop them at both ends."""
    out: list[str] = []
    pending = False
    for line in lines:
        if line is _BLANK:
            pending = bool(out)
            continue
        if pending:
            out.append("")
            pending = False
        out.append(line)
    return out


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"[*_`\[\]<~]|&(?=#?\w+;)")
_MD_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
_MD_ORDERED_START = re.compile(r"\d{1,9}(?=[.)])")


def _md_escape(text: str) -> str:
    text = _MD_BACKSLASH.sub(r"\\\\", text)
    return _MD_SPECIAL.sub(lambda match: "\\" + match.group(0), text)


def _md_block_escape(line: str) -> str:
    """Escape what would make a line start a heading, quote, list or break."""
    line = line.lstrip(" \t")
    match = _MD_ORDERED_START.match(line)
    if match:
        return line[:match.end()] + "\\" + line[match.end():]
    if line[:1] and line[0] in "#>+=-":
        return "\\" + line
    return line


def _wrap(text: str, marker: str) -> str:
    """`marker` around `text`, with its edge whitespace kept outside."""
    core = text.strip()
    if not core:
        return text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return text[:start] + marker + core + marker + text[end:]


def _md_inline(segs: list[_Seg], emphasis: bool = True) -> str:
    segs = [seg for seg in segs if seg.text]
    if not emphasis:
        return _md_escape("".join(seg.text for seg in segs))
    merged: list[_Seg] = []
    for index, seg in enumerate(segs):
        if not seg.text.strip():  # whitespace carries no emphasis of its own
            ref = merged[-1] if merged else next(
                (other for other in segs[index + 1:] if other.text.strip()), None)
            seg = _Seg(seg.text, ref.bold, ref.italic) if ref else _Seg(seg.text)
        if merged and (merged[-1].bold, merged[-1].italic) == (seg.bold, seg.italic):
            merged[-1] = _Seg(merged[-1].text + seg.text, seg.bold, seg.italic)
        else:
            merged.append(seg)
    out = []
    for bold, group in groupby(merged, key=lambda seg: seg.bold):
        inner = "".join(_wrap(_md_escape(seg.text), "*") if seg.italic else _md_escape(seg.text)
                        for seg in group)
        out.append(_wrap(inner, "**") if bold else inner)
    return "".join(out)


def _md_para_lines(para: _Para, emphasis: bool = True) -> list[str]:
    return [_md_inline(line, emphasis).rstrip() for line in para.lines]


def _hard_breaks(lines: list[str]) -> list[str]:
    return [line + "\\" if index < len(lines) - 1 else line for index, line in enumerate(lines)]


def _md_lines(blocks: list[_Para | _Table]) -> list[str]:
    out: list[str] = []
    previous_item = False
    stack: list[tuple[int, int]] = []  # (ilvl, content column) of the open list items
    # Last ordered list at each indentation of the current run of items: (numId,
    # delimiter). Adjacent items of two different lists would merge into one
    # Markdown list (losing the second one's numbers), so the delimiter switches.
    ordered: dict[int, tuple[str | None, str]] = {}
    for block in blocks:
        if isinstance(block, _Table):
            if not block.rows:
                continue
            if out:
                out.append("")
            out += _md_table(block)
            previous_item = False
            stack.clear()
            ordered.clear()
            continue
        if block.empty:
            continue
        item = block.kind is not None and block.heading is None
        if out and not (item and previous_item):
            out.append("")
        if block.heading is not None:
            text = " ".join(line.strip() for line in _md_para_lines(block, emphasis=False)
                            if line.strip())
            label = _md_escape(block.label) + " " if block.kind == "number" else ""
            out.append("#" * block.heading + " " + label + text)
            stack.clear()
            ordered.clear()
        elif item:
            while stack and stack[-1][0] >= block.ilvl:
                stack.pop()
            indent = stack[-1][1] if stack else 0
            for deeper in [column for column in ordered if column > indent]:
                del ordered[deeper]
            if block.kind == "bullet":
                ordered.pop(indent, None)
                marker = "- "
            else:
                list_id, delimiter = ordered.get(indent, (block.list_id, "."))
                if list_id != block.list_id:
                    delimiter = ")" if delimiter == "." else "."
                ordered[indent] = (block.list_id, delimiter)
                marker = f"{block.number}{delimiter} "
            stack.append((block.ilvl, indent + len(marker)))
            lines = _hard_breaks([_md_block_escape(line) for line in _md_para_lines(block)])
            out.append(" " * indent + marker + lines[0])
            out += [" " * (indent + len(marker)) + line for line in lines[1:]]
        else:
            stack.clear()
            ordered.clear()
            out += _hard_breaks([_md_block_escape(line) for line in _md_para_lines(block)])
        previous_item = item
    return out


def _md_cell(cell: _Cell) -> str:
    texts = []
    for para in cell.paragraphs:
        if para.empty:
            continue
        marker = _md_escape(_text_marker(para))
        lines = [line.strip() for line in _md_para_lines(para)]
        texts.append(marker + "<br>".join(line for line in lines if line))
    return "<br>".join(texts).replace("|", "\\|")


def _md_table(table: _Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row:
            cells += [_md_cell(cell)] + [""] * (cell.span - 1)
        rows.append(cells)
    width = max(1, max(len(cells) for cells in rows))
    rows = [cells + [""] * (width - len(cells)) for cells in rows]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return [line(rows[0]), "| " + " | ".join(["---"] * width) + " |"] + [line(r) for r in rows[1:]]


def _md_separated(lines: list[str]) -> list[str]:
    """One part's lines, followed by a blank line so parts stay separate blocks."""
    return lines + [""] if lines else []


def _strip_blank(lines: list[str]) -> list[str]:
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    end = len(lines)
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def _quote(line: str) -> str:
    return "> " + line if line else ">"
