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
    "relazione-intermedia-progetto-ciao.docx": "f882f7d98e3528e5f748e081f20c290d4b3b70a36ee5e19df53dd90ed91838fc",
    "relazione-intermedia-progetto-facciamo-squadra.docx": "fba78874289647be5fca3d315475c0502bb686d5c637c4f43ad591d4cc8a834f",
    "relazione-intermedia-progetto-in-lav.docx": "d415e3944454d88e22803ab56e019950080c9e30da1aa03cbdb6f2a026e5e003",
    "relazione-intermedia-progetto-vulnerabilita.docx": "711fbabbaaf3d0caf005fe6d98561d6fe2a6fcd383c16f8d97b80249ec8f1429",
    "relazione-intermedia-progetto-work-in-progress.docx": "527bae43c8a5f2b8ed6b9bfe460576ed46302cb4ff1718a34193e753434dbbe1",
    "relazione-intermedia.docx": "fd2aa68bb58359d8df727fda6ffe485f904c237926b3cf6521d8496ec9149b00",
    "scheda-progetto-ciao.docx": "5845e5b23ff99a6ad9a93399c9e0c716335daa24b697fae46f173fd56f3a21fb",
    "scheda-progetto-facciamo-squadra.docx": "bef2c267de554918b987158173fded5b65da47b182ffb51f933618eebd291aab",
    "scheda-progetto-in-lav.docx": "836117e0badf3317ce06610f267bfbd5415449870ed57e1544dfb2e00098f85b",
    "scheda-progetto-vulnerabilita.docx": "bda56f6faeeb86367207c7bfdaa2b33415060e9cf75a33e1238a3f96e41019af",
    "scheda-progetto-work-in-progress.docx": "08d60339c706bb7edb215a397cecc1c24fbf9d07dfe622551dd4be693cffdc07",
}
"""The example's deliverables, byte for byte. A pin changes only with a deliberate change of
wording or layout (say which in the commit), never as a side effect of a refactoring."""


def test_the_example_builds_the_pinned_bytes(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    built = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted((example / "output").glob("*.docx"))}
    assert built == EXAMPLE_SHA256
