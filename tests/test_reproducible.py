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
    "formulario-candidatura.docx": "5fc84aea657e3aabd8d405684c93c7772cbfebcdf126320bfacdb99d7bc6150c",
    "integrazione-allegato-1.docx": "a661b22850b7bf9c8d4cfd545bc14c63e878e28430193cbb0effadfd349304df",
    "relazione-intermedia-progetto-ciao.docx": "c30cc00ff16205fbe20cb391ac5e0b8316abe7cfd6470848987f0ebd78accb4e",
    "relazione-intermedia-progetto-facciamo-squadra.docx": "0fe0654d7d172024157c79a6cc78088d67e17dcec0a3bc3a35ab16cb43ab00aa",
    "relazione-intermedia-progetto-in-lav.docx": "704858491052493ae0bd05078eb481aa1d5a51aed789176d9d86c81928d7781b",
    "relazione-intermedia-progetto-vulnerabilita.docx": "36b22b86a8e56dd6e2243d3c6ebfd97f278ef3ce3ed58356e0eb63119034a773",
    "relazione-intermedia-progetto-work-in-progress.docx": "a07eb60a595e166eb5a351fe8f25082c77fdc0a51e868bf0cec443380d6b63be",
    "relazione-intermedia.docx": "f9141ebd8ac05cbea3762bf287be938ceab57c982da289e07bc902a1785d8540",
    "scheda-progetto-ciao.docx": "aacacf3ad7b974fe2ef72bcd3784ea052bf6f229edcf4a79ed3223f3b7b435ee",
    "scheda-progetto-facciamo-squadra.docx": "1f2fb643970b252b42b9b4557088c4c9b2ca5766526c30cb767f54a92fdb0d8e",
    "scheda-progetto-in-lav.docx": "21827abd773d22a49fd861e8f8dc8da506257633064e6df50cae2daedaeb0b63",
    "scheda-progetto-vulnerabilita.docx": "172401b0c4fb966712bb8535e7af0d0eefd9f4f99f552ed7fe7208f9ea8a493e",
    "scheda-progetto-work-in-progress.docx": "145aed36165b2f23dd699ec96ab912a4f187cd070e546c551eb97c59f3836ca1",
}
"""The example's deliverables, byte for byte. A pin changes only with a deliberate change of
wording or layout (say which in the commit), never as a side effect of a refactoring."""


def test_the_example_builds_the_pinned_bytes(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    built = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted((example / "output").glob("*.docx"))}
    assert built == EXAMPLE_SHA256
