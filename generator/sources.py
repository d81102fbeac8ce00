"""Where every value of the content came from, and the `Finding` placed there.

Findings name the file and line an office can open; this module knows positions
and paths only (no YAML: the loader fills the map), so rules and templates can
place a finding without knowing how the content was read. It imports nothing of
ours: everything else may use it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

ERROR = "error"
WARNING = "warning"

KeyPath = tuple[str | int, ...]
"""A value's path from the content root: ('projects', 'ciao', 'districts', 0)."""


@dataclass(frozen=True)
class Finding:
    """One problem, located as precisely as we know it, with a way to fix it."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    hint: str | None = None
    severity: str = ERROR
    rule: str = "content"

    def location(self) -> str:
        """`file:line:column`, as much of it as is known."""
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Position:
    """Where a value sits in the content: file, 1-based line and column, scalar style."""

    file: str
    line: int
    column: int
    style: str | None = None


@dataclass
class SourceMap:
    """Positions of every key and value, by path from the content root."""

    positions: dict[KeyPath, Position] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    placeholders: set[KeyPath] = field(default_factory=set)
    """Paths whose value, as typed, is still to fill in (says DA COMPILARE): a date to fill in
    reaches the model as no date, or as one standing in, so only the typed text tells."""

    def locate(self, path: KeyPath) -> Position | None:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return None

    def finding(self, path: KeyPath, message: str, hint: str | None = None, **kwargs: Any) -> Finding:
        """A finding placed at `path`."""
        where = self.locate(path)
        return Finding(
            message=message,
            file=where.file if where else None,
            line=where.line if where else None,
            column=where.column if where else None,
            path=format_path(path),
            hint=hint,
            **kwargs,
        )


    def finding_in_text(self, path: KeyPath, text: str, index: int, message: str,
                        hint: str | None = None, **kwargs: Any) -> Finding:
        """A finding at character `index` of the multi-line string at `path`."""
        finding = self.finding(path, message, hint, **kwargs)
        where = self.locate(path)
        if where is None or finding.line is None:
            return finding
        offset = 1 if where.style in ("|", ">") else 0
        line = where.line + offset + text.count("\n", 0, index)
        return replace(finding, line=line, column=None)


def parse_path(text: str) -> KeyPath:
    """('projects', 'ciao', 'districts', 0) from `projects.ciao.districts[0]` (format_path's inverse)."""
    path: list[str | int] = []
    for part in text.split("."):
        name, *indexes = part.split("[")
        if name:
            path.append(name)
        path.extend(int(index.rstrip("]")) if index.rstrip("]").isdigit() else index.rstrip("]")
                    for index in indexes)
    return tuple(path)


def format_path(path: KeyPath) -> str:
    """`projects.ciao.districts[0]` from ('projects', 'ciao', 'districts', 0)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
