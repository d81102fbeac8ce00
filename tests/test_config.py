"""A programme's fsegen.toml: found from any subfolder, its formats, output folder, language and
jobs taken by a plain command, an option given winning over it, and a wrong setting named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import NAME, Config, load, locate
from generator.errors import ContentError
from tests.conftest import italian, refused, run_fsegen, write_small_programme


def settings(root: Path, text: str) -> Path:
    (root / NAME).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    return settings(write_small_programme(tmp_path), 'formats = ["docx", "md"]\noutput = "consegna"\n')


def test_check_works_from_any_subfolder_as_from_the_programmes_folder(programme):
    """As mkdocs finds mkdocs.yml: fsegen run in content/documents/ works on the whole programme,
    and names files as from its folder."""
    below = run_fsegen(programme / "content" / "documents", "check", "-v")
    above = run_fsegen(programme, "check", "-v")
    assert below.returncode == above.returncode == 0, below.stderr
    assert below.stdout == above.stdout and below.stderr == above.stderr
    assert "content/documents/allegato.yaml:" in below.stderr
    assert run_fsegen(programme / "content" / "documents", "build").returncode == 0
    assert sorted(p.name for p in (programme / "consegna").iterdir()) == [
        "allegato-1.png", "allegato.docx", "allegato.md", "manifest.json"]  # the Markdown's picture beside it
    assert not (programme / "content" / "documents" / "consegna").exists()


def test_a_plain_build_keeps_the_formats_of_the_settings_and_an_option_wins(programme):
    assert run_fsegen(programme, "build").returncode == 0
    assert (programme / "consegna" / "allegato.md").is_file()
    again = run_fsegen(programme, "build")  # a plain build again: the Markdown stays
    assert again.returncode == 0 and "removed" not in again.stdout + again.stderr
    assert (programme / "consegna" / "allegato.md").is_file()
    docx_only = run_fsegen(programme, "build", "--format", "docx", "--out", "altrove")
    assert docx_only.returncode == 0
    assert sorted(p.name for p in (programme / "altrove").iterdir()) == ["allegato.docx", "manifest.json"]


def test_an_option_names_a_folder_from_where_fsegen_was_run(programme):
    documents = programme / "content" / "documents"
    result = run_fsegen(documents, "build", "--out", "../../terza")
    assert result.returncode == 0, result.stderr
    assert (programme / "terza" / "allegato.docx").is_file()


def test_the_language_of_the_settings_beats_the_locale_and_fsegen_language_beats_both(programme):
    environment = {k: v for k, v in italian().items() if k != "FSEGEN_LANGUAGE"}
    assert "documento controllato" in run_fsegen(programme, "check", env=environment).stdout
    english = {**environment, "LANG": "C.UTF-8"}
    assert "deliverable checked" in run_fsegen(programme, "check", env=english).stdout
    settings(programme, 'language = "it"\n')
    assert "documento controllato" in run_fsegen(programme, "check", env=english).stdout
    assert "deliverable checked" in run_fsegen(programme, "check",
                                               env={**english, "FSEGEN_LANGUAGE": "en"}).stdout


@pytest.mark.parametrize("text, fragments", [
    ('format = ["docx"]\n', ("unknown setting 'format'", "did you mean 'formats'?")),
    ('formats = ["docx", "odt"]\n', ("formats should be a list of docx, pdf and md",)),
    ("jobs = 0\n", ("jobs should be a whole number, 1 or more",)),
    ('language = "fr"\n', ('language should be "it" or "en"',)),
    ('output = "output\n', ("TOML syntax:",)),
])
def test_a_wrong_setting_is_refused_naming_the_file(programme, text, fragments):
    settings(programme, text)
    result = run_fsegen(programme / "content", "check")
    shown = refused(result, *fragments)
    assert f"{programme / NAME}" in shown


def test_without_settings_the_current_folder_is_the_programme(tmp_path):
    root = write_small_programme(tmp_path / "p")
    assert locate(root).root is None and locate(root).config == Config()
    below = run_fsegen(root / "content", "check")
    assert below.returncode == 1 and "content folder content does not exist" in below.stderr


def test_settings_are_read_with_their_defaults(tmp_path):
    path = settings(tmp_path, "# nothing set\n") / NAME
    assert load(path) == Config(formats=("docx",), output="output", language=None, jobs=None)
    with pytest.raises(ContentError):
        load(settings(tmp_path, "jobs = 'two'\n") / NAME)


def test_init_writes_settings_that_fsegen_reads(tmp_path):
    result = run_fsegen(tmp_path, "init", "nuovo", "--no-git")
    assert result.returncode == 0, result.stderr
    config = load(tmp_path / "nuovo" / NAME)
    assert config.language == "it" and config.formats == ("docx",)
    environment = {k: v for k, v in os.environ.items() if k != "FSEGEN_LANGUAGE"} | {"LANG": "C.UTF-8"}
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=tmp_path / "nuovo" / "content",
                           capture_output=True, text=True, env=environment)
    assert check.returncode == 0 and check.stdout.startswith("3 documenti controllati, 0 errori")
