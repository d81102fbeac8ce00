"""Where a programme's content, templates and outputs live, and the output formats.

Kept apart from the pipeline so that the command line can name them without
importing it (`fsegen --help` stays fast).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("docx", "pdf", "md")
"""Output formats: Word, PDF/A-2b (through LibreOffice), Markdown."""


@dataclass(frozen=True)
class Folders:
    """Where a programme's content, templates and outputs live."""

    content: Path = Path("content")
    templates: Path = Path("templates")
    out: Path = Path("output")
    sent: Path | None = None
    """The archive of sent deliverables; by default `sent/` beside the content folder."""

    @property
    def archive(self) -> Path:
        """Where sent deliverables are archived (committed with the content, never built into)."""
        return self.sent if self.sent is not None else Path(self.content).parent / "sent"


def cache_home() -> Path:
    """Where fsegen keeps what it can recompute (compiled templates, the record of builds):
    the user's cache folder, never the programme's, because a programme's files arrive by
    pull request and a cache must not be something a pull request can plant.
    `FSEGEN_CACHE_DIR` overrides it."""
    override = os.environ.get("FSEGEN_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fsegen"
