"""What one deliverable read of the content while it rendered, and where.

Templates, prose and phrases reach the content only through the views of
generator/context.py; each view tells the deliverable's `Recorder` what it read. That
record is what the lifecycle rules judge: which facts a deliverable speaks of (so a
warning about them concerns it), which facts it needs but finds empty (so it cannot be
final), which items dated after it, or ended before it, it names (anachronisms), and
which figures it shows are illustrative. Recording costs a dictionary insertion per
read, so the rules stay linear in what the deliverables print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.sources import KeyPath

Where = tuple | str
"""Where a read happened: the content path of a prose block, or a template's file name."""


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
    """The reads of one deliverable, each with the first place it happened."""

    document_id: str
    where: Where | None = None
    """Set by the renderer: the prose block or template being rendered now."""
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
