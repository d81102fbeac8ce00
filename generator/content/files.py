"""Which files are a programme's content, and how findings name them.

Content arrives by pull request, so it is read like the templates are: only regular YAML
files that lie inside the content folder once symbolic links are resolved (a link to a
file elsewhere, `~/.ssh/config.yaml` say, is refused and named), never from the folders
a link leads to.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import Finding
from generator.messages import _

SUFFIXES = (".yaml", ".yml")


def content_files(content_dir: Path) -> tuple[list[Path], list[Finding]]:
    """The content's YAML files, in order, and a finding for each that leads outside it."""
    root = content_dir.resolve()
    inside, outside = [], []
    for path in sorted(p for p in content_dir.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        if path.resolve().is_relative_to(root):
            inside.append(path)
        else:
            outside.append(Finding(_("{file} is a link to {target}, outside the content folder {folder}",
                                     file=display(path), target=str(path.resolve()), folder=str(content_dir)),
                                   file=display(path),
                                   hint=_("copy the file into the content folder instead of linking it")))
    return inside, outside


def display(file: Path) -> str:
    """A file as findings name it: relative to the current folder when inside it."""
    try:
        return str(file.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(file)
