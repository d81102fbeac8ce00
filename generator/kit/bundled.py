"""The files fsegen carries with it: the Word templates, the example and the starter kit.

The repository's `templates/` and `content/` (the Milan example) are the one source:
the wheel installs them as `generator/_templates` and `generator/_example`
(setuptools package-dir mapping in pyproject.toml), and an editable install or a
checkout reads them where they are. The starter kit (skeleton content, CI workflow)
lives in `generator/kit/skeleton/` either way. Nothing here is a hand-kept copy.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import ToolError
from generator.messages import _

PACKAGE = Path(__file__).resolve().parents[1]
"""The generator package (the wheel installs the templates and the example in it)."""

TEMPLATES = ("_templates", "templates")
"""(folder in the wheel, folder in the repository) of the Word templates and phrases.jinja."""
EXAMPLE = ("_example", "content")
"""(folder in the wheel, folder in the repository) of the example's content."""
MONITORING = ("_monitoring", "monitoring")
"""(folder in the wheel, folder in the repository) of the example's monitoring spreadsheet and
its mapping (`fsegen import monitoring monitoring/monitoraggio-esempio.xlsx`)."""

SKELETON = Path(__file__).resolve().parent / "skeleton"
"""The starter kit: commented content with no programme's prose, and the CI workflow."""
WORKFLOW = SKELETON / "github-workflow.yml"
"""The GitHub Actions workflow `fsegen init` writes to .github/workflows/fsegen.yml."""


def folder(which: tuple[str, str]) -> Path:
    """The installed folder of TEMPLATES or EXAMPLE: in the wheel, or in the repository for
    an editable install (recognised by the pyproject.toml beside the package)."""
    packaged, source = which
    installed = PACKAGE / packaged
    if installed.is_dir():
        return installed
    checkout = PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / source).is_dir():
        return checkout / source
    raise ToolError(_("this installation of fsegen has no {source}/ folder ({installed} is missing): "
                      "reinstall it (pipx reinstall fsegen, or pip install --force-reinstall fsegen)",
                      source=source, installed=str(installed)))


def files(root: Path) -> list[Path]:
    """Every file under `root`, relative to it, sorted (no caches, no hidden files)."""
    return sorted(path.relative_to(root) for path in root.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts
                  and not any(part.startswith(".") for part in path.relative_to(root).parts))
