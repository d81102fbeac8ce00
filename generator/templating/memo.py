"""What pure analyses of a template found, kept between runs: `fsegen check` reads a template's
tags again only when the template (or fsegen) changed.

Reading the Jinja of every Word template and of phrases.jinja (for unknown fields, for the
stand-ins it prints) costs more than the rest of a small programme's check. Their results
depend only on the text read and on fsegen's code, so they are kept in the user's cache
(never the programme's: a pull request cannot plant one), as JSON: nothing read back runs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from generator.folders import cache_home
from generator.versions import shaping

_CODE = Path(__file__).resolve().parents[1]
"""The generator package: every module of fsegen's code."""
T = TypeVar("T")


@functools.cache
def code_fingerprint() -> str:
    """fsegen's own code and the versions of the libraries that shape its output
    (generator/versions.py): what another version of either found or made is never reused."""
    digest = hashlib.sha256(shaping().encode())
    for path in sorted(_CODE.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def remembered(kind: str, key: str, compute: Callable[[], T], dump: Callable[[T], Any],
               load: Callable[[Any], T]) -> T:
    """`compute()`, or what it returned last time for the same `key` and code: `dump` makes it
    JSON, `load` makes it again (a damaged or unreadable entry is computed again)."""
    digest = hashlib.sha256(f"{code_fingerprint()}\0{kind}\0{key}".encode()).hexdigest()
    path = cache_home() / "analyses" / f"{digest}.json"
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, IndexError):
        return load(json.loads(path.read_text(encoding="utf-8")))
    value = compute()
    with contextlib.suppress(OSError, TypeError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(dump(value)), encoding="utf-8")
        temporary.replace(path)
    return value
