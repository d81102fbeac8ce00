"""What several rules share: prose blocks with their paths, typed text, rendered outputs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from generator.errors import Finding
from generator.model import Content, Document, item_output
from generator.sources import KeyPath, SourceMap
from generator.templating.recording import Recorder, Where
from generator.templating.templates import Holes

P = TypeVar("P")


@dataclass
class Rendered:
    """A rendered deliverable as output rules see it."""

    id: str
    document_id: str
    document: Document
    text: str
    """What it prints, as plain text: its template's parts as rendered, read the same way
    whether the Word file was built or only evaluated (generator/rendering/printed.py)."""
    reads: Recorder | None = None
    """What it read of the content, where it did."""
    holes: Holes | None = None
    """The stand-ins its template, phrases and prose print for missing facts."""
    template: str | None = None
    """The template's file name as the user names it (`templates/scheda.docx`)."""
    status: str = "bozza"
    """The status it is judged by: bozza, definitivo (also while being sent) or inviato."""
    shown: str | None = None
    """The Word file's text as read back (`fsegen totext`), when one was made this run or kept
    from the last: what the archive of a sent deliverable is compared with."""


def prose_blocks(content: Content, only: str | None = None, output: str | None = None
                 ) -> Iterator[tuple[str, KeyPath, str]]:
    """(document id, path, source) of every prose block of every document (or of `only`),
    those every file prints and those of one item's file (`for_item`): with `output`, only
    those that file prints."""
    for doc_id, document in content.documents.items():
        if only is not None and doc_id != only:
            continue
        base: KeyPath = ("documents", doc_id)
        for index, block in enumerate(document.intro):
            if isinstance(block, str):
                yield doc_id, base + ("intro", index), block
        for number, section in enumerate(document.sections):
            for index, block in enumerate(section.body):
                if isinstance(block, str):
                    yield doc_id, base + ("sections", number, "body", index), block
            for item, blocks in section.for_item.items():
                if output is not None and output != item_output(doc_id, item):
                    continue
                for index, block in enumerate(blocks):
                    if isinstance(block, str):
                        yield doc_id, base + ("sections", number, "for_item", item, index), block


def typed_text(source: str) -> str:
    """Prose with its `{{ }}`/`{% %}` parts blanked (same length, so offsets hold):
    what a person typed, as opposed to facts drawn from the data."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}",
                  lambda m: re.sub(r"[^\n]", " ", m.group()), source, flags=re.DOTALL)


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """A count in English that agrees: "1 project", "4 projects", "0 projects"."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def block_source(content: Content, path: KeyPath) -> str | None:
    """The prose of the block at `path` (`documents.<id>.sections[0].body[1]`), if it is prose."""
    node: Any = content
    for part in path:
        try:
            node = node[part] if isinstance(part, int) or isinstance(node, dict) else getattr(node, part)
        except (KeyError, IndexError, AttributeError):
            return None
    return node if isinstance(node, str) else None


def place(content: Content, sources: SourceMap, item: Rendered, where: Where | None, needles: list[str],
          message: str, hint: str) -> Finding:
    """A finding where a deliverable said something: at the line of the first of `needles` in
    the prose block `where` (or its first line), in the template file `where`, or at the
    document when nothing better is known."""
    if isinstance(where, tuple) and where:
        source = block_source(content, where)
        if source is not None:
            found = [source.find(n) for n in needles if n and n in source]
            return sources.finding_in_text(where, source, min(found) if found else 0, message, hint)
        return sources.finding(where, message, hint)
    if isinstance(where, str) and where:
        return Finding(message, file=where, path=f"documents.{item.document_id}", hint=hint)
    return sources.finding(("documents", item.document_id), message, hint)


def typed_mention(content: Content, document_id: str, needle: str, output: str | None = None
                  ) -> tuple[KeyPath, str, int] | None:
    """(block path, source, index) of the first place the document's prose (that file `output`
    prints) types `needle` by hand (outside `{{ }}`), or None when the text came from the data
    or the template."""
    for doc_id, path, source in prose_blocks(content, only=document_id, output=output):
        index = typed_text(source).find(needle)
        if index >= 0 and doc_id == document_id:
            return path, source, index
    return None


class _Node(Generic[P]):
    """A word of the trie: the words that may follow it, and the names that end with it."""

    __slots__ = ("next", "names")

    def __init__(self) -> None:
        self.next: dict[str, _Node[P]] = {}
        self.names: list[tuple[str, P]] = []


class NameIndex(Generic[P]):
    """Names to look for in rendered text, found in one pass: at each word, the longest name
    that starts there and ends at a word boundary (so "Comuni Insieme" inside "Asc Comuni
    Insieme" is not a separate mention). The names are a trie of their words, so a position
    costs the length of the longest name, not the number of names: linear in the text,
    however many bodies share a first word ("Azienda", "Comune di")."""

    def __init__(self, names: Mapping[str, P]):
        self._root: _Node[P] = _Node()
        for name, payload in names.items():
            words = [w.casefold() for w in _WORD.findall(name)]
            if not words or len(name) < 3:
                continue
            node = self._root
            for word in words:
                node = node.next.get(word) or node.next.setdefault(word, _Node())
            node.names.append((name, payload))

    def __bool__(self) -> bool:
        return bool(self._root.next)

    def find(self, line: str) -> Iterator[tuple[int, str, P]]:
        """(position, name, payload) of each name mentioned in `line`, left to right."""
        words = list(_WORD.finditer(line))
        covered = 0
        for index, word in enumerate(words):
            start = word.start()
            if start < covered or (start and line[start - 1].isalnum()):
                continue
            found = self._longest(line, words, index)
            if found is not None:
                yield start, found[0], found[1]
                covered = start + len(found[0])

    def _longest(self, line: str, words: list[re.Match[str]], index: int) -> tuple[str, P] | None:
        start = words[index].start()
        node, best = self._root, None
        for word in words[index:]:
            following = node.next.get(word.group().casefold())
            if following is None:
                break
            node = following
            for name, payload in node.names:
                end = start + len(name)
                if line.startswith(name, start) and (end == len(line) or not line[end].isalnum()):
                    best = (name, payload)
        return best


_WORD = re.compile(r"\w+")
