"""The requirement line that installs this very fsegen elsewhere (in a programme's CI).

A programme repository pins the fsegen it is built with in `requirements.txt`, so CI
builds with the version the office uses (the same content gives the same files). How to
name it depends on how fsegen was installed here, which pip records (PEP 610,
`direct_url.json`): from a Git address, the same address at the same commit; from a
package index, `fsegen==<version>`; from a local folder, which CI cannot reach, the
version with a note saying what to write instead.
"""

from __future__ import annotations

import json
from importlib import metadata

from generator import __version__

DISTRIBUTION = "fsegen"
REQUIREMENTS_NAME = "requirements.txt"

HEADER = """\
# The fsegen this programme is built with. CI installs it (.github/workflows/fsegen.yml):
#   pip install -r requirements.txt
# Install the same on your computer (pipx install, or pip in a virtual environment), and
# change this line to move the programme to another fsegen.
"""


def requirement() -> tuple[str, str | None]:
    """(requirement line, note): the note says why the line may not install in CI."""
    try:
        installed = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return f"{DISTRIBUTION}=={__version__}", (
            "fsegen runs here from its source folder, not as an installed package: "
            f"edit {REQUIREMENTS_NAME} so that CI can install it")
    direct = installed.read_text("direct_url.json")
    if not direct:  # from a package index
        return f"{DISTRIBUTION}=={installed.version}", None
    return _direct(json.loads(direct), installed.version)


def _direct(info: dict, version: str) -> tuple[str, str | None]:
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info") or {}
    remote = url.startswith(("https://", "http://", "ssh://", "git+"))
    if vcs and remote:
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else ""), None
    if remote:
        return f"{DISTRIBUTION} @ {url}", None
    return f"{DISTRIBUTION}=={version}", (
        f"fsegen was installed here from {url}, which CI cannot reach: in {REQUIREMENTS_NAME}, "
        "replace `fsegen==" + version + "` by where CI can install it, such as "
        "`fsegen @ git+https://<host>/<owner>/fsegen@<tag or commit>`")


def requirement_file() -> tuple[str, str | None]:
    """The text of a programme's requirements.txt, and the note to show (if any)."""
    line, note = requirement()
    warning = f"# NOTE: {note}\n" if note else ""
    return HEADER + warning + line + "\n", note
