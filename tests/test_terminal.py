"""A quiet, helpful terminal: one summary line, grouped findings, -q and -v, colours only on a
terminal, a progress bar for PDF/A, and identifiers whose messages name the wrong part."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from generator.checks.identifiers import fiscal_code_problem, numeric_problem
from generator.cli.reporting import grouped_text, summary
from generator.errors import ERROR, WARNING, Finding, OutputError
from tests.conftest import edit, make_docx, run_fsegen

SUMMARY = "14 deliverables built (21 files in output/), 0 errors, 0 warnings, 12 acknowledged (fsegen status)"
ANSI = "\x1b["


def in_terminal(cwd: Path, *args: str, env: dict | None = None) -> tuple[int, str]:
    """Run fsegen with a pseudo-terminal as stdout and stderr: (exit code, what it showed)."""
    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, stdin=child,
                               stdout=child, stderr=child, env=env, close_fds=True)
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return process.wait(), shown.decode("utf-8", "replace")


# -- one line per run, grouped findings --------------------------------------------------


def test_build_says_one_line(example, fsegen):
    result = fsegen(example, "build")
    assert result.exit_code == 0
    assert result.stdout == SUMMARY + "\n" and result.stderr == ""


@pytest.mark.slow
def test_quiet_says_nothing_and_verbose_says_everything(example, fsegen):  # five builds of the example
    quiet = fsegen(example, "build", "-q")
    assert quiet.exit_code == 0 and quiet.output == ""
    assert fsegen(example, "-q", "check").output == ""  # -q on the group works as well
    verbose = fsegen(example, "build", "-v", "--force")
    assert verbose.stdout.count("wrote output/") == 15
    assert verbose.stdout.endswith("14 deliverables built (21 files in output/), 0 errors, 0 warnings, "
                                   "12 acknowledged (fsegen status)\n")
    again = fsegen(example, "build", "-v").stdout
    assert again.count("kept output/") == 20 and "wrote output/manifest.json" in again
    assert again.endswith("14 deliverables built, 14 of them unchanged (21 files in output/), 0 errors, "
                          "0 warnings, 12 acknowledged (fsegen status)\n")
    assert verbose.stderr.count(": warning: ") == 0  # acknowledged by content/accept.yaml
    (example / "content/accept.yaml").unlink()
    edit(example, "content/documents/integrazione-allegato-1.yaml", "status: definitivo\n", "")
    verbose = fsegen(example, "build", "-v")
    assert verbose.stderr.count(": warning: ") == 12
    assert "[projects.in-lav] (call-partnership)" in verbose.stderr


def test_check_groups_the_same_finding_for_many_items(example, fsegen):
    (example / "content/accept.yaml").unlink()  # the example's twelve warnings, not acknowledged
    edit(example, "content/documents/integrazione-allegato-1.yaml", "status: definitivo\n", "")
    result = fsegen(example, "check")
    assert result.exit_code == 0
    shown = result.stderr
    assert shown.count(": warning: ") == 3  # twelve warnings, three distinct findings
    assert ("content/projects.yaml:8:3: warning: the partnership of 5 projects (ciao, in-lav, "
            "work-in-progress, facciamo-squadra, vulnerabilita) is not recorded") in shown
    assert "    also at lines 31, 54, 79, 102\n" in shown
    assert ("the signatory cannot be checked (6 documents: domanda-rimborso, formulario-candidatura, "
            "integrazione-allegato-1, relazione-intermedia-progetto, relazione-intermedia, "
            "scheda-progetto) (signatories)") in shown
    assert ("also at content/documents/formulario-candidatura.yaml line 16; "
            "content/documents/integrazione-allegato-1.yaml line 14; "
            "content/documents/relazione-intermedia-progetto.yaml line 16; "
            "content/documents/relazione-intermedia.yaml line 16; "
            "content/documents/scheda-progetto.yaml line 13") in shown
    assert len(shown.splitlines()) <= 12  # was 27
    assert result.stdout == ("14 deliverables checked, 0 errors, 12 warnings "
                             "(fsegen check -v lists each one)\n")
    assert fsegen(example, "check", "-v").stderr.count(": warning: ") == 12


def test_errors_are_grouped_too_and_come_first(small_programme, fsegen):
    edit(small_programme, "content/organisations.yaml", "    lead: unione", "    lead: comune")
    edit(small_programme, "content/organisations.yaml", "    lead: coop", "    lead: comune")
    result = fsegen(small_programme, "build")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("content/organisations.yaml:21:5: error: organisations has no item 'comune' "
                        "(2 projects: ponte, rete) (references)")
    assert lines[1] == "    also at line 25"
    assert lines[-1] == "2 errors, 4 warnings; nothing was written."
    assert not (small_programme / "output").exists()


def test_a_finding_for_several_outputs_of_one_document_is_one_entry():
    findings = [Finding(f"empty value in scheda-progetto-{p}: 'Firma: None'", file="d.yaml", line=3,
                        path="documents.scheda-progetto", rule="rendered-output")
                for p in ("ciao", "in-lav", "ciao")]
    shown = grouped_text(findings)
    assert shown.splitlines()[0] == ("d.yaml:3: error: empty value in 2 deliverables "
                                     "(scheda-progetto-ciao, scheda-progetto-in-lav): 'Firma: None' "
                                     "(rendered-output)")


def test_different_findings_are_not_merged():
    findings = [Finding("the title is empty", path="projects.a.title", line=1, file="p.yaml"),
                Finding("the title is empty", path="projects.b.title", line=2, file="p.yaml",
                        severity=WARNING),
                Finding("the title is too long", path="projects.c.title", line=3, file="p.yaml")]
    assert grouped_text(findings).count(": error: ") == 2
    assert grouped_text(findings).count(": warning: ") == 1


def test_many_items_are_named_up_to_a_few():
    findings = [Finding(f"the partnership of {p!r} is not recorded", path=f"projects.{p}",
                        file="p.yaml", line=n, severity=WARNING, rule="call-partnership")
                for n, p in enumerate("abcdefghij", start=1)]
    first = grouped_text(findings).splitlines()[0]
    assert "the partnership of 10 projects (a, b, c, d, e, f and 4 more) is not recorded" in first


def test_the_summary_line_counts_in_english():
    one = [Finding("x", severity=ERROR), Finding("y", severity=WARNING)]
    assert summary("1 deliverable built", one) == "1 deliverable built, 1 error, 1 warning"
    assert summary("2 deliverables built", [], details="more") == "2 deliverables built, 0 errors, 0 warnings"


# -- colours and the progress bar ----------------------------------------------------------


def test_colours_on_a_terminal_never_in_a_pipe(small_programme):
    code, shown = in_terminal(small_programme, "check")
    assert code == 0 and f"{ANSI}33m" in shown and "4 warnings" in shown
    result = run_fsegen(small_programme, "check")
    assert result.returncode == 0 and "4 warnings" in result.stdout
    assert ANSI not in result.stdout + result.stderr
    code, shown = in_terminal(small_programme, "check", env=dict(os.environ, NO_COLOR="1"))
    assert code == 0 and ANSI not in shown


@pytest.mark.slow
def test_rendering_shows_a_progress_bar_on_a_terminal_and_nothing_in_a_pipe(example):
    """Fourteen deliverables rendered: a bar as each is done, on a terminal only."""
    code, shown = in_terminal(example, "build", "--force", "--jobs", "2")
    assert code == 0, shown
    assert "Rendering  [" in shown and "0/14" in shown and "14/14" in shown
    result = run_fsegen(example, "build", "--force")
    assert result.returncode == 0 and result.stderr == "" and "Rendering" not in result.stdout
    quiet_code, quiet = in_terminal(example, "build", "--force", "-q")
    assert quiet_code == 0 and "Rendering" not in quiet


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_pdf_conversion_shows_a_progress_bar_on_a_terminal(example):
    """Five project sheets: a bar on a terminal, nothing of it in a pipe (a CI log)."""
    code, shown = in_terminal(example, "build", "--format", "pdf", "scheda-progetto")
    assert code == 0, shown
    assert "PDF/A  [" in shown and "0/5" in shown and "5/5" in shown
    assert shown.rstrip().endswith("12 acknowledged (fsegen status)")
    result = run_fsegen(example, "build", "--format", "pdf", "scheda-progetto")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("5 deliverables built (6 files in output/)")


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_the_converter_reports_each_file_done():
    from generator.rendering.pdf import convert_to_pdfa

    heard: list[tuple[int, int]] = []
    pdfs = convert_to_pdfa({f"f{i}.docx": make_docx(f"Documento {i}") for i in range(4)},
                           progress=lambda done, total: heard.append((done, total)))
    assert len(pdfs) == 4
    assert heard == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_silent_libreoffice_failure_still_says_what_happened(tmp_path, monkeypatch):
    from generator.rendering.pdf import convert_to_pdfa

    for script, said in (("exit 0", "LibreOffice produced no PDF"), ("exit 3", "exit code 3")):
        wrapper = tmp_path / "soffice"
        wrapper.write_text(f"#!/bin/sh\n{script}\n")
        wrapper.chmod(0o755)
        monkeypatch.setenv("FSEGEN_SOFFICE", str(wrapper))
        with pytest.raises(OutputError) as raised:
            convert_to_pdfa({"a.docx": make_docx("Documento")})
        assert said in raised.value.message and "no message" not in raised.value.message


def test_version_says_which_installation_runs(fsegen, tmp_path):
    result = fsegen(tmp_path, "--version")
    assert result.output.startswith("fsegen, version ")
    assert sys.executable in result.output and "installed in " in result.output


# -- partita IVA and codice fiscale --------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("0506048096", "has 10 digits instead of 11"),
    ("0506048A969", "has characters that are not digits"),
    ("00000001234", "numero di matricola (digits 1-7) of all zeros"),
    ("01234561239", "has 123 as codice dell'ufficio provinciale (digits 8-10)"),
    ("05060480969", "its cifra di controllo (the last digit, 9) does not match the first ten digits"),
])
def test_a_wrong_partita_iva_names_the_wrong_part(value, expected):
    assert expected in numeric_problem(value, "partita IVA")
    assert numeric_problem("05060480968", "partita IVA") is None
    assert numeric_problem("IT 05060480968", "partita IVA") is None


@pytest.mark.parametrize(("value", "expected"), [
    ("RCCMNL83S18D969", "has 15 characters: a person's has 16"),
    ("RC1MNL83S18D969H", "the surname (characters 1-3) must be letters"),
    ("RCCMNL83F18D969H", "the month of birth (character 9) must be one of the letters"),
    ("RCCMNL8AS18D969H", "the year of birth (characters 7-8) must be two digits"),
    ("RCCMNL83S18D9X9H", "codice catastale of the place of birth (characters 12-15)"),
    ("RCCMNL83S18D969X", "its carattere di controllo (the 16th, X) does not match"),
    ("RCCMNL83S35D969D", "the date of birth it encodes (characters 7-11, 83S35) does not exist"),
    ("08911820961", "its cifra di controllo (the last digit, 1)"),
])
def test_a_wrong_codice_fiscale_names_the_wrong_part(value, expected):
    problem = fiscal_code_problem(value)
    assert problem is not None and expected in problem, problem
    assert fiscal_code_problem("RCCMNL83S18D969H") is None and fiscal_code_problem("08911820960") is None
