"""What the call asks of each project besides money and partners (recipients, duration), and how
the evaluators judged it."""

from __future__ import annotations

from decimal import Decimal

from generator.checks.common import counted
from generator.errors import WARNING, Finding
from generator.model import Content, Evaluation
from generator.sources import SourceMap
from generator.templating.filters.formatting import amount, grouped


def call_recipients(content: Content, sources: SourceMap) -> list[Finding]:
    """Each project plans to reach at least the call's minimum of recipients.

    Example: projects.ponte.recipients: 'ponte' plans 40 recipients; the call wants at least 60
    Fix: raise `recipients:` to what the project will reach, or check the call's `min_recipients`.
    """
    rules = content.call.rules
    if rules is None or rules.min_recipients is None:
        return []
    findings = []
    for project_id, project in content.projects.items():
        if project.recipients is None:
            findings.append(sources.finding(
                ("projects", project_id), f"the recipients {project_id!r} plans are not recorded: "
                f"the call's minimum of {rules.min_recipients} cannot be checked",
                "add `recipients:` (how many people the project will reach)", severity=WARNING))
        elif project.recipients < rules.min_recipients:
            findings.append(sources.finding(
                ("projects", project_id, "recipients"),
                f"{project_id!r} plans {counted(int(project.recipients), 'recipient')}; the call wants "
                f"at least {rules.min_recipients}", "the project must reach the call's minimum"))
    return findings


def call_duration(content: Content, sources: SourceMap) -> list[Finding]:
    """Each project lasts as long as the call allows.

    Its months come from `duration_months`, else from `start` and `end`, else from the
    programme's timeline.

    Example: projects.ponte.end: 'ponte' lasts 30 months; the call allows 12 to 24
    Fix: correct the project's dates or `duration_months`, or the call's `duration_months` if copied wrong.
    """
    rules = content.call.rules
    if rules is None or rules.duration_months is None:
        return []
    low, high = rules.duration_months.min, rules.duration_months.max
    timeline = content.programme.timeline
    default = None
    if timeline:
        start, end = timeline[0].start, timeline[-1].end
        default = (end.year - start.year) * 12 + end.month - start.month + (end.day >= start.day)
    findings = []
    for project_id, project in content.projects.items():
        months = project.months if project.months is not None else default
        path = ("projects", project_id, "end" if project.end else "duration_months")
        if months is None:
            findings.append(sources.finding(
                ("projects", project_id), f"the duration of {project_id!r} is not recorded: the "
                "call's limits cannot be checked", "add `start` and `end`, or `duration_months`",
                severity=WARNING))
        elif (low is not None and months < low) or (high is not None and months > high):
            findings.append(sources.finding(
                path, f"{project_id!r} lasts {counted(months, 'month')}; the call allows "
                      f"{low if low is not None else 0} to {high if high is not None else 'any'}",
                "correct the project's dates or duration"))
    return findings


def evaluations(content: Content, sources: SourceMap) -> list[Finding]:
    """Each evaluation, the programme's and each project's, holds together: score, rank, amount.

    A score above the points available, a rank past the number ranked, a contribution granted
    above the one requested (the project's budget; for the programme, its projects' total).

    Example: projects.valle.evaluation.score: 'valle' scored 82 out of 80
    Fix: correct the figure copied from the ranking (`score`, `max_score`, `rank`, `ranked`, `granted`).
    """
    budgets = [p.budget for p in content.projects.values() if p.budget is not None]
    requested_total = (content.programme.budget.public_contribution if content.programme.budget
                       else sum((b.public_contribution for b in budgets), Decimal(0)) if budgets else None)
    judged: list[tuple[tuple[str, ...], str, Evaluation | None, Decimal | None]] = [
        (("programme",), "the programme", content.programme.evaluation, requested_total)]
    judged += [(("projects", pid), repr(pid), p.evaluation,
                p.budget.public_contribution if p.budget else None) for pid, p in content.projects.items()]
    findings = []
    for base, who, evaluation, requested in judged:
        if evaluation is None:
            continue
        path = base + ("evaluation",)
        if evaluation.score is not None and evaluation.max_score is not None \
                and evaluation.score > evaluation.max_score:
            findings.append(sources.finding(path + ("score",), f"{who} scored {grouped(evaluation.score)} "
                                            f"out of {grouped(evaluation.max_score)}",
                                            "correct the score or the points available"))
        if evaluation.rank is not None and evaluation.ranked is not None \
                and evaluation.rank > evaluation.ranked:
            findings.append(sources.finding(path + ("rank",), f"{who} is ranked {evaluation.rank}° of "
                                            f"{evaluation.ranked}", "correct the rank or the number ranked"))
        if evaluation.granted is not None and requested is not None and evaluation.granted > requested:
            findings.append(sources.finding(path + ("granted",), f"{who} was granted "
                                            f"{amount(evaluation.granted)}, more than the "
                                            f"{amount(requested)} it requested",
                                            "correct the amount granted, or the contribution requested"))
    return findings
