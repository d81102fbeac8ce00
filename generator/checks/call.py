"""The call's own rules, kept as data in `call.rules`: one rule per requirement."""

from __future__ import annotations

from decimal import Decimal

from generator.errors import WARNING, Finding
from generator.messages import Message, _, ngettext
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
            ("call",), _("the call's rules are not recorded: nothing to check the programme against"),
            _("add `rules:` to the call (projects, maximum contribution...)"), severity=WARNING)]
    count, low, high = len(content.projects), rules.min_projects, rules.max_projects
    if (low is None or count >= low) and (high is None or count <= high):
        return findings
    extra = list(content.projects)[high] if high is not None and count > high else None
    most = high if high is not None else _("any")
    return findings + [sources.finding(
        ("projects", extra) if extra else ("projects",),
        ngettext("the programme has {count} project; the call allows {low} to {high}",
                 "the programme has {count} projects; the call allows {low} to {high}", count,
                 low=low if low is not None else 0, high=most),
        _("add or merge projects to fit the call"))]


def _levels(content: Content, sources: SourceMap) -> list[Finding]:
    """A call without programme level has one project; one with it, a programme title."""
    if not content.call.programme_level and len(content.projects) > 1:
        return [sources.finding(
            ("projects", list(content.projects)[1]),
            _("the call has no programme level (one project per application), and the content has "
              "{count} projects", count=len(content.projects)),
            _("keep one project, or set the call's `programme_level: true` if it funds programmes"))]
    if content.call.programme_level and content.programme.title is None:
        return [sources.finding(
            ("programme",), _("the programme has no title, and the call funds programmes"),
            _("add `title:` to the programme, or set the call's `programme_level: false` if it takes "
              "one project per application"))]
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
            ("projects",), ngettext("{count} project has no budget: the public contribution cannot be "
                                    "checked against the call's maximum",
                                    "{count} projects have no budget: the public contribution cannot be "
                                    "checked against the call's maximum", missing),
            _("add `budget:` to every project"), severity=WARNING))
    total = sum((b.public_contribution for b in budgets), Decimal(0))
    if total > rules.max_contribution:
        findings.append(sources.finding(
            ("call", "rules", "max_contribution"),
            _("the projects ask for {total} of public contribution, more than the area's maximum of "
              "{maximum}", total=amount(total), maximum=amount(rules.max_contribution)),
            _("reduce the projects' `public_contribution` to fit")))
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
                              rules.project_contribution,
                              _("the contribution {project!r} asks", project=project_id))
        findings += _in_range(sources, path, budget.total, rules.project_cost,
                              _("the total cost of {project!r}", project=project_id))
        findings += _public_share(sources, path, project_id, budget, rules.max_public_share)
    return findings


def _in_range(sources: SourceMap, path: tuple, value: Decimal | None, bounds: AmountRange | None,
              what: Message) -> list[Finding]:
    if bounds is None:
        return []
    if value is None:
        return [sources.finding(path, _("{what} is not known: the call's range cannot be checked", what=what),
                                _("give the budget its `lines` or `total_cost`"), severity=WARNING)]
    if bounds.min is not None and value < bounds.min:
        return [sources.finding(path, _("{what} is {value}, less than the call's minimum of {minimum}",
                                        what=what, value=amount(value), minimum=amount(bounds.min)),
                                _("raise it to the call's minimum"))]
    if bounds.max is not None and value > bounds.max:
        return [sources.finding(path, _("{what} is {value}, more than the call's maximum of {maximum}",
                                        what=what, value=amount(value), maximum=amount(bounds.max)),
                                _("bring it within the call's maximum"))]
    return []


def _public_share(sources: SourceMap, path: tuple, project_id: str, budget: Budget,
                  cap: Decimal | None) -> list[Finding]:
    if cap is None:
        return []
    total = budget.total
    if total is None:
        return [sources.finding(path, _("the total cost of {project!r} is not known: its public share "
                                        "cannot be checked against the call's cap", project=project_id),
                                _("give the budget its `lines` or `total_cost`"), severity=WARNING)]
    if not total or budget.public_contribution * 100 <= cap * total:
        return []
    share = budget.public_contribution * 100 / total
    return [sources.finding(
        path + ("public_contribution",),
        _("the public share of {project!r} is {share}, more than the call's maximum of {cap} (a "
          "co-financing of at least {rest})", project=project_id, share=percent(share), cap=percent(cap),
          rest=percent(100 - cap)),
        _("raise the co-financing or lower the public contribution"))]


def call_dates(content: Content, sources: SourceMap) -> list[Finding]:
    """The candidacy form is dated within the call: after its publication, by its deadline in force.

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
                _("the act extending the deadline to {deadline} is dated {date}, after the deadline it "
                  "sets", deadline=short_date(extension.deadline), date=short_date(extension.act.date)),
                _("check the act's date and the new deadline")))
    for doc_id, form in content.documents.items():
        if form.kind != "formulario":
            continue
        if deadline and form.date > deadline:
            late = (_("the form is dated {date}, after the call's deadline (extended) {deadline}",
                      date=short_date(form.date), deadline=short_date(deadline)) if call.extensions else
                    _("the form is dated {date}, after the call's deadline {deadline}",
                      date=short_date(form.date), deadline=short_date(deadline)))
            findings.append(sources.finding(("documents", doc_id, "date"), late,
                                            _("the programme must be submitted by the deadline")))
        if call.published and form.date < call.published:
            findings.append(sources.finding(
                ("documents", doc_id, "date"),
                _("the form is dated {date}, before the call was published ({published})",
                  date=short_date(form.date), published=short_date(call.published)),
                _("check the form's date")))
    return findings


def _missing_call_dates(content: Content, sources: SourceMap) -> list[Finding]:
    """Warnings for a call whose publication date or deadline is not recorded (one still to fill
    in, DA COMPILARE, is the placeholders rule's)."""
    call = content.call
    missing = [(name, what) for name, what in (
        ("published", _("the call's publication date is not recorded: the form's date cannot be checked "
                        "against it")),
        ("deadline", _("the call's deadline is not recorded: the form's date cannot be checked against it")))
               if getattr(call, name) is None and ("call", name) not in sources.placeholders]
    return [sources.finding(("call",), what, _("add `{name}: YYYY-MM-DD` to the call", name=name),
                            severity=WARNING)
            for name, what in missing]
