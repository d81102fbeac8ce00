"""Consistency rules: plain functions in a plain list.

A rule takes the loaded content and returns findings; its id, severity and
docstring (first line: what it checks) are its documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from generator.errors import ERROR, Finding
from generator.loading import Loaded


@dataclass(frozen=True)
class Rule:
    """A registered rule: id, default severity and the function."""

    id: str
    severity: str
    check: Callable[[Loaded], list[Finding]]

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()


RULES: list[Rule] = []


def rule(rule_id: str, severity: str = ERROR):
    """Register `function` as a rule; `severity` is what its findings usually carry."""

    def register(function: Callable[[Loaded], list[Finding]]):
        RULES.append(Rule(rule_id, severity, function))
        return function

    return register


def run_rules(loaded: Loaded) -> list[Finding]:
    """Every rule's findings, with the rule's id and severity filled in."""
    findings: list[Finding] = []
    for registered in RULES:
        for finding in registered.check(loaded):
            findings.append(_stamp(finding, registered))
    return findings


def _stamp(finding: Finding, registered: Rule) -> Finding:
    from dataclasses import replace

    return replace(finding, rule=registered.id)


from generator.checks import references  # noqa: E402,F401  (registers the rules)
