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
    "relazione-intermedia.docx": "8360e37d9bb2a2281d725379d948990d230ce920922b8f5d6d69b250bfa99bf0",
    "relazione-intermedia-progetto-ciao.docx": "9cf386daf1d215ee90b58cbff5bb8663a2ac9253e39cdc846debf887b5ea1d31",
    "relazione-intermedia-progetto-facciamo-squadra.docx": "93adcce843459522d7049fd05ebae29674f8bea4022b49888578b0bf929f79b8",
    "relazione-intermedia-progetto-in-lav.docx": "1d6c6acc601f9aac4c28a6fe91124bd61c0cbf49b9a192cc4a14b0ef2b192a3f",
    "relazione-intermedia-progetto-vulnerabilita.docx": "00a3096db73cf2603e7a757e61f9e890c155e76e25196cc1f456b819903d33f4",
    "relazione-intermedia-progetto-work-in-progress.docx": "6fcc1ae22ea875e9f1834d6584446f2f28a0a8d1c115234bb95ab66cb793e1b9",
    "scheda-progetto-ciao.docx": "d696f87499af2556d16905433f502750f3da594d7dd4feb86c7ead8c3edb7def",
    "scheda-progetto-facciamo-squadra.docx": "29fc9cfb26284d69bb122ca4f91d536eb1960a9e2d032d3575e62bdb5d63242c",
    "scheda-progetto-in-lav.docx": "b288966b74a05d0ad0ac7f9ca93a36c9702f25c753879186947269442d1e8a84",
    "scheda-progetto-vulnerabilita.docx": "c4da8a460b1d68be5fb7ed006c9727d06a0be7210506d2ed19fe122e871c8ef3",
    "scheda-progetto-work-in-progress.docx": "7807cb9e3ddf2ffa8abb426c09a56a7d4ef26bef0ea94581acb5e6a57474aba8",
}
"""The example's deliverables, byte for byte. A pin changes only with a deliberate change of
wording or layout (say which in the commit), never as a side effect of a refactoring."""


def test_the_example_builds_the_pinned_bytes(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    built = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted((example / "output").glob("*.docx"))}
    assert built == EXAMPLE_SHA256
