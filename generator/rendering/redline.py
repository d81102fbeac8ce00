"""Two renderings of one deliverable -> the newer `.docx` "con revisioni" (tracked changes).

Both files come from one Word template, so their bodies are sequences of the same kinds
of blocks, aligned here with difflib rather than by a generic comparer: blocks match by
text and run formatting, a changed paragraph is diffed word by word (each piece keeps the
`w:rPr` of its run), a new paragraph style is a `w:pPrChange`, a changed table is diffed
row by row, then cell by cell (a cell is a small body). Deleted content is copied into the
newer file, which keeps its styles, numbering, headers, footers and settings. Nothing is
printed; unusable inputs raise `RedlineError`.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from typing import NamedTuple

from docx.oxml import OxmlElement
from lxml import etree

from generator.errors import FsegenError
from generator.messages import _
from generator.rendering import wordml
from generator.rendering.docx import reproducible_zip
from generator.rendering.wordml import W_NS, w

__all__ = ["RedlineError", "tracked_changes"]

WORD = re.compile(r"\w+|\s+|[^\w\s]")  # tokens: words, blanks, single punctuation marks
CUTOFF = 0.5  # blocks at least this similar (difflib ratio) are one block changed
WHOLE = 0.3  # below this, a paragraph is shown deleted and retyped, not interleaved
MAX_PAIRING = 2500  # larger changed regions (old x new blocks) are not searched for pairs
SPECIAL = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n"}
NOT_CONTENT = {w("rPr"), w("lastRenderedPageBreak")}
TRACKED = [w(t) for t in ("ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange",
                           "trPrChange", "tblPrChange", "tcPrChange", "cellIns", "cellDel")]
OUTER_RUNS = etree.XPath(".//w:r[not(ancestor::w:r)]", namespaces={"w": W_NS})  # not text boxes


class RedlineError(FsegenError):
    """The two files cannot be compared (not .docx files, not from the same template...)."""


def tracked_changes(old: bytes, new: bytes, *, author: str, date: datetime) -> bytes:
    """The `new` .docx with every difference from `old` as a tracked change.

    `author` and `date` go on every change (an aware `date` is written in UTC, a
    naive one as given); the same inputs always give the same bytes.
    """
    import docx  # like docxtpl in rendering.docx: only callers pay the import

    old_doc, new_doc = _open(docx, old, "older"), _open(docx, new, "newer")
    _check_comparable(old_doc, new_doc)
    redliner = _Redliner(old_doc, new_doc, author, date)
    redliner.container(old_doc.element.body, new_doc.element.body)
    if not wordml.carry_lists(old_doc, new_doc):
        raise RedlineError(_("the older document has lists but the newer one has no list definitions: "
                             "they were not made from the same Word template"))
    buffer = io.BytesIO()
    new_doc.save(buffer)
    return reproducible_zip(buffer.getvalue())


def _open(docx, data: bytes, which: str):
    """A python-docx Document, or a RedlineError saying which input is unusable."""
    try:
        if "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist():
            return docx.Document(io.BytesIO(data))
    except Exception as error:  # zip, XML and content-type errors of many kinds
        raise RedlineError(_("the {which} file is not a readable Word .docx: {error}", which=which,
                             error=str(error))) from error
    raise RedlineError(_("the {which} file is not a Word .docx (no word/document.xml)", which=which))


def _check_comparable(old_doc, new_doc) -> None:
    """Refuse inputs that already hold revisions, or that come from different templates."""
    for which, doc in (("older", old_doc), ("newer", new_doc)):
        if next(doc.element.body.iter(*TRACKED), None) is not None:
            raise RedlineError(_("the {which} document already has tracked changes: accept or reject "
                                 "them before comparing", which=which))
    used = {e.get(w("val")) for e in old_doc.element.body.iter(
        w("pStyle"), w("rStyle"), w("tblStyle"))}
    defined = {s.get(w("styleId")) for s in new_doc.styles.element.iter(w("style"))}
    if missing := sorted(used - defined - {None}):
        raise RedlineError(
            _("the two documents were not made from the same Word template: the newer one does not "
              "define the style(s) {join} that the older one uses", join=', '.join(missing)))


class _Token(NamedTuple):  # a word, blank or other piece (tab, break...) of a paragraph
    key: tuple  # text (or element) and run formatting: bold/italic count
    text: str
    run: etree._Element  # the run it came from, for its w:rPr
    element: etree._Element | None = None  # None for text, else the run child it stands for


@dataclass
class _Item:  # a block (paragraph, table) or a table row
    element: etree._Element
    kind: str  # pairs only with the same kind: paragraph style, table columns, row cells
    key: tuple
    text: str
    tokens: list[_Token] = field(default_factory=list)


def _outer_runs(element) -> list:
    return [element] if element.tag == w("r") else OUTER_RUNS(element)


def _tokens(paragraph) -> list[_Token]:
    tokens = []
    for run in _outer_runs(paragraph):
        style = wordml.signature(run.find(w("rPr")))
        for child in run:
            if not isinstance(child.tag, str) or child.tag in NOT_CONTENT:
                continue
            if child.tag == w("t"):
                tokens += [_Token((p, style), p, run) for p in WORD.findall(child.text or "")]
            else:
                special = SPECIAL.get(child.tag, "")
                tokens.append(_Token((wordml.signature(child), style), special, run, child))
    return tokens


def _items(container) -> list[_Item]:
    """The paragraphs and tables of a body or cell, in order."""
    items = []
    for child in container:
        if child.tag == w("p"):
            tokens = _tokens(child)
            style = child.find(f"{w('pPr')}/{w('pStyle')}")
            kind = "p:" + ("" if style is None else style.get(w("val"), ""))
            items.append(_Item(child, kind, ("p", *(t.key for t in tokens)),
                               "".join(t.text for t in tokens), tokens))
        elif child.tag == w("tbl"):
            rows = [_row(tr) for tr in child.findall(w("tr"))]
            columns = len(child.findall(f"{w('tblGrid')}/{w('gridCol')}"))
            items.append(_Item(child, f"tbl{columns}", ("tbl", *(r.key for r in rows)),
                               "\n".join(r.text for r in rows)))
    return items


def _row(tr) -> _Item:
    cells = [_items(tc) for tc in tr.findall(w("tc"))]
    text = "\t".join("\n".join(i.text for i in cell) for cell in cells)
    return _Item(tr, f"tr{len(cells)}", tuple(tuple(i.key for i in c) for c in cells), text)


Pairs = list[tuple[_Item | None, _Item | None]]  # None on one side: deleted or inserted


def _align(olds: list[_Item], news: list[_Item]) -> Pairs:
    """(old, new) pairs in document order: equal blocks first, then the changed regions."""
    matcher = SequenceMatcher(None, [o.key for o in olds], [n.key for n in news], autojunk=False)
    pairs: Pairs = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs += zip(olds[i1:i2], news[j1:j2]) if tag == "equal" else _pair(olds[i1:i2],
                                                                            news[j1:j2])
    return pairs


def _pair(olds: list[_Item], news: list[_Item], scores: dict | None = None) -> Pairs:
    """Pair a changed region: in place when it has the same shape, else most similar first
    (then the same on each side of that pair, as difflib.Differ does with lines)."""
    if len(olds) == len(news) and all(o.kind == n.kind for o, n in zip(olds, news)):
        return list(zip(olds, news))
    unpaired: Pairs = [(o, None) for o in olds] + [(None, n) for n in news]
    if scores is None:
        if len(olds) * len(news) > MAX_PAIRING:
            return unpaired
        scores = {(id(o), id(n)): _similarity(o, n) for o in olds for n in news}
    best, i, j = max(((scores[id(o), id(n)], i, j) for i, o in enumerate(olds)
                      for j, n in enumerate(news)), default=(0.0, 0, 0), key=lambda s: s[0])
    if best <= CUTOFF:
        return unpaired
    return (_pair(olds[:i], news[:j], scores) + [(olds[i], news[j])]
            + _pair(olds[i + 1:], news[j + 1:], scores))


def _similarity(old: _Item, new: _Item) -> float:
    """Text similarity of two blocks of one kind; tables of one shape always qualify."""
    if old.kind != new.kind:
        return 0.0
    matcher = SequenceMatcher(None, old.text, new.text)
    if old.kind.startswith("tbl"):
        return 0.6 + 0.4 * matcher.quick_ratio()
    return matcher.ratio() if matcher.quick_ratio() > CUTOFF else 0.0


def _word_opcodes(old: list[_Token], new: list[_Token]) -> list[tuple]:
    """difflib opcodes on tokens; blanks or punctuation between two changes join them."""
    matcher = SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False)
    if matcher.ratio() < WHOLE:
        return [("replace", 0, len(old), 0, len(new))]
    ops = matcher.get_opcodes()
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        blank = all(t.element is None and not re.search(r"\w", t.text) for t in old[i1:i2])
        if tag == "equal" and not (blank and 0 < index < len(ops) - 1):
            merged.append([tag, i1, i2, j1, j2])
        elif merged and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append(["replace", i1, i2, j1, j2])
    return [tuple(op) for op in merged]


def _place(element, rest: Pairs, container) -> None:
    """Put a copied old element before the next new one, or at the end of its container."""
    anchor = next((n.element for _, n in rest if n is not None), None)
    if anchor is not None:
        anchor.addprevious(element)
    else:
        wordml.insert_before(container, element, (w("sectPr"),))


class _Redliner:
    """Writes tracked changes into the newer document, numbering them from one counter."""

    def __init__(self, old_doc, new_doc, author: str, date: datetime):
        self.old_doc, self.new_doc, self.author = old_doc, new_doc, author
        stamp = date if date.tzinfo is None else date.astimezone(UTC)
        self.date = stamp.strftime("%Y-%m-%dT%H:%M:%S") + ("" if date.tzinfo is None else "Z")
        ids = [int(v) for e in new_doc.element.body.iter() if (v := e.get(w("id"), "")).isdigit()]
        self.ids = itertools.count(max(ids, default=0) + 1)  # bookmarks share the id space

    def mark(self, tag: str):
        """A new `w:ins` or `w:del` with author, date and a unique id."""
        return OxmlElement(f"w:{tag}", {w("id"): str(next(self.ids)),
                                        w("author"): self.author, w("date"): self.date})

    def unpaired(self, pairs: Pairs, parent, mark) -> None:
        """Mark what is only new as inserted, and copy in what is only old, marked deleted."""
        for index, (old, new) in enumerate(pairs):
            if old is None and new is not None:  # (a pair has one side at least)
                mark(new.element, "ins")
            elif new is None and old is not None:
                element = self.adopt(old.element)
                _place(element, pairs[index + 1:], parent)
                mark(element, "del")

    def container(self, old_el, new_el) -> None:
        """Diff a body or a table cell: blocks aligned, then each pair compared."""
        pairs = _align(_items(old_el), _items(new_el))
        self.unpaired(pairs, new_el, self.block)
        for (old, new), following in zip(pairs, [*pairs[1:], (None, None)]):
            if old is not None and new is not None and old.kind[:2] == new.kind[:2] == "p:":
                self.properties(old.element, new.element)
            if old is None or new is None or old.key == new.key:
                continue
            if old.kind.startswith("p:"):
                self.paragraph(old, new, following[0] is None and following[1] is not None
                               and following[1].kind.startswith("p:"))
            else:
                self.table(old.element, new.element)
        last = next((c for c in reversed(new_el) if c.tag in (w("p"), w("tbl"))), None)
        for mark in [] if last is None else last.findall(f"{w('pPr')}/{w('rPr')}/*"):
            if mark.tag in (w("ins"), w("del")):  # the last mark of a body or cell stays
                mark.getparent().remove(mark)

    def table(self, old_tbl, new_tbl) -> None:
        """A changed table: rows aligned by text, paired rows diffed cell by cell."""
        pairs = _align([_row(tr) for tr in old_tbl.findall(w("tr"))],
                       [_row(tr) for tr in new_tbl.findall(w("tr"))])
        self.unpaired(pairs, new_tbl, self.row)
        for old, new in pairs:
            if old is not None and new is not None and old.key != new.key:
                for cells in zip(old.element.findall(w("tc")), new.element.findall(w("tc"))):
                    self.container(*cells)

    def block(self, element, kind: str) -> None:
        """A whole paragraph (runs and paragraph mark) or table (every row) inserted or deleted."""
        if element.tag == w("tbl"):
            for tr in element.findall(w("tr")):
                self.row(tr, kind)
            return
        self.wrap_runs(element, kind)
        ppr = wordml.child(element, "pPr")
        wordml.child(ppr, "rPr", (w("sectPr"), w("pPrChange"))).insert(0, self.mark(kind))

    def row(self, tr, kind: str) -> None:
        """A table row inserted or deleted (`w:trPr/w:ins|del`) with its cell text."""
        trpr = tr.find(w("trPr"))
        if trpr is None:  # first, or after a w:tblPrEx
            trpr = OxmlElement("w:trPr")
            tr.insert(1 if len(tr) and tr[0].tag == w("tblPrEx") else 0, trpr)
        wordml.insert_before(trpr, self.mark(kind), (w("trPrChange"),))
        self.wrap_runs(tr, kind)

    def wrap_runs(self, element, kind: str) -> None:
        """Put every run under `element` in its own `w:ins`/`w:del` (deleted text: delText)."""
        for run in _outer_runs(element):
            wrapper = self.mark(kind)
            run.addprevious(wrapper)
            wrapper.append(run)
            if kind == "del":
                _as_deleted(run)

    def paragraph(self, old: _Item, new: _Item, end_with_deletion: bool = False) -> None:
        """A changed paragraph, word by word, each piece with its own run formatting.

        LibreOffice merges an insertion that ends a paragraph with an inserted paragraph
        right after it, and rejecting that joins the two paragraphs; so such a paragraph
        (`end_with_deletion`) ends with its deletion: "lavoro;~~.~~", not "lavoro~~.~~;".
        """
        paragraph = new.element
        if any(c.tag not in (w("pPr"), w("r")) for c in (*old.element, *paragraph)):
            return self.replace_whole(old.element, paragraph)  # hyperlinks, fields...
        for child in [c for c in paragraph if c.tag != w("pPr")]:
            paragraph.remove(child)
        ops = _word_opcodes(old.tokens, new.tokens)
        if end_with_deletion and len(ops) > 1 and ops[-1][1] == ops[-1][2]:  # only inserts
            (_op, a1, a2, b1, b2), (*_rest, j2) = ops[-2:]  # retype the last equal token
            ops[-2:] = [("equal", a1, a2 - 1, b1, b2 - 1), ("replace", a2 - 1, a2, b2 - 1, j2)]
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                paragraph.extend(self.runs(new.tokens[j1:j2], deleted=False))
                continue
            changes = [("del", old.tokens[i1:i2]), ("ins", new.tokens[j1:j2])]
            for kind, tokens in changes[::-1] if end_with_deletion else changes:
                if tokens:
                    wrapper = self.mark(kind)
                    wrapper.extend(self.runs(tokens, deleted=kind == "del"))
                    paragraph.append(wrapper)

    def replace_whole(self, old_p, new_p) -> None:
        """Old content all deleted, new all inserted, for paragraphs beyond plain runs."""
        self.wrap_runs(new_p, "ins")
        start = 1 if len(new_p) and new_p[0].tag == w("pPr") else 0
        for offset, child in enumerate(c for c in old_p if c.tag != w("pPr")):
            element = self.adopt(child)
            new_p.insert(start + offset, element)
            self.wrap_runs(element, "del")

    def runs(self, tokens: list[_Token], deleted: bool) -> list:
        """New runs for consecutive tokens, one per source run, with its `w:rPr`."""
        runs = []
        for source, group in itertools.groupby(tokens, key=lambda t: t.run):
            run = OxmlElement("w:r")
            if (rpr := source.find(w("rPr"))) is not None:
                run.append(copy.deepcopy(rpr))
            for is_text, pieces in itertools.groupby(group, key=lambda t: t.element is None):
                if is_text:
                    run.append(wordml.text("".join(t.text for t in pieces)))
                else:
                    run.extend(self.adopt(t.element) if deleted else copy.deepcopy(t.element)
                               for t in pieces if t.element is not None)  # (all: not text)
            if deleted:
                _as_deleted(run)
            runs.append(run)
        return runs

    def properties(self, old_p, new_p) -> None:
        """A new style or layout of a paragraph: `w:pPrChange` holding the old `w:pPr`."""
        old_ppr = old_p.find(w("pPr"))
        if _layout(old_ppr) == _layout(new_p.find(w("pPr"))):
            return
        before = OxmlElement("w:pPr")
        before.extend(self.adopt(c) for c in (() if old_ppr is None else old_ppr)
                      if c.tag not in (w("rPr"), w("sectPr")))
        change = self.mark("pPrChange")
        change.append(before)
        wordml.child(new_p, "pPr").append(change)

    def adopt(self, element):
        """A copy of old content for the newer file: no section break, relationships carried."""
        element = copy.deepcopy(element)
        for sect in [s for s in element.iter(w("sectPr")) if s.getparent().tag == w("pPr")]:
            sect.getparent().remove(sect)
        if lost := wordml.carry_relationships(element, self.old_doc.part, self.new_doc.part):
            raise RedlineError(_("deleted content of the older document refers to {lost}, which is "
                                 "neither a link nor an image and cannot be carried over", lost=lost[0]))
        return element


def _layout(ppr) -> tuple:
    """What a reader sees of paragraph properties (not list ids: fsegen renumbers lists)."""
    return () if ppr is None else tuple(
        ("numPr", wordml.signature(c.find(w("ilvl")))) if c.tag == w("numPr")
        else wordml.signature(c) for c in ppr if c.tag not in (w("rPr"), w("sectPr")))


def _as_deleted(run) -> None:
    """Deleted text lives in `w:delText` (and field codes in `w:delInstrText`)."""
    for element in run.iter(w("t"), w("instrText")):
        element.tag = w("delText") if element.tag == w("t") else w("delInstrText")
