"""`fsegen serve`: the deliverables live in the browser, with their findings beside them.

- `runner`: the process. The main thread builds (so the sandbox's interval timer bounds
  every rendering, as in `fsegen build`), a thread watches content/ and templates/, a
  thread serves HTTP (uvicorn) on a socket bound to loopback unless told otherwise.
- `app`: the Starlette application: pages, downloads, server-sent events.
- `pages`, `assets`: the HTML of the index and of a deliverable, the CSS and the script.

No file of the disk is ever served: pages are made from the in-memory preview
(generator/serve/preview.py), downloads are rendered on demand, and a deliverable is
addressed by its id, looked up among the deliverables the content defines.
Starlette, uvicorn and watchfiles are the optional extra `fsegen[serve]`: importing
this package imports none of them (`missing_parts` says which are absent).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

PARTS = ("starlette", "uvicorn", "watchfiles")
INSTALL = "pip install 'fsegen[serve]'"
PIPX_INSTALL = "pipx install --force 'fsegen[serve,sign]' (from where you installed it, e.g. '.[serve,sign]')"


def missing_parts() -> list[str]:
    """The packages of the `serve` extra that are not installed."""
    return [name for name in PARTS if importlib.util.find_spec(name) is None]


def install_hint(prefix: str | None = None) -> str:
    """How to install the `serve` extra where this fsegen runs: into pipx's own environment of
    fsegen when pipx installed it (its venvs live under PIPX_HOME, by default
    ~/.local/share/pipx/venvs or ~/.local/pipx/venvs), else with pip."""
    here = Path(prefix or sys.prefix).resolve()
    homes = [Path(os.environ["PIPX_HOME"]).expanduser() / "venvs"] if os.environ.get("PIPX_HOME") else []
    homes += [Path.home() / ".local/share/pipx/venvs", Path.home() / ".local/pipx/venvs"]
    in_pipx = any(here.is_relative_to(home.resolve()) for home in homes) or "pipx" in here.parts
    return PIPX_INSTALL if in_pipx else INSTALL
