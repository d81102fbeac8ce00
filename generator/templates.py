"""Read the templates folder once per run: Word templates and Jinja sources, as data.

Rules check what the templates know (their section ids) and rendering fills them,
but neither opens a file: this module reads each template once, through the
bounded package reader, and hands out bytes and facts. Templates are untrusted
(they come by pull request): only plain file names of the folder are read, and a
symbolic link that leads out of it is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import DocumentError
from generator.limits import Limits
from generator.package import open_package, read_part

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


def read_templates(folder: Path, names: set[str], limits: Limits | None = None) -> TemplateSet:
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
            _read_word(found, name, path, limits or Limits.from_environ())
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
