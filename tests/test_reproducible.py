"""Same content and templates give byte-identical files, whatever the clock or time zone."""

from __future__ import annotations

import hashlib
import time
import zipfile


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


EXAMPLE_SHA256 = {
    "formulario-candidatura.docx": "3d4006ab71f3e6ec115d7fe30a77fdb8f77fa64cfdcc47030ff8abbccfc403d9",
    "integrazione-allegato-1.docx": "5d496d98c900606d83b32f2d46781466680c18a9d9e7ae1dc6d099d769ed466c",
    "scheda-progetto-ciao.docx": "db2a805e5d6067c8917b21e482ce8f5f1fb957f1168de202570e49d99f2bc62c",
    "scheda-progetto-facciamo-squadra.docx": "e94fe4b4f973e6af1aa4d84211f569933224b124566c9db430b3b02515f55942",
    "scheda-progetto-in-lav.docx": "7f245cde0545626be3106f18d65da7c75c52d968923153768a690876dcfc4086",
    "scheda-progetto-vulnerabilita.docx": "62d7e14ce0ec36826ed7f4e84251bd5488fd8389211182f57b0c26b7076f2c03",
    "scheda-progetto-work-in-progress.docx": "16ca631c304a0115884a32623d5f36cbf6fe82a38f69345c31abfbbf4ff7a787",
}
"""The example's deliverables, byte for byte. A pin changes only with a deliberate change of
wording or layout (say which in the commit), never as a side effect of a refactoring."""


def test_the_example_builds_the_pinned_bytes(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    built = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted((example / "output").glob("*.docx"))}
    assert built == EXAMPLE_SHA256
