"""Submission outputs: PDF/A of every deliverable, the manifest, verify, text and Markdown."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess

import pytest
from pypdf import PdfReader

from generator.pipeline.manifest import sha256
from generator.rendering.pdf import find_soffice
from generator.rendering.pdfa import embedded_fonts, pdfa_identification
from tests.conftest import git, refused, run_fsegen

DELIVERABLES = ["formulario-candidatura", "integrazione-allegato-1", "scheda-progetto-ciao",
                "scheda-progetto-facciamo-squadra", "scheda-progetto-in-lav",
                "scheda-progetto-vulnerabilita", "scheda-progetto-work-in-progress",
                "relazione-intermedia", "relazione-intermedia-progetto-ciao",
                "relazione-intermedia-progetto-facciamo-squadra", "relazione-intermedia-progetto-in-lav",
                "relazione-intermedia-progetto-vulnerabilita",
                "relazione-intermedia-progetto-work-in-progress", "domanda-rimborso"]


@pytest.mark.slow
def test_every_deliverable_is_pdfa2b_with_embedded_fonts(pdf_example):
    folder = pdf_example
    for name in DELIVERABLES:
        pdf = folder / "output" / f"{name}.pdf"
        assert pdfa_identification(pdf) == ("2", "B"), name
        fonts = embedded_fonts(pdf)
        assert fonts and all(embedded for _, embedded in fonts), (name, fonts)
        assert any("Carlito" in font for font, _ in fonts), fonts
        report = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
        rows = report.stdout.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), report.stdout
        text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
        assert "Dario Parravicini" in text, name


@pytest.mark.slow
def test_the_whole_batch_costs_one_libreoffice_start(pdf_example):
    assert (pdf_example / "soffice-starts.log").read_text().split() == ["start"]


@pytest.mark.slow
def test_manifest_hashes_match_the_files_and_inputs(pdf_example):
    folder = pdf_example
    manifest = json.loads((folder / "output" / "manifest.json").read_text(encoding="utf-8"))
    names = {entry["file"] for entry in manifest["files"]}
    pictures = {name for name in names if name.endswith(".png")}  # beside the .md: the emblem, charts
    tables = {f"{d}-tabelle.xlsx" for d in DELIVERABLES if d.startswith("relazione")}
    assert len(tables) == 6  # each progress report's tables, beside it
    assert names - pictures == {f"{d}.{ext}" for d in DELIVERABLES for ext in ("docx", "pdf", "md")} | tables
    assert {f"{d}-1.png" for d in DELIVERABLES} <= pictures
    assert len(pictures) == len(DELIVERABLES) + 2 * sum(d.startswith("relazione") for d in DELIVERABLES)
    for entry in manifest["files"]:
        data = (folder / "output" / entry["file"]).read_bytes()
        assert entry["sha256"] == sha256(data) and entry["size"] == len(data)
        assert entry["format"] == entry["file"].rsplit(".", 1)[1]
    assert manifest["inputs"]["content/projects.yaml"] == sha256((folder / "content/projects.yaml").read_bytes())
    assert manifest["inputs"]["templates/scheda-progetto.docx"] == sha256(
        (folder / "templates/scheda-progetto.docx").read_bytes())
    assert "templates/phrases.jinja" in manifest["inputs"]
    assert manifest["git"] == {"commit": None, "dirty": None}  # not a Git repository
    assert manifest["fsegen"]


@pytest.mark.slow
def test_markdown_is_written_next_to_each_docx(pdf_example):
    folder = pdf_example
    markdown = (folder / "output" / "integrazione-allegato-1.md").read_text(encoding="utf-8")
    assert "1. Progetto CIAO!" in markdown
    assert "Dott. Dario Parravicini" in markdown


def test_verify_detects_a_changed_file(built_example, tmp_path, fsegen):
    example = shutil.copytree(built_example, tmp_path / "example")  # its output is changed below
    assert fsegen(example, "verify").exit_code == 0
    target = example / "output" / "integrazione-allegato-1.docx"
    target.write_bytes(target.read_bytes() + b"\0")
    refused(fsegen(example, "verify"), "integrazione-allegato-1.docx changed since it was built")
    (example / "output" / "scheda-progetto-ciao.docx").unlink()
    assert "scheda-progetto-ciao.docx is listed in the manifest but missing" in fsegen(example, "verify").output


def test_manifest_records_the_git_commit_and_dirtiness(example, fsegen):
    git(example, "init", "-q")
    git(example, "add", "content", "templates")
    git(example, "commit", "-qm", "example")
    (example / ".gitignore").write_text("output/\n")
    git(example, "add", ".gitignore")
    git(example, "commit", "-qm", "ignore output")
    head = git(example, "rev-parse", "HEAD").strip()
    assert fsegen(example, "build").exit_code == 0
    manifest = json.loads((example / "output/manifest.json").read_text(encoding="utf-8"))
    assert manifest["git"] == {"commit": head, "dirty": False}
    with open(example / "content/glossary.yaml", "a", encoding="utf-8") as stream:
        stream.write("  UE: Unione europea\n")
    assert fsegen(example, "build").exit_code == 0
    manifest = json.loads((example / "output/manifest.json").read_text(encoding="utf-8"))
    assert manifest["git"]["dirty"] is True


def test_missing_libreoffice_is_explained_and_output_untouched(built_example, tmp_path, fsegen, monkeypatch):
    example = shutil.copytree(built_example, tmp_path / "example")  # a build is tried in it
    before = {p.name: p.read_bytes() for p in (example / "output").iterdir()}
    monkeypatch.setenv("FSEGEN_SOFFICE", str(example / "no-such-soffice"))
    refused(fsegen(example, "build", "--format", "pdf"), "apt-get install")
    assert {p.name: p.read_bytes() for p in (example / "output").iterdir()} == before


def test_totext_prints_header_body_and_lists(built_example, fsegen):
    result = fsegen(built_example, "totext", "output/integrazione-allegato-1.docx")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Fascicolo 13.3\\2020\\36"
    assert "5. Progetto VULNERABILITA' - FORME INNOVATIVE DI SOSTEGNO ALLE PERSONE FRAGILI. " \
           "Ambito di Cinisello Balsamo (ente capofila ASC Insieme per il Sociale di Cinisello) " \
           "che aggrega anche l'Ambito di Sesto San Giovanni." in lines
    table = fsegen(built_example, "totext", "output/formulario-candidatura.docx").output
    assert "2 | IN -LAV | Asc Comuni Insieme | Garbagnate Milanese e Rho" in table


def test_totext_refuses_a_non_docx(example, fsegen):
    (example / "x.docx").write_text("not a zip")
    refused(fsegen(example, "totext", "x.docx"), "x.docx")


def test_unknown_output_format_is_a_usage_error(example, fsegen):
    refused(fsegen(example, "build", "--format", "odt"), code=2)


@pytest.mark.slow
def test_a_pdf_is_kept_only_while_the_same_libreoffice_would_make_it(small_programme, tmp_path):
    """The same .docx gives the same PDF only from the same LibreOffice: another installation (an
    upgrade, or FSEGEN_SOFFICE naming another) converts again."""
    log = tmp_path / "starts.log"

    def build_with(name: str) -> list[str]:
        wrapper = tmp_path / name
        if not wrapper.exists():
            wrapper.write_text(f'#!/bin/sh\necho {name} >> "{log}"\nexec "{find_soffice()}" "$@"\n')
            wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
        log.write_text("")
        result = run_fsegen(small_programme, "build", "--format", "docx,pdf",
                            env=dict(os.environ, FSEGEN_SOFFICE=str(wrapper)))
        assert result.returncode == 0, result.stderr
        return log.read_text().split()

    assert build_with("first") == ["first"]
    assert build_with("first") == []  # the same .docx, the same LibreOffice: kept
    assert build_with("second") == ["second"]
    manifest = json.loads((small_programme / "output/manifest.json").read_text(encoding="utf-8"))
    converters = {e.get("converter") for e in manifest["files"] if e["file"].endswith(".pdf")}
    assert len(converters) == 1 and None not in converters
