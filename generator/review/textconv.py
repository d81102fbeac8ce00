"""The Git textconv driver that shows Word files as text in `git diff`, wherever Git runs.

`git config diff.docx.textconv 'fsegen totext'` works only where `fsegen` is on PATH:
inside an activated virtual environment, not in VS Code's Source Control or a Git GUI,
which print "fsegen: not found". So the driver names the full path of the interpreter
that runs fsegen now (`sys.executable`, not resolved: a virtual environment's python is
a link that must stay one), in isolated mode (`-I`: no PYTHONPATH, and the current
folder is not searched, so a folder named `generator` cannot stand in for fsegen).
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from generator import git
from generator.messages import _

DRIVER = "docx"
ATTRIBUTE = "*.docx diff=docx"
"""The .gitattributes line that sends Word files through the driver."""


@dataclass
class Installed:
    """What `install` did."""

    command: str
    scope: str
    settings: list[str] = field(default_factory=list)
    """The `git config` settings written, as `name = value`."""
    attributes: Path | None = None
    """The .gitattributes file the driver's line was added to, if it lacked it."""


def command(python: str | None = None) -> str:
    """The textconv command line: this interpreter's full path, `-I -m generator totext`."""
    interpreter = Path(python or sys.executable).absolute().as_posix()
    return f"{shlex.quote(interpreter)} -I -m generator totext"


def install(folder: Path, scope: str = "local", python: str | None = None) -> Installed:
    """Write the driver into the Git configuration of the repository holding `folder`
    (scope "local") or of the user ("global"), and make sure `folder/.gitattributes`
    sends *.docx through it (local scope only)."""
    folder = Path(folder)
    where = f"--{scope}"
    if scope == "local":
        git.output(folder, "rev-parse", "--git-dir",
                   what=_("{folder} is not inside a Git repository: run `git init` first, or install "
                          "the driver for every repository with --global", folder=str(folder.resolve())))
    done = Installed(command(python), scope)
    # Not diff.docx.cachetextconv: Git stores its cache as notes, which are commits, and
    # `git diff` then fails where no author identity is configured (a GUI, a CI runner).
    name = f"diff.{DRIVER}.textconv"
    git.output(folder, "config", where, name, done.command,
               what=_("cannot set {name} in the Git configuration", name=name))
    done.settings.append(f"{name} = {done.command}")
    if scope == "local":
        done.attributes = _attribute(folder / ".gitattributes")
    return done


def configured(folder: Path) -> str | None:
    """The textconv command Git uses in `folder` now (None when there is none)."""
    result = git.run(folder, "config", f"diff.{DRIVER}.textconv")
    return result.stdout.strip() or None if result.returncode == 0 else None


def _attribute(path: Path) -> Path | None:
    """Append ATTRIBUTE to the .gitattributes at `path` unless a line already routes *.docx."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if any(line.split()[:2] == ATTRIBUTE.split() for line in text.splitlines() if line.strip()):
        return None
    with path.open("a", encoding="utf-8") as stream:
        stream.write(("" if not text or text.endswith("\n") else "\n") + ATTRIBUTE + "\n")
    return path
