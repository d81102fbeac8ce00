"""Read the templates folder once per run: Word templates and Jinja sources, as data.

Rules check what the templates know (their section ids) and rendering fills them,
but neither opens a file: this module reads each template once, through the
bounded package reader, and hands out bytes and facts. Templates are untrusted
(they come by pull request): only plain file names of the folder are read, and a
symbolic link that leads out of it is refused.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import nodes

from generator.errors import DocumentError
from generator.limits import Limits
from generator.templating.memo import remembered
from generator.templating.package import open_package, read_part

PHRASES = "phrases.jinja"
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]*")
_SECTION_ID = re.compile(r"section\.id\s*==\s*(?:\"|'|&quot;|“|”)([a-z0-9_-]+)")


@dataclass(frozen=True)
class WordTemplate:
    """One Word template: its bytes, the text of its parts (tags kept) and what it places."""

    name: str
    shown: str
    """The path as the user names it (`templates/scheda.docx`), for findings."""
    data: bytes
    text: str
    """The text of every XML part of word/, markup removed: the Jinja tags survive."""

    @property
    def section_ids(self) -> list[str]:
        """The section ids the template places content for (`section.id == "budget"`)."""
        return list(dict.fromkeys(_SECTION_ID.findall(self.text)))

    @property
    def holes(self) -> Holes:
        """What the template prints in place of a missing fact (see `holes`)."""
        return holes(self.text, word=True)

    def holes_with(self, phrases: str) -> Holes:
        """Its stand-ins, the fixed macros of phrases.jinja (`phrases`, its source) included."""
        return holes(self.text, True, phrases)


@dataclass(frozen=True)
class Holes:
    """The stand-ins a template prints while a fact is missing: `{% if d.health_authority %}
    {{ d.health_authority.name }}{% else %}—{% endif %}` prints "—" while `health_authority`
    is empty; an `{% if %}` with no `{% else %}` only leaves an optional fact out."""

    fields: frozenset[str] = frozenset()
    """Field names tested by an `{% if %}` (or looped over by a `{% for %}`) whose `{% else %}`
    prints only fixed text: "—", or a sentence such as "Il cronoprogramma non è ancora definito"."""
    sentences: tuple[str, ...] = ()
    """The fixed sentences of those `{% else %}` branches (a dash is not a sentence)."""

    def __or__(self, other: Holes) -> Holes:
        return Holes(self.fields | other.fields, tuple(dict.fromkeys(self.sentences + other.sentences)))


_DOCXTPL_TAGS = re.compile(r"\{%-?\s*(?:p|tr|tc|r)\s")
_DOCXTPL_RICH = re.compile(r"\{\{-?\s*[rp]\s")


def word_jinja(text: str) -> str:
    """A Word template's text as plain Jinja, on one line (the XML indentation of styles and
    settings is most of a template's text): docxtpl's `{%p`, `{%tr` and `{{r` tags read as plain
    ones, entities and Word's curly quotes undone."""
    source = " ".join(html.unescape(text).split())
    source = _DOCXTPL_RICH.sub("{{ ", _DOCXTPL_TAGS.sub("{% ", source))
    return source.replace("“", '"').replace("”", '"')


@functools.lru_cache(maxsize=512)
def holes(source: str, word: bool = False, phrases: str = "") -> Holes:
    """The stand-ins of a Jinja source (a Word template's text when `word`: docxtpl's `{%p`,
    `{%tr` and `{{r` tags read as plain ones). A branch that only calls a macro of `phrases`
    (phrases.jinja's source) printing fixed text (`{{ phrases.senza_cronoprogramma() }}`)
    is a stand-in too. A source Jinja cannot parse has none: its syntax error is reported
    where it renders (the result is kept between runs: generator/templating/memo.py)."""
    return remembered("holes", json.dumps([source, word, phrases]), lambda: _holes(source, word, phrases),
                      lambda h: [sorted(h.fields), list(h.sentences)],
                      lambda data: Holes(frozenset(data[0]), tuple(data[1])))


def _holes(source: str, word: bool, phrases: str) -> Holes:
    if word:
        source = word_jinja(source)
    try:
        tree = jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError:
        return Holes()
    macros = _fixed_macros(phrases)
    fields: set[str] = set()
    sentences: list[str] = []
    for node in tree.find_all((nodes.If, nodes.For)):
        if not isinstance(node, (nodes.If, nodes.For)):  # (for the types: find_all says Stmt)
            continue
        text = _fixed_text(node.else_, macros)
        if not text:
            continue
        tests = [node.iter] if isinstance(node, nodes.For) else \
            [node.test] + [branch.test for branch in node.elif_]
        for test in tests:
            fields |= _tested_fields(test)
        if " " in text:
            sentences.append(text)
    return Holes(frozenset(fields), tuple(dict.fromkeys(sentences)))


@functools.lru_cache(maxsize=64)
def _fixed_macros(phrases: str) -> dict[str, str]:
    """The macros of phrases.jinja without arguments that print only fixed text, and that text."""
    try:
        tree = jinja2.Environment().parse(phrases)
    except jinja2.TemplateSyntaxError:
        return {}
    found = {macro.name: _fixed_text(macro.body, {}) for macro in tree.find_all(nodes.Macro)
             if not macro.args}
    return {name: text for name, text in found.items() if text}


def _fixed_text(body: list, macros: dict[str, str]) -> str:
    """The text of a branch made only of fixed text (or calls of fixed `phrases` macros),
    stripped; "" for any other branch."""
    parts = []
    for node in body:
        if not isinstance(node, nodes.Output):
            return ""
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                parts.append(child.data)
            elif (called := _macro_call(child)) is not None and called in macros:
                parts.append(macros[called])
            else:
                return ""
    return " ".join("".join(parts).split())


def _macro_call(node: nodes.Node) -> str | None:
    """`name` for `phrases.name()` called without arguments, else None."""
    if isinstance(node, nodes.Call) and not (node.args or node.kwargs) \
            and isinstance(node.node, nodes.Getattr) and isinstance(node.node.node, nodes.Name) \
            and node.node.node.name == "phrases":
        return node.node.attr
    return None


def _tested_fields(expression: nodes.Node) -> set[str]:
    """The fields an expression tests: the last name of each `a.b.c` or `a["c"]` in it."""
    if isinstance(expression, nodes.Getattr):
        return {expression.attr}
    if isinstance(expression, nodes.Getitem) and isinstance(expression.arg, nodes.Const):
        return {str(expression.arg.value)}
    found: set[str] = set()
    for child in expression.iter_child_nodes():
        found |= _tested_fields(child)
    return found


@dataclass
class TemplateSet:
    """What the templates folder holds, read once."""

    folder: Path
    word: dict[str, WordTemplate] = field(default_factory=dict)
    """Readable Word templates by file name (those the content uses)."""
    problems: dict[str, str] = field(default_factory=dict)
    """Template file name -> why it cannot be used (missing, unreadable, outside the folder)."""
    available: list[str] = field(default_factory=list)
    """Every .docx file name in the folder (for "did you mean")."""
    jinja: dict[str, str] = field(default_factory=dict)
    """Jinja sources (`phrases.jinja` and other `*.jinja`) by file name."""
    files: list[Path] = field(default_factory=list)
    """Every file read, for the manifest."""


def read_templates(folder: Path, names: set[str], limits: Limits = Limits()) -> TemplateSet:
    """The Word templates named (and every `*.jinja`) of `folder`, checked and read once."""
    folder = Path(folder)
    found = TemplateSet(folder)
    if folder.is_dir():
        found.available = sorted(p.name for p in folder.glob("*.docx") if p.is_file())
        for path in sorted(folder.glob("*.jinja")):
            if _plain(path.name) and is_inside(path, folder) and path.is_file():
                found.jinja[path.name] = path.read_text(encoding="utf-8")
                found.files.append(path)
    for name in sorted(names):
        path = folder / name
        if not (_plain(name) and path.is_file()):
            found.problems[name] = "missing"
        elif not is_inside(path, folder):
            found.problems[name] = f"{path} leads outside the templates folder {folder}"
        else:
            _read_word(found, name, path, limits)
    return found


def _read_word(found: TemplateSet, name: str, path: Path, limits: Limits) -> None:
    try:
        data = path.read_bytes()
        with open_package(data, limits, str(path)) as archive:
            text = " ".join(re.sub(r"<[^>]+>", "", read_part(archive, part, str(path))
                                   .decode("utf-8", "replace"))
                            for part in archive.namelist()
                            if part.startswith("word/") and part.endswith(".xml"))
    except (OSError, DocumentError) as error:
        found.problems[name] = getattr(error, "message", None) or f"cannot read {path}: {error}"
        return
    found.word[name] = WordTemplate(name, str(path), data, text)
    found.files.append(path)


def _plain(name: str) -> bool:
    return bool(_PLAIN_NAME.fullmatch(name)) and ".." not in name


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, symbolic links resolved, lies inside `folder`."""
    try:
        path.resolve().relative_to(Path(folder).resolve())
    except (ValueError, OSError):
        return False
    return True
