"""Nothing fsegen starts outlives it, even when it is killed with SIGKILL.

An OOM killer, `timeout -s KILL` or a CI job cancelled hard give fsegen no chance to clean
up. So: the worker processes that render deliverables ask the kernel to kill them when
fsegen dies (`die_with_parent`, Linux's PR_SET_PDEATHSIG); and LibreOffice, a launcher that
starts soffice.bin in the process group fsegen made for it, is watched by a watchdog: a
small process started once, in a session of its own, that reads a pipe from fsegen. fsegen
tells it each group and scratch folder it starts and each it is done with; when the pipe
closes (fsegen ended, however it ended), the watchdog kills the groups and removes the
folders it still holds.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

_WATCHDOG = """
import os, shutil, signal, sys
groups, folders = set(), set()
for line in sys.stdin:
    kind, _, value = line.rstrip("\\n").partition(" ")
    if kind == "g":
        groups.add(int(value))
    elif kind == "-g":
        groups.discard(int(value))
    elif kind == "d":
        folders.add(value)
    elif kind == "-d":
        folders.discard(value)
for group in groups:
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
for folder in folders:
    shutil.rmtree(folder, ignore_errors=True)
"""
"""The watchdog's whole program: it imports nothing of fsegen's."""

_PR_SET_PDEATHSIG = 1
_lock = threading.Lock()
_pipe: IO[str] | None = None


def die_with_parent() -> None:
    """In a child process: the kernel sends it SIGKILL when its parent dies (Linux; elsewhere
    nothing happens, and the pool's own shutdown is what ends the workers)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def watch(group: int | None = None, folder: Path | None = None) -> None:
    """Have the watchdog kill process group `group` and remove `folder` if fsegen dies first."""
    _tell(([f"g {group}"] if group else []) + ([f"d {folder}"] if folder else []))


def release(group: int | None = None, folder: Path | None = None) -> None:
    """fsegen is done with them: the watchdog forgets them."""
    _tell(([f"-g {group}"] if group else []) + ([f"-d {folder}"] if folder else []))


def _tell(lines: list[str]) -> None:
    global _pipe
    if not lines or "\n" in "".join(lines):
        return
    with _lock:
        if _pipe is None:
            try:
                _pipe = subprocess.Popen([sys.executable, "-I", "-c", _WATCHDOG], stdin=subprocess.PIPE,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                                         start_new_session=True).stdin
            except OSError:
                return  # no watchdog: the atexit and signal handlers still clean up a normal end
        with contextlib.suppress(OSError, ValueError, AttributeError):
            assert _pipe is not None
            _pipe.write("".join(line + "\n" for line in lines))
            _pipe.flush()
