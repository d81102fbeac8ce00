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
    "formulario-candidatura.docx": "fe55fd56bacf3ecd61261180a925eb6e96cfabd8bf9d083bee3947afb6370a35",
    "integrazione-allegato-1.docx": "a661b22850b7bf9c8d4cfd545bc14c63e878e28430193cbb0effadfd349304df",
    "scheda-progetto-ciao.docx": "cf30e6772f0f807659df8c90392ee165b891a909cf5c2173384fbb6377161818",
    "scheda-progetto-facciamo-squadra.docx": "6cc8e60f44419ea5f40a12660e12f5bb0ed35cabc685d3fc47ccbf04e154f34e",
    "scheda-progetto-in-lav.docx": "7e1b6ed99ec3338eae373a0bc80209e2cf379c042ceaccf8917b1b3b3e6739d6",
    "scheda-progetto-vulnerabilita.docx": "f8d846290fe32e4ba5d3fb8530f38afe5a48219fe643f6aa2b4be36ce6f515bc",
    "scheda-progetto-work-in-progress.docx": "1307ff138c434bac147023f7aee8e7ef24471aa8491bc2beb54db26968f7e243",
}
"""The example's deliverables, byte for byte. A pin changes only with a deliberate change of
wording or layout (say which in the commit), never as a side effect of a refactoring."""


def test_the_example_builds_the_pinned_bytes(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    built = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted((example / "output").glob("*.docx"))}
    assert built == EXAMPLE_SHA256
