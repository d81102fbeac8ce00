"""The versions of the libraries that make a deliverable's bytes, read without importing them.

A rendered file depends on fsegen's code and on the libraries that shape it: docxtpl and
python-docx (the Word XML), lxml (its serialisation), Jinja2 (the templates), matplotlib
(the charts), babel and num2words (amounts and numbers in words), markdown-it-py (prose),
pydantic (the content model). Caches key on them, so that an upgrade renders again, and
`fsegen doctor` compares them with the versions CI pins (constraints.txt). They are read
from the installed distributions' folder names, which costs a directory listing, where
`importlib.metadata` would cost more than a small check's rules.
"""

from __future__ import annotations

import functools
import os
import re
import sys

SHAPING = ("docxtpl", "python-docx", "lxml", "jinja2", "matplotlib", "babel", "num2words",
           "markdown-it-py", "pydantic", "pydantic-core")
"""The distributions whose versions shape what fsegen renders."""

_DIST_INFO = re.compile(r"^(?P<name>[A-Za-z0-9_.]+?)-(?P<version>[^-]+?)\.(?:dist|egg)-info$")


def normalized(name: str) -> str:
    """A distribution's name as PEP 503 compares it: `Jinja2` and `jinja2`, `python_docx` and
    `python-docx` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def installed() -> dict[str, str]:
    """Every installed distribution's version by normalised name (the first on sys.path wins,
    as for imports)."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            match = _DIST_INFO.match(entry)
            if match:
                found.setdefault(normalized(match["name"]), match["version"])
    return found


@functools.cache
def shaping() -> str:
    """`name==version` of each library that shapes the output, one per line (missing ones
    say so): what caches of rendered files and template analyses key on."""
    versions = installed()
    return "\n".join(f"{name}=={versions.get(name, 'missing')}" for name in SHAPING)
