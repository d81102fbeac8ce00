"""What the call asks of each project besides money and partners (recipients, duration), and how
the evaluators judged it."""

from __future__ import annotations

from decimal import Decimal

from generator.errors import WARNING, Finding
from generator.messages import _, ngettext
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
                ("projects", project_id), _("the recipients {project!r} plans are not recorded: the call's "
                                            "minimum of {minimum} cannot be checked", project=project_id,
                                            minimum=rules.min_recipients),
                _("add `recipients:` (how many people the project will reach)"), severity=WARNING))
        elif project.recipients < rules.min_recipients:
            findings.append(sources.finding(
                ("projects", project_id, "recipients"),
                ngettext("{project!r} plans {count} recipient; the call wants at least {minimum}",
                         "{project!r} plans {count} recipients; the call wants at least {minimum}",
                         int(project.recipients), project=project_id, minimum=rules.min_recipients),
                _("the project must reach the call's minimum")))
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
                ("projects", project_id), _("the duration of {project!r} is not recorded: the call's "
                                            "limits cannot be checked", project=project_id),
                _("add `start` and `end`, or `duration_months`"), severity=WARNING))
        elif (low is not None and months < low) or (high is not None and months > high):
            most = high if high is not None else _("any")
            findings.append(sources.finding(
                path, ngettext("{project!r} lasts {count} month; the call allows {low} to {high}",
                               "{project!r} lasts {count} months; the call allows {low} to {high}", months,
                               project=project_id, low=low if low is not None else 0,
                               high=most),
                _("correct the project's dates or duration")))
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
    judged: list[tuple[tuple[str, ...], str | None, Evaluation | None, Decimal | None]] = [
        (("programme",), None, content.programme.evaluation, requested_total)]
    judged += [(("projects", pid), pid, p.evaluation,
                p.budget.public_contribution if p.budget else None) for pid, p in content.projects.items()]
    findings = []
    for base, project_id, evaluation, requested in judged:
        if evaluation is None:
            continue
        path = base + ("evaluation",)
        programme = project_id is None
        if evaluation.score is not None and evaluation.max_score is not None \
                and evaluation.score > evaluation.max_score:
            score, most = grouped(evaluation.score), grouped(evaluation.max_score)
            findings.append(sources.finding(
                path + ("score",),
                _("the programme scored {score} out of {most}", score=score, most=most) if programme else
                _("{project!r} scored {score} out of {most}", project=project_id, score=score, most=most),
                _("correct the score or the points available")))
        if evaluation.rank is not None and evaluation.ranked is not None \
                and evaluation.rank > evaluation.ranked:
            rank, ranked = evaluation.rank, evaluation.ranked
            findings.append(sources.finding(
                path + ("rank",),
                _("the programme is ranked {rank}° of {ranked}", rank=rank, ranked=ranked) if programme else
                _("{project!r} is ranked {rank}° of {ranked}", project=project_id, rank=rank, ranked=ranked),
                _("correct the rank or the number ranked")))
        if evaluation.granted is not None and requested is not None and evaluation.granted > requested:
            granted, asked = amount(evaluation.granted), amount(requested)
            findings.append(sources.finding(
                path + ("granted",),
                _("the programme was granted {granted}, more than the {requested} it requested",
                  granted=granted, requested=asked) if programme else
                _("{project!r} was granted {granted}, more than the {requested} it requested",
                  project=project_id, granted=granted, requested=asked),
                _("correct the amount granted, or the contribution requested")))
    return findings
