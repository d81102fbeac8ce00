"""A resident process (check --watch, the preview) judges after an edit as a cold run would,
making again only the deliverables that the edit concerns.

The corpus of mutations of tests/test_one_verdict.py is applied to a programme that a resident
process has already judged: its findings, and every page the preview shows, are those of a
run that starts from nothing. A few edits of our own move lines (the pages' links to the
content must follow them) and touch one document, one project or one template.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue

import pytest

from generator.errors import FsegenError
from generator.folders import Folders
from generator.pipeline import Memory, Options, check
from generator.serve.preview import Previewer
from tests.conftest import copy_example, edit, write_small_programme
from tests.test_one_verdict import ANNEX, MUTATIONS, SMALL, small

LENIENT = Options(lenient=True)


def findings(folders: Folders, memory: Memory | None = None) -> list[tuple]:
    """Every finding of a lenient check (or those of content that does not load), in order."""
    try:
        found = check(folders, LENIENT, memory).findings
    except FsegenError as error:
        found = error.findings
    return sorted(tuple(str(v) for v in f.as_dict().values()) for f in found)


def pages(previewer: Previewer) -> dict[str, tuple]:
    preview = previewer.build()
    return {"": tuple(sorted(str(f.as_dict()) for f in preview.findings))} | {
        output_id: (page.html, tuple(n for n, _ in page.findings)) for output_id, page in preview.pages.items()}


def folders_of(root: Path) -> Folders:
    return Folders(root / "content", root / "templates", root / "output")


def top_comment(name: str):
    """Two lines added at the top of a content file: every fact below them moves down."""
    def mutate(root: Path) -> None:
        path = root / name
        path.write_text("# Progetti\n# (aggiornato)\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    return mutate


OWN_EDITS = {
    "lines-moved": (small, top_comment("content/organisations.yaml")),
    "example-lines-moved": (copy_example, top_comment("content/projects.yaml")),
    "example-annex-prose": (copy_example, lambda root: edit(root, ANNEX, "si ritiene utile,", "si ritiene utile ora,")),
}
CORPUS = {name: value for name, value in MUTATIONS.items()} | OWN_EDITS


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=() if make is small else pytest.mark.slow)
    for name, (make, _) in sorted(CORPUS.items())])
def test_a_resident_process_judges_an_edit_as_a_cold_run(name, tmp_path, monkeypatch):
    make, mutate = CORPUS[name]
    root = make(tmp_path / "programme")
    monkeypatch.chdir(root)
    folders, memory = folders_of(root), Memory()
    previewer = Previewer(folders)
    before = findings(folders, memory)
    shown = pages(previewer)
    mutate(root)
    assert findings(folders, memory) == findings(folders)
    assert pages(previewer) == pages(Previewer(folders))
    if name not in ("example", "small", "esino", "lodigiano", "maremma", "consorzio"):
        assert (findings(folders), pages(Previewer(folders))) != (before, shown), "a vacuous edit"


def test_only_the_deliverables_an_edit_concerns_are_made_again(tmp_path, monkeypatch):
    root = write_small_programme(tmp_path)
    monkeypatch.chdir(root)
    folders, memory = folders_of(root), Memory()
    previewer = Previewer(folders)
    every = len(check(folders, LENIENT, memory).outputs)
    previewer.build()
    assert memory.made == previewer.memory.made == every >= 1

    check(folders, LENIENT, memory)
    previewer.build()
    assert memory.made == previewer.memory.made == 0  # nothing changed: nothing made

    edit(root, SMALL, "Misure collegate:", "Misure regionali collegate:")  # one document's prose
    check(folders, LENIENT, memory)
    preview = previewer.build()
    assert memory.made == previewer.memory.made == 1
    assert "Misure regionali collegate" in (preview.pages["allegato"].html or "")

    edit(root, "content/organisations.yaml", "lead: coop", "lead: coop   # capofila")  # a comment
    check(folders, LENIENT, memory)
    assert memory.made == 0


def test_check_watch_judges_again_at_each_save(tmp_path):
    """`fsegen check --watch` in a real process: a save that breaks the content is reported,
    the save that mends it too, and Ctrl-C ends it with the last verdict's exit code."""
    root = write_small_programme(tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "generator", "check", "--watch"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=os.environ | {"NO_COLOR": "1", "COLUMNS": "200"})
    lines: list[str] = []
    queue: Queue[str] = Queue()
    threading.Thread(target=lambda: [queue.put(line) for line in process.stdout or ()], daemon=True).start()

    def wait_for(needle: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(Empty):
                lines.append(queue.get(timeout=0.1))
                if needle in lines[-1]:
                    return
        raise AssertionError(f"{needle!r} never came: {''.join(lines)}")

    try:
        wait_for("deliverable checked")
        time.sleep(0.5)  # the watcher is started after the first check
        edit(root, "content/organisations.yaml", "lead: coop", "lead: cooperativa")
        wait_for("organisations.yaml changed")
        wait_for("error")
        assert any("cooperativa" in line for line in lines)
        edit(root, "content/organisations.yaml", "lead: cooperativa", "lead: coop")
        wait_for("organisations.yaml changed")
        wait_for("deliverable checked")
        assert "0 errors" in lines[-1]
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
    finally:
        process.kill()
        process.wait()
