"""Prose in a small Markdown subset -> paragraphs of styled runs.

markdown-it-py's token stream maps one to one onto what a Word document has:
paragraphs, runs (bold, italic) and list items. Raw HTML is off, so a `<` in
prose stays text. Anything outside the subset (headings, links, tables, code,
nested lists) is refused with the line it is on, because a deliverable cannot
show it faithfully.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from generator.messages import _

PARAGRAPH = "paragraph"
BULLET = "bullet"
NUMBER = "number"
HEADING = "heading"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    """One paragraph of a deliverable: a style and its runs."""

    style: str
    runs: list[Run] = field(default_factory=list)
    list_id: int | None = None
    """Paragraphs of one list share an id, so numbering restarts per list."""
    source: tuple = field(default=(), compare=False, repr=False)
    """Where it comes from, as key paths into the content: the prose or list block (or the
    section title of a heading), then, for a list entry, the item it phrases; () if unknown.
    The live preview shows it; it never reaches a .docx."""
    line: int | None = field(default=None, compare=False, repr=False)
    """Its 0-based line within its prose block, as the parser met it."""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class ProseError(ValueError):
    """Prose uses Markdown outside the supported subset."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
# Backslash escapes and entities stay literal text ("13.3\\2020\\36", "&amp;"); the
# other constructs stay recognised so that they can be refused, not shown as markup.
_PARSER.disable(["escape", "entity"], ignoreInvalid=True)

_ALLOWED = {
    "paragraph_open", "paragraph_close", "inline", "bullet_list_open", "bullet_list_close",
    "ordered_list_open", "ordered_list_close", "list_item_open", "list_item_close",
}

_list_counter = iter(range(1, 1 << 30))

_PROTECTED = "\\`*_[]()!<>#+-.|~=:&{}"
_TO_PRIVATE = {ord(c): 0xFDD0 + i for i, c in enumerate(_PROTECTED)}
_FROM_PRIVATE = {v: k for k, v in _TO_PRIVATE.items()}
"""Markdown's punctuation, mapped to Unicode noncharacters U+FDD0... (which the loader refuses
in content, so they can only come from here) while a fact sits in prose being parsed."""


def protect(text: str) -> str:
    """A fact made inert for the Markdown parser: `PONTI *bis*` stays text, not emphasis."""
    return text.translate(_TO_PRIVATE)


def restore(text: str) -> str:
    """The fact as it was, once the parser has placed it."""
    return text.translate(_FROM_PRIVATE)


PROTECTED = re.compile(f"[{chr(0xFDD0)}-{chr(0xFDD0 + len(_PROTECTED) - 1)}]")
"""A mark still protected: what a macro's Markdown keeps when a filter made it plain text."""


def new_list_id() -> int:
    """A fresh id for a list (numbering restarts at each)."""
    return next(_list_counter)


def parse_prose(text: str) -> list[Paragraph]:
    """Paragraphs of `text`; raises ProseError (with a 0-based line) for unsupported Markdown."""
    paragraphs: list[Paragraph] = []
    lists: list[tuple[str, int]] = []
    for token in _PARSER.parse(text):
        line = token.map[0] if token.map else None
        if token.type not in _ALLOWED:
            raise ProseError(_("Markdown {markup!r} is not supported in prose",
                               markup=token.markup or token.type),
                             line)
        if token.type in ("bullet_list_open", "ordered_list_open"):
            if lists:
                raise ProseError(_("nested lists are not supported in prose"), line)
            lists.append((BULLET if token.type == "bullet_list_open" else NUMBER, new_list_id()))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            style, list_id = lists[-1] if lists else (PARAGRAPH, None)
            paragraphs.append(Paragraph(style, parse_inline_tokens(token.children or [], line),
                                        list_id, line=line))
    return paragraphs


def parse_inline(text: str) -> list[Run]:
    """Runs of one line of inline Markdown (bold, italic), as phrases produce."""
    runs: list[Run] = []
    for paragraph in parse_prose(text):
        if runs:
            runs.append(Run(" "))
        runs.extend(paragraph.runs)
    return runs


def parse_inline_tokens(children: list, line: int | None) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    for child in children:
        if child.type == "text":
            _append(runs, Run(restore(child.content), bold, italic))
        elif child.type == "softbreak":
            _append(runs, Run(" ", bold, italic))
        elif child.type == "hardbreak":
            _append(runs, Run("\n", bold, italic))
        elif child.type in ("strong_open", "strong_close"):
            bold = child.type == "strong_open"
        elif child.type in ("em_open", "em_close"):
            italic = child.type == "em_open"
        else:
            raise ProseError(_("Markdown {markup!r} is not supported in prose",
                               markup=child.markup or child.type),
                             line)
    return runs


def _append(runs: list[Run], run: Run) -> None:
    """Merge with the previous run when formatting is equal (fewer Word runs)."""
    if not run.text:
        return
    if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
        runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic)
    else:
        runs.append(run)
