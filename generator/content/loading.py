"""YAML files under `content/` -> a validated `Content`, with file:line for every problem.

PyYAML is used only to parse: we walk its node tree ourselves so that every value
keeps its position, duplicate keys and aliases are refused (PyYAML would keep the
last duplicate silently, and aliases allow expansion bombs), and every string is
normalised (NFC) and checked for control characters before anything sees it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, get_origin

import yaml

from generator.content.files import content_files, display
from generator.content.syntax import character_finding, describe_character, why_not_a_date, yaml_hint
from generator.content.validation import validate
from generator.errors import ContentError, Finding, Findings
from generator.messages import _
from generator.model import Content, is_placeholder
from generator.sources import KeyPath, Position, SourceMap, format_path

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML refuses in a file (its reader would stop with no line): found first, with line."""
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)}
                             | {f"lpt{i}" for i in range(10)})
"""Names Windows gives to devices, whatever the extension: no output may be called so."""
MAX_DEPTH = 40
"""Deepest nesting of mappings and lists a content file may have (real files use 6)."""
DOCUMENTS_FOLDER = "documents"


@dataclass
class Loaded:
    """Validated content and where each of its values came from."""

    content: Content
    sources: SourceMap
    root: Path


class _Loader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases (and so anchors' expansion) and deep nesting."""

    depth = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        event = self.peek_event()
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, _("alias *{anchor} is not allowed: write the value out in full",
                              anchor=event.anchor), event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, _("nesting deeper than {depth} levels is not allowed", depth=MAX_DEPTH),
                event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Problem(Exception):
    """A file that cannot be read at all: its findings, and nothing else of it."""

    def __init__(self, *findings: Finding):
        self.findings = findings


def load_content(content_dir: Path) -> Loaded:
    """Read, merge and validate every YAML file under `content_dir`."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ContentError(
            [Finding(_("content folder {folder} does not exist", folder=str(content_dir)),
                     hint=_("run fsegen in a programme folder (`fsegen init` starts one), or pass "
                            "--content PATH"))]
        )
    findings = Findings()
    sources = SourceMap()
    data: dict[str, Any] = {}
    first: dict[KeyPath, Position | None] = {}  # where each top-level key and item was first defined
    files, outside = content_files(content_dir)
    findings.items.extend(outside)
    if not files and not outside:
        findings.add(Finding(_("no .yaml files in {folder}", folder=str(content_dir)),
                             hint=_("add programme.yaml and documents/<id>.yaml")))
    for file in files:
        shown = display(file)
        sources.files.append(file)
        try:
            document_id = _document_id(file, content_dir)
            prefix: KeyPath = (DOCUMENTS_FOLDER, document_id) if document_id else ()
            value = _parse(file, shown, prefix, sources, findings)
        except _Problem as problem:
            findings.items.extend(problem.findings)
            continue
        if value is None and not document_id:
            continue
        if document_id:
            _add_document(data.setdefault(DOCUMENTS_FOLDER, {}), document_id, value, shown, findings)
            continue
        if not isinstance(value, dict):
            findings.add(Finding(_("a content file must be a mapping of keys, not a {kind}",
                                   kind=type(value).__name__),
                                 file=shown, line=1, hint=_("start the file with a key such as `projects:`")))
            continue
        _merge(data, value, shown, sources, findings, first)
    findings.raise_if_errors()
    content = validate(data, sources, findings)
    findings.raise_if_errors()
    assert content is not None  # validate gives None only with an error, raised just above
    return Loaded(content=content, sources=sources, root=content_dir)


def _add_document(documents: dict, document_id: str, value: Any, shown: str,
                  findings: Findings) -> None:
    """One file of content/documents/: a document, once, as a mapping."""
    if document_id in documents:
        findings.add(Finding(_("document {id!r} is defined by two files", id=document_id), file=shown,
                             hint=_("keep one of documents/{id}.yaml and documents/{id}.yml",
                                    id=document_id)))
    elif not isinstance(value, dict):
        findings.add(Finding(
            _("a document file must be a mapping of keys (title, template, date...), but it is empty")
            if value is None else _("a document file must be a mapping of keys (title, template, "
                                    "date...), not a {kind}", kind=type(value).__name__),
            file=shown, line=1, hint=_("see content/documents/ of the example")))
    else:
        documents[document_id] = value


def _document_id(file: Path, content_dir: Path) -> str | None:
    relative = file.relative_to(content_dir)
    if relative.parts[0] != DOCUMENTS_FOLDER:
        return None
    if len(relative.parts) != 2 or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", file.stem):
        raise _Problem(Finding(
            _("document file name {name} is not a valid document id", name=str(relative)),
            file=display(file),
            hint=_("name each document content/documents/<id>.yaml with lowercase letters, "
                   "digits, '-' and '_' (the id becomes the output file name)")))
    if file.stem in WINDOWS_RESERVED:
        raise _Problem(Finding(
            _("document id {id!r} is a name Windows reserves for a device: {id}.docx could not be "
              "opened there", id=file.stem), file=display(file),
            hint=_("rename the file (for example documents/allegato-con.yaml)")))
    return file.stem


def parse_yaml(text: str, shown: str) -> tuple[Any, SourceMap]:
    """YAML that is not content (an import mapping, the YAML an import writes) -> plain data
    and the position of every value, read with the same care as content; ContentError with
    file and line for any problem."""
    findings = Findings()
    sources = SourceMap()
    try:
        value = _parse_text(text, shown, (), sources, findings)
    except _Problem as problem:
        findings.items.extend(problem.findings)
        value = None
    findings.raise_if_errors()
    return value, sources


def _parse(file: Path, shown: str, prefix: KeyPath, sources: SourceMap, findings: Findings) -> Any:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise _Problem(Finding(_("not UTF-8 text: {reason} at byte {byte}", reason=error.reason,
                                 byte=error.start),
                               file=shown, hint=_("save the file as UTF-8"))) from error
    return _parse_text(text, shown, prefix, sources, findings)


def _parse_text(text: str, shown: str, prefix: KeyPath, sources: SourceMap,
                findings: Findings) -> Any:
    bad = list(UNPRINTABLE.finditer(text.removeprefix("\ufeff")))
    if bad:
        offset = 1 if text.startswith("\ufeff") else 0
        raise _Problem(*(character_finding(text, match.start() + offset, shown) for match in bad[:5]))
    if "*" in text:
        _refuse_aliases(text, shown)
    loader = _new_loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context
        if error.context_mark is not None and "end of stream" in str(problem):
            mark = error.context_mark  # where the unclosed quote or block began
            problem = f"{problem} {error.context}"
        raise _Problem(Finding(
            _("YAML syntax: {problem}", problem=problem),
            file=shown,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint=yaml_hint(str(problem), text, mark),
        )) from error
    except yaml.YAMLError as error:
        raise _Problem(Finding(_("YAML: {problem}", problem=str(error)), file=shown)) from error
    finally:
        loader.dispose()
    if node is None:
        return None
    return _Builder(loader, shown, sources, findings).value(node, prefix)


def _refuse_aliases(text: str, shown: str) -> None:
    """The first alias of a file, refused where it is written (libyaml would expand it)."""
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader if yaml.__with_libyaml__ else _Loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                assert mark is not None  # every event the parser gives has its place
                raise _Problem(Finding(
                    _("YAML syntax: alias *{anchor} is not allowed: write the value out in full",
                      anchor=event.anchor),
                    file=shown, line=mark.line + 1, column=mark.column + 1,
                    hint=_("anchors and aliases (&name, *name, <<) are not supported in content")))
    except yaml.YAMLError:
        return  # a syntax error: reported with its line when the file is composed


def _new_loader(text: str) -> Any:
    """libyaml's loader where PyYAML has it (ten times faster), else the pure-Python one."""
    return yaml.CSafeLoader(text) if getattr(yaml, "__with_libyaml__", False) else _Loader(text)


class _Builder:
    """Plain data from a YAML node tree, every value's position recorded, aliases and deep
    nesting refused (libyaml shares the node of an alias: a node met twice is one)."""

    def __init__(self, loader: Any, shown: str, sources: SourceMap, findings: Findings):
        self.loader, self.shown, self.sources, self.findings = loader, shown, sources, findings
        self.seen: set[int] = set()

    def value(self, node: yaml.Node, path: KeyPath, depth: int = 0) -> Any:
        mark = node.start_mark
        here = Position(self.shown, mark.line + 1, mark.column + 1, getattr(node, "style", None))
        self.sources.positions.setdefault(path, here)
        if not isinstance(node, yaml.ScalarNode):
            if id(node) in self.seen or depth > MAX_DEPTH:
                problem = (_("an alias (*name) is not allowed: write the value out in full")
                           if id(node) in self.seen else
                           _("nesting deeper than {depth} levels is not allowed", depth=MAX_DEPTH))
                self.findings.add(Finding(_("YAML syntax: {problem}", problem=problem), file=self.shown,
                                          line=here.line, column=here.column))
                return None
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        value = _scalar(node, self.loader, self.shown, self.findings)
        if is_placeholder(node.value):
            self.sources.placeholders.add(path)
        return _clean_text(value, here, path, self.findings) if isinstance(value, str) else value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, self.loader, self.shown, self.findings)
            mark = key_node.start_mark
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                if key is not None or isinstance(key_node, yaml.ScalarNode):
                    self.findings.add(Finding(_("key {key!r} is not text", key=key), file=self.shown,
                                              line=mark.line + 1, column=mark.column + 1,
                                              hint=_("write keys as plain words")))
                continue
            if key in result:
                first = self.sources.positions.get(path + (key,))
                self.findings.add(Finding(
                    _("duplicate key {key!r}", key=key), file=self.shown, line=mark.line + 1,
                    column=mark.column + 1, path=format_path(path + (key,)),
                    hint=_("it is already defined on line {line}; keep one of the two (YAML would "
                           "silently keep the last)", line=first.line if first else "?")))
                continue
            self.sources.positions[path + (key,)] = Position(
                self.shown, mark.line + 1, mark.column + 1, getattr(value_node, "style", None))
            result[key] = self.value(value_node, path + (key,), depth + 1)
        return result


def _scalar(node: yaml.Node, loader: Any, shown: str, findings: Findings) -> Any:
    mark = node.start_mark
    if not isinstance(node, yaml.ScalarNode):
        findings.add(Finding(_("a key must be a plain value"), file=shown, line=mark.line + 1,
                             column=mark.column + 1,
                             hint=_("a value that starts with {{ or [ is read as YAML, not as text: "
                                    "quote the whole value (title: \"{{{{ programme.title }}}}\"), or "
                                    "write it as a block with |")))
        return None
    if node.tag == "tag:yaml.org,2002:float":
        # Exact, as written: 0.1 stays 0.1 and 120.000 keeps its three decimals (money checks it).
        return Decimal(node.value.replace("_", "").lower().replace(".inf", "Infinity")
                       .replace(".nan", "NaN"))
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as error:
        findings.add(Finding(_("YAML: {problem}", problem=str(error.problem)), file=shown, line=mark.line + 1,
                             column=mark.column + 1,
                             hint=_("remove the tag (!!...): content holds plain values only")))
    except (ValueError, OverflowError) as error:  # an impossible date: 2020-02-30
        findings.add(Finding(_("not a date: {value} ({why})", value=node.value,
                               why=why_not_a_date(node.value, error)),
                             file=shown, line=mark.line + 1, column=mark.column + 1,
                             hint=_("write an existing date as YYYY-MM-DD")))
    return None


def _clean_text(value: str, here: Position, path: KeyPath, findings: Findings) -> str:
    """NFC-normalise, and refuse control characters (they corrupt Word headers)."""
    bad = CONTROL_CHARACTERS.search(value)
    if bad:
        line = here.line + value.count("\n", 0, bad.start()) + (1 if here.style in ("|", ">") else 0)
        findings.add(Finding(
            _("text contains the control character {character}", character=describe_character(bad.group())),
            file=here.file, line=line, path=format_path(path),
            hint=_("delete it; in double-quoted YAML strings an escape such as \\x0b or \\f produces one")))
    return unicodedata.normalize("NFC", value)


def _merge(data: dict, value: dict, shown: str, sources: SourceMap, findings: Findings,
           first: dict[KeyPath, Position | None]) -> None:
    """Merge one file's top-level keys; collections may be split across files. `first` keeps
    where each key and item was first defined, so that a second definition names both files."""
    for key, item in value.items():
        where = sources.positions.get((key,))
        if key == DOCUMENTS_FOLDER:
            findings.add(Finding(
                _("documents are not defined in this file"), file=shown,
                line=where.line if where else None,
                hint=_("put each document in its own file content/documents/<id>.yaml")))
            continue
        if key not in data:
            data[key] = item
            first[(key,)] = where
            if isinstance(item, dict) and key in _COLLECTIONS:
                first.update({(key, item_id): sources.positions.get((key, item_id)) for item_id in item})
            continue
        if isinstance(item, dict) and isinstance(data[key], dict) and key in _COLLECTIONS:
            for item_id, entry in item.items():
                here = sources.positions.get((key, item_id))
                if item_id in data[key]:
                    twice = format_path((key, item_id))
                    findings.add(Finding(
                        _("{path} is defined twice: here and in {other}", path=twice,
                          other=_place(first.get((key, item_id)))),
                        file=shown, line=here.line if here else None, path=twice,
                        hint=_("each id must be unique across all content files: keep one of the two, "
                               "or give one another id")))
                else:
                    data[key][item_id] = entry
                    first[(key, item_id)] = here
            continue
        findings.add(Finding(
            _("top-level key {key!r} is defined in more than one file: here and in {other}", key=key,
              other=_place(first.get((key,)))), file=shown,
            line=where.line if where else None,
            hint=_("keep each top-level key in one file (collections of ids may be split)")))


def _place(where: Position | None) -> str:
    return f"{where.file}:{where.line}" if where is not None else "?"


_COLLECTIONS = {
    name for name, info in Content.model_fields.items() if get_origin(info.annotation) is dict
}
