"""The suite's shared helpers, fixtures and heavy products: one of each, used by every file.

Programmes
    `SMALL_PROGRAMME` (written by the `small_programme` fixture or `write_small_programme`), a
    copy of the example (`example`, `copy_example`) or of a programme of tests/programmes/
    (`copy_programme`), and `example_repository`: the example committed in a Git repository.
Heavy products, made once per test session whatever the number of xdist workers
    `built_example` (the example built by the installed command), `pdf_example` (built as
    docx, PDF/A and Markdown by one LibreOffice start) and `built_programme(name)` (a programme
    of tests/programmes/ checked strictly and built; `pdf_programme(name)` as docx and PDF/A too).
    They are shared: read them, never change
    them; a test that changes one copies it first.
Commands
    `fsegen` (the command line in-process, in a folder), `run_fsegen` (as a user runs it: a
    process of its own), `git` (with an identity of its own), `refused` (a command refused with
    a message, no traceback), `check_json` and `check_fails` (the findings of `check`).
Languages
    The suite reads fsegen in English (FSEGEN_LANGUAGE=en, set for the session); `italian()` is
    the environment of an Italian office (LANG=it_IT.UTF-8), for a process that speaks Italian.
Tools
    `need_tool(message)`: a test that needs a tool (the YAML language server, Chromium, SoftHSM2)
    fails in CI when it is missing (`CI` set, as GitHub Actions and .ci/run set it), and elsewhere
    is skipped with `message`, which says what to install.
Files
    `write_tree`, `edit` (a text that must be there, replaced), `add_prose` (a prose block in a
    document), `add_paragraph` (a paragraph in a Word template), `snapshot` (the files of
    output/), `make_docx` (a small .docx).

Markers (pyproject.toml)
    `slow` keeps a test out of the fast core (`python -m pytest -q -n 2 -m "not slow"`, for every
    change): LibreOffice conversions (the fast core keeps one batch in test_pdf and the PDF/A
    test_signing signs), the browser, the language server, Git histories, property campaigns,
    the differential suite on the example and the other programmes, repeated builds of the
    example; a test that takes seconds. Every module of generator/ is still imported by the fast
    core. `needs_soffice` converts real files with LibreOffice. Modules whose module-scoped
    fixtures are heavy (a server, a LibreOffice, a Git history) carry an `xdist_group`, so that
    one worker makes them once (`--dist=loadgroup`).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from filelock import FileLock

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
PROGRAMMES = REPO / "tests" / "programmes"
"""Programmes of our own making, each with its `content/`, built with the repository's templates."""

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


PER_PROJECT = """\
    kind: scheda
    for_each: projects
    title: Nota di progetto
    template: integrazione-allegato-1.docx
    place: Firenze
    date: 2023-03-02
    sections:
      - id: attivita
        title: ATTIVITÀ
        body:
          - Il progetto {{ project.title }} fa parte del programma.
        for_item:
          ponte:
            - Nei comuni del nord si sono riuniti i tavoli di ambito.
          rete:
            - La rete ha aperto uno sportello.
            - Lo sportello è aperto il martedì.
    """
NOTE = "content/documents/nota.yaml"
"""Where tests write PER_PROJECT: a note per project of the small programme, with a text
shared by both files and each project's own (`for_item`)."""

EXAMPLE_SHA256 = {
    "domanda-rimborso.docx": "db04058f992e176771d9c3789417d1028af65dd2dd88ea5bcf9edbaf6e0eb27d",
    "formulario-candidatura.docx": "5ecc427ecb160ade4633efa1281fb4ba27c5620380eedf021df044443c38cdb5",
    "integrazione-allegato-1.docx": "6c936647402710fe1b31f125931f30c13775b0d325756c28d3d2e011b48c8c5f",
    "relazione-intermedia-progetto-ciao.docx": "adc765f9b0500bd3aa5c39c1048be18e971fec65a0a851bc569be1714942c2e1",
    "relazione-intermedia-progetto-facciamo-squadra.docx": "7f6a4198f84c2c1aca139f51f06f79b03c050e66fae084c5046d975ee6a90b2a",
    "relazione-intermedia-progetto-in-lav.docx": "34cdf17171e0d6877e3f2a9e3fdc2a140699dd4073947f514c55cec12155204d",
    "relazione-intermedia-progetto-vulnerabilita.docx": "1ebc35a3cdc8fc7470cb40a35fd072235e83d65728075ffd6b959f377fac318f",
    "relazione-intermedia-progetto-work-in-progress.docx": "b4fdb154a706525f194c5396800fccb6dccfa93df6d804c03777baa04c869efa",
    "relazione-intermedia.docx": "557ab9ff5fa73a4fa27ba0c1c8af8d17d9b22ae0deb9e3f0f252f5d03811e2df",
    "scheda-progetto-ciao.docx": "615f28976863091a827e65dbd59513a5aa167361518ed8a843813f6fbbe04dbb",
    "scheda-progetto-facciamo-squadra.docx": "fb5c7e7aa96776f75653d1a8d8561a9f8624f55bd2c7a30bb18363624602de95",
    "scheda-progetto-in-lav.docx": "5a4170728a1c7f7cf026ccfa4c3e01ac79e8c0cb51902ca91bd30e77ba0931a2",
    "scheda-progetto-vulnerabilita.docx": "ac6eb659dac76c457b26d805da671039e9e828492bcf7888df63575ef7920940",
    "scheda-progetto-work-in-progress.docx": "5fd5409eefaa652ebca6d423c831b4e2302532620df6bb6e3192cdd9fd071e51",
}
"""The example's deliverables, byte for byte. A pin changes only with a deliberate change of
wording or layout (say which in the commit), never as a side effect of a refactoring."""


# -- files ----------------------------------------------------------------------------------


def need_tool(message: str) -> None:
    """A tool this test needs is missing: fail in CI, where every tool must be installed (a
    skipped suite is a suite that did not run), skip elsewhere saying what to install."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{message} (CI is set: in CI every tool the tests need must be installed)",
                    pytrace=False)
    pytest.skip(message)


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


def add_prose(folder: Path, name: str, before: str, text: str) -> None:
    """A prose block with `text` added to the document `name`, before the block starting `before`."""
    edit(folder, name, f"      - |\n        {before}", f"      - |\n        {text}\n      - |\n        {before}")


def add_paragraph(template: Path, text: str, where: str = "body") -> None:
    """A paragraph with `text` (Jinja tags, say) added to a Word template's body or first header,
    as an author would add it in Word."""
    import docx

    document = docx.Document(str(template))
    target = document.sections[0].header if where == "header" else document
    target.add_paragraph(text)
    document.save(str(template))


def snapshot(folder: Path) -> dict[str, bytes]:
    """The files of `folder`/output by name, with their bytes (none when there is no output/)."""
    out = folder / "output"
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} if out.is_dir() else {}


def make_docx(text: str) -> bytes:
    """A small deliverable: `text` in Calibri (LibreOffice substitutes Carlito) and a bullet."""
    import docx

    document = docx.Document()
    run = document.add_paragraph().add_run(text)
    run.font.name = "Calibri"
    document.add_paragraph("Voce dell'elenco puntato", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- programmes -----------------------------------------------------------------------------


def _programme(content: Path, root: Path) -> Path:
    shutil.copytree(content, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def copy_example(root: Path) -> Path:
    """A copy of the repository's example programme (content and templates) at `root`."""
    return _programme(REPO / "content", root)


def copy_programme(name: str, root: Path) -> Path:
    """A copy of tests/programmes/`name` at `root`, with the repository's templates."""
    return _programme(PROGRAMMES / name / "content", root)


def write_small_programme(root: Path) -> Path:
    """The small programme (`SMALL_PROGRAMME`) at `root`, with the repository's templates."""
    write_tree(root, SMALL_PROGRAMME)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def example_repository(root: Path, programme: str = "") -> Path:
    """A Git repository at `root` whose one commit holds the example at `root/programme`."""
    folder = copy_example(root / programme if programme else root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "example programme")
    return folder


@pytest.fixture
def small_programme(tmp_path: Path) -> Path:
    """A two-project programme folder using the repository's templates."""
    return write_small_programme(tmp_path)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's example programme, safe to modify."""
    return copy_example(tmp_path)


# -- commands -------------------------------------------------------------------------------


def invoke(*args: str) -> Result:
    """The command line in this process, in the current folder: a click Result."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def fsegen(monkeypatch):
    """Run the CLI in a folder: fsegen(folder, "build") -> click Result (the test stays there)."""

    def run(folder: Path, *args: str) -> Result:
        monkeypatch.chdir(folder)
        return invoke(*args)

    return run


def fsegen_in(folder: Path, *args: str) -> Result:
    """The command line in this process, in `folder`, for fixtures wider than a test."""
    with contextlib.chdir(folder):
        return invoke(*args)


def run_fsegen(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """fsegen as a user runs it: a process of its own (`python -m generator`, no PATH needed)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


GIT_IDENTITY = ("-c", "user.name=Ufficio FSE", "-c", "user.email=ufficio@example.org",
                "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main")


def git(cwd: Path, *args: str) -> str:
    """git in `cwd` with an identity of its own (later `-c` options win); it must succeed: its output."""
    result = subprocess.run(["git", *GIT_IDENTITY, *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def said(result: Result | subprocess.CompletedProcess) -> str:
    """What a command showed: a click Result's output, a process's stdout and stderr."""
    if isinstance(result, subprocess.CompletedProcess):
        return (result.stdout or "") + (result.stderr or "")
    return result.output


def refused(result: Result | subprocess.CompletedProcess, *fragments: str, code: int = 1) -> str:
    """Assert that a command refused: exit `code` (1, or 2 for wrong usage), no traceback, and
    each fragment in what it said. Returns what it said."""
    shown = said(result)
    exit_code = result.returncode if isinstance(result, subprocess.CompletedProcess) else result.exit_code
    assert exit_code == code, shown
    assert "Traceback" not in shown, shown
    for fragment in fragments:
        assert fragment in shown, (fragment, shown)
    return shown


def check_json(fsegen, folder: Path, *args: str, rule: str | None = None) -> tuple[int, list[dict]]:
    """`fsegen check --format json` in `folder`: its exit code and its findings (of `rule`)."""
    result = fsegen(folder, "check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)
    return result.exit_code, [f for f in found if rule is None or f["rule"] == rule]


def check_fails(fsegen, folder: Path, rule: str, location: str, *fragments: str, strict: bool = False):
    """`check` fails with a finding of `rule` at `location` (file:line) saying each fragment."""
    code, found = check_json(fsegen, folder, *(["--strict"] if strict else []))
    assert code == 1, found
    matching = [f for f in found if f["rule"] == rule]
    assert matching, found
    file, line = location.rsplit(":", 1)
    assert any(f["file"] == file and f["line"] == int(line) for f in matching), matching
    text = " ".join(f["message"] + " " + (f["hint"] or "") for f in matching)
    for fragment in fragments:
        assert fragment in text, text
    return matching


# -- heavy products, made once per session ---------------------------------------------------


def shared(tmp_path_factory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder `name`, made by `make(folder)` once in the session: under xdist the first
    worker to ask makes it in the session's common temporary folder, the others wait for it.
    It is read-only by agreement: a test that changes it works on a copy."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder the workers' own temporary folders are made in
    root = base / "shared"
    root.mkdir(exist_ok=True)
    folder, done = root / name, root / f"{name}.done"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)  # a make that failed: start again
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example built by the installed command (`python -m generator build`): its folder,
    with `output/` and what the command said in `build.stdout` and `build.stderr`. Read-only."""

    def make(root: Path) -> None:
        result = run_fsegen(copy_example(root), "build")
        assert result.returncode == 0, result.stdout + result.stderr
        (root / "build.stdout").write_text(result.stdout, encoding="utf-8")
        (root / "build.stderr").write_text(result.stderr, encoding="utf-8")

    return shared(tmp_path_factory, "example", make)


@pytest.fixture(scope="session")
def pdf_example(tmp_path_factory) -> Path:
    """The example built once as docx, PDF/A and Markdown, with LibreOffice behind a wrapper
    that writes a line to `soffice-starts.log` at each start. Read-only."""
    from generator.rendering.pdf import find_soffice

    def make(root: Path) -> None:
        copy_example(root)
        log, wrapper = root / "soffice-starts.log", root / "soffice-wrapper"
        wrapper.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{find_soffice()}" "$@"\n')
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
        result = run_fsegen(root, "build", "--format", "docx,pdf,md",
                            env=dict(os.environ, FSEGEN_SOFFICE=str(wrapper)))
        assert result.returncode == 0, result.stdout + result.stderr

    return shared(tmp_path_factory, "example-pdf", make)


@pytest.fixture(scope="session")
def built_programme(tmp_path_factory) -> Callable[[str], Path]:
    """built_programme(name): tests/programmes/`name` copied with the repository's templates and
    built with `--strict` (every rule first; a warning fails it too), once. Read-only."""

    def make(name: str, root: Path) -> None:
        result = run_fsegen(copy_programme(name, root), "build", "--strict")
        assert result.returncode == 0, result.stdout + result.stderr
        assert ": warning:" not in result.stdout + result.stderr
        assert "0 errors, 0 warnings" in result.stdout.splitlines()[-1], result.stdout  # some acknowledged

    return lambda name: shared(tmp_path_factory, f"programme-{name}", lambda root: make(name, root))


@pytest.fixture(scope="session")
def pdf_programme(tmp_path_factory) -> Callable[[str], Path]:
    """pdf_programme(name): tests/programmes/`name` built with `--strict` as docx and PDF/A, once.
    Read-only."""

    def make(name: str, root: Path) -> None:
        result = run_fsegen(copy_programme(name, root), "build", "--strict", "--format", "docx,pdf")
        assert result.returncode == 0, result.stdout + result.stderr

    return lambda name: shared(tmp_path_factory, f"programme-pdf-{name}", lambda root: make(name, root))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Keep each `xdist_group` on one worker under pytest 9.2 (`--dist=loadgroup`).

    xdist 3.8 tells the scheduler a test's group by a suffix of its nodeid (`...@group`), which
    it writes to `item._nodeid`; pytest 9.2 reads a nodeid from `item._id`, so the suffix was
    lost, the groups were ignored, and a heavy module fixture ran once on each worker. Until
    xdist follows pytest, the suffix is written where pytest reads it (on the workers only)."""
    if not getattr(config.option, "loadgroup", False):  # set by xdist on its workers
        return
    try:
        from _pytest.nodeid import NodeId  # pytest >= 9.2
    except ImportError:  # an older pytest reads `_nodeid`, as xdist writes it
        return
    for item in items:
        groups = {str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                  for mark in item.iter_markers("xdist_group")}
        suffix = "@" + "_".join(sorted(groups))
        if groups and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)


def pytest_configure(config):
    """Caches of compiled templates and of builds go to a folder of this test session, not the
    user's cache (each programme of a test has its own folder, so builds never share entries).
    The suite reads fsegen in English whatever the machine's locale and the programme's
    fsegen.toml (FSEGEN_LANGUAGE wins over both); a test that reads it in Italian runs it with
    `italian()`."""
    import tempfile

    os.environ.setdefault("FSEGEN_CACHE_DIR", tempfile.mkdtemp(prefix="fsegen-test-cache-"))
    os.environ["FSEGEN_LANGUAGE"] = "en"


def italian(**more: str) -> dict[str, str]:
    """The environment of an Italian office: LANG=it_IT.UTF-8, and no FSEGEN_LANGUAGE of the
    suite's (the programme's fsegen.toml, if it says, then the locale decide)."""
    return {**os.environ, "LANG": "it_IT.UTF-8", "FSEGEN_LANGUAGE": "", **more}
