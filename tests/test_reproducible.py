"""Same content and templates give byte-identical files, whatever the clock or time zone."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile


def build(folder, out, tz):
    env = dict(os.environ, TZ=tz)
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out", out],
                            cwd=folder, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return (folder / out / "integrazione-allegato-1.docx").read_bytes()


def test_two_builds_at_different_times_and_zones_are_identical(example):
    first = build(example, "out-a", "Europe/Rome")
    time.sleep(2.1)  # zip timestamps have a two-second resolution
    second = build(example, "out-b", "America/Los_Angeles")
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_properties_come_from_the_document_not_the_clock(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    path = example / "output" / "integrazione-allegato-1.docx"
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "<dc:title>Integrazione Allegato 1</dc:title>" in core
    assert "<dc:creator>Città Metropolitana di Milano</dc:creator>" in core
    assert "2020-07-20T00:00:00Z" in core
    assert "python-docx" not in core
