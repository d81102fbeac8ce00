"""Writes are all or nothing: output/ holds the old complete set or the new one, whatever
fails or whoever kills the build, and `verify` passes right after every successful build."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

import generator.pipeline.writing as writing
from tests.conftest import REPO, edit, refused, run_fsegen, snapshot, write_small_programme

FORMATS = ("--format", "docx,md")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".fsegen-") and not p.name.startswith((".fsegen-lock", ".fsegen-cache")))


def change_content(folder: Path) -> None:
    """A content edit that changes every deliverable and renames one project."""
    edit(folder, "content/organisations.yaml", "title: PONTI", "title: PONTI NUOVI")
    edit(folder, "content/organisations.yaml", "  ponte:", "  ponti:")


@pytest.fixture
def two_sets(small_programme, fsegen, tmp_path_factory):
    """The programme built (set A in output/), and the set B its changed content builds."""
    assert fsegen(small_programme, "build", *FORMATS).exit_code == 0
    old = snapshot(small_programme)
    other = write_small_programme(tmp_path_factory.mktemp("b"))
    change_content(other)
    assert fsegen(other, "build", *FORMATS).exit_code == 0
    new = snapshot(other)
    change_content(small_programme)
    assert old != new
    return small_programme, old, new


def test_a_build_removes_what_it_no_longer_produces(two_sets, fsegen):
    folder, old, new = two_sets
    (folder / "output/nota-ufficio.txt").write_text("appunti", encoding="utf-8")
    result = fsegen(folder, "build", "--format", "docx")
    assert result.exit_code == 0
    assert ("removed output/allegato.md (md is not among the formats built, docx: fsegen.toml's `formats` "
            "sets those of a plain build)") in result.output
    names = sorted(p.name for p in (folder / "output").iterdir())
    assert names == ["allegato.docx", "manifest.json", "nota-ufficio.txt"]
    assert (folder / "output/nota-ufficio.txt").read_text(encoding="utf-8") == "appunti"
    (folder / "output/nota-ufficio.txt").unlink()
    assert fsegen(folder, "verify").exit_code == 0


def test_a_renamed_per_project_output_leaves_no_stale_sheet(small_programme, fsegen):
    (small_programme / "content/documents/scheda.yaml").write_text(
        (REPO / "content/documents/scheda-progetto.yaml").read_text(encoding="utf-8")
        .replace("file_number: 13.3\\2020\\36\n", "").replace("integrates: formulario-candidatura\n", "")
        .replace("person: parravicini", "person: rossi").replace("on_behalf_of: cmm", "on_behalf_of: unione"),
        encoding="utf-8")
    assert fsegen(small_programme, "build").exit_code == 0
    assert (small_programme / "output/scheda-ponte.docx").is_file()
    edit(small_programme, "content/organisations.yaml", "  ponte:", "  ponti:")
    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    assert "removed output/scheda-ponte.docx" in result.output
    assert not (small_programme / "output/scheda-ponte.docx").exists()
    assert (small_programme / "output/scheda-ponti.docx").is_file()
    assert fsegen(small_programme, "verify").exit_code == 0


def test_a_partial_build_keeps_the_other_files_unrewritten(small_programme, fsegen):
    (small_programme / "content/documents/secondo.yaml").write_text(
        (small_programme / "content/documents/allegato.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    assert fsegen(small_programme, "build", *FORMATS).exit_code == 0
    inode = (small_programme / "output/secondo.docx").stat().st_ino
    result = fsegen(small_programme, "build", "allegato", *FORMATS)
    assert result.exit_code == 0 and "wrote output/secondo" not in result.output
    assert (small_programme / "output/secondo.docx").stat().st_ino == inode
    assert fsegen(small_programme, "verify").exit_code == 0


def test_a_second_build_at_once_is_refused_clearly(two_sets, fsegen):
    folder, old, _ = two_sets
    with FileLock(str(folder / ".fsegen-lock.output"), timeout=0):
        refused(fsegen(folder, "build", *FORMATS), "another fsegen run is writing")
    assert snapshot(folder) == old


def test_a_folder_in_the_way_is_refused_and_nothing_changes(two_sets, fsegen):
    folder, old, _ = two_sets
    (folder / "output/allegati").mkdir()
    refused(fsegen(folder, "build", *FORMATS), "not a file is in the way", "output/ was left as it was")
    (folder / "output/allegati").rmdir()
    assert snapshot(folder) == old


class Failing:
    """Make the k-th file-system operation of the writer fail, counting every kind."""

    def __init__(self, k: int):
        self.k, self.calls, self.failed = k, 0, None

    def wrap(self, name: str, function):
        def operation(*args, **kwargs):
            self.calls += 1
            if self.calls == self.k:
                self.failed = name
                raise OSError(28, "No space left on device (injected)")
            return function(*args, **kwargs)

        return operation


def test_an_operation_failing_at_any_point_leaves_old_or_new_whole(two_sets, fsegen, monkeypatch):
    folder, old, new = two_sets
    original = snapshot(folder)
    for k in range(1, 100):
        shutil.rmtree(folder / "output")
        (folder / "output").mkdir()
        for name, data in original.items():
            (folder / "output" / name).write_bytes(data)
        failing = Failing(k)
        with monkeypatch.context() as patch:
            for name in ("_write", "_carry", "_exchange"):
                patch.setattr(writing, name, failing.wrap(name, getattr(writing, name)))
            patch.setattr(writing.os, "rename", failing.wrap("rename", os.rename))
            patch.setattr(writing.shutil, "rmtree", failing.wrap("rmtree", shutil.rmtree))
            result = fsegen(folder, "build", *FORMATS)
        state = snapshot(folder)
        if failing.failed is None:
            assert result.exit_code == 0 and state == new
            break
        if failing.failed == "rmtree":  # after the swap: the new set is in place, told so
            assert result.exit_code == 0 and state == new and "left in" in result.output
        else:
            assert result.exit_code == 1, (k, failing.failed, result.output)
            assert state == old and "output/ was left as it was" in result.output
            assert leftovers(folder) == [], (k, failing.failed)
        assert fsegen(folder, "verify").exit_code == 0
        change_back = fsegen(folder, "build", *FORMATS)  # the next run tidies any leftover
        assert change_back.exit_code == 0 and leftovers(folder) == []
    else:
        pytest.fail("the build never succeeded")
    assert k > 4, "too few operations were exercised"


def _build_process(folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", *FORMATS], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.slow
def test_builds_killed_at_random_points_leave_old_or_new_whole(two_sets, fsegen):
    """kill -9 at random moments (FSEGEN_FAULT_RUNS=200 for a long campaign)."""
    folder, old, new = two_sets
    runs = int(os.environ.get("FSEGEN_FAULT_RUNS", "6"))
    started = time.monotonic()
    probe = _build_process(folder)
    probe.wait(timeout=120)
    duration = time.monotonic() - started
    rng = random.Random(20261125)
    seen = set()
    for _ in range(runs):
        # Each run starts from the old set, so each kill falls in a change from old to new, and
        # is judged against the set that was there when it started (not a set a run replaced).
        shutil.rmtree(folder / "output")
        (folder / "output").mkdir()
        for name, data in old.items():
            (folder / "output" / name).write_bytes(data)
        before = snapshot(folder)
        process = _build_process(folder)
        killer = threading.Timer(rng.uniform(0.3, 1.0) * duration, process.kill)
        killer.start()
        process.wait(timeout=120)
        killer.join()
        state = snapshot(folder)
        assert state in (before, new), sorted(state)
        seen.add("new" if state == new else "old")
        assert run_fsegen(folder, "verify").returncode == 0
    final = fsegen(folder, "build", *FORMATS)
    assert final.exit_code == 0 and snapshot(folder) == new and leftovers(folder) == []
