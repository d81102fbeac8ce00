"""The README is the front door: its commands work, its tables are the code's own."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from generator.checks import RULES, rules_table
from generator.context.views import context_table
from generator.model import kinds_table
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    """The two shell commands of the Quick start, in order."""
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_readme_build_command_builds_the_example(example):
    """Run the build command as the README states it, step by step, past the install steps
    (the environment is already installed): every fsegen step must succeed."""
    build, _ = quick_start_commands()
    steps = [shlex.split(step) for step in build.split("&&")]
    fsegen_steps = [step for step in steps if step[0] == "fsegen"]
    assert fsegen_steps, build
    for step in fsegen_steps:
        result = subprocess.run([sys.executable, "-m", "generator", *step[1:]], cwd=example,
                                capture_output=True, text=True)
        assert result.returncode == 0, (step, result.stderr)
    assert (example / "output/integrazione-allegato-1.docx").is_file()


def test_ci_runs_the_readme_test_command():
    _, tests = quick_start_commands()
    install_and_test = tests.split("&&", 2)[-1].strip()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test.replace("pip install -c", "pip install -q -c") in ci
    assert "-c generator/kit/constraints.txt" in install_and_test  # the versions the byte pins hold for


def test_rules_table_is_in_sync_with_the_rules():
    table = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", README, re.DOTALL)
    assert table, "the README lost its rules markers"
    assert table.group(1) == rules_table(), "run: fsegen rules --markdown, and paste it in the README"


def test_context_table_is_in_sync_with_the_context():
    table = re.search(r"<!-- context:start -->\n(.*?)\n<!-- context:end -->", README, re.DOTALL)
    assert table, "the README lost its context markers"
    assert table.group(1) == context_table(), "paste generator.context.views.context_table() in the README"


def test_kinds_table_is_in_sync_with_the_kinds_the_rules_know():
    table = re.search(r"<!-- kinds:start -->\n(.*?)\n<!-- kinds:end -->", README, re.DOTALL)
    assert table, "the README lost its kinds markers"
    assert table.group(1) == kinds_table(), "paste generator.model.kinds_table() in the README"


def test_every_rule_documents_an_example_and_a_fix():
    for registered in RULES:
        assert registered.summary, registered.id
        assert registered.doc_part("Example"), registered.id
        assert registered.doc_part("Fix"), registered.id
