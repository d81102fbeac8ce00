"""PDF/A export against the real LibreOffice: no mocks.

soffice start-up costs about a second, so most assertions share one
module-scoped batch conversion.
"""

from __future__ import annotations

import os
import subprocess
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from generator.errors import EnvironmentProblem, OutputError
from generator.rendering import pdf as pdfmod
from generator.rendering.pdf import (
    convert_to_pdfa,
    embedded_fonts,
    environment_report,
    find_soffice,
    pdfa_identification,
)


def _soffice_or_none() -> str | None:
    try:
        return find_soffice()
    except EnvironmentProblem:
        return None


SOFFICE = _soffice_or_none()
# LibreOffice is a real dependency (README, .ci/run): these tests fail, never skip, without it.
needs_soffice = pytest.mark.needs_soffice

OLD_FILTER = "pdf:writer_pdf_Export:SelectPdfVersion=2"

TEXTS = [
    "Attività formativa: però è già così",
    "Perché la città più vicina è Forlì",
    "Qualità dell'offerta: caffè, ventitré, virtù",
]


def make_docx(path: Path, text: str) -> Path:
    """A small deliverable: Calibri text (Carlito substitute) and a bullet."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.name = "Calibri"
    document.add_paragraph("Voce dell'elenco puntato", style="List Bullet")
    document.save(path)
    return path


def files_in(folder: Path) -> list[str]:
    """Everything under folder, hidden entries included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("out")
    inputs = [make_docx(src / f"doc{i} è.docx", t) for i, t in enumerate(TEXTS)]
    return inputs, out, convert_to_pdfa(inputs, out)


@needs_soffice
def test_batch_converts_in_order_with_text(batch):
    inputs, out, pdfs = batch
    assert pdfs == [out / (p.stem + ".pdf") for p in inputs]
    assert files_in(out) == sorted(p.name for p in pdfs)  # no staging left
    for pdf, text in zip(pdfs, TEXTS):
        extracted = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert text in extracted
        assert "Voce dell'elenco puntato" in extracted


@needs_soffice
def test_batch_is_pdfa_2b(batch):
    for pdf in batch[2]:
        assert pdfa_identification(pdf) == ("2", "B")


@needs_soffice
def test_all_fonts_embedded_and_calibri_substituted(batch):
    for pdf in batch[2]:
        fonts = embedded_fonts(pdf)
        assert fonts, "no fonts found"
        assert all(embedded for _, embedded in fonts), fonts
        assert any("Carlito" in name for name, _ in fonts), fonts


@needs_soffice
def test_pdffonts_agrees_all_embedded(batch):
    for pdf in batch[2]:
        lines = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        column = lines[0].index("emb")
        rows = [ln for ln in lines[2:] if ln.strip()]
        assert rows
        assert all(ln[column : column + 3].strip() == "yes" for ln in rows), lines


@needs_soffice
def test_old_option_syntax_is_not_pdfa(tmp_path, monkeypatch):
    """The legacy syntax exits 0 with a plain PDF: identification must say so."""
    src = make_docx(tmp_path / "old.docx", TEXTS[0])
    out = tmp_path / "plain"
    proc = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            OLD_FILTER,
            "--outdir",
            str(out),
            str(src),
        ],
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0
    assert pdfa_identification(out / "old.pdf") == (None, None)

    # And convert_to_pdfa refuses such output instead of shipping it.
    monkeypatch.setattr(pdfmod, "PDFA_FILTER", OLD_FILTER)
    final = tmp_path / "final"
    with pytest.raises(OutputError, match="old.docx.*not PDF/A-2b"):
        convert_to_pdfa([src], final)
    assert files_in(final) == []


def test_missing_soffice_is_environment_problem(tmp_path, monkeypatch):
    monkeypatch.setenv("FSEGEN_SOFFICE", str(tmp_path / "no" / "soffice"))
    with pytest.raises(EnvironmentProblem, match="apt-get install -y libreoffice"):
        find_soffice()
    src = make_docx(tmp_path / "a.docx", TEXTS[0])
    with pytest.raises(EnvironmentProblem, match="apt-get"):
        convert_to_pdfa([src], tmp_path / "out")
    rows = {what: (detail, ok) for what, detail, ok in environment_report()}
    assert rows["LibreOffice"][1] is False
    assert "apt-get" in rows["LibreOffice"][0]


def test_not_a_zip_is_rejected_before_soffice(tmp_path):
    """soffice would import a non-zip as plain text and exit 0."""
    good = make_docx(tmp_path / "good.docx", TEXTS[0])
    bad = tmp_path / "rotto.docx"
    bad.write_text("this is not a zip")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OutputError, match="rotto.docx"):
        convert_to_pdfa([good, bad], out)
    assert files_in(out) == []


@needs_soffice
def test_unloadable_docx_names_file_and_leaves_no_partial_output(tmp_path):
    """A valid zip with a truncated document.xml: soffice exits 0, writes nothing."""
    good = make_docx(tmp_path / "good.docx", TEXTS[0])
    bad = tmp_path / "troncato.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            zout.writestr(info, data)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OutputError, match="troncato.docx") as excinfo:
        convert_to_pdfa([good, bad], out)
    assert "good.docx" not in excinfo.value.message
    assert files_in(out) == []  # good.pdf was produced but not moved in


@needs_soffice
def test_timeout_is_output_error(tmp_path):
    src = make_docx(tmp_path / "slow.docx", TEXTS[0])
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="slow.docx.*within"):
        convert_to_pdfa([src], out, timeout=0.05)
    assert files_in(out) == []


def test_duplicate_basenames_raise_value_error(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = make_docx(tmp_path / "a" / "same.docx", TEXTS[0])
    two = make_docx(tmp_path / "b" / "same.docx", TEXTS[1])
    with pytest.raises(ValueError, match="same.pdf"):
        convert_to_pdfa([one, two], tmp_path / "out")


def test_empty_batch_starts_nothing(tmp_path):
    assert convert_to_pdfa([], tmp_path / "out") == []


@needs_soffice
def test_concurrent_conversions_use_separate_profiles(tmp_path):
    """A shared profile makes the second soffice exit 1; ours must not."""
    barrier = threading.Barrier(2)
    results: dict[int, object] = {}

    def work(n: int) -> None:
        src = make_docx(tmp_path / f"par{n}.docx", TEXTS[n])
        barrier.wait()
        try:
            results[n] = convert_to_pdfa([src], tmp_path / f"out{n}")
        except Exception as exc:  # reported by the assertion below
            results[n] = exc

    threads = [threading.Thread(target=work, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    for n in (0, 1):
        assert isinstance(results[n], list), results[n]
        assert pdfa_identification(results[n][0]) == ("2", "B")


@needs_soffice
def test_environment_report_on_this_machine():
    rows = environment_report()
    assert all(isinstance(ok, bool) for _, _, ok in rows)
    by_what = {what: (detail, ok) for what, detail, ok in rows}
    assert by_what["LibreOffice"][1] is True
    assert "LibreOffice" in by_what["LibreOffice"][0]
    for package in ("docxtpl", "python-docx", "jinja2", "pypdf"):
        assert f"python {package}" in by_what
