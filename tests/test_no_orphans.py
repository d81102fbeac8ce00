"""No process of fsegen survives a `kill -9` of the build: its rendering workers die with it, and
LibreOffice (with its scratch folder) is ended by the watchdog. Read from the process table."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import programme
from generator.rendering.pdf import find_soffice

pytestmark = pytest.mark.slow  # builds killed on purpose, read from the process table
GRACE = 15.0
"""Seconds the kernel and the watchdog may take to end what the build left."""


def alive(pid: int) -> bool:
    """Whether `pid` is a running process (a zombie waiting for its parent to read it is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> set[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return {int(line) for line in found.stdout.split()}


def wait_until(condition, seconds: float, message: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(message)


def test_rendering_workers_die_with_a_killed_build(tmp_path):
    folder = programme(tmp_path / "regione", 120)
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--force", "--jobs", "2"],
                             cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = wait_until(lambda: children(build.pid) if len(children(build.pid)) >= 2 else None,
                             120, "the build never started its two workers")
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    wait_until(lambda: not any(alive(pid) for pid in workers), GRACE,
               f"workers {sorted(p for p in workers if alive(p))} outlived the killed build")


@pytest.mark.needs_soffice
def test_libreoffice_and_its_scratch_folder_end_with_a_killed_build(small_programme, tmp_path):
    started = tmp_path / "soffice.pid"
    wrapper = tmp_path / "soffice-lento"
    wrapper.write_text(f'#!/bin/sh\necho $$ > "{started}"\nsleep 60\nexec "{find_soffice()}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, FSEGEN_SOFFICE=str(wrapper), TMPDIR=str(scratch))
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--format", "docx,pdf"],
                             cwd=small_programme, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        pid = int(wait_until(lambda: started.is_file() and started.read_text().strip(), 120,
                             "LibreOffice was never started"))
        assert list(scratch.glob("fsegen-soffice-*")), "no scratch folder while converting"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    wait_until(lambda: not alive(pid), GRACE, f"LibreOffice ({pid}) outlived the killed build")
    wait_until(lambda: not list(scratch.glob("fsegen-soffice-*")), GRACE,
               "the scratch folder of LibreOffice outlived the killed build")


def test_soffice_starts_only_once_fsegen_has_told_the_watchdog(tmp_path):
    """fsegen starts soffice through a gate that waits for its line: a build killed between
    starting it and telling the watchdog its process group sends none, and nothing starts."""
    from generator.rendering.pdf import GATE

    started = tmp_path / "started"
    never = subprocess.run(["/bin/sh", "-c", GATE, "touch", str(started)], stdin=subprocess.DEVNULL, check=False)
    assert never.returncode != 0 and not started.exists()  # no line: fsegen died before telling
    opened = subprocess.run(["/bin/sh", "-c", GATE, "touch", str(started)], input=b"\n", check=False)
    assert opened.returncode == 0 and started.exists()
