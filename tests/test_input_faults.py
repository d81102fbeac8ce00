"""Every input fault is a finding (file:line:col, what, a hint), never a traceback, and a
failed build leaves output/ byte-identical."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SMALL_PROGRAMME, edit, refused, snapshot, write_tree

DOC = "content/documents/allegato.yaml"
ORGS = "content/organisations.yaml"


@pytest.fixture
def built(small_programme, fsegen):
    """The small programme, built once: a good output/ that a failed build must not touch."""
    assert fsegen(small_programme, "build", "--format", "docx,md").exit_code == 0
    return small_programme


def refused_everywhere(folder: Path, fsegen, where: str, *fragments: str) -> None:
    """check, build, list: exit 1 naming `where` and each fragment; output/ untouched."""
    before = snapshot(folder)
    for command in ("check", "build", "list"):
        refused(fsegen(folder, command), where, *fragments)
    assert snapshot(folder) == before


@pytest.mark.parametrize("date, why", [
    ("2020-02-30", "February 2020 has 29 days"),
    ("2021-02-29", "February 2021 has 28 days"),
    ("2020-13-01", "there is no month 13"),
    ("2020-04-31", "April 2020 has 30 days"),
])
def test_impossible_dates(built, fsegen, date, why):
    edit(built, DOC, "date: 2023-03-02", f"date: {date}")
    refused_everywhere(built, fsegen, f"{DOC}:5:7", f"not a date: {date}", why)


@pytest.mark.parametrize("character, name", [
    ("\x0b", "U+000B VERTICAL TAB"), ("\x0c", "U+000C FORM FEED"), ("\x00", "U+0000 NULL"),
    ("\x1b", "U+001B ESCAPE"), ("\x7f", "U+007F DELETE"), ("\x9b", "U+009B"),
])
def test_raw_control_characters_are_named_with_line_and_column(built, fsegen, character, name):
    edit(built, ORGS, "name: Cooperativa Sociale Il Ponte", f"name: Cooperativa{character} Il Ponte")
    refused_everywhere(built, fsegen, f"{ORGS}:6:22", name, "invisible character")


def test_escaped_control_characters_in_quoted_text(built, fsegen):
    edit(built, ORGS, "name: Cooperativa Sociale Il Ponte", 'name: "Cooperativa\\vIl Ponte"')
    refused_everywhere(built, fsegen, f"{ORGS}:6", "U+000B VERTICAL TAB")


def test_deep_nesting(built, fsegen):
    write_tree(built, {"content/glossary.yaml": "glossary:\n  X: " + "[" * 400 + "]" * 400 + "\n"})
    refused_everywhere(built, fsegen, "content/glossary.yaml:2", "nesting deeper than 40 levels")


@pytest.mark.parametrize("typed, fragment", [
    ("1E+100000000", "not a plausible amount"),
    (".inf", "not a plausible amount"),
    ("120.000", "write 120000"),
    ("1.250.000", "write 1250000"),
    ("0.005", "more than two decimals"),
    ("yes", "yes/no/true/false is not an amount"),
    ("'mille'", "is not an amount"),
])
def test_amounts_that_could_be_misread(built, fsegen, typed, fragment):
    edit(built, ORGS, "    lead: unione\n", "    lead: unione\n    budget:\n      public_contribution: 10\n"
         f"      lines:\n        - item: Personale\n          amount: {typed}\n")
    line = (built / ORGS).read_text(encoding="utf-8").splitlines().index(f"          amount: {typed}")
    refused_everywhere(built, fsegen, f"{ORGS}:{line + 1}:11", fragment)


def test_yes_is_not_a_count(example, fsegen):
    edit(example, "content/synergies.yaml", "count: 7", "count: yes")
    refused(fsegen(example, "check"), "content/synergies.yaml:32", "YAML reads yes as true")


def test_three_lines_of_half_a_cent_do_not_round_to_a_cent_each(example, fsegen):
    edit(example, "content/projects.yaml", "amount: 20000", "amount: 0.005")
    refused(fsegen(example, "check"), "more than two decimals")


@pytest.mark.parametrize("manifest, fragment", [
    ('{"files": [{"file": 3, "sha256": "x", "size": 1}]}', "files[0] has no plain file name"),
    ('{"files": [{"file": "../../etc/passwd", "sha256": "0", "size": 1}]}', "no plain file name"),
    ('{"files": [{"file": "a.docx", "sha256": "abc", "size": 1}]}', "has no sha256"),
    ('{"files": [{"file": "a.docx", "sha256": "' + "0" * 64 + '", "size": "1"}]}', "has no size"),
    ('{"files": {"a": 1}}', "has no list of files"),
    ('["files"]', "has no list of files"),
    ('{"files": [7]}', "files[0] is a int"),
    ("not json", "not a valid fsegen manifest"),
])
def test_a_manifest_edited_by_hand(built, fsegen, manifest, fragment):
    (built / "output/manifest.json").write_text(manifest, encoding="utf-8")
    refused(fsegen(built, "verify"), fragment)


# --- property: random damage to the content never gives a traceback ---------

FILES = sorted(name for name in SMALL_PROGRAMME if name.endswith(".yaml"))


@st.composite
def damage(draw):
    """One random change to one file: bytes, a key, a value, or the structure."""
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["insert", "delete", "replace", "indent", "swap"]))
    text = draw(st.text(alphabet=string.printable + "àèé€\x00\x0b\x85\ufeff:-[]{}&*!|>'\"#%@`",
                        min_size=1, max_size=8))
    position = draw(st.floats(min_value=0, max_value=1))
    return name, kind, text, position


def apply(source: str, kind: str, text: str, position: float) -> str:
    at = int(position * len(source))
    lines = source.splitlines(keepends=True)
    line = min(int(position * len(lines)), len(lines) - 1)
    if kind == "insert":
        return source[:at] + text + source[at:]
    if kind == "delete":
        return source[:at] + source[at + len(text):]
    if kind == "replace":
        return source[:at] + text + source[at + len(text):]
    if kind == "indent":
        lines[line] = " " * len(text) + lines[line]
        return "".join(lines)
    lines[line], lines[-1] = lines[-1], lines[line]
    return "".join(lines)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(change=damage())
def test_random_damage_gives_a_finding_never_a_traceback(built, fsegen, change):
    name, kind, text, position = change
    path = built / name
    original = path.read_text(encoding="utf-8")
    before = snapshot(built)
    try:
        path.write_text(apply(original, kind, text, position), encoding="utf-8")
        for command in ("check", "build"):
            result = fsegen(built, command)
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output
            if result.exit_code == 1:
                assert snapshot(built) == before
            else:
                before = snapshot(built)
        verified = fsegen(built, "verify")
        assert verified.exit_code == 0, verified.output
        json.loads((built / "output/manifest.json").read_text(encoding="utf-8"))
    finally:
        path.write_text(original, encoding="utf-8")
