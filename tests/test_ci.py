"""Review in CI and in Git: the workflow `fsegen init` writes, the pre-commit hook, the
Markdown job summary of `fsegen diff`, and the textconv driver outside the virtual environment."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.kit.bundled import WORKFLOW
from generator.review.diff import DeliverableDiff, Side, markdown_report
from generator.review.textconv import command
from tests.conftest import REPO, edit, git, make_docx, refused, run_fsegen

REVIEW_PAGE = (REPO / "docs" / "how-to" / "review-changes.md").read_text(encoding="utf-8")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return workflow()["jobs"]["deliverables"]["steps"]


def fsegen_steps() -> list[dict]:
    return [step for step in steps() if step.get("run", "").startswith("fsegen ")]


# -- the workflow file --------------------------------------------------------------


def test_the_workflow_is_valid_for_github():
    """GitHub's own schema for workflows, as vendored in check-jsonschema (no network)."""
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_checks_builds_uploads_and_summarises_the_diff():
    found = steps()
    checkout = next(s for s in found if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [s.get("run", "") for s in found]
    assert runs.index("fsegen check --format github") < runs.index("fsegen build --format docx,pdf")
    upload = next(s for s in found if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "output/" and upload["with"]["if-no-files-found"] == "error"
    summary = fsegen_steps()[-1]
    assert summary["if"] == "github.event_name == 'pull_request'"
    assert summary["env"] == {"BASE": "${{ github.base_ref }}"}  # not pasted into the script
    assert summary["run"] == 'fsegen diff "origin/$BASE" --markdown >> "$GITHUB_STEP_SUMMARY"'
    assert "pip install -r requirements.txt" in runs
    assert workflow()["permissions"] == {"contents": "read"}


def test_the_docs_show_the_workflow_init_writes():
    """The how-to page includes the very file `fsegen init` writes (pymdownx.snippets, as the
    site builds), and names the commands of its steps."""
    assert f'```yaml\n--8<-- "{WORKFLOW.relative_to(REPO).as_posix()}"\n```' in REVIEW_PAGE
    assert "fsegen check --format github" in REVIEW_PAGE
    assert "fsegen diff origin/<base> --markdown" in REVIEW_PAGE
    assert {step["run"].split()[1] for step in fsegen_steps()} == {"check", "build", "diff"}


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_the_workflow_commands_run_on_a_pull_request(tmp_path):
    """Each `fsegen` step of the workflow, run by bash as the runner would, in a clone of a
    programme repository with a pull request branch checked out (full history)."""
    origin = tmp_path / "origin"
    made = run_fsegen(tmp_path, "init", str(origin), "--no-git")
    assert made.returncode == 0, made.stderr
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "Programma")
    clone = tmp_path / "runner"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-qb", "pr")
    edit(clone, "content/projects.yaml", "title: DA COMPILARE titolo del progetto",
         "title: PONTI verso il lavoro")
    git(clone, "commit", "-qam", "Titolo del progetto")
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "fsegen").write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m generator \"$@\"\n")
    (shim / "fsegen").chmod(0o755)
    summary = tmp_path / "summary.md"
    env = dict(os.environ, PATH=f"{shim}:{os.environ['PATH']}", GITHUB_STEP_SUMMARY=str(summary),
               BASE="main")
    for step in fsegen_steps():
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=clone, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, (step["run"], result.stderr)
        if "check" in step["run"]:
            assert result.stdout.startswith("::warning file=content/")
    assert sorted(p.name for p in (clone / "output").iterdir()) == sorted(
        [f"{stem}.{ext}" for stem in ("formulario-candidatura", "lettera-trasmissione",
                                      "scheda-progetto-progetto-1") for ext in ("docx", "pdf")]
        + ["manifest.json"])
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Deliverables: `origin/main` → working tree")
    assert "| scheda-progetto-progetto-1 | +3 −3 lines |" in text
    assert "+Progetto | PONTI verso il lavoro" in text


def test_diff_on_a_shallow_clone_says_how_to_fix_it(tmp_path, fsegen):
    origin = tmp_path / "origin"
    assert fsegen(tmp_path, "init", str(origin), "--no-git").exit_code == 0
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "uno")
    git(origin, "commit", "-q", "--allow-empty", "-m", "due")
    git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), "shallow")
    refused(fsegen(tmp_path / "shallow", "diff", "HEAD~1"), "this clone is shallow", "fetch-depth: 0")


# -- the job summary ----------------------------------------------------------------------


def _diff(ident: str, old: str | None, new: str | None, unified: str) -> DeliverableDiff:
    return DeliverableDiff(ident, Side(old, b"") if old is not None else None,
                           Side(new, b"") if new is not None else None, unified)


def test_the_markdown_report_fences_every_diff_safely():
    changed = _diff("lettera", "a\n```\nb", "a\n````\nb",
                    "--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-```\n+````\n b")
    same = _diff("scheda", "t", "t", "")
    added = _diff("nuova", None, "t", "--- x\n+++ y\n@@ -0,0 +1 @@\n+t")
    report = markdown_report([added, changed, same], "origin/main", None)
    assert "| lettera | +1 −1 lines |" in report and "| scheda | no change |" in report
    assert "| nuova | new deliverable |" in report
    assert "2 of 3 deliverables change." in report
    assert "`````diff\n--- x" in report  # a fence longer than any run of backticks inside
    assert "scheda</b>" not in report


def test_the_markdown_report_stays_under_githubs_limit():
    big = _diff("grande", "x", "y", "--- x\n+++ y\n" + "+riga\n" * 2000)
    report = markdown_report([big, big], "main", "HEAD", limit=5_000)
    assert len(report) < 5_000 + 300
    assert "The diffs of 2 more deliverables are left out" in report
    assert "run `fsegen diff main` to read them" in report


# -- pre-commit ---------------------------------------------------------------------------


def test_the_pre_commit_hook_is_valid_and_runs_fsegen_check(example, fsegen):
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "fsegen-check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("content/projects.yaml") and files.search("templates/scheda-progetto.docx")
    assert not files.search("output/scheda-progetto-ciao.docx")
    program, *args = shlex.split(hook["entry"])
    assert program == "fsegen"
    assert fsegen(example, *args).exit_code == 0
    assert "id: fsegen-check" in REVIEW_PAGE


# -- the textconv driver ------------------------------------------------------------------


def test_the_textconv_driver_works_from_a_shell_without_the_virtual_environment(tmp_path, fsegen):
    repo = tmp_path / "programma"
    repo.mkdir()
    git(repo, "init", "-q")
    result = fsegen(repo, "textconv", "--install")
    assert result.exit_code == 0, result.output
    assert "added `*.docx diff=docx`" in result.output
    (repo / "lettera.docx").write_bytes(make_docx("Il Sindaco Mario Rossi"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "uno")
    (repo / "lettera.docx").write_bytes(make_docx("La Sindaca Anna Bianchi"))
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LC_ALL": "C"}
    assert shutil.which("fsegen", path=bare["PATH"]) is None  # not on this shell's PATH
    shown = subprocess.run(["git", "diff"], cwd=repo, env=bare, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "-Il Sindaco Mario Rossi" in shown.stdout and "+La Sindaca Anna Bianchi" in shown.stdout
    assert "Binary files" not in shown.stdout


def test_the_driver_names_this_interpreter_quoted():
    assert command("/opt/my venv/bin/python") == "'/opt/my venv/bin/python' -I -m generator totext"
    assert command().startswith(Path(sys.executable).absolute().as_posix())


def test_textconv_without_install_says_what_it_would_set(tmp_path, fsegen):
    git(tmp_path, "init", "-q")
    result = fsegen(tmp_path, "textconv")
    assert result.exit_code == 0
    assert f"git config diff.docx.textconv {command()}" in result.output
    assert "(not set here)" in result.output
    assert not (tmp_path / ".gitattributes").exists()


def test_textconv_install_outside_a_repository_says_what_to_do(tmp_path, fsegen):
    refused(fsegen(tmp_path, "textconv", "--install"), "is not inside a Git repository", "git init")


# -- fsegen's own CI (.ci/run) -------------------------------------------------------


def test_ci_script_pipes_nothing_into_an_early_exit():
    """Under `set -o pipefail`, `cmd | grep -q x` fails at random with 141 (grep exits at the
    first match, `cmd` dies of SIGPIPE): .ci/run captures first, then greps."""
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in lines if re.search(r"\|\s*(grep\s+(-\w*q|--quiet)|head)\b", line)]
    assert 'export CI="${CI:-true}"' in script


@pytest.mark.slow
@pytest.mark.parametrize("ci, outcome", [("true", "1 failed"), ("", "1 skipped")])
def test_a_missing_tool_fails_in_ci_and_is_skipped_elsewhere(tmp_path, ci, outcome):
    """tests/conftest.py `need_tool`, run by pytest in a process of its own."""
    (tmp_path / "test_tool.py").write_text(
        "from tests.conftest import need_tool\n\n"
        "def test_needs_a_tool():\n    need_tool('frobnicator is not installed (apt-get install frobnicator)')\n",
        encoding="utf-8")
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                             "-p", "no:xdist", "--rootdir", str(tmp_path), str(tmp_path / "test_tool.py")],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert outcome in result.stdout, result.stdout + result.stderr
    assert "apt-get install frobnicator" in result.stdout
