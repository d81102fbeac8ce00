"""The call's own rules, kept as data in `call.rules`: one rule per requirement."""

from __future__ import annotations

from decimal import Decimal

from generator.checks.common import counted
from generator.errors import WARNING, Finding
from generator.model import AmountRange, Budget, Content
from generator.sources import SourceMap
from generator.templating.filters.formatting import amount, percent, short_date


def call_projects(content: Content, sources: SourceMap) -> list[Finding]:
    """The programme has as many projects as the call allows, and the levels the call has.

    A call with `programme_level: false` takes one project per application; a call with a
    programme level wants the programme's title.

    Example: projects: the programme has 7 projects; the call allows 2 to 6
    Fix: add or merge projects to fit the call, or correct `call.rules` if it was copied wrong.
    """
    findings = _levels(content, sources)
    rules = content.call.rules
    if rules is None:
        return findings + [sources.finding(
            ("call",), "the call's rules are not recorded: nothing to check the programme against",
            "add `rules:` to the call (projects, maximum contribution...)", severity=WARNING)]
    count, low, high = len(content.projects), rules.min_projects, rules.max_projects
    if (low is None or count >= low) and (high is None or count <= high):
        return findings
    extra = list(content.projects)[high] if high is not None and count > high else None
    return findings + [sources.finding(
        ("projects", extra) if extra else ("projects",),
        f"the programme has {counted(count, 'project')}; the call allows "
        f"{low if low is not None else 0} to {high if high is not None else 'any'}",
        "add or merge projects to fit the call")]


def _levels(content: Content, sources: SourceMap) -> list[Finding]:
    """A call without programme level has one project; one with it, a programme title."""
    if not content.call.programme_level and len(content.projects) > 1:
        return [sources.finding(
            ("projects", list(content.projects)[1]),
            f"the call has no programme level (one project per application), and the content "
            f"has {counted(len(content.projects), 'project')}",
            "keep one project, or set the call's `programme_level: true` if it funds programmes")]
    if content.call.programme_level and content.programme.title is None:
        return [sources.finding(
            ("programme",), "the programme has no title, and the call funds programmes",
            "add `title:` to the programme, or set the call's `programme_level: false` if it "
            "takes one project per application")]
    return []


def call_contribution(content: Content, sources: SourceMap) -> list[Finding]:
    """The projects ask for no more public contribution than the call's maximum for the area.

    Example: call.rules.max_contribution: the projects ask for 1.800.000,00 € of public contribution, more
        than the area's maximum of 1.700.000,00 €
    Fix: reduce the projects' `public_contribution` to fit; a warning names the projects with no budget yet.
    """
    rules = content.call.rules
    if rules is None or rules.max_contribution is None:
        return []
    budgets = [p.budget for p in content.projects.values() if p.budget is not None]
    findings = []
    if len(budgets) < len(content.projects):
        missing = len(content.projects) - len(budgets)
        findings.append(sources.finding(
            ("projects",), f"{counted(missing, 'project')} {'has' if missing == 1 else 'have'} "
                           "no budget: the public contribution cannot be checked against the "
                           "call's maximum", "add `budget:` to every project", severity=WARNING))
    total = sum((b.public_contribution for b in budgets), Decimal(0))
    if total > rules.max_contribution:
        findings.append(sources.finding(
            ("call", "rules", "max_contribution"),
            f"the projects ask for {amount(total)} of public contribution, more than the "
            f"area's maximum of {amount(rules.max_contribution)}",
            "reduce the projects' `public_contribution` to fit"))
    return findings


def call_budgets(content: Content, sources: SourceMap) -> list[Finding]:
    """Each project's budget fits the call: contribution and cost in range, public share within its cap.

    A cap of 80% on the public share is a co-financing of at least 20%.

    Example: projects.sportelli.budget.public_contribution: the public share of 'sportelli' is 85,0%,
        more than the call's maximum of 80,0% (a co-financing of at least 20,0%)
    Fix: raise the co-financing or lower the contribution; a warning names a figure not known yet.
    """
    rules = content.call.rules
    if rules is None:
        return []
    findings = []
    for project_id, project in content.projects.items():
        budget = project.budget
        if budget is None:
            continue
        path = ("projects", project_id, "budget")
        findings += _in_range(sources, path + ("public_contribution",), budget.public_contribution,
                              rules.project_contribution, f"the contribution {project_id!r} asks")
        findings += _in_range(sources, path, budget.total, rules.project_cost,
                              f"the total cost of {project_id!r}")
        findings += _public_share(sources, path, project_id, budget, rules.max_public_share)
    return findings


def _in_range(sources: SourceMap, path: tuple, value: Decimal | None, bounds: AmountRange | None,
              what: str) -> list[Finding]:
    if bounds is None:
        return []
    if value is None:
        return [sources.finding(path, f"{what} is not known: the call's range cannot be checked",
                                "give the budget its `lines` or `total_cost`", severity=WARNING)]
    if bounds.min is not None and value < bounds.min:
        return [sources.finding(path, f"{what} is {amount(value)}, less than the call's minimum of "
                                      f"{amount(bounds.min)}", "raise it to the call's minimum")]
    if bounds.max is not None and value > bounds.max:
        return [sources.finding(path, f"{what} is {amount(value)}, more than the call's maximum of "
                                      f"{amount(bounds.max)}", "bring it within the call's maximum")]
    return []


def _public_share(sources: SourceMap, path: tuple, project_id: str, budget: Budget,
                  cap: Decimal | None) -> list[Finding]:
    if cap is None:
        return []
    total = budget.total
    if total is None:
        return [sources.finding(path, f"the total cost of {project_id!r} is not known: its public "
                                      "share cannot be checked against the call's cap",
                                "give the budget its `lines` or `total_cost`", severity=WARNING)]
    if not total or budget.public_contribution * 100 <= cap * total:
        return []
    share = budget.public_contribution * 100 / total
    return [sources.finding(
        path + ("public_contribution",),
        f"the public share of {project_id!r} is {percent(share)}, more than the call's maximum "
        f"of {percent(cap)} (a co-financing of at least {percent(100 - cap)})",
        "raise the co-financing or lower the public contribution")]


def call_dates(content: Content, sources: SourceMap) -> list[Finding]:
    """The form and its project sheets are dated within the call: after its publication, by its deadline.

    The deadline in force is the last extension's; each extension's act precedes the deadline
    it sets; a call without publication date or deadline is a warning.

    Example: documents.formulario-candidatura.date: the form is dated 10/03/2020, after the call's deadline
        09/03/2020
    Fix: correct the form's date, or the call's `published`/`deadline`/`extensions` if they were copied wrong.
    """
    call = content.call
    findings = _missing_call_dates(content, sources)
    deadline = call.final_deadline
    for index, extension in enumerate(call.extensions):
        if extension.act.date > extension.deadline:
            findings.append(sources.finding(
                ("call", "extensions", index, "act", "date"),
                f"the act extending the deadline to {short_date(extension.deadline)} is dated "
                f"{short_date(extension.act.date)}, after the deadline it sets",
                "check the act's date and the new deadline"))
    for doc_id, form in content.documents.items():
        if form.kind not in SUBMITTED:
            continue
        what = SUBMITTED[form.kind]
        if deadline and form.date > deadline:
            extended = " (extended)" if call.extensions else ""
            findings.append(sources.finding(
                ("documents", doc_id, "date"),
                f"the {what} is dated {short_date(form.date)}, after the call's deadline{extended} "
                f"{short_date(deadline)}", "the programme must be submitted by the deadline"))
        if call.published and form.date < call.published:
            findings.append(sources.finding(
                ("documents", doc_id, "date"),
                f"the {what} is dated {short_date(form.date)}, before the call was published "
                f"({short_date(call.published)})", f"check the {what}'s date"))
    return findings


SUBMITTED = {"formulario": "form", "scheda": "project sheet"}
"""The kinds of document submitted with the candidacy, by the call's deadline."""


def _missing_call_dates(content: Content, sources: SourceMap) -> list[Finding]:
    """Warnings for a call whose publication date or deadline is not recorded."""
    call = content.call
    missing = [(name, what) for name, what in (("published", "publication date"),
                                               ("deadline", "deadline"))
               if getattr(call, name) is None]
    return [sources.finding(("call",), f"the call's {what} is not recorded: the form's date cannot "
                                       "be checked against it",
                            f"add `{name}: YYYY-MM-DD` to the call", severity=WARNING)
            for name, what in missing]
