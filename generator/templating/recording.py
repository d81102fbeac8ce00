"""What one deliverable read of the content while it rendered, and where: one record, two uses.

Templates, prose and phrases reach the content only through the views of
generator/context/views.py, and each view tells the `Recorder` of the deliverable being
rendered what it read. The record serves:

- the incremental build (generator/pipeline/cache.py): `keys`, the items, collections and totals
  touched (`("item", "projects", "ciao")`, `("members", "events", "2020-03-01")`, `("totals",)`),
  whose hashes say whether the deliverable may be reused;
- the rules of a programme's life (generator/checks/): which facts it speaks of, where
  (`reads`: so a warning about them concerns it), which facts it needs but finds empty
  (so it cannot be final), which items dated after it, or ended before it, it names
  (anachronisms), and which figures it shows are illustrative.

Recording costs a set and a dictionary insertion per read, so the rules stay linear in
what the deliverables print. The record of a deliverable reused from the cache is stored
with it (`as_json`, `from_json`), so the rules judge it without rendering it again.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.messages import Message
from generator.sources import KeyPath

Read = tuple[str, ...]
"""What a cache entry depends on: ("item", "projects", "ciao"), ("members", "projects"), ("totals",)..."""

Where = KeyPath | str
"""Where a read happened: the content path of a prose block, or a template's file name."""

StoredWhere = list[str | int] | str
"""`Where` as JSON stores it (a list for a path)."""


@dataclass
class Anachronism:
    """An item a deliverable names that is dated after it, or ended before it."""

    where: Where
    item: KeyPath
    message: str
    """What is wrong, in the deliverable's terms ("cites the workshop of 21/06/2021")."""
    story: KeyPath | None = None
    """For an item that ended: the field that tells its end; reading it makes the mention right."""


@dataclass
class Recorder:
    """The reads of one deliverable (or of what every deliverable shares)."""

    document_id: str = ""
    """The document rendered ("" for the shared phrases and network: no lifecycle notes)."""
    where: Where | None = None
    """Set by the renderer: the prose block or template being rendered now."""
    keys: set[Read] = field(default_factory=set)
    """What the cache keys the deliverable on."""
    reads: dict[KeyPath, Where] = field(default_factory=dict)
    """Every field read (`('projects', 'ciao', 'lead')`), with where it was first read."""
    empty: dict[KeyPath, Where] = field(default_factory=dict)
    """Facts the content must give before the deliverable is final, read while empty."""
    illustrative: dict[KeyPath, Where] = field(default_factory=dict)
    """Budgets marked `illustrative` whose figures the deliverable read."""
    anachronisms: dict[KeyPath, Anachronism] = field(default_factory=dict)
    """Items dated after the deliverable, or ended before it, that it names."""

    def read(self, path: KeyPath) -> None:
        self.reads.setdefault(path, self.where or "")

    def speaks_of(self, path: KeyPath) -> bool:
        """Whether the deliverable read `path`, something inside it, or something it is inside."""
        prefixes = self._prefixes()
        return path in prefixes or any(path[:size] in self.reads for size in range(1, len(path)))

    def _prefixes(self) -> set[KeyPath]:
        cached = getattr(self, "_prefix_cache", None)
        if cached is None or cached[0] != len(self.reads):
            cached = (len(self.reads), {path[:size] for path in self.reads
                                        for size in range(1, len(path) + 1)})
            self._prefix_cache = cached
        return cached[1]

    def as_json(self) -> dict[str, Any]:
        """The lifecycle part of the record, as JSON (a cache entry keeps it)."""
        return {"document_id": self.document_id,
                "reads": [[list(p), _where(w)] for p, w in self.reads.items()],
                "empty": [[list(p), _where(w)] for p, w in self.empty.items()],
                "illustrative": [[list(p), _where(w)] for p, w in self.illustrative.items()],
                "anachronisms": [[_where(a.where), list(a.item),
                                  a.message.dump() if isinstance(a.message, Message) else a.message,
                                  list(a.story) if a.story is not None else None]
                                 for a in self.anachronisms.values()]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Recorder:
        """The record `as_json` stored (its cache keys are the entry's own)."""
        recorder = cls(str(data["document_id"]))
        for name in ("reads", "empty", "illustrative"):
            getattr(recorder, name).update((tuple(p), _unwhere(w)) for p, w in data[name])
        for where, item, message, story in data["anachronisms"]:
            recorder.anachronisms[tuple(item)] = Anachronism(
                _unwhere(where), tuple(item), Message.load(message),
                tuple(story) if story is not None else None)
        return recorder


def _where(where: Where) -> StoredWhere:
    return list(where) if isinstance(where, tuple) else where


def _unwhere(where: StoredWhere) -> Where:
    return tuple(where) if isinstance(where, list) else where


_CURRENT: contextvars.ContextVar[Recorder | None] = contextvars.ContextVar("fsegen_recorder",
                                                                          default=None)


def current() -> Recorder | None:
    """The recorder of the deliverable being rendered, if any."""
    return _CURRENT.get()


def record(*reads: Read) -> None:
    """Note what the deliverable being rendered depends on (for incremental builds)."""
    recorder = _CURRENT.get()
    if recorder is not None:
        recorder.keys.update(reads)


@contextlib.contextmanager
def recording(recorder: Recorder | None = None) -> Iterator[Recorder]:
    """Collect every read of the content made inside the block into `recorder` (a new one by
    default): the deliverable's dependencies, and what the lifecycle rules judge.

    Every way a template reaches the content goes through a view, a collection or a
    tracked container of generator/context/views.py, so the record is complete; a build reuses a
    deliverable only if none of its keys changed."""
    recorder = recorder if recorder is not None else Recorder()
    token = _CURRENT.set(recorder)
    try:
        yield recorder
    finally:
        _CURRENT.reset(token)
