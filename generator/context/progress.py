"""Progress reports (relazioni): targets against achievements, budget against spending.

Everything a report prints as a figure is computed here from the model, never typed:
cumulated values over the periods a report covers, percentages of targets and budgets
(`percentage`, rounded half up), shares that add up to 100 (`apportion`), residuals.
A template sees the result as `report` (see `ProgressReport`), and places the charts as
`{{ report.charts.targets }}`: a `Chart` holds the data only; rendering draws it
(generator/rendering/charts.py), so no template can produce an image of its own.

The same sums serve the rules (generator/checks/monitoring.py): what a rule checks is
what a report prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.context.breakdowns import Breakdowns, breakdowns
from generator.context.drawings import Drawing, drawing_data
from generator.context.views import Collection, Read, View, record
from generator.model import Content, Document, Indicator, Period, Project, apportion, percentage
from generator.templating.filters.formatting import amount, grouped

ZERO = Decimal(0)


# --- sums over the model (shared with the rules) -------------------------------------------


def achieved(content: Content, project_id: str, periods: Iterable[str]
             ) -> dict[str, list[Decimal | None]]:
    """Indicator id -> the project's value in each of `periods` (None where not reported)."""
    periods = list(periods)
    values: dict[str, list[Decimal | None]] = {}
    for index, period in enumerate(periods):
        record = content.monitoring.get(period, {}).get(project_id)
        for indicator, value in (record.achieved.items() if record else ()):
            values.setdefault(indicator, [None] * len(periods))[index] = value
    return values


def spent(content: Content, project_id: str, periods: Iterable[str]) -> dict[str, list[Decimal]]:
    """Budget line item -> the project's expenditure in each of `periods` (0 where none)."""
    periods = list(periods)
    values: dict[str, list[Decimal]] = {}
    for index, period in enumerate(periods):
        record = content.monitoring.get(period, {}).get(project_id)
        for line, euro in (record.spent.items() if record else ()):
            values.setdefault(line, [ZERO] * len(periods))[index] = euro
    return values


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the values given, None when none was given."""
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


def allowed_excess(project: Project, line: str) -> Decimal:
    """How much spending on `line` may exceed its budget under acknowledged deviations."""
    return sum((d.amount for d in project.deviations if d.line == line), ZERO)


def programme_target(content: Content, indicator_id: str) -> Decimal | None:
    """The programme's target: its own, or the sum of the projects' targets."""
    own = content.indicators[indicator_id].target
    if own is not None:
        return own
    return total(p.targets.get(indicator_id) for p in content.projects.values())


# --- what templates see -------------------------------------------------------------------


class Chart(Drawing):
    """A chart of the report, placed by a Word template with `{{ report.charts.<name> }}`.

    It holds data only (`title`, `alt`); fsegen draws it when the Word template prints it.
    Printed anywhere else (prose, phrases) it is refused.
    """

    what = "a chart"


chart_data = drawing_data
"""What the chart shows (for the drawer): hashable, so a drawing can be reused."""


@dataclass
class Charts:
    """The report's charts: achieved against targets, and spending over the periods."""

    targets: Chart
    spending: Chart


@dataclass
class IndicatorRow:
    """One indicator of a report: its target, its values, its percentage (all computed)."""

    indicator: View[Indicator]
    """The indicator (`.name`, `.unit`, `.code`, `.definition`, `.kind`)."""
    target: Decimal | None
    values: list[Decimal | None]
    """The value of each period covered."""
    achieved: Decimal | None
    """Cumulated over the periods covered; None when never reported."""
    percentage: Decimal | None
    """Achieved over target, to one decimal; None without a target."""
    project: View[Project] | None = None
    """In a programme report's breakdown: the project of the row."""
    projects: list[IndicatorRow] = field(default_factory=list)
    """In a programme report: the same indicator, project by project."""

    @property
    def last(self) -> Decimal | None:
        """The value of the last period covered."""
        return self.values[-1] if self.values else None


@dataclass
class ExpenditureRow:
    """A budget line (or a project, or the total): budget, spending, residual."""

    label: str
    budget: Decimal
    values: list[Decimal]
    """Spending in each period covered."""
    spent: Decimal
    """Cumulated over the periods covered."""
    percentage: Decimal | None
    """Spent over budget, to one decimal."""
    share: Decimal = ZERO
    """Its share of the spending of the report, to one decimal (the rows add up to 100)."""
    deviation: Decimal = ZERO
    """Spending above budget acknowledged by deviations, in euro."""
    project: View[Project] | None = None

    @property
    def residual(self) -> Decimal:
        """Budget not spent yet (negative above budget)."""
        return self.budget - self.spent

    @property
    def last(self) -> Decimal:
        """Spending in the last period covered."""
        return self.values[-1] if self.values else ZERO


@dataclass
class SourceRow:
    """Where one project's figures for one period come from."""

    period: View[Period]
    project: View[Project]
    file: str
    sheet: str | None
    row: int | None
    date: dt.date
    """The date the figures were taken (dati al...)."""
    rows: int | None = None
    """How many rows of one participant or one expense the figures total (`row` is then None)."""
    sha256: str | None = None
    """The SHA-256 of the file imported."""


@dataclass
class ProgressReport:
    """What a progress report shows (`report` in a template)."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            record(object.__getattribute__(self, "_read"))  # reused only if its figures hold
        return object.__getattribute__(self, name)

    stage: str
    """"intermedia" or "finale"."""
    periods: list[View[Period]]
    """The periods covered (`.name`, `.start`, `.end`), oldest first."""
    indicators: list[IndicatorRow]
    expenditure: list[ExpenditureRow]
    """One row per budget line."""
    total: ExpenditureRow
    """Budget, spending and residual over every line."""
    projects: list[ExpenditureRow]
    """Spending project by project (`.project`); in a project report, that project only."""
    sources: list[SourceRow]
    breakdowns: list[Breakdowns]
    """Indicators whose figures come with a breakdown (from a sheet of one row per participant)."""
    illustrative: bool
    """True when a budget or a monitoring source of the report is illustrative."""
    charts: Charts
    _read: Read = ("report", "")
    """What the report depends on: ("report", project id), or ("report", "") for the programme."""

    @property
    def period(self) -> View[Period]:
        """The last period covered."""
        return self.periods[-1]

    @property
    def start(self) -> dt.date:
        return self.periods[0].start

    @property
    def end(self) -> dt.date:
        return self.periods[-1].end


def progress_report(content: Content, document: Document, projects: Collection[Project],
                    indicators: Collection[Indicator], periods: Collection[Period],
                    project: View[Project] | None = None) -> ProgressReport | None:
    """The report of `project` (a view), or of the programme when None, over the periods the
    document covers; None for a document that is not a progress report."""
    scope = document.report
    if scope is None or any(p not in content.periods for p in scope.periods):
        return None  # an unknown period is the references rule's finding
    ids = [project.id] if project is not None else list(content.projects)
    rows = [_indicator_row(content, ids, i, indicators, projects, scope.periods)
            for i in content.indicators]
    rows = [row for row in rows if row.target is not None or row.achieved is not None]
    lines = _expenditure(content, ids, scope.periods)
    by_project = [row for pid in ids
                  if (row := _project_spending(content, pid, projects[pid], scope.periods)) is not None]
    grand = _sum_rows("Totale", lines, len(scope.periods))
    _shares(lines)
    _shares(by_project)
    covered = [periods[p] for p in scope.periods]
    return ProgressReport(
        stage=scope.stage, periods=covered, indicators=rows, expenditure=lines, total=grand,
        projects=by_project, sources=_sources(content, ids, scope.periods, periods, projects),
        breakdowns=breakdowns(content, ids, scope.periods, indicators),
        illustrative=_illustrative(content, ids, scope.periods),
        charts=_charts(rows, lines, covered, grand, project),
        _read=("report", project.id if project is not None else ""))


def _indicator_row(content: Content, ids: list[str], indicator_id: str,
                   indicators: Collection[Indicator], projects: Collection[Project],
                   periods: list[str]) -> IndicatorRow:
    parts = []
    for pid in ids:
        values = achieved(content, pid, periods).get(indicator_id, [None] * len(periods))
        target = content.projects[pid].targets.get(indicator_id)
        reached = total(values)
        parts.append(IndicatorRow(indicators[indicator_id], target, values, reached,
                                  percentage(reached, target), project=projects[pid]))
    parts = [p for p in parts if p.target is not None or p.achieved is not None]
    if len(ids) == 1:
        return parts[0] if parts else IndicatorRow(indicators[indicator_id], None, [], None, None)
    values = [total(p.values[i] for p in parts) for i in range(len(periods))]
    target = programme_target(content, indicator_id)
    reached = total(values)
    return IndicatorRow(indicators[indicator_id], target, values, reached,
                        percentage(reached, target), projects=parts)


def _expenditure(content: Content, ids: list[str], periods: list[str]) -> list[ExpenditureRow]:
    """One row per budget line item, summed over the projects (in order of first appearance)."""
    rows: dict[str, ExpenditureRow] = {}
    for pid in ids:
        project = content.projects[pid]
        if project.budget is None:
            continue
        values = spent(content, pid, periods)
        for line in project.budget.lines:
            amounts = values.get(line.item, [ZERO] * len(periods))
            row = rows.setdefault(line.item, ExpenditureRow(line.item, ZERO, [ZERO] * len(periods),
                                                            ZERO, None))
            row.budget += line.amount
            row.values = [a + b for a, b in zip(row.values, amounts)]
            row.spent = sum(row.values, ZERO)
            row.deviation += allowed_excess(project, line.item)
    for row in rows.values():
        row.percentage = percentage(row.spent, row.budget)
    return list(rows.values())


def _project_spending(content: Content, pid: str, view: View[Project], periods: list[str]
                      ) -> ExpenditureRow | None:
    lines = _expenditure(content, [pid], periods)
    if not lines:
        return None
    row = _sum_rows(view.title, lines, len(periods))
    row.project = view
    return row


def _sum_rows(label: str, rows: list[ExpenditureRow], count: int) -> ExpenditureRow:
    budget = sum((r.budget for r in rows), ZERO)
    values = [sum((r.values[i] for r in rows), ZERO) for i in range(count)]
    amount = sum(values, ZERO)
    return ExpenditureRow(label, budget, values, amount, percentage(amount, budget),
                          deviation=sum((r.deviation for r in rows), ZERO))


def _shares(rows: list[ExpenditureRow]) -> None:
    for row, share in zip(rows, apportion([r.spent for r in rows])):
        row.share = share


def _sources(content: Content, ids: list[str], periods: list[str], views: Collection[Period],
             projects: Collection[Project]) -> list[SourceRow]:
    rows = []
    for period in periods:
        for pid in ids:
            record = content.monitoring.get(period, {}).get(pid)
            if record is not None:
                source = record.source
                rows.append(SourceRow(views[period], projects[pid], source.file, source.sheet,
                                      source.row, source.date, source.rows, source.sha256))
    return rows


def _illustrative(content: Content, ids: list[str], periods: list[str]) -> bool:
    budgets = any((budget := content.projects[p].budget) is not None and budget.illustrative
                  for p in ids)
    records = [content.monitoring.get(period, {}).get(p) for period in periods for p in ids]
    return budgets or any(r is not None and r.source.illustrative for r in records)


def _charts(rows: list[IndicatorRow], lines: list[ExpenditureRow], periods: list[View[Period]],
            grand: ExpenditureRow, project: View[Project] | None) -> Charts:
    whose = f"progetto {project.title}" if project is not None else "Programma"
    measured = [r for r in rows if r.target]
    targets = Chart(
        "targets", "Valori raggiunti rispetto ai target",
        f"Grafico a barre: percentuale del target raggiunta da ciascun indicatore del {whose}, "
        + "; ".join(f"{r.indicator.name} {grouped(r.achieved or ZERO)} su {grouped(r.target)}"
                    for r in measured) + ".",
        tuple((r.indicator.name, r.indicator.unit, r.achieved or ZERO, r.target) for r in measured))
    by_period = [sum((r.values[i] for r in lines), ZERO) for i in range(len(periods))]
    spending = Chart(
        "spending", "Spesa per periodo e spesa cumulata",
        f"Grafico: spesa del {whose} in ciascun periodo per voce, spesa cumulata e budget "
        f"complessivo di {amount(grand.budget)}; "
        + "".join(f"{p.name} {amount(v)}; " for p, v in zip(periods, by_period))
        + f"speso finora {amount(grand.spent)}.",
        (tuple(p.name for p in periods), tuple((r.label, tuple(r.values)) for r in lines),
         grand.budget))
    return Charts(targets, spending)
