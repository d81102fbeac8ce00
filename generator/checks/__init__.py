"""Consistency rules: plain functions in a plain list.

A content rule takes the loaded content; an output rule also gets every rendered
deliverable. Each returns findings. A rule's id, severity and docstring are its
documentation: the first line says what it checks, then `Example:` (a finding)
and `Fix:` lines; the README's table of rules is generated from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

from generator.errors import ERROR, Finding
from generator.loading import Loaded, Path_


@dataclass(frozen=True)
class Rule:
    """A registered rule: id, usual severity, stage and the function."""

    id: str
    severity: str
    check: Callable[..., list[Finding]]
    stage: str = "content"

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()

    def doc_part(self, label: str) -> str:
        """The `Example:` or `Fix:` line of the docstring."""
        match = re.search(rf"^\s*{label}:\s*(.+?)(?=\n\s*\n|\n\s*[A-Z][a-z]+:|\Z)", self.doc,
                          re.MULTILINE | re.DOTALL)
        return " ".join(match.group(1).split()) if match else ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


@dataclass
class Rendered:
    """A rendered deliverable as output rules see it."""

    id: str
    document_id: str
    document: Any
    text: str
    """The deliverable read back from its .docx as plain text."""


RULES: list[Rule] = []


def rule(rule_id: str, severity: str = ERROR, stage: str = "content"):
    """Register a rule; `severity` is what its findings usually carry."""

    def register(function: Callable[..., list[Finding]]):
        RULES.append(Rule(rule_id, severity, function, stage))
        return function

    return register


def run_rules(loaded: Loaded) -> list[Finding]:
    """Every content rule's findings, stamped with the rule's id."""
    return [replace(f, rule=r.id) for r in RULES if r.stage == "content" for f in r.check(loaded)]


def run_output_rules(loaded: Loaded, rendered: list[Rendered]) -> list[Finding]:
    """Every output rule's findings over the rendered deliverables."""
    return [replace(f, rule=r.id) for r in RULES if r.stage == "output"
            for f in r.check(loaded, rendered)]


def rules_table() -> str:
    """The README's Markdown table of rules, generated from the rules' docstrings."""
    rows = ["| rule | checks | example finding | how to fix |", "|---|---|---|---|"]
    for registered in RULES:
        cells = [f"`{registered.id}`", registered.summary, registered.doc_part("Example"),
                 registered.doc_part("Fix")]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def prose_blocks(loaded: Loaded) -> Iterator[tuple[str, Path_, str]]:
    """(document id, path, source) of every prose block of every document."""
    for doc_id, document in loaded.content.documents.items():
        base: Path_ = ("documents", doc_id)
        for index, block in enumerate(document.intro):
            if isinstance(block, str):
                yield doc_id, base + ("intro", index), block
        for number, section in enumerate(document.sections):
            for index, block in enumerate(section.body):
                if isinstance(block, str):
                    yield doc_id, base + ("sections", number, "body", index), block


def typed_text(source: str) -> str:
    """Prose with its `{{ }}`/`{% %}` parts blanked (same length, so offsets hold):
    what a person typed, as opposed to facts drawn from the data."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}",
                  lambda m: re.sub(r"[^\n]", " ", m.group()), source, flags=re.DOTALL)


from generator.checks import (  # noqa: E402,F401  (each module registers its rules)
    references, identifiers, territory, counts, dates, signatories, requests, names,
    call, budgets, glossary, output,
)
