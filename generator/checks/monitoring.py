"""Monitoring agrees with the plan: dates, budgets, totals, what was planned and reported.

The sums are the reports' own (generator/context/progress.py): a rule checks what a report prints.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from generator.checks.common import prose_blocks, typed_text
from generator.context.progress import achieved, allowed_excess, spent, total
from generator.errors import WARNING, Finding
from generator.messages import _
from generator.model import Content, Document, Period, Project
from generator.sources import KeyPath, SourceMap
from generator.templating.filters.formatting import amount, grouped

TYPED_PERCENT = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|per\s?cento\b)", re.IGNORECASE)


def _day(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


def monitoring_dates(content: Content, sources: SourceMap) -> list[Finding]:
    """Figures never precede their project's start nor follow a report using them; a final report, its end.

    Example: monitoring.s1.work-in-progress.source.date: figures dated 15/12/2020, before project
        work-in-progress started (11/01/2021)
    Fix: correct the date in the monitoring spreadsheet and import it again, or the project's `start`;
        a report may only cover periods and figures dated by its own date.
    """
    findings = []
    for period_id, by_project in content.monitoring.items():
        period = content.periods.get(period_id)
        for project_id, record in by_project.items():
            where = ("monitoring", period_id, project_id)
            project = content.projects.get(project_id)
            if project is None:
                findings.append(sources.finding(where, _("no project {project!r}", project=project_id),
                                                _("use the id of a project of the content")))
                continue
            if period is None:
                continue  # the references rule names an unknown period
            findings += _record_dates(sources, where, project_id, project, period_id, period,
                                      record.source.date)
    for doc_id, document in content.documents.items():
        if document.report is not None:
            findings += _report_dates(content, sources, doc_id, document)
    return findings


def _record_dates(sources: SourceMap, where: tuple, project_id: str, project: Project, period_id: str,
                  period: Period, date: dt.date) -> list[Finding]:
    findings = []
    if project.start is not None and period.end < project.start:
        findings.append(sources.finding(where, _("figures for period {period} ({start}-{end}), before "
                                                 "project {project} started ({started})", period=period_id,
                                                 start=_day(period.start), end=_day(period.end),
                                                 project=project_id, started=_day(project.start)),
                                        _("import the row under the right period or correct `start`")))
    if project.end is not None and period.start > project.end:
        findings.append(sources.finding(where, _("figures for period {period}, after project {project} ended "
                                                 "({ended})", period=period_id, project=project_id,
                                                 ended=_day(project.end)),
                                        _("import the row under the right period or correct `end`")))
    if project.start is not None and date < project.start:
        findings.append(sources.finding(where + ("source", "date"),
                                        _("figures dated {date}, before project {project} started "
                                          "({started})",
                                          date=_day(date), project=project_id, started=_day(project.start)),
                                        _("correct the date in the spreadsheet and import it again")))
    elif date < period.start:
        findings.append(sources.finding(where + ("source", "date"),
                                        _("figures dated {date}, before their period {period} began "
                                          "({began})",
                                          date=_day(date), period=period_id, began=_day(period.start)),
                                        _("correct the date in the spreadsheet and import it again")))
    return findings


def _report_dates(content: Content, sources: SourceMap, doc_id: str, document: Document) -> list[Finding]:
    findings: list[Finding] = []
    scope = document.report
    if scope is None:
        return findings
    path = ("documents", doc_id, "report", "periods")
    known = [p for p in scope.periods if p in content.periods]
    starts = [content.periods[p].start for p in known]
    if starts != sorted(starts):
        findings.append(sources.finding(path, _("the periods are not in chronological order"),
                                        _("list them oldest first: figures are cumulated in that order")))
    if scope.stage == "finale":
        for project_id, project in content.projects.items():
            if project.end is not None and project.end > document.date:
                findings.append(sources.finding(
                    ("documents", doc_id, "date"), _("the final report is dated {date}, before project "
                                                     "{project} ends ({end})", date=_day(document.date),
                                                     project=project_id, end=_day(project.end)),
                    _("date it after the end of every project, or make it `stage: intermedia`"),
                    severity=WARNING))
    for index, period_id in enumerate(scope.periods):
        period = content.periods.get(period_id)
        if period is not None and period.start > document.date:
            findings.append(sources.finding(path + (index,), _("the report, dated {date}, covers period "
                                                               "{period}, which begins on {start}",
                                                               date=_day(document.date), period=period_id,
                                                               start=_day(period.start)),
                                            _("remove the period or date the report after it")))
        for project_id, record in content.monitoring.get(period_id, {}).items():
            if record.source.date > document.date:
                findings.append(sources.finding(
                    ("monitoring", period_id, project_id, "source", "date"),
                    _("figures dated {date} are used by {doc_id}, dated {report}",
                      date=_day(record.source.date), doc_id=doc_id, report=_day(document.date)),
                    _("date the report after its figures, or leave the period out of it")))
    return findings


def monitoring_spending(content: Content, sources: SourceMap) -> list[Finding]:
    """Spending on a budget line, over every period, is not above its budget (or an acknowledged deviation).

    Example: monitoring.s2.ciao.spent.Servizi al lavoro e tirocini: 92.400,00 € spent on 'Servizi al
        lavoro e tirocini' up to period s2, above its budget of 80.000,00 €
    Fix: check the figures; if the managing authority allowed it, record the deviation under the
        project's `deviations:` (line, amount, act).
    """
    findings = []
    for project_id, project in content.projects.items():
        items = [line.item for line in project.budget.lines] if project.budget else []
        for index, deviation in enumerate(project.deviations):
            if deviation.line not in items:
                findings.append(sources.finding(("projects", project_id, "deviations", index, "line"),
                                                _("the budget of {project} has no line {line!r}",
                                                  project=project_id, line=deviation.line),
                                                _("use one of: {ids}", ids=", ".join(items)) if items
                                                else _("use one of: (no budget)")))
        periods = [p for p in content.monitoring if project_id in content.monitoring[p]]
        values = spent(content, project_id, periods)
        for line, amounts in values.items():
            last = max(i for i, a in enumerate(amounts) if a is not None)
            where = ("monitoring", periods[last], project_id, "spent", line)
            if line not in items:
                findings.append(sources.finding(where, _("{project} has no budget line {line!r}",
                                                         project=project_id, line=line),
                                                _("budget lines: {lines}", lines=", ".join(items)) if items
                                                else _("budget lines: (no budget)")))
                continue
            findings += _over_budget(sources, where, project, line, sum(amounts, Decimal(0)),
                                     periods[last])
    return findings


def _over_budget(sources: SourceMap, where: tuple, project: Project, line: str, spent_total: Decimal,
                 period_id: str) -> list[Finding]:
    lines = project.budget.lines if project.budget is not None else []  # (it has: `line` is one)
    budget = sum((item.amount for item in lines if item.item == line), Decimal(0))
    allowed = budget + allowed_excess(project, line)
    if spent_total <= allowed:
        return []
    values = {"spent": amount(spent_total), "line": line, "period": period_id, "budget": amount(budget)}
    message = (_("{spent} spent on {line!r} up to period {period}, above its budget of {budget} plus the "
                 "acknowledged {deviation}", deviation=amount(allowed - budget), **values) if allowed > budget
               else _("{spent} spent on {line!r} up to period {period}, above its budget of {budget}",
                      **values))
    return [sources.finding(where, message,
                            _("check the figures; a deviation the managing authority allowed goes under the "
                              "project's `deviations:` (line, amount, act)"))]


def monitoring_totals(content: Content, sources: SourceMap) -> list[Finding]:
    """Totals across periods hold: periods never overlap, and a part never totals more than its whole.

    Example: monitoring.s2.ciao.achieved.occupati: project ciao totals 64 persone for 'Partecipanti
        occupati' up to period s2, more than the 59 of 'Persone prese in carico' it is part of
    Fix: correct the figures (a person counted in a part is counted in the whole), or the indicators'
        `part_of`; give periods dates that do not overlap.
    """
    findings = []
    periods = sorted(content.periods.items(), key=lambda item: item[1].start)
    for (first_id, first), (second_id, second) in zip(periods, periods[1:]):
        if second.start <= first.end:
            findings.append(sources.finding(("periods", second_id, "start"),
                                            _("period {second} begins on {start}, before period {first} ends "
                                              "({end})", second=second_id, start=_day(second.start),
                                              first=first_id, end=_day(first.end)),
                                            _("figures would be counted twice: make the periods follow each "
                                              "other")))
    for period_id, period in content.periods.items():
        if period.end < period.start:
            findings.append(sources.finding(("periods", period_id, "end"),
                                            _("period {period} ends before it begins", period=period_id),
                                            _("swap the dates")))
    order = [p for p, _period in periods if p in content.monitoring]
    for project_id in content.projects:
        values = achieved(content, project_id, order)
        for indicator_id, indicator in content.indicators.items():
            whole_id = indicator.part_of
            if whole_id is None or whole_id not in content.indicators or indicator_id not in values:
                continue
            part, whole = total(values[indicator_id]), total(values.get(whole_id, [])) or Decimal(0)
            if part is not None and part > whole:
                last = order[max(i for i, v in enumerate(values[indicator_id]) if v is not None)]
                findings.append(sources.finding(
                    ("monitoring", last, project_id, "achieved", indicator_id),
                    _("project {project} totals {part} {unit} for {indicator!r} up to period {last}, more "
                      "than the {whole} of {of!r} it is part of", project=project_id, part=grouped(part),
                      unit=indicator.unit, indicator=indicator.name, last=last, whole=grouped(whole),
                      of=content.indicators[whole_id].name),
                    _("correct the figures, or the indicator's `part_of`")))
    return findings


def monitoring_coverage(content: Content, sources: SourceMap) -> list[Finding]:
    """An indicator reported unplanned, planned unreported, or below the programme's target, is a warning.

    Example: projects.ciao.targets.tirocini: project ciao plans 40 tirocini for 'Tirocini di inclusione
        avviati' but no period reports it
    Fix: add the value to the monitoring spreadsheet and import it again, or the target to the
        project's `targets:` (or remove the one that does not belong).
    """
    findings = _programme_targets(content, sources)
    if not content.monitoring:
        return findings
    for project_id, project in content.projects.items():
        periods = [p for p in content.monitoring if project_id in content.monitoring[p]]
        reported = achieved(content, project_id, periods)
        if project.targets and not periods:
            findings.append(sources.finding(("projects", project_id, "targets"),
                                            _("project {project} has targets but no monitoring figures",
                                              project=project_id),
                                            _("import its rows of the monitoring spreadsheet"),
                                            severity=WARNING))
            continue
        for indicator_id, target in project.targets.items():
            if periods and indicator_id not in reported and indicator_id in content.indicators:
                unit = content.indicators[indicator_id].unit
                findings.append(sources.finding(
                    ("projects", project_id, "targets", indicator_id),
                    _("project {project} plans {target} {unit} for {indicator!r} but no period reports it",
                      project=project_id, target=grouped(target), unit=unit,
                      indicator=content.indicators[indicator_id].name),
                    _("add the column to the mapping, or the values to the spreadsheet"),
                    severity=WARNING))
        for indicator_id, values in reported.items():
            if indicator_id not in project.targets and indicator_id in content.indicators:
                first = periods[next(i for i, v in enumerate(values) if v is not None)]
                findings.append(sources.finding(
                    ("monitoring", first, project_id, "achieved", indicator_id),
                    _("project {project} reports {indicator!r}, which it never planned (no target)",
                      project=project_id, indicator=content.indicators[indicator_id].name),
                    _("add the target to the project's `targets:`, or drop the value"),
                    severity=WARNING))
    return findings


def _programme_targets(content: Content, sources: SourceMap) -> list[Finding]:
    """The projects' targets should reach the programme's own target, when it has one."""
    findings = []
    for indicator_id, indicator in content.indicators.items():
        planned = total(p.targets.get(indicator_id) for p in content.projects.values())
        if indicator.target is not None and planned is not None and planned < indicator.target:
            findings.append(sources.finding(
                ("indicators", indicator_id, "target"),
                _("the projects' targets for {indicator!r} add up to {planned} {unit}, less than the "
                  "programme's target of {target}", indicator=indicator.name, planned=grouped(planned),
                  unit=indicator.unit, target=grouped(indicator.target)),
                _("raise the projects' targets, or correct the programme's"), severity=WARNING))
    return findings


def typed_percentages(content: Content, sources: SourceMap) -> list[Finding]:
    """Percentages in a progress report are computed, never typed ("65%" in prose).

    Example: documents.relazione-intermedia.sections[0].body[0]: a percentage typed in a report:
        "39,6%"
    Fix: write it from the data, e.g. {{ report.total.percentage | percentuale }} or
        {{ row.percentage | percentuale }}, so it follows the figures.
    """
    findings = []
    reports = {doc_id for doc_id, d in content.documents.items()
               if d.report is not None or d.kind == "relazione"}
    for doc_id, path, source in prose_blocks(content):
        if doc_id not in reports:
            continue
        for match in TYPED_PERCENT.finditer(typed_text(source)):
            findings.append(sources.finding_in_text(
                path, source, match.start(),
                _("a percentage typed in a report: {text!r}", text=match.group()),
                _("write it from the data ({{{{ report.total.percentage | percentuale }}}}), so that it "
                  "follows the figures")))
    return findings


def monitoring_counts(content: Content, sources: SourceMap) -> list[Finding]:
    """An indicator that counts people or things is reported and targeted in whole numbers.

    Example: monitoring.s1.ciao.achieved.partecipanti: 28.5 is not a whole number of persone
    Fix: correct the figure in the monitoring spreadsheet and import it again (or the target); an
        indicator measured in hours, days, euro or a percentage may have decimals: give it that unit.
    """
    findings = []
    counting = {i: indicator for i, indicator in content.indicators.items() if indicator.counts}
    places: list[tuple[KeyPath, Any]] = [(("monitoring", period, project, "achieved", i), value)
              for period, by in content.monitoring.items() for project, record in by.items()
              for i, value in record.achieved.items()]
    places += [(("projects", project_id, "targets", i), value)
               for project_id, project in content.projects.items() for i, value in project.targets.items()]
    places += [(("indicators", i, "target"), indicator.target) for i, indicator in counting.items()
               if indicator.target is not None]
    for path, value in places:
        indicator = counting.get(str(path[-1]) if path[0] != "indicators" else str(path[1]))
        number = getattr(value, "value", value)
        if indicator is not None and isinstance(number, Decimal) and number != number.to_integral_value():
            findings.append(sources.finding(path, _("{number} is not a whole number of {unit}", number=number,
                                                    unit=indicator.unit),
                                            _("a count of people or things has no decimals")))
    return findings
