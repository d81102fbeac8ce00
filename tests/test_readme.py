"""The README is the front door and the docs site the house: the README's commands work and
it stays short, every relative link of both leads to a file, and what the docs generate
while the site builds (mkdocs.yml) is asked of the code itself, so it cannot drift."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from benchmarks.run import COLUMNS, SHAPES, report
from generator.checks import RULES
from generator.templating.filters.formatting import FILTERS
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = REPO / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


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


def test_the_readme_is_a_front_door():
    assert len(README.splitlines()) <= 250, "move the detail into a page of docs/"
    assert "](docs/serve.png)" in README


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def links(path: Path) -> list[str]:
    """The relative targets of a Markdown file's links and images, outside code."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    return [t for t in targets if not re.match(r"[a-z]+:", t) and not t.startswith("#")]


def test_every_relative_link_of_the_readme_and_the_docs_leads_to_a_file():
    assert PAGES and links(REPO / "README.md")
    broken = [f"{path.relative_to(REPO)}: {target}" for path in [REPO / "README.md", *PAGES]
              for target in links(path) if not (path.parent / target.split("#")[0]).is_file()]
    assert not broken


def test_every_file_the_docs_include_exists():
    """pymdownx.snippets lines, whose paths are relative to the repository (mkdocs.yml)."""
    included = [(path, name) for path in PAGES
                for name in re.findall(r'^--8<-- "([^"]+)"$', path.read_text(encoding="utf-8"), re.M)]
    assert {name for _, name in included} >= {"docs/_data/benchmarks.md",
                                               "generator/kit/skeleton/github-workflow.yml"}
    assert all((REPO / name).is_file() for _, name in included), included


def test_the_nav_names_every_page():
    mkdocs = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    named = set(re.findall(r":\s+([\w/-]+\.md)$", mkdocs, re.M))
    assert named == {str(path.relative_to(DOCS)) for path in PAGES if "_data" not in path.parts}


def test_the_reference_tables_are_generated_from_the_code_as_the_site_builds():
    """No table of the code is pasted into a page: each page asks the code for it."""
    assert "rules_table()" in page("reference/rules.md")
    assert "context_table()" in page("reference/context.md")
    assert "kinds_table()" in page("reference/kinds.md")
    assert "fields(Limits)" in page("reference/limits.md")
    assert ":module: generator.cli\n    :command: main" in page("reference/commands.md")
    for pasted in ("| `references` |", "| `programme` | The programme", "| comune | pubblico |"):
        assert not any(pasted in p.read_text(encoding="utf-8") for p in PAGES), pasted


def test_the_commands_page_tells_where_every_command_is_told():
    from generator.cli import main

    told = set(re.findall(r"`fsegen (\w+)", page("reference/commands.md").split("::: mkdocs-click")[0]))
    assert told == set(main.commands)


def test_the_filters_page_shows_every_filter():
    shown = set(re.findall(r"`(\w+)`", page("reference/filters.md").split("## ", 1)[0]))
    assert set(FILTERS) <= shown, set(FILTERS) - shown


def test_the_benchmark_table_is_what_benchmarks_run_writes():
    """docs/_data/benchmarks.md (python benchmarks/run.py --write) is dated, and in the very
    format run.py writes: read back and written again, it is the same text."""
    data = (DOCS / "_data" / "benchmarks.md").read_text(encoding="utf-8")
    measured = re.match(r"Measured on (\d{4}-\d\d-\d\d), (.+)\n\(`(.+)`\)", data)
    assert measured, data
    ratio = float(re.search(r"\*\*(\d+\.\d+)\*\*", data).group(1))
    rows = [dict(zip(COLUMNS, (c.strip() for c in line.strip("|").split("|")), strict=True))
            for line in data.splitlines() if line.startswith("| ") and line.split("|")[1].strip() in SHAPES]
    rows = [{k: v for k, v in row.items() if v} for row in rows]
    assert report(ratio, rows, measured.group(3), measured.group(2), measured.group(1)) == data


def test_every_rule_documents_an_example_and_a_fix():
    for registered in RULES:
        assert registered.summary, registered.id
        assert registered.doc_part("Example"), registered.id
        assert registered.doc_part("Fix"), registered.id
