"""Shared helpers: small content trees written into tmp_path, and the CLI run for real."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]

# A small programme of our own making (not Milan): two projects, other bodies,
# other measures, with the repository's templates and no code change.
SMALL_PROGRAMME = {
    "content/programme.yaml": """\
        call:
          kind: avviso pubblico
          title: Avviso pubblico per progetti di inclusione attiva
          operational_programme: PR FSE+ Toscana 2021-2027
          fund: FSE+
          axis: Priorità 3
          axis_name: inclusione sociale
        programme:
          title: Programma territoriale Valdarno
          promoter: unione
          network: Rete dei Comuni del Valdarno
          territory: valle dell'Arno
          priorities:
            - favorire l'inserimento lavorativo dei giovani
        """,
    "content/organisations.yaml": """\
        organisations:
          unione:
            name: Unione dei Comuni del Valdarno
            kind: unione di comuni
          coop:
            name: Cooperativa Sociale Il Ponte
            kind: cooperativa sociale
        people:
          rossi:
            name: Anna Rossi
            honorific: Dott.ssa
        districts:
          nord:
            name: Valdarno Nord
          sud:
            name: Valdarno Sud
        projects:
          ponte:
            title: PONTI
            districts: [nord]
            lead: unione
          rete:
            title: RETE
            districts: [sud]
            lead: coop
        measures:
          gol:
            name: Programma GOL
            summary: garanzia di occupabilità dei lavoratori
            level: nazionale
        """,
    "content/documents/allegato.yaml": """\
        title: Allegato tecnico
        template: integrazione-allegato-1.docx
        subject: Allegato tecnico
        place: Firenze
        date: 2023-03-02
        signatory:
          person: rossi
          capacity: La Responsabile
        sections:
          - title: PROGETTI
            body:
              - |
                Il programma comprende {{ projects | length | in_lettere }} progetti:
              - list: projects
                numbered: true
              - 'Misure collegate:'
              - list: measures
        """,
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text, dedented) under `root`."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def edit(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the first `old` with `new` in the file `name` of `folder` (it must be there)."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def small_programme(tmp_path: Path) -> Path:
    """A two-project programme folder using the repository's templates."""
    write_tree(tmp_path, SMALL_PROGRAMME)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's example programme, safe to modify."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


@pytest.fixture
def fsegen(monkeypatch):
    """Run the CLI in a folder: fsegen(folder, "build") -> click Result."""

    def run(folder: Path, *args: str):
        monkeypatch.chdir(folder)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def pytest_configure(config):
    """Caches of compiled templates and of builds go to a folder of this test session, not the
    user's cache (each programme of a test has its own folder, so builds never share entries)."""
    import os
    import tempfile

    os.environ.setdefault("FSEGEN_CACHE_DIR", tempfile.mkdtemp(prefix="fsegen-test-cache-"))
