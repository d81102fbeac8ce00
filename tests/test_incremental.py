"""Parallel and incremental builds give the very bytes of a serial, clean build.

Each test builds the example several times: all are slow but one, the fast core's witness of the
cache keyed by what each deliverable read."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.rendering.text import docx_to_text
from tests.conftest import copy_example, edit, run_fsegen

PROJECTS = "content/projects.yaml"
ANNEX = "content/documents/integrazione-allegato-1.yaml"
REPORTS = "content/documents/relazione-intermedia-progetto.yaml"


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.name != "manifest.json"}


def inodes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.iterdir()}


@pytest.mark.slow
def test_parallel_and_serial_builds_are_identical(example, fsegen):
    assert fsegen(example, "build", "--force", "--jobs", "1", "--out", "serial").exit_code == 0
    assert fsegen(example, "build", "--force", "--jobs", "2", "--out", "parallel").exit_code == 0
    assert hashes(example / "serial") == hashes(example / "parallel")
    assert len(hashes(example / "serial")) == 20  # with the six progress reports, their tables and the payment claim


@pytest.mark.slow
def test_a_rename_rebuilds_only_what_shows_the_name(example, fsegen):
    assert fsegen(example, "build", "--format", "docx,md").exit_code == 0
    before = inodes(example / "output")
    edit(example, PROJECTS, "title: IN -LAV", "title: IN-LAV RINNOVATO")
    result = fsegen(example, "build", "--format", "docx,md")
    assert result.exit_code == 0
    after = inodes(example / "output")
    rewritten = sorted(name for name in after if after[name] != before.get(name))
    assert rewritten == ["domanda-rimborso.docx", "domanda-rimborso.md",
                         "formulario-candidatura.docx", "formulario-candidatura.md",
                         "integrazione-allegato-1.docx", "integrazione-allegato-1.md",
                         "manifest.json", "relazione-intermedia-progetto-in-lav.docx",
                         "relazione-intermedia-progetto-in-lav.md", "relazione-intermedia.docx",
                         "relazione-intermedia.md", "scheda-progetto-in-lav.docx",
                         "scheda-progetto-in-lav.md"]
    assert fsegen(example, "verify").exit_code == 0
    assert fsegen(example, "build", "--force", "--format", "docx,md", "--out", "clean").exit_code == 0
    assert hashes(example / "output") == hashes(example / "clean")


def rewritten_by(example, fsegen, name: str, old: str, new: str) -> list[str]:
    """The files a build rewrites after one edit (the others come unchanged from the cache)."""
    assert fsegen(example, "build").exit_code == 0
    before = inodes(example / "output")
    edit(example, name, old, new)
    result = fsegen(example, "build")
    assert result.exit_code == 0, result.output
    after = inodes(example / "output")
    return sorted(name for name in after if after[name] != before.get(name))


@pytest.mark.slow
def test_one_project_s_own_text_rebuilds_only_its_report(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    before = inodes(example / "output")
    edit(example, REPORTS, "hanno reso difficile a una parte", "hanno reso difficile a molte")
    assert fsegen(example, "build").exit_code == 0
    after = inodes(example / "output")
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "manifest.json", "relazione-intermedia-progetto-ciao.docx"]
    assert "hanno reso difficile a molte delle persone" in docx_to_text(
        example / "output/relazione-intermedia-progetto-ciao.docx")


@pytest.mark.slow
def test_a_change_of_status_rebuilds_only_that_document(example, fsegen):
    """The status is part of a deliverable's key: a bozza is stamped, a definitivo is not."""
    assert rewritten_by(example, fsegen, ANNEX, "status: definitivo", "status: bozza") == [
        "integrazione-allegato-1.docx", "manifest.json"]
    assert fsegen(example, "build", "--force", "--out", "clean").exit_code == 0
    assert hashes(example / "output") == hashes(example / "clean")


def test_an_acknowledgement_rebuilds_only_the_deliverables_it_is_about(example, fsegen):
    """An `accept:` entry is part of the key of the deliverables that read what it names."""
    rewritten = rewritten_by(example, fsegen, "content/accept.yaml",
                             "who: Redazione dell'esempio fsegen\n    date: 2026-11-25\n  - rule: "
                             "lead-substitutions", "who: Ufficio\n    date: 2026-11-25\n  - rule: "
                             "lead-substitutions")  # the entry of the partnerships: projects.*
    assert "manifest.json" in rewritten and len(rewritten) == 15  # every deliverable reads a project
    rewritten = rewritten_by(example, fsegen, "content/accept.yaml", "IN PROGRESS; l'integrazione",
                             "IN PROGRESS. L'integrazione")  # the substitution of WORK IN PROGRESS's lead
    assert rewritten == ["formulario-candidatura.docx", "integrazione-allegato-1.docx", "manifest.json",
                         "relazione-intermedia-progetto-work-in-progress.docx",
                         "scheda-progetto-work-in-progress.docx"]  # those that name its lead


@pytest.mark.slow
def test_a_district_moved_to_another_project_rebuilds_what_lists_coverage(example, fsegen):
    """The form's table of districts reads `covering`, computed once per day: its reads (every
    project's districts) are in the form's record, so moving a district rebuilds the form."""
    assert fsegen(example, "build").exit_code == 0
    before = inodes(example / "output")
    edit(example, PROJECTS, "districts: [garbagnate, rho]", "districts: [garbagnate]")
    edit(example, PROJECTS, "districts: [adda-martesana]", "districts: [adda-martesana, rho]")
    assert fsegen(example, "build").exit_code == 0
    after = inodes(example / "output")
    rewritten = {name for name in after if after[name] != before.get(name)}
    assert "formulario-candidatura.docx" in rewritten
    assert "scheda-progetto-ciao.docx" not in rewritten  # it shows no other project's districts
    form = docx.Document(str(example / "output/formulario-candidatura.docx"))
    rows = {row.cells[0].text: row.cells[-1].text for table in form.tables for row in table.rows
            if len(row.cells) == 3}
    assert rows["Rho"] == "FACCIAMO SQUADRA CONTRO LA POVERTA' - ADDA MARTESANA"
    assert rows["Garbagnate Milanese"] == "IN -LAV"
    assert fsegen(example, "build", "--force", "--out", "clean").exit_code == 0
    assert hashes(example / "output") == hashes(example / "clean")


EDITS = [
    (PROJECTS, "title: IN -LAV", "title: IN -LAV BIS"),
    (PROJECTS, "amount: 20000", "amount: 25000"),
    (PROJECTS, "lead: comune-melzo", "lead: assemi"),
    (PROJECTS, "districts: [garbagnate, rho]", "districts: [rho, garbagnate]"),
    ("content/organisations.yaml", "name: Comune di Melzo", "name: Comune di Melzo (MI)"),
    ("content/organisations.yaml", "name: Dario Parravicini", "name: Dario Parravicini Rossi"),
    ("content/territory.yaml", "name: Rho", "name: Rhodense"),
    ("content/measures.yaml", "level: regionale", "level: nazionale"),
    ("content/synergies.yaml", "count: 7", "count: 8"),
    ("content/glossary.yaml", "DUL: Dote unica lavoro", "DUL: Dote Unica Lavoro"),
    ("content/programme.yaml", "title: Programma di intervento territoriale", "title: Programma"),
    ("content/documents/scheda-progetto.yaml", "date: 2020-03-09", "date: 2020-03-08"),
    ("content/documents/integrazione-allegato-1.yaml", "si ritiene utile", "si ritiene opportuno"),
    (REPORTS, "hanno reso difficile a una parte", "hanno reso difficile a molte"),  # ciao's own text
    (REPORTS, "fa\n        parte del", "appartiene\n        al"),  # the text every report shares
    ("templates/phrases.jinja", "ente capofila", "soggetto capofila"),
    ("content/monitoring/monitoraggio-esempio.yaml", '"Comunicazione e valutazione": 3100',
     '"Comunicazione e valutazione": 3200'),
    ("content/indicators.yaml", "name: Tirocini di inclusione avviati", "name: Tirocini avviati"),
    # the life of a programme: membership on a day, statuses, acknowledgements
    ("content/measures.yaml", "level: nazionale", "level: nazionale\n    since: 2020-04-01"),
    (ANNEX, "status: definitivo", "status: bozza"),
    ("content/accept.yaml", "who: Redazione dell'esempio fsegen", "who: Ufficio di Piano"),
]


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3, unique=True))
def test_any_edit_builds_incrementally_what_a_clean_build_builds(example, fsegen, edits):
    """Whatever changed, the reused deliverables are those a clean build would make."""
    folder = example / "case"
    if folder.exists():
        shutil.rmtree(folder)
    copy_example(folder)
    assert fsegen(folder, "build").exit_code == 0
    for name, old, new in edits:
        edit(folder, name, old, new)
    incremental = fsegen(folder, "build")
    clean = fsegen(folder, "build", "--force", "--out", "clean")
    assert incremental.exit_code == clean.exit_code
    if clean.exit_code == 0:
        assert hashes(folder / "output") == hashes(folder / "clean")


@pytest.mark.slow
def test_a_new_version_of_a_library_that_shapes_the_bytes_renders_everything_again(example, tmp_path):
    """An upgrade of matplotlib (or docxtpl, lxml, Jinja2...) may change the bytes: the cache keys
    on their versions, read from the installed distributions, so a build renders again."""
    def build(**env: str) -> str:
        result = run_fsegen(example, "build", env={**os.environ, **env})
        assert result.returncode == 0, result.stderr
        return result.stdout

    build()
    assert "14 deliverables built, 14 of them unchanged" in build()
    upgraded = tmp_path / "upgraded"  # what pip leaves for a newer matplotlib, first on sys.path
    (upgraded / "matplotlib-99.0.0.dist-info").mkdir(parents=True)
    assert "14 deliverables built (" in build(PYTHONPATH=str(upgraded))
    assert "14 of them unchanged" in build(PYTHONPATH=str(upgraded))


def test_a_check_after_a_build_judges_what_did_not_change_from_its_record(example, fsegen):
    """check evaluates only the deliverables whose inputs changed since the last build; the
    others are judged on what that build recorded, with the same verdict."""
    from generator.folders import Folders
    from generator.pipeline import Options, check

    folders = Folders(example / "content", example / "templates", example / "output")
    cold = check(folders, Options(lenient=True))
    assert cold.rendered == 14
    assert fsegen(example, "build").exit_code == 0
    after = check(folders, Options(lenient=True))
    assert after.rendered == 0 and after.findings == cold.findings
    assert {i: r.text for i, r in after.outputs.items()} == {i: r.text for i, r in cold.outputs.items()}
    edit(example, PROJECTS, "title: IN -LAV", "title: IN-LAV RINNOVATO")
    edited = check(folders, Options(lenient=True))
    assert 0 < edited.rendered < 13
    assert "IN-LAV RINNOVATO" in edited.outputs["scheda-progetto-in-lav"].text
