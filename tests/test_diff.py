"""Rendered diffs between Git revisions, with real git repositories in tmp_path.

Every build of the example renders thirteen deliverables, so the repositories and the diffs
are made once, on one xdist worker, and every test but one is slow.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import docx
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
from tests.conftest import edit, example_repository, git, run_fsegen

pytestmark = pytest.mark.xdist_group("diff")

OLD_NAME, NEW_NAME, WORKING_NAME = "Dario Parravicini", "Maria Bianchi", "Lucia Verdi"
OLD_SIGNATURE, NEW_SIGNATURE = f"Dott. {OLD_NAME}", f"Dott. {NEW_NAME}"
ORGANISATIONS = "content/organisations.yaml"


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message)


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
    example_repository(root)
    edit(root, ORGANISATIONS, f"name: {OLD_NAME}", f"name: {NEW_NAME}")
    commit(root, "new signatory")
    edit(root, ORGANISATIONS, "people:\n", "people:\n  # firmatari dei documenti\n")
    commit(root, "comment only")
    renamed = diff_revisions(root, "HEAD~2", "HEAD~1")
    unchanged = diff_revisions(root, "HEAD~1", "HEAD")
    edit(root, ORGANISATIONS, f"name: {NEW_NAME}", f"name: {WORKING_NAME}")  # not committed
    working = diff_revisions(root, "HEAD")
    return SimpleNamespace(root=root, renamed=renamed, unchanged=unchanged, working=working)


@pytest.mark.slow
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


@pytest.mark.slow
def test_report_lists_every_deliverable_with_its_diff(history):
    report = format_report(history.renamed)
    for diff in history.renamed:
        assert f"=== {diff.id} ===\n--- HEAD~2/{diff.id}\n+++ HEAD~1/{diff.id}\n" in report
    assert report.count(f"-{OLD_SIGNATURE}") == len(history.renamed)
    assert report.count(f"+{NEW_SIGNATURE}") == len(history.renamed)
    assert "no change" not in report


@pytest.mark.slow
def test_a_commit_that_changes_nothing_rendered_shows_no_change(history):
    assert [d.id for d in history.unchanged] == [d.id for d in history.renamed]
    assert all(d.status == "unchanged" and d.unified == "" for d in history.unchanged)
    report = format_report(history.unchanged)
    assert report == "".join(f"=== {d.id} ===\nno change\n" for d in history.unchanged)


@pytest.mark.slow
def test_uncommitted_edits_are_compared_when_no_second_revision(history):
    for diff in history.working:
        assert changed_lines(diff) == [f"+Dott. {WORKING_NAME}", f"-{NEW_SIGNATURE}"], diff.id
        assert diff.unified.splitlines()[1] == f"+++ {WORKING_TREE}/{diff.id}"
    # The checkout itself was left alone: the edit is still uncommitted.
    assert git(history.root, "status", "--porcelain").split() == ["M", ORGANISATIONS]


@pytest.mark.slow
def test_the_temporary_worktrees_are_removed(history):
    assert len(worktrees(history.root)) == 1
    assert not list(Path(history.root).glob("output"))


@pytest.mark.slow
def test_an_unknown_revision_is_an_error_naming_it(history):
    with pytest.raises(FsegenError, match="no-such-rev") as error:
        diff_revisions(history.root, "no-such-rev", "HEAD")
    assert "git said" in error.value.message
    assert len(worktrees(history.root)) == 1


def test_a_folder_outside_git_is_an_error(tmp_path):
    with pytest.raises(FsegenError, match="not inside a Git repository"):
        diff_revisions(tmp_path, "HEAD")


@pytest.mark.slow
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


@pytest.mark.slow
def test_programme_in_a_subfolder_with_a_new_deliverable_and_a_broken_revision(tmp_path):
    programme = example_repository(tmp_path, "prog")
    edit(programme, ORGANISATIONS, f"name: {OLD_NAME}", f"name: {NEW_NAME}")
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


@pytest.fixture(scope="module")
def diffed_by_hand(tmp_path_factory) -> SimpleNamespace:
    """`fsegen diff HEAD~1 HEAD --html report.html --docx revisioni` as a user runs it, in a
    repository whose second commit (by "Ufficio FSE") renames the signatory."""
    root = tmp_path_factory.mktemp("user")
    example_repository(root)
    edit(root, ORGANISATIONS, OLD_NAME, NEW_NAME)
    git(root, "-c", "user.name=Ufficio FSE", "commit", "-qam", "two")
    result = run_fsegen(root, "diff", "HEAD~1", "HEAD", "--html", "report.html", "--docx", "revisioni")
    assert result.returncode == 0, result.stderr
    return SimpleNamespace(root=root, stdout=result.stdout)


@pytest.mark.slow
def test_cli_diff_between_two_commits_shows_only_the_signatory(diffed_by_hand):
    changed = [line for line in diffed_by_hand.stdout.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    sections = [line for line in diffed_by_hand.stdout.splitlines() if line.startswith("=== ")]
    assert len(sections) == 14  # he signs the 7 application deliverables, the 6 reports, the claim
    assert changed == ["-Dott. Dario Parravicini", "+Dott. Maria Bianchi"] * 14
    assert "Maria Bianchi" in (diffed_by_hand.root / "report.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_diff_writes_word_files_with_tracked_changes(diffed_by_hand):
    written = sorted(p.name for p in (diffed_by_hand.root / "revisioni").iterdir())
    # the 7 application deliverables and the 6 progress reports are all signed by him
    assert "integrazione-allegato-1-revisioni.docx" in written and len(written) == 14
    data = (diffed_by_hand.root / "revisioni/integrazione-allegato-1-revisioni.docx").read_bytes()
    body = docx.Document(io.BytesIO(data)).element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    inserted = "".join(t.text for ins in body.iter(f"{w}ins") for t in ins.iter(f"{w}t"))
    deleted = "".join(t.text for t in body.iter(f"{w}delText"))
    assert "Bianchi" in inserted and "Parravicini" in deleted
    assert {e.get(f"{w}author") for e in body.iter(f"{w}ins", f"{w}del")} == {"Ufficio FSE"}
