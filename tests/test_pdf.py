"""PDF/A export against the real LibreOffice: no mocks.

soffice start-up costs about a second, so most assertions share one module-scoped batch
conversion (on one xdist worker), the fast core's one; the other conversions are slow.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.errors import OutputError, ToolError
from generator.kit.doctor import environment_report
from generator.rendering import pdf as pdfmod
from generator.rendering.pdf import convert_to_pdfa, find_soffice
from generator.rendering.pdfa import embedded_fonts, pdfa_identification
from tests.conftest import copy_example, make_docx

pytestmark = pytest.mark.xdist_group("pdf")

OLD_FILTER = "pdf:writer_pdf_Export:SelectPdfVersion=2"

TEXTS = [
    "Attività formativa: però è già così",
    "Perché la città più vicina è Forlì",
    "Qualità dell'offerta: caffè, ventitré, virtù",
]


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def batch():
    inputs = {f"doc{i} è.docx": make_docx(text) for i, text in enumerate(TEXTS)}
    return inputs, convert_to_pdfa(inputs)


def test_batch_converts_every_file_with_its_text(batch):
    inputs, pdfs = batch
    assert sorted(pdfs) == sorted(name.replace(".docx", ".pdf") for name in inputs)
    for name, text in zip(inputs, TEXTS):
        extracted = pdf_text(pdfs[name.replace(".docx", ".pdf")])
        assert text in extracted
        assert "Voce dell'elenco puntato" in extracted


def test_batch_is_pdfa_2b(batch):
    for data in batch[1].values():
        assert pdfa_identification(data) == ("2", "B")


def test_all_fonts_embedded_and_calibri_substituted(batch, tmp_path):
    for name, data in batch[1].items():
        path = tmp_path / name
        path.write_bytes(data)
        fonts = embedded_fonts(path)
        assert fonts and all(embedded for _, embedded in fonts), fonts
        assert any("Carlito" in font for font, _ in fonts), fonts
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()
        column = lines[0].index("emb")
        rows = [line for line in lines[2:] if line.strip()]
        assert rows and all(line[column:column + 3].strip() == "yes" for line in rows), lines


@pytest.mark.slow
def test_more_files_than_a_batch_are_all_converted(tmp_path):
    """LibreOffice 7.4 stops after 245 files of one command line: batches are smaller, and
    several run at once; every PDF is there, in order of its source."""
    inputs = {f"f{i}.docx": make_docx(f"Documento numero {i}") for i in range(5)}
    pdfs = convert_to_pdfa(inputs, batch=2, workers=2)
    assert sorted(pdfs) == [f"f{i}.pdf" for i in range(5)]
    for i in range(5):
        assert f"Documento numero {i}" in pdf_text(pdfs[f"f{i}.pdf"])


@pytest.mark.slow
def test_old_option_syntax_is_refused_not_shipped(monkeypatch):
    """The legacy syntax exits 0 with a plain PDF: the identification check catches it."""
    monkeypatch.setattr(pdfmod, "PDFA_FILTER", OLD_FILTER)
    with pytest.raises(OutputError, match="old.docx.*not PDF/A-2b"):
        convert_to_pdfa({"old.docx": make_docx(TEXTS[0])})


def test_missing_soffice_is_environment_problem(monkeypatch, tmp_path):
    monkeypatch.setenv("FSEGEN_SOFFICE", str(tmp_path / "no" / "soffice"))
    with pytest.raises(ToolError, match="apt-get install -y libreoffice"):
        find_soffice()
    with pytest.raises(ToolError, match="apt-get"):
        convert_to_pdfa({"a.docx": make_docx(TEXTS[0])})
    rows = {row.what: row for row in environment_report()}
    assert rows["LibreOffice"].state == "missing" and "apt-get" in rows["LibreOffice"].detail


def test_not_a_zip_is_refused_before_soffice():
    """soffice would import a non-zip as plain text and exit 0."""
    with pytest.raises(OutputError, match="rotto.docx"):
        convert_to_pdfa({"good.docx": make_docx(TEXTS[0]), "rotto.docx": b"this is not a zip"})


@pytest.mark.slow
def test_unloadable_docx_is_named_alone():
    """A valid zip with a truncated document.xml: soffice exits 0 and writes nothing."""
    good = make_docx(TEXTS[0])
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    with pytest.raises(OutputError, match="troncato.docx") as caught:
        convert_to_pdfa({"good.docx": good, "troncato.docx": broken.getvalue()})
    assert "good.docx" not in caught.value.message


def test_timeout_names_the_file_and_the_setting():
    with pytest.raises(OutputError, match="slow.docx.*within.*FSEGEN_LIMIT_CONVERSION"):
        convert_to_pdfa({"slow.docx": make_docx(TEXTS[0])}, timeout=0.05)


def test_names_must_be_plain_docx_file_names():
    with pytest.raises(OutputError, match="plain .docx file name"):
        convert_to_pdfa({"x/same.docx": make_docx(TEXTS[0])})


def test_empty_batch_starts_nothing():
    assert convert_to_pdfa({}) == {}


@pytest.mark.slow
def test_a_crash_is_retried_once(tmp_path, monkeypatch):
    """A LibreOffice that dies on its first start (as soffice.bin does when killed by the
    OOM killer) is started again for the files it did not convert."""
    marker = tmp_path / "crashed-once"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f"#!/bin/sh\nif [ ! -e {marker} ]; then touch {marker}; "
                       f"echo 'simulated crash' ; kill -9 $$; fi\nexec {find_soffice()} \"$@\"\n")
    wrapper.chmod(0o755)
    monkeypatch.setenv("FSEGEN_SOFFICE", str(wrapper))
    pdfs = convert_to_pdfa({"a.docx": make_docx(TEXTS[0])})
    assert marker.exists() and pdfa_identification(pdfs["a.pdf"]) == ("2", "B")


def test_a_lasting_crash_quotes_libreoffice(tmp_path, monkeypatch):
    wrapper = tmp_path / "soffice"
    wrapper.write_text("#!/bin/sh\necho 'Error: source file could not be loaded'\nexit 81\n")
    wrapper.chmod(0o755)
    monkeypatch.setenv("FSEGEN_SOFFICE", str(wrapper))
    with pytest.raises(OutputError, match="(?s)a.docx.*no PDF.*exit code 81.*could not be loaded"):
        convert_to_pdfa({"a.docx": make_docx(TEXTS[0])})


@pytest.mark.slow
def test_concurrent_conversions_use_separate_profiles():
    """A shared profile makes the second soffice exit 1; ours must not."""
    barrier = threading.Barrier(2)
    results: dict[int, object] = {}

    def work(n: int) -> None:
        barrier.wait()
        try:
            results[n] = convert_to_pdfa({f"par{n}.docx": make_docx(TEXTS[n])})
        except Exception as error:  # reported by the assertion below
            results[n] = error

    threads = [threading.Thread(target=work, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    for n in (0, 1):
        assert isinstance(results[n], dict), results[n]
        assert pdfa_identification(results[n][f"par{n}.pdf"]) == ("2", "B")


def _alive(marker: str) -> list[int]:
    """Pids of live (not zombie) processes whose command line mentions `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if marker in command and state != "Z":
                found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_sigterm_during_export_kills_libreoffice_and_its_scratch(tmp_path):
    """A CI job cancelled during PDF export: soffice dies with fsegen, its scratch folder
    goes, and output/ is as it was (here: absent). LibreOffice announces its start through a
    named pipe, so the test waits on the pipe, not on the clock."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    started = tmp_path / "started"
    os.mkfifo(started)
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f"#!/bin/sh\necho started > {started}\nexec {find_soffice()} \"$@\"\n")
    wrapper.chmod(0o755)
    copy_example(tmp_path / "p")
    env = dict(os.environ, TMPDIR=str(shared), FSEGEN_SOFFICE=str(wrapper))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--format", "pdf"],
                            cwd=tmp_path / "p", env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    assert started.read_text().strip() == "started"  # blocks until LibreOffice starts
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert _alive(str(shared)) == []
    assert [p.name for p in shared.iterdir() if p.name.startswith("fsegen-")] == []
    assert not (tmp_path / "p" / "output").exists()


def test_environment_report_on_this_machine():
    by_what = {row.what: row for row in environment_report()}
    assert by_what["LibreOffice"].ok and "LibreOffice" in by_what["LibreOffice"].detail
    for package in ("docxtpl", "python-docx", "jinja2", "pypdf", "matplotlib", "lxml", "babel"):
        assert by_what[f"python {package}"].ok


def test_doctor_names_a_library_whose_version_differs_from_the_pinned_one(tmp_path):
    from generator.kit.doctor import CONSTRAINTS, pinned_versions

    pins = pinned_versions(CONSTRAINTS)
    assert pins["docxtpl"] and pins["python-docx"] and pins["jinja2"]  # CI pins what shapes the bytes
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# pins\ndocxtpl==0.0.1\nJinja2==3.1.6  # a comment\n", encoding="utf-8")
    rows = {row.what: row for row in environment_report(constraints)}
    assert rows["python docxtpl"].state == "differs" and rows["python docxtpl"].ok
    assert "CI pins 0.0.1" in rows["python docxtpl"].detail
    assert rows["python jinja2"].state == ("ok" if rows["python jinja2"].detail == "3.1.6" else "differs")
