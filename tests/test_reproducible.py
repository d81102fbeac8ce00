"""Same content and templates give byte-identical files, whatever the clock or time zone."""

from __future__ import annotations

import hashlib
import time
import zipfile

from tests.conftest import EXAMPLE_SHA256


def build(folder, out, fsegen):
    assert fsegen(folder, "build", "--out", out).exit_code == 0
    return (folder / out / "integrazione-allegato-1.docx").read_bytes()


def test_two_builds_at_different_times_and_zones_are_identical(example, fsegen, monkeypatch):
    """The clock is moved, not waited for: a year and a time zone later, the same bytes."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("TZ", "Europe/Rome")
    time.tzset()
    first = build(example, "out-a", fsegen)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 400 * 86400 + 3661)
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        second = build(example, "out-b", fsegen)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_properties_come_from_the_document_not_the_clock(built_example):
    path = built_example / "output" / "integrazione-allegato-1.docx"
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "<dc:title>Integrazione Allegato 1</dc:title>" in core
    assert "<dc:creator>Città Metropolitana di Milano</dc:creator>" in core
    assert "2020-07-20T00:00:00Z" in core
    assert "python-docx" not in core


def test_the_example_builds_the_pinned_bytes(built_example):
    built = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted((built_example / "output").glob("*.docx"))}
    assert built == EXAMPLE_SHA256
