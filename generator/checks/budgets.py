"""Budgets add up: the public contribution never exceeds the project's total cost."""

from __future__ import annotations

from generator.errors import Finding
from generator.formatting import amount
from generator.model import Content
from generator.sources import SourceMap


def budgets(content: Content, sources: SourceMap) -> list[Finding]:
    """A project's public contribution is not more than its total cost (the sum of its lines).

    Example: projects.ciao.budget.public_contribution: the public contribution 500.000,00 € exceeds the
        total cost 400.000,00 €
    Fix: correct the contribution or the cost lines; the co-financing cannot be negative.
    """
    findings = []
    for project_id, project in content.projects.items():
        budget = project.budget
        if budget is not None and budget.public_contribution > budget.total:
            findings.append(sources.finding(
                ("projects", project_id, "budget", "public_contribution"),
                f"the public contribution {amount(budget.public_contribution)} exceeds the total "
                f"cost {amount(budget.total)}",
                "correct the contribution or the cost lines; the co-financing cannot be negative"))
    return findings
