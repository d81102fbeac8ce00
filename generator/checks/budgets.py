"""Budgets add up: lines, declared totals, contribution and who co-finances agree."""

from __future__ import annotations

from decimal import Decimal

from generator.errors import WARNING, Finding
from generator.messages import _
from generator.model import Budget, Content
from generator.sources import KeyPath, SourceMap
from generator.templating.filters.formatting import amount


def budgets(content: Content, sources: SourceMap) -> list[Finding]:
    """A budget adds up: contribution within the total, totals equal to lines, co-financers to co-financing.

    The programme's own totals equal its projects'; a budget with only its contribution has
    an unknown total (a warning: never printed as 0).

    Example: projects.ciao.budget.public_contribution: the public contribution 500.000,00 € exceeds the
        total cost 400.000,00 €
    Fix: correct the contribution or the cost lines; the co-financing cannot be negative.
    """
    findings = []
    for project_id, project in content.projects.items():
        if project.budget is not None:
            findings += _adds_up(sources, ("projects", project_id, "budget"), project.budget)
    programme = content.programme.budget
    if programme is not None:
        path: KeyPath = ("programme", "budget")
        findings += _adds_up(sources, path, programme)
        findings += _programme_total(content, sources, path, programme)
    return findings


def _adds_up(sources: SourceMap, path: KeyPath, budget: Budget) -> list[Finding]:
    findings = []
    total, lines = budget.total, budget.lines_total
    if total is None:
        findings.append(sources.finding(
            path, _("the total cost is not known (no lines, no total_cost, no co-financing): the "
                    "co-financing is a missing fact, not 0"),
            _("add `lines`, `total_cost` or `co_financing_by`; until then only a draft (fsegen build "
              "--draft) prints the budget, with \"—\""), severity=WARNING))
    if budget.total_cost is not None and lines is not None and budget.total_cost != lines:
        findings.append(sources.finding(
            path + ("total_cost",), _("the total cost {total} is not the sum of the lines, {lines}",
                                      total=amount(budget.total_cost), lines=amount(lines)),
            _("correct a line or the total (or leave the total out)")))
    if total is not None and budget.public_contribution > total:
        findings.append(sources.finding(
            path + ("public_contribution",),
            _("the public contribution {contribution} exceeds the total cost {total}",
              contribution=amount(budget.public_contribution), total=amount(total)),
            _("correct the contribution or the cost lines; the co-financing cannot be negative")))
    by = budget.co_financing_total
    rough = any(getattr(v, "approximate", False) for v in (by, total, budget.public_contribution))
    if by is not None and total is not None and not rough and by != total - budget.public_contribution:
        findings.append(sources.finding(
            path + ("co_financing_by",), _("the co-financers pay {paid}, but the co-financing is {due} "
                                           "(total cost less contribution)", paid=amount(by),
                                           due=amount(total - budget.public_contribution)),
            _("correct the amounts in `co_financing_by`, or the budget's total")))
    return findings


def _programme_total(content: Content, sources: SourceMap, path: KeyPath,
                     programme: Budget) -> list[Finding]:
    """The programme's declared totals against its projects' budgets, when all are known."""
    budgets = [p.budget for p in content.projects.values()]
    if not budgets or any(b is None for b in budgets):
        return []
    public = sum((b.public_contribution for b in budgets if b is not None), Decimal(0))
    if public != programme.public_contribution:
        return [sources.finding(
            path + ("public_contribution",),
            _("the programme asks for {asked}, and its projects for {projects} in all",
              asked=amount(programme.public_contribution), projects=amount(public)),
            _("make the programme's total the sum of its projects'"))]
    totals = [b.total for b in budgets if b is not None]
    known = [t for t in totals if t is not None]
    if programme.total is not None and len(known) == len(totals) \
            and programme.total != sum(known, Decimal(0)):
        return [sources.finding(
            path, _("the programme's total cost {total} is not the sum of its projects', {projects}",
                    total=amount(programme.total), projects=amount(sum(known, Decimal(0)))),
            _("make the programme's total the sum of its projects'"), severity=WARNING)]
    return []
