"""What the call asks of each project besides money and partners: recipients and duration."""

from __future__ import annotations

from generator.errors import WARNING, Finding
from generator.messages import _, ngettext
from generator.model import Content
from generator.sources import SourceMap


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
                         project.recipients, project=project_id, minimum=rules.min_recipients),
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
