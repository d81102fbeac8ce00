"""Rendered diffs between Git revisions, with real git repositories in tmp_path.

Every build of the example renders seven deliverables, so the repositories and
the diffs are computed once per module.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.cli.reporting import as_text
from generator.errors import ContentError, FsegenError
from generator.review.diff import (
    WORKING_TREE,
    DeliverableDiff,
    diff_revisions,
    format_report,
    html_report,
)

REPO = Path(__file__).resolve().parents[1]

OLD_NAME, NEW_NAME, WORKING_NAME = "Dario Parravicini", "Maria Bianchi", "Lucia Verdi"
OLD_SIGNATURE, NEW_SIGNATURE = f"Dott. {OLD_NAME}", f"Dott. {NEW_NAME}"
ORGANISATIONS = "content/organisations.yaml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def make_repo(root: Path, programme: str = "") -> Path:
    """A new repository at `root` with the example programme at `root/programme`, committed."""
    folder = root / programme if programme else root
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copytree(REPO / "templates", folder / "templates")
    git(root, "-c", "init.defaultBranch=main", "init", "-q")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "commit.gpgsign", "false")
    commit(root, "example programme")
    return folder


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message)


def replace_in(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def changed_lines(diff: DeliverableDiff) -> list[str]:
    """The +/- lines of a unified diff, without its ---/+++ header."""
    lines = diff.unified.splitlines()
    assert lines[0].startswith("--- ") and lines[1].startswith("+++ ")
    return sorted(line for line in lines[2:] if line[:1] in "+-")


def worktrees(root: Path) -> list[str]:
    return git(root, "worktree", "list").splitlines()


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> SimpleNamespace:
    """Three commits (base, signatory renamed, comment only) plus an uncommitted rename."""
    root = tmp_path_factory.mktemp("repo")
    make_repo(root)
    replace_in(root / ORGANISATIONS, f"name: {OLD_NAME}", f"name: {NEW_NAME}")
    commit(root, "new signatory")
    replace_in(root / ORGANISATIONS, "people:\n", "people:\n  # firmatari dei documenti\n")
    commit(root, "comment only")
    renamed = diff_revisions(root, "HEAD~2", "HEAD~1")
    unchanged = diff_revisions(root, "HEAD~1", "HEAD")
    replace_in(root / ORGANISATIONS, f"name: {NEW_NAME}", f"name: {WORKING_NAME}")  # not committed
    working = diff_revisions(root, "HEAD")
    return SimpleNamespace(root=root, renamed=renamed, unchanged=unchanged, working=working)


def test_every_deliverable_shows_exactly_the_signature_change(history):
    ids = [d.id for d in history.renamed]
    assert ids == sorted(ids)
    assert "integrazione-allegato-1" in ids and "formulario-candidatura" in ids
    assert sum(i.startswith("scheda-progetto-") for i in ids) >= 2
    for diff in history.renamed:
        assert diff.status == "changed", diff.id
        removed, added = [l for l in changed_lines(diff) if l[0] == "-"], \
                         [l for l in changed_lines(diff) if l[0] == "+"]
        assert len(removed) == 1 and OLD_SIGNATURE in removed[0], (diff.id, diff.unified)
        assert added == ["+" + removed[0][1:].replace(OLD_SIGNATURE, NEW_SIGNATURE)], diff.id
        assert diff.unified.splitlines()[:2] == [f"--- HEAD~2/{diff.id}", f"+++ HEAD~1/{diff.id}"]
        assert diff.old_text.replace(OLD_SIGNATURE, NEW_SIGNATURE) == diff.new_text


def test_report_lists_every_deliverable_with_its_diff(history):
    report = format_report(history.renamed)
    for diff in history.renamed:
        assert f"=== {diff.id} ===\n--- HEAD~2/{diff.id}\n+++ HEAD~1/{diff.id}\n" in report
    assert report.count(f"-{OLD_SIGNATURE}") == len(history.renamed)
    assert report.count(f"+{NEW_SIGNATURE}") == len(history.renamed)
    assert "no change" not in report


def test_a_commit_that_changes_nothing_rendered_shows_no_change(history):
    assert [d.id for d in history.unchanged] == [d.id for d in history.renamed]
    assert all(d.status == "unchanged" and d.unified == "" for d in history.unchanged)
    report = format_report(history.unchanged)
    assert report == "".join(f"=== {d.id} ===\nno change\n" for d in history.unchanged)


def test_uncommitted_edits_are_compared_when_no_second_revision(history):
    for diff in history.working:
        assert changed_lines(diff) == [f"+Dott. {WORKING_NAME}", f"-{NEW_SIGNATURE}"], diff.id
        assert diff.unified.splitlines()[1] == f"+++ {WORKING_TREE}/{diff.id}"
    # The checkout itself was left alone: the edit is still uncommitted.
    assert git(history.root, "status", "--porcelain").split() == ["M", ORGANISATIONS]


def test_the_temporary_worktrees_are_removed(history):
    assert len(worktrees(history.root)) == 1
    assert not list(Path(history.root).glob("output"))


def test_an_unknown_revision_is_an_error_naming_it(history):
    with pytest.raises(FsegenError, match="no-such-rev") as error:
        diff_revisions(history.root, "no-such-rev", "HEAD")
    assert "git said" in error.value.message
    assert len(worktrees(history.root)) == 1


def test_a_folder_outside_git_is_an_error(tmp_path):
    with pytest.raises(FsegenError, match="not inside a Git repository"):
        diff_revisions(tmp_path, "HEAD")


def test_html_report_is_a_self_contained_side_by_side_page(history):
    page = html_report(history.renamed, "HEAD~2", "HEAD~1")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert OLD_NAME in page and NEW_NAME in page
    assert 'class="diff_sub"' in page and 'class="diff_add"' in page
    for diff in history.renamed:
        assert f"<h2>{diff.id} " in page
    assert page.count('<table class="diff"') == len(history.renamed)
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "working tree" in html_report(history.working, "HEAD", None)


def test_programme_in_a_subfolder_with_a_new_deliverable_and_a_broken_revision(tmp_path):
    programme = make_repo(tmp_path, "prog")
    replace_in(programme / ORGANISATIONS, f"name: {OLD_NAME}", f"name: {NEW_NAME}")
    documents = programme / "content/documents"
    shutil.copy(documents / "formulario-candidatura.yaml", documents / "formulario-copia.yaml")
    commit(tmp_path, "new signatory, a second application form")

    diffs = {d.id: d for d in diff_revisions(programme, "HEAD~1", "HEAD")}
    added = diffs.pop("formulario-copia")
    assert added.status == "added" and added.old_text is None
    assert added.unified.splitlines()[:2] == ["--- HEAD~1/formulario-copia", "+++ HEAD/formulario-copia"]
    assert {line[0] for line in added.unified.splitlines()[2:] if line[:1] in "+-"} == {"+"}
    assert f"+{NEW_SIGNATURE}" in added.unified.splitlines()
    assert format_report([added]).startswith("=== formulario-copia ===\n(new deliverable)\n--- ")
    assert {"integrazione-allegato-1", "formulario-candidatura"} <= set(diffs)
    for diff in diffs.values():
        assert changed_lines(diff) == [f"+{NEW_SIGNATURE}", f"-{OLD_SIGNATURE}"], diff.id

    # A revision whose content does not build: the error says which revision, with the findings.
    (programme / ORGANISATIONS).write_text("people: [unclosed\n", encoding="utf-8")
    commit(tmp_path, "broken")
    with pytest.raises(ContentError) as error:
        diff_revisions(programme, "HEAD", "HEAD~1")
    assert "revision 'HEAD'" in error.value.message
    message = as_text(error.value.findings)
    assert "HEAD:prog/content/organisations.yaml:" in message
    assert "fsegen-diff-" not in message
    assert len(worktrees(tmp_path)) == 1


def test_cli_diff_between_two_commits_shows_only_the_signatory(tmp_path):
    """`fsegen diff HEAD~1 HEAD` as a user runs it, in a real repository."""
    make_repo(tmp_path)
    people = tmp_path / ORGANISATIONS
    people.write_text(people.read_text(encoding="utf-8").replace(OLD_NAME, NEW_NAME), encoding="utf-8")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "two")
    result = subprocess.run([sys.executable, "-m", "generator", "diff", "HEAD~1", "HEAD", "--html", "report.html"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    changed = [l for l in result.stdout.splitlines()
               if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    sections = [l for l in result.stdout.splitlines() if l.startswith("=== ")]
    assert len(sections) == 13  # he signs the 7 application deliverables and the 6 reports
    assert changed == ["-Dott. Dario Parravicini", "+Dott. Maria Bianchi"] * 13
    assert "Maria Bianchi" in (tmp_path / "report.html").read_text(encoding="utf-8")
