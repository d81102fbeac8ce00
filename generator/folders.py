"""Where a programme's content, templates and outputs live, and the output formats.

Kept apart from the pipeline so that the command line can name them without
importing it (`fsegen --help` stays fast).
"""

from __future__ import annotations

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
