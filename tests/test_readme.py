"""The README's promises: the rules table is generated from the rules, the commands exist."""

from __future__ import annotations

import re

from generator.checks import RULES, rules_table
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_rules_table_is_in_sync_with_the_rules():
    table = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", README, re.DOTALL)
    assert table, "the README lost its rules markers"
    assert table.group(1) == rules_table(), "run: fsegen rules --markdown, and paste it in the README"


def test_every_rule_documents_an_example_and_a_fix():
    for registered in RULES:
        assert registered.summary, registered.id
        assert registered.doc_part("Example"), registered.id
        assert registered.doc_part("Fix"), registered.id


def test_readme_states_the_two_commands_and_the_measured_similarity():
    assert "pip install -e . && fsegen build" in README
    assert "pip install -e '.[test]' && python -m pytest -q" in README
    assert re.search(r"measured \*\*0\.9\d\d\*\*", README)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]' && python -m pytest -q" in ci
