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
    "relazione-intermedia-progetto-ciao.docx": "45afc4eda5702373b936ae7b6ad4a78a492286c657cfc0295189ce9ecdb950d0",
    "relazione-intermedia-progetto-facciamo-squadra.docx": "091778db6e08c644ce72c5e49acf6ca0c8dd6adf6fd9420ab06e2a0064a92a03",
    "relazione-intermedia-progetto-in-lav.docx": "5f3e021ad11996242291954599d9a70bdf1212c257835e586fa17902f007c598",
    "relazione-intermedia-progetto-vulnerabilita.docx": "f8d130f0aaa4791529c753006891f614841d09fdadf1df38c6ff4306c6301677",
    "relazione-intermedia-progetto-work-in-progress.docx": "63d197f14a2da06bddd11580e8bb19c99e93763347579c279ef4d45237676df3",
    "relazione-intermedia.docx": "c187e938a292ad094984acbb4665949c0cd4199e2cc82a7bc29954cdeab6bdbe",
    "scheda-progetto-ciao.docx": "160d3b1b2f210d0caf64b48fe577d27be5c4512fa5a07809c0e8e833f25aaa4a",
    "scheda-progetto-facciamo-squadra.docx": "4068ea087493e0bc3ce179374821a120a8d883a7501a49834eb456d3a34619e3",
    "scheda-progetto-in-lav.docx": "4944f23f0c026dfdad9c8cb8a8c64e5879245b018758c5fc237ddd72f5461345",
    "scheda-progetto-vulnerabilita.docx": "908df45036345c42efd3765b11299cf67fdbcdfbdb4c78d7844671a0085c47cd",
    "scheda-progetto-work-in-progress.docx": "284aaa1ea13cc841989be412bafaa3235cf8b9f3fb013acc7d9012098117bd71",
}
"""The example's deliverables, byte for byte. A pin changes only with a deliberate change of
wording or layout (say which in the commit), never as a side effect of a refactoring."""


def test_the_example_builds_the_pinned_bytes(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    built = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted((example / "output").glob("*.docx"))}
    assert built == EXAMPLE_SHA256
