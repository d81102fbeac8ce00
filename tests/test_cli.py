"""The command line: one report format per invocation, errors as messages with exit codes."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import edit, refused


def test_the_report_format_of_one_command_does_not_leak_into_the_next(small_programme, monkeypatch):
    """`check --format github`, then `verify` in the same process: verify prints text."""
    monkeypatch.chdir(small_programme)
    runner = CliRunner()
    edit(small_programme, "content/organisations.yaml", "    lead: coop", "    lead: cop")
    checked = runner.invoke(main, ["check", "--format", "github"])
    assert checked.exit_code == 1 and checked.stdout.startswith("::error ")
    verified = runner.invoke(main, ["verify"])
    assert verified.exit_code == 1
    assert "::" not in verified.output and "no output/manifest.json" in verified.output


def test_a_library_error_is_a_message_and_exit_1_never_a_traceback(tmp_path, fsegen):
    result = fsegen(tmp_path, "check")  # an exception other than SystemExit would be raised here
    refused(result, "content folder content does not exist")


def test_a_usage_error_exits_2(small_programme, fsegen):
    refused(fsegen(small_programme, "build", "--out", "content"), "Usage:", "would overwrite", code=2)


def test_help_imports_neither_the_model_nor_word():
    """`fsegen --help` stays fast: no command module imports the pipeline at its top."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "--help"],
                            capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "fsegen" in result.stdout
    assert not imported & {"pydantic", "docx", "docxtpl", "jinja2", "generator.model", "generator.pipeline"}
