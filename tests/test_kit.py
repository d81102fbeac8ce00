"""Starting on one's own: `fsegen init` (skeleton or example), `fsegen new --like`, and the
package that carries the templates and the example (a wheel, as pipx installs it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from generator.content.schemas import SCHEMA_DIR, vscode_settings
from generator.kit.bundled import files as bundled_files
from tests.conftest import EXAMPLE_SHA256, REPO, edit, git, italian, run_fsegen, write_tree

README = (REPO / "README.md").read_text(encoding="utf-8")
SKELETON_OUTPUTS = ["formulario-candidatura", "lettera-trasmissione", "scheda-progetto-progetto-1"]

pytestmark = pytest.mark.xdist_group("kit")  # one worker runs the README's start (`demo`) once


def paragraphs(path: Path) -> list[str]:
    document = docx.Document(str(path))
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells
             for p in cell.paragraphs]
    return [p.text for p in document.paragraphs] + cells


# -- fsegen init: the skeleton ---------------------------------------------------------


def start_steps() -> list[list[str]]:
    """The README's `fsegen init demo && cd demo && fsegen build`, step by step."""
    section = README.split("## Start a programme of your own", 1)[1].split("\n## ", 1)[0]
    line = next(block for block in re.findall(r"```sh\n(.+?)\n```", section)
                if block.startswith("fsegen init"))
    return [shlex.split(step) for step in line.split("&&")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The README's start, run as it says (the installed command, each step in turn)."""
    cwd = tmp_path_factory.mktemp("start")
    for step in start_steps():
        if step[0] == "cd":
            cwd = cwd / step[1]
            continue
        assert step[0] == "fsegen", step
        result = run_fsegen(cwd, *step[1:])
        assert result.returncode == 0, (step, result.stderr)
    return cwd


def test_the_readme_start_is_init_then_build():
    assert start_steps() == [["fsegen", "init", "demo"], ["cd", "demo"], ["fsegen", "build"]]


def test_init_then_build_gives_a_skeleton_deliverable_set(demo):
    built = sorted(p.stem for p in (demo / "output").glob("*.docx"))
    assert built == SKELETON_OUTPUTS
    manifest = json.loads((demo / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["deliverable"] for entry in manifest["files"]} == set(SKELETON_OUTPUTS)


def test_the_skeleton_builds_with_no_error_and_says_what_is_left(demo):
    result = run_fsegen(demo, "check")
    assert result.returncode == 0, result.stderr
    assert "3 deliverables checked, 0 errors" in result.stdout
    # every placeholder left is one grouped warning, with the places to fill in
    assert result.stderr.count("still to fill in (DA COMPILARE)") == 1
    assert "content/programme.yaml lines" in result.stderr


def test_the_skeleton_has_no_programme_prose_and_explains_itself(demo):
    text = "\n".join(path.read_text(encoding="utf-8") for path in (demo / "content").rglob("*.yaml"))
    for milan in ("Milano", "Parravicini", "ASSEMI", "Lombardia", "cmm"):
        assert milan not in text
    assert text.count("#") > 60  # commented for a person who does not know the schema
    letter = paragraphs(demo / "output" / "lettera-trasmissione.docx")
    assert "Spett.le" in letter and "Protocollo: vedi segnatura" in letter
    assert "Scheda progetto – DA COMPILARE titolo del progetto." in letter
    assert "Formulario di candidatura;" in letter


def test_the_skeleton_holds_no_value_that_looks_real(demo):
    """A plausible date nobody remembers to change is false calm: every date to fill in says
    DA COMPILARE, and no value of the skeleton is a date or an amount."""
    def values(node):
        if isinstance(node, dict):
            for item in node.values():
                yield from values(item)
        elif isinstance(node, list):
            for item in node:
                yield from values(item)
        else:
            yield node

    for path in (demo / "content").rglob("*.yaml"):
        found = list(values(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not [v for v in found if isinstance(v, (dt.date, int, float)) and not isinstance(v, bool)], path
    programme = (demo / "content/programme.yaml").read_text(encoding="utf-8")
    assert "  published: DA COMPILARE" in programme and "  deadline: DA COMPILARE" in programme
    for document in (demo / "content/documents").glob("*.yaml"):
        assert "\ndate: DA COMPILARE" in document.read_text(encoding="utf-8"), document


def test_check_in_italian_lists_every_value_to_fill_dates_included(demo):
    """With the locale of an Italian office, check says what is left in Italian, in the words
    of the fields (the dates too), and status says each deliverable needs its real date."""
    result = run_fsegen(demo, "check", "-v", env=italian())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("3 documenti controllati, 0 errori, ")
    for field in ("data di pubblicazione del bando", "scadenza del bando", "titolo del bando",
                  "data del documento formulario-candidatura", "data del documento lettera-trasmissione",
                  "data del documento scheda-progetto", "nome di ente-promotore"):
        assert f"avviso: ancora da compilare (DA COMPILARE) [{field}] (placeholders)" in result.stderr
    assert "not recorded" not in result.stderr and "non è registrata" not in result.stderr  # said once
    status = run_fsegen(demo, "status", env=italian())
    assert status.stdout.count("manca prima di definitivo: la data vera") == 3, status.stdout


def test_a_date_to_fill_in_is_printed_as_such(demo):
    """The deliverable prints DA COMPILARE where the date goes, never a date standing in."""
    letter = paragraphs(demo / "output" / "lettera-trasmissione.docx")
    assert "DA COMPILARE luogo di firma, DA COMPILARE" in letter
    assert not [p for p in letter if re.search(r"\b\d{1,2}/\d{2}/20\d\d\b|\b\d{1,2} \w+ 20\d\d\b", p)]


def test_the_letter_opens_with_the_emblem_then_the_letterhead_then_the_addressees(fsegen, tmp_path):
    """The sender, from the content: the promoting body, its address and PEC; then the addressee."""
    assert fsegen(tmp_path, "init", "lettera").exit_code == 0
    folder = tmp_path / "lettera"
    edit(folder, "content/organisations.yaml", "    # address: [Via Nome 1, 00100 Città]  # una riga ciascuno\n"
         "    # pec: protocollo@pec.ente.it\n",
         "    address: [Piazza Grande 1, 06100 Perugia]\n    pec: protocollo@pec.comune.esempio.it\n")
    assert fsegen(folder, "build", "lettera-trasmissione").exit_code == 0
    letter = [p for p in paragraphs(folder / "output" / "lettera-trasmissione.docx") if p.strip()]
    assert letter[:7] == ["Cofinanziato dall'Unione europea",
                          "DA COMPILARE nome dell'ente promotore (es. Comune di ...)",
                          "Piazza Grande 1", "06100 Perugia", "PEC: protocollo@pec.comune.esempio.it",
                          "Protocollo: vedi segnatura", "Spett.le"]


def test_init_writes_the_kit_around_the_content(demo):
    assert (demo / ".gitignore").read_text(encoding="utf-8").splitlines()[1] == "output/"
    assert "*.docx diff=docx" in (demo / ".gitattributes").read_text(encoding="utf-8")
    settings = json.loads((demo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings == vscode_settings()
    for schema in settings["yaml.schemas"]:
        assert json.loads((demo / schema).read_text(encoding="utf-8"))["$id"].startswith("urn:fsegen")
    assert json.loads((demo / ".vscode" / "extensions.json").read_text())["recommendations"] == [
        "redhat.vscode-yaml"]
    assert (demo / ".github" / "workflows" / "fsegen.yml").is_file()
    assert "fsegen" in (demo / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert sorted(p.name for p in (demo / "templates").iterdir()) == sorted(
        p.name for p in (REPO / "templates").iterdir() if p.suffix in (".docx", ".jinja"))


def test_the_built_set_is_ignored_and_the_rest_is_committable(demo):
    """init made a Git repository: output/ is ignored, the schemas and settings are not."""
    status = git(demo, "status", "--porcelain", "--untracked-files=all")
    assert "output/" not in status
    assert f"?? {SCHEMA_DIR}/content.schema.json" in status and "?? .vscode/settings.json" in status
    driver = git(demo, "config", "diff.docx.textconv").strip()
    assert driver.startswith(("/", "'")) and driver.endswith("-I -m generator totext")


def test_init_never_overwrites_and_writes_nothing_when_it_would(fsegen, tmp_path):
    write_tree(tmp_path, {"mine/content/programme.yaml": "# my own\n", "mine/notes.txt": "keep\n"})
    result = fsegen(tmp_path, "init", "mine", "--no-git")
    assert result.exit_code == 2
    assert "already has content/programme.yaml" in result.output and "never overwrites" in result.output
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        "mine/content/programme.yaml", "mine/notes.txt"]
    assert (tmp_path / "mine/content/programme.yaml").read_text() == "# my own\n"


def test_init_goes_into_a_folder_that_holds_other_files(fsegen, tmp_path):
    """A freshly cloned, nearly empty repository (a README, a licence) is a fine place."""
    write_tree(tmp_path, {"README.md": "# Programma\n", "LICENSE": "EUPL\n"})
    git(tmp_path, "init", "-q")
    result = fsegen(tmp_path, "init")
    assert result.exit_code == 0, result.output
    assert "created a Git repository" not in result.output  # it was one already
    assert (tmp_path / "README.md").read_text() == "# Programma\n"
    assert fsegen(tmp_path, "build").exit_code == 0


def test_a_build_with_no_documents_fails_and_says_why(fsegen, tmp_path):
    assert fsegen(tmp_path, "init", "--no-git").exit_code == 0
    for path in (tmp_path / "content" / "documents").iterdir():
        path.unlink()
    result = fsegen(tmp_path, "build")
    assert result.exit_code == 1
    assert "nothing to build: content/documents holds no document" in result.output
    assert "docs/how-to/add-a-deliverable.md" in result.output  # the page that says how
    assert (REPO / "docs/how-to/add-a-deliverable.md").is_file()
    assert not (tmp_path / "output").exists()
    checked = fsegen(tmp_path, "check")
    assert checked.exit_code == 0 and "0 deliverables checked, 0 errors" in checked.output
    assert "nothing to build" in checked.output


def test_init_kit_adds_the_editor_git_and_ci_files_to_an_existing_programme(fsegen, example):
    before = {p: p.read_bytes() for p in example.rglob("*") if p.is_file()}
    result = fsegen(example, "init", "--kit", "--no-git")
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in before} == before  # content and templates untouched
    added = sorted(str(p.relative_to(example)) for p in example.rglob("*") if p.is_file() and p not in before)
    assert added == [".fsegen/schemas/content.schema.json", ".fsegen/schemas/document.schema.json",
                     ".gitattributes", ".github/workflows/fsegen.yml", ".gitignore",
                     ".vscode/extensions.json", ".vscode/settings.json", "fsegen.toml", "requirements.txt"]
    assert fsegen(example, "init", "--kit", "--example").exit_code == 2


# -- fsegen init --example ---------------------------------------------------------------


@pytest.mark.slow
def test_init_example_reproduces_the_example(fsegen, tmp_path):
    assert fsegen(tmp_path, "init", "demo2", "--example").exit_code == 0
    demo2 = tmp_path / "demo2"
    for folder in ("content", "templates"):
        ours = {p: (demo2 / folder / p).read_bytes() for p in bundled_files(demo2 / folder)}
        theirs = {p: (REPO / folder / p).read_bytes() for p in bundled_files(REPO / folder)}
        assert ours == theirs
    result = fsegen(demo2, "build")
    assert result.exit_code == 0, result.output
    assert "14 deliverables built" in result.output
    for name, digest in EXAMPLE_SHA256.items():
        assert hashlib.sha256((demo2 / "output" / name).read_bytes()).hexdigest() == digest, name


# -- fsegen new --------------------------------------------------------------------------


def test_new_copies_a_deliverable_and_its_template_under_a_new_name(fsegen, tmp_path):
    assert fsegen(tmp_path, "init", "--no-git").exit_code == 0
    result = fsegen(tmp_path, "new", "lettera-integrazioni", "--like", "lettera-trasmissione")
    assert result.exit_code == 0, result.output
    new = (tmp_path / "content/documents/lettera-integrazioni.yaml").read_text(encoding="utf-8")
    old = (tmp_path / "content/documents/lettera-trasmissione.yaml").read_text(encoding="utf-8")
    assert new == old.replace("template: lettera-trasmissione.docx", "template: lettera-integrazioni.docx")
    assert "# La lettera che trasmette" in new  # comments kept
    assert ((tmp_path / "templates/lettera-integrazioni.docx").read_bytes()
            == (tmp_path / "templates/lettera-trasmissione.docx").read_bytes())
    edit(tmp_path, "content/documents/lettera-integrazioni.yaml",
         "title: Lettera di trasmissione", "title: Lettera di trasmissione delle integrazioni")
    built = fsegen(tmp_path, "build", "lettera-integrazioni")
    assert built.exit_code == 0, built.output
    assert "Spett.le" in paragraphs(tmp_path / "output/lettera-integrazioni.docx")


def test_new_per_project_document_with_the_same_template(fsegen, tmp_path):
    assert fsegen(tmp_path, "init", "--no-git").exit_code == 0
    result = fsegen(tmp_path, "new", "scheda-monitoraggio", "--like", "scheda-progetto",
                        "--same-template")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "templates/scheda-monitoraggio.docx").exists()
    assert "template: scheda-progetto.docx" in (
        tmp_path / "content/documents/scheda-monitoraggio.yaml").read_text(encoding="utf-8")
    assert fsegen(tmp_path, "build").exit_code == 0
    assert (tmp_path / "output/scheda-monitoraggio-progetto-1.docx").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["new", "lettera-trasmissione", "--like", "formulario-candidatura"], "exists already"),
    (["new", "lettera-2", "--like", "lettera"], "known documents are formulario-candidatura, "
                                                "lettera-trasmissione, scheda-progetto"),
    (["new", "Lettera 2", "--like", "lettera-trasmissione"], "is not a document id"),
    (["new", "nul", "--like", "lettera-trasmissione"], "Windows reserves"),
    (["new", "x"], "Missing option '--like'"),
])
def test_new_refuses_what_it_cannot_do_and_writes_nothing(fsegen, tmp_path, args, message):
    assert fsegen(tmp_path, "init", "--no-git").exit_code == 0
    before = sorted(tmp_path.rglob("*"))
    result = fsegen(tmp_path, *args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert sorted(tmp_path.rglob("*")) == before


def test_a_letter_needs_an_addressee(fsegen, tmp_path):
    assert fsegen(tmp_path, "init", "--no-git").exit_code == 0
    path = tmp_path / "content/documents/lettera-trasmissione.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("addressees:"), text.index("# copy_to:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = fsegen(tmp_path, "check")
    assert result.exit_code == 1
    assert "a lettera needs `addressees:`" in result.output
    assert "content/documents/lettera-trasmissione.yaml" in result.output


def test_a_letter_lists_protocol_copies_and_attachments(fsegen, tmp_path):
    assert fsegen(tmp_path, "init", "--no-git").exit_code == 0
    edit(tmp_path, "content/documents/lettera-trasmissione.yaml", "# copy_to:",
         "copy_to:\n  - name: Ufficio di Piano\n    attention: Dott.ssa Anna Bianchi\n"
         "protocol:\n  number: '2025/0001234'\n# copy_to:")
    edit(tmp_path, "content/documents/lettera-trasmissione.yaml",
         "  # - Copia del documento", "  - Copia della delibera di approvazione\n  # - Copia")
    edit(tmp_path, "content/documents/lettera-trasmissione.yaml", "date: DA COMPILARE", "date: 2025-03-31")
    assert fsegen(tmp_path, "build").exit_code == 0
    text = paragraphs(tmp_path / "output/lettera-trasmissione.docx")
    assert "Prot. n. 2025/0001234 del 31/03/2025" in text
    assert text.index("Spett.le") < text.index("e p.c.") < text.index("Ufficio di Piano")
    assert "Alla c.a. Dott.ssa Anna Bianchi" in text
    assert text[text.index("Allegati:") + 1:text.index("Allegati:") + 4] == [
        "Formulario di candidatura;", "Scheda progetto – DA COMPILARE titolo del progetto;",
        "Copia della delibera di approvazione."]


# -- the package, as pipx installs it ----------------------------------------------------


def build_wheel(root: Path) -> Path:
    """The wheel pip builds from a copy of this repository (what `pipx install .` installs)."""
    source = root / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", "output", "node", "__pycache__", "*.egg-info", "build", ".pytest_cache"))
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(root / "dist"), str(source)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr[-2000:]
    return next((root / "dist").glob("fsegen-*.whl"))


@pytest.mark.slow
def test_the_installed_package_carries_its_files_and_starts_a_programme(tmp_path):
    """The wheel holds the repository's templates and example byte for byte, and the unpacked
    wheel's own code and files (not this checkout's) init and build the skeleton and the example."""
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for folder, packaged in (("templates", "_templates"), ("content", "_example")):
            for name in bundled_files(REPO / folder):
                assert archive.read(f"generator/{packaged}/{name.as_posix()}") == (
                    REPO / folder / name).read_bytes(), name
        archive.extractall(tmp_path / "site")
    assert {"generator/cli/app.py", "generator/cli/kit.py", "generator/kit/skeleton/github-workflow.yml",
            "generator/kit/skeleton/content/documents/lettera-trasmissione.yaml",
            "generator/locale/it/LC_MESSAGES/fsegen.mo", "generator/_monitoring/mapping.yaml",
            "generator/_monitoring/monitoraggio-esempio.xlsx"} <= names
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    where = run_fsegen(tmp_path, "--version", env=env)
    assert f"installed in {(tmp_path / 'site' / 'generator').resolve()}" in where.stdout, where.stdout
    assert run_fsegen(tmp_path, "init", "demo", "--no-git", env=env).returncode == 0
    built = run_fsegen(tmp_path / "demo", "build", env=env)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("3 documenti prodotti")  # the catalogue installed, fsegen.toml's `it`
    assert sorted(p.stem for p in (tmp_path / "demo/output").glob("*.docx")) == SKELETON_OUTPUTS
    assert run_fsegen(tmp_path, "init", "demo2", "--example", "--no-git", env=env).returncode == 0
    assert run_fsegen(tmp_path / "demo2", "build", env=env).returncode == 0
    assert (tmp_path / "demo2" / "monitoring" / "monitoraggio-esempio.xlsx").is_file()
    for name, digest in EXAMPLE_SHA256.items():
        assert hashlib.sha256((tmp_path / "demo2/output" / name).read_bytes()).hexdigest() == digest


def test_a_definitivo_document_needs_its_real_date(example, fsegen):
    """A document dated DA COMPILARE stands in as the call's deadline, for the rules and its facts
    as of its date, and cannot be definitivo until its date is given."""
    edit(example, "content/documents/integrazione-allegato-1.yaml", "date: 2020-07-20", "date: DA COMPILARE")
    result = fsegen(example, "check", "--format", "json")
    found = json.loads(result.stdout)
    assert result.exit_code == 1
    assert "integrazione-allegato-1 is definitivo, but its date is assumed" in [
        f["message"] for f in found if f["rule"] == "definitivo"]
    assert [f["path"] for f in found if f["rule"] == "placeholders"] == ["documents.integrazione-allegato-1.date"]


# -- fsegen init asks, as copier does ------------------------------------------------------


def answered(cwd: Path, answers: list[str], *args: str) -> tuple[int, str]:
    """`fsegen init` on a terminal (a pseudo-terminal as its input and output), each answer typed
    once its question is shown: (exit code, what it showed)."""
    import os
    import pty
    import select

    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator", "init", *args], cwd=cwd, stdin=child,
                               stdout=child, stderr=child, close_fds=True,
                               env={**os.environ, "FSEGEN_LANGUAGE": "en"})
    os.close(child)
    shown, pending = b"", list(answers)
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
        if pending and shown.rstrip().endswith(b":"):
            os.write(main, pending.pop(0).encode() + b"\n")
    os.close(main)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


def test_init_asks_for_the_facts_and_writes_them_into_the_skeleton(tmp_path):
    code, shown = answered(tmp_path, [
        "Comune di Lodi", "Servizi di inclusione attiva", "Regione Lombardia", "31/03/2025", "2025-03-31",
        "2", "Lodi, Casalpusterlengo: nord, Sant'Angelo Lodigiano"], "nuovo", "--no-git")
    assert code == 0, shown
    assert "is not a date" in shown  # asked again
    content = tmp_path / "nuovo" / "content"
    organisations = yaml.safe_load((content / "organisations.yaml").read_text(encoding="utf-8"))
    assert organisations["organisations"]["ente-promotore"]["name"] == "Comune di Lodi"
    assert organisations["organisations"]["ente-emittente"]["name"] == "Regione Lombardia"
    assert set(organisations["organisations"]) >= {"capofila-progetto-1", "capofila-progetto-2"}
    call = yaml.safe_load((content / "programme.yaml").read_text(encoding="utf-8"))["call"]
    assert call["title"] == "Servizi di inclusione attiva" and call["deadline"] == dt.date(2025, 3, 31)
    territory = yaml.safe_load((content / "territory.yaml").read_text(encoding="utf-8"))["districts"]
    assert [d["name"] for d in territory.values()] == ["Lodi", "Casalpusterlengo: nord", "Sant'Angelo Lodigiano"]
    projects = yaml.safe_load((content / "projects.yaml").read_text(encoding="utf-8"))["projects"]
    assert list(projects) == ["progetto-1", "progetto-2"]
    assert sorted(d for p in projects.values() for d in p["districts"]) == sorted(territory)
    check = run_fsegen(tmp_path / "nuovo", "check", "--format", "json")
    assert check.returncode == 0, check.stderr
    placeholders = [f["path"] for f in json.loads(check.stdout) if f["rule"] == "placeholders"]
    assert "call.deadline" not in placeholders and "call.published" in placeholders
    assert "organisations.ente-promotore.name" not in placeholders


def test_init_asks_nothing_with_no_input_or_off_a_terminal(tmp_path):
    code, shown = answered(tmp_path, [], "quieto", "--no-git", "--no-input")
    assert code == 0 and "Promoter" not in shown, shown
    piped = run_fsegen(tmp_path, "init", "script", "--no-git")  # input not a terminal
    assert piped.returncode == 0 and "Promoter" not in piped.stdout
    for name in ("organisations.yaml", "programme.yaml", "projects.yaml", "territory.yaml"):
        assert (tmp_path / "quieto" / "content" / name).read_bytes() == \
            (tmp_path / "script" / "content" / name).read_bytes()
    assert "name: DA COMPILARE nome dell'ente promotore" in \
        (tmp_path / "script" / "content" / "organisations.yaml").read_text(encoding="utf-8")


def test_the_example_carries_its_monitoring_spreadsheet_and_the_import_runs_there(tmp_path, fsegen):
    assert fsegen(tmp_path, "init", "--example", "--no-git").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "monitoring").iterdir()) == ["mapping.yaml",
                                                                           "monitoraggio-esempio.xlsx"]
    result = fsegen(tmp_path, "import", "monitoring", "monitoring/monitoraggio-esempio.xlsx", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "every cell is valid" in result.output


# -- the requirement CI installs --------------------------------------------------------


def test_a_clone_gives_the_requirement_of_its_origin_at_its_commit(tmp_path):
    from generator.kit.requirement import from_clone

    clone = tmp_path / "fsegen"
    clone.mkdir()
    git(clone, "init", "-q")
    git(clone, "commit", "-q", "--allow-empty", "-m", "x")
    assert from_clone(clone) is None  # no origin: nothing CI can reach
    git(clone, "remote", "add", "origin", "git@github.com:ufficio/fsegen.git")
    head = git(clone, "rev-parse", "HEAD").strip()
    line, note = from_clone(clone)
    assert line == f"fsegen @ git+ssh://git@github.com/ufficio/fsegen.git@{head}"
    assert note is not None and "push it" in note
    git(clone, "update-ref", "refs/remotes/origin/main", head)  # as after a push
    assert from_clone(clone) == (line, None)
    git(clone, "remote", "set-url", "origin", str(tmp_path / "elsewhere"))
    assert from_clone(clone) is None  # a local origin CI cannot reach
