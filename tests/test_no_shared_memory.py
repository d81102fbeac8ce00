"""A machine whose /dev/shm is read-only (some containers) builds in one process instead of
failing with a traceback: the worker pool and the run's shared budget need shared memory."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import need_tool


@pytest.mark.slow
def test_a_build_without_shared_memory_renders_in_one_process(example):
    if shutil.which("unshare") is None:
        need_tool("unshare (util-linux) is needed to give the build a read-only /dev/shm")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"this machine does not let a test make a mount namespace: {probe.stderr.strip()}")
    script = (f"mount -t tmpfs -o ro tmpfs /dev/shm && cd {example} && "
              f"{sys.executable} -m generator build --force --jobs 2")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "14 deliverables built" in result.stdout and (example / "output/scheda-progetto-ciao.docx").is_file()
