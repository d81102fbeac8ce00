"""The requirement line that installs this very fsegen elsewhere (in a programme's CI).

A programme repository pins the fsegen it is built with in `requirements.txt`, so CI
builds with the version the office uses (the same content gives the same files). How to
name it depends on how fsegen was installed here, which pip records (PEP 610,
`direct_url.json`): from a Git address, the same address at the same commit; from a
package index, `fsegen==<version>`; from a clone of fsegen's repository (`pipx install .`),
the address of the clone's `origin` at the commit installed, which CI can install once
that commit is pushed; from any other local folder, which CI cannot reach, the version with
a note saying what to write instead.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from generator import __version__, git
from generator.errors import ToolError
from generator.messages import Message, _

DISTRIBUTION = "fsegen"
REQUIREMENTS_NAME = "requirements.txt"

HEADER = """\
# The fsegen this programme is built with. CI installs it (.github/workflows/fsegen.yml):
#   pip install -r requirements.txt
# Install the same on your computer (pipx install, or pip in a virtual environment), and
# change this line to move the programme to another fsegen.
"""


def requirement() -> tuple[str, Message | None]:
    """(requirement line, note): the note says why the line may not install in CI."""
    try:
        installed = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return f"{DISTRIBUTION}=={__version__}", _(
            "fsegen runs here from its source folder, not as an installed package: edit {file} so "
            "that CI can install it", file=REQUIREMENTS_NAME)
    direct = installed.read_text("direct_url.json")
    if not direct:  # from a package index
        return f"{DISTRIBUTION}=={installed.version}", None
    return _direct(json.loads(direct), installed.version)


def _direct(info: dict, version: str) -> tuple[str, Message | None]:
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info") or {}
    remote = url.startswith(("https://", "http://", "ssh://", "git+"))
    if vcs and remote:
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else ""), None
    if remote:
        return f"{DISTRIBUTION} @ {url}", None
    if url.startswith("file://"):
        found = from_clone(Path(unquote(urlparse(url).path)))
        if found is not None:
            return found
    return f"{DISTRIBUTION}=={version}", _(
        "fsegen was installed here from {url}, which CI cannot reach: in {file}, replace `fsegen=={version}` "
        "by where CI can install it, such as `fsegen @ git+https://<host>/<owner>/fsegen@<tag or commit>`",
        url=url, file=REQUIREMENTS_NAME, version=version)


def from_clone(folder: Path) -> tuple[str, Message | None] | None:
    """`fsegen @ git+<origin>@<commit>` for a clone of fsegen's repository with an `origin` CI can
    reach, and a note when that commit is on no branch of it yet (push it first); None for a
    folder that is no such clone."""
    try:
        address = git.run(folder, "remote", "get-url", "origin")
        commit = git.run(folder, "rev-parse", "HEAD")
    except ToolError:
        return None
    url = _git_url(address.stdout.strip()) if address.returncode == 0 else None
    if url is None or commit.returncode != 0:
        return None
    head = commit.stdout.strip()
    line = f"{DISTRIBUTION} @ git+{url}@{head}"
    pushed = git.run(folder, "branch", "--remotes", "--contains", head)
    if pushed.returncode == 0 and pushed.stdout.strip():
        return line, None
    return line, _("commit {commit} of {url} is on no branch of origin yet: push it, so that CI can "
                   "install it", commit=head[:12], url=url)


def _git_url(address: str) -> str | None:
    """The address of a remote as pip's `git+` takes it (https, ssh; `git@host:owner/repo` as
    ssh://), or None for a local one, which CI cannot reach."""
    if address.startswith(("https://", "http://", "ssh://")):
        return address
    scp = re.fullmatch(r"([\w.-]+@[\w.-]+):(?!/)(.+)", address)
    return f"ssh://{scp.group(1)}/{scp.group(2)}" if scp else None


def requirement_file() -> tuple[str, Message | None]:
    """The text of a programme's requirements.txt, and the note to show (if any)."""
    line, note = requirement()
    warning = f"# NOTE: {note}\n" if note else ""
    return HEADER + warning + line + "\n", note
