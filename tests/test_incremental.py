"""Parallel and incremental builds give the very bytes of a serial, clean build."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import edit

PROJECTS = "content/projects.yaml"


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.name != "manifest.json"}


def inodes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.iterdir()}


def test_parallel_and_serial_builds_are_identical(example, fsegen):
    assert fsegen(example, "build", "--force", "--jobs", "1", "--out", "serial").exit_code == 0
    assert fsegen(example, "build", "--force", "--jobs", "2", "--out", "parallel").exit_code == 0
    assert hashes(example / "serial") == hashes(example / "parallel")
    assert len(hashes(example / "serial")) == 7


def test_a_rename_rebuilds_only_what_shows_the_name(example, fsegen):
    assert fsegen(example, "build", "--format", "docx,md").exit_code == 0
    before = inodes(example / "output")
    edit(example, PROJECTS, "title: IN -LAV", "title: IN-LAV RINNOVATO")
    result = fsegen(example, "build", "--format", "docx,md")
    assert result.exit_code == 0
    after = inodes(example / "output")
    rewritten = sorted(name for name in after if after[name] != before.get(name))
    assert rewritten == ["formulario-candidatura.docx", "formulario-candidatura.md",
                         "integrazione-allegato-1.docx", "integrazione-allegato-1.md",
                         "manifest.json", "scheda-progetto-in-lav.docx", "scheda-progetto-in-lav.md"]
    assert fsegen(example, "verify").exit_code == 0
    assert fsegen(example, "build", "--force", "--format", "docx,md", "--out", "clean").exit_code == 0
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
    ("templates/phrases.jinja", "ente capofila", "soggetto capofila"),
]


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3, unique=True))
def test_any_edit_builds_incrementally_what_a_clean_build_builds(example, fsegen, edits):
    """Whatever changed, the reused deliverables are those a clean build would make."""
    folder = example / "case"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    shutil.copytree(example / "content", folder / "content")
    shutil.copytree(example / "templates", folder / "templates")
    assert fsegen(folder, "build").exit_code == 0
    for name, old, new in edits:
        edit(folder, name, old, new)
    incremental = fsegen(folder, "build")
    clean = fsegen(folder, "build", "--force", "--out", "clean")
    assert incremental.exit_code == clean.exit_code
    if clean.exit_code == 0:
        assert hashes(folder / "output") == hashes(folder / "clean")
