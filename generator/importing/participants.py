"""`fsegen import monitoring` for sheets of one row per participant and one row per expense.

An office keeps its monitoring the way it works: a row for each person taken in charge
(project, dates of entry and exit, gender, date of birth, status at entry, "Sì/No" answers)
and a row for each invoice or payment (project, budget line, date, amount). A mapping with a
`participants:` and/or an `expenses:` section says which column is what; fsegen totals the
rows at import, period by period (a participant counts in the period of entry, a result in
the period of exit, an expense in the period of its date), and writes only the totals, with
the breakdowns the call's programming period asks (generator/model/common_indicators.py),
naming the file and its SHA-256. No name, codice fiscale or other column of a person is ever
written: the column that tells who a participant is (`person`) serves only to find one
counted twice in a period, and every column the mapping does not name is dropped, and listed.
The mapping is generator/importing/row_mapping.py's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.content.loading import load_content
from generator.errors import ContentError, Finding
from generator.importing.mapping import did_you_mean, shown
from generator.importing.row_mapping import (
    ExpenseSheet,
    ParticipantSheet,
    RowMapping,
    read_row_mapping,
    row_level,
    sheet_columns,
)
from generator.importing.spreadsheets import Cell, Sheet, SheetError, as_number, as_text, read_sheet
from generator.importing.values import age_on, answer, as_amount, as_day, span
from generator.messages import Message, _, said
from generator.model import Content, Record
from generator.model.common_indicators import Catalogue, catalogue

if TYPE_CHECKING:
    from generator.importing.monitoring import Imported

__all__ = ["import_rows", "row_level"]


@dataclass
class _Totals:
    achieved: dict[str, Decimal] = field(default_factory=dict)
    breakdowns: dict[str, dict[str, dict[str, Decimal]]] = field(default_factory=dict)
    spent: dict[str, Decimal] = field(default_factory=dict)
    rows: int = 0

    def add(self, indicator: str, gender: str | None, band: str | None, status: str | None) -> None:
        self.achieved[indicator] = self.achieved.get(indicator, Decimal(0)) + 1
        parts = self.breakdowns.setdefault(indicator, {})
        for dimension, value in (("gender", gender), ("age", band), ("status", status)):
            if value is not None:
                counts = parts.setdefault(dimension, {})
                counts[value] = counts.get(value, Decimal(0)) + 1


def import_rows(file: Path, mapping_file: Path, content_dir: Path, *, write: bool = True) -> Imported:
    """Read the participants' and expenses' sheets of `file`, total them by project and period,
    and write the totals to content/monitoring/ (unless `write` is False)."""
    from generator.importing.monitoring import (
        MONITORING_FOLDER,
        Imported,
        _check_names,
        _check_round_trip,
        _imported_into,
        _slug,
        monitoring_yaml,
    )
    from generator.pipeline.writing import write_file

    loaded = load_content(content_dir)
    content = loaded.content
    mapping = read_row_mapping(mapping_file, content)
    reader = _RowReader(content, mapping, catalogue(content.call.period))
    dropped: list[str] = []
    if mapping.participants is not None:
        sheet = _sheet(file, mapping.participants, mapping.delimiter, _check_names)
        dropped += reader.participants(sheet, mapping.participants)
    if mapping.expenses is not None:
        sheet = _sheet(file, mapping.expenses, mapping.delimiter, _check_names)
        dropped += reader.expenses(sheet, mapping.expenses)
    target = content_dir / MONITORING_FOLDER / f"{_slug(file.stem)}.yaml"
    reader.conflicts(loaded.sources.positions, target, shown(file))
    if reader.findings:
        raise ContentError(reader.findings, _("{count} problem(s) in {file}; nothing was imported.",
                                              count=len(reader.findings), file=shown(file)))
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    records = reader.records(file.name, reader.sheet_names, digest)
    text = monitoring_yaml(records, file.name, digest)
    _check_round_trip(text, records, shown(target))
    result = Imported(target, text, records=sum(len(r) for r in records.values()),
                      values=sum(len(r.achieved) + len(r.spent) for p in records.values()
                                 for r in p.values()), periods=list(records),
                      removed=[p for p in _imported_into(target, loaded.sources.positions)
                               if p not in records], dropped=dropped)
    if write:
        write_file(target, text.encode("utf-8"))
        result.written = True
    return result


def _sheet(file: Path, part: ParticipantSheet | ExpenseSheet, delimiter: str, check_names: Any) -> Sheet:
    try:
        sheet = read_sheet(file, shown(file), part.sheet, part.header_row, delimiter)
    except SheetError as error:
        raise ContentError([Finding(said(error), file=shown(file), rule="import")]) from error
    check_names(file.name, sheet.name, shown(file))
    return sheet


class _RowReader:
    """Totals rows by (period, project), a finding for each bad cell."""

    def __init__(self, content: Content, mapping: RowMapping, own: Catalogue | None):
        self.content, self.mapping, self.own = content, mapping, own
        self.findings: list[Finding] = []
        self.totals: dict[tuple[str, str], _Totals] = {}
        self.sheet_names: list[str] = []
        self.counted: set[str] = set()
        """The indicators a participants' sheet counts (0 in a period where no one counts)."""

    def bad(self, sheet: Sheet, cell: Cell, message: str, hint: str | None = None) -> None:
        from generator.importing.monitoring import _column_name

        self.findings.append(Finding(_("{cell}: {message}", cell=_column_name(sheet, cell), message=message),
                                     file=cell.file, line=cell.row, column=cell.column, hint=hint,
                                     rule="import"))

    def columns(self, sheet: Sheet, wanted: dict[str, str | None], section: str
                ) -> tuple[dict[str, int], list[str]]:
        columns, dropped, findings = sheet_columns(sheet, wanted, section)
        self.findings += findings
        return columns, dropped

    def _cell(self, sheet: Sheet, row: list[Cell], index: int) -> Cell:
        return row[index] if index < len(row) else Cell(None, sheet.file, row[0].row, index + 1)

    def _project(self, sheet: Sheet, cell: Cell) -> str | None:
        if cell.empty:
            self.bad(sheet, cell, _("no project"), _("write the project's id or title"))
            return None
        label = as_text(cell)
        projects = self.content.projects
        titles = {" ".join(p.title.split()).casefold(): pid for pid, p in projects.items()}
        found = label if label in projects else (self.mapping.projects.get(label)
                                                  or titles.get(label.casefold()))
        if found is None:
            self.bad(sheet, cell, _("unknown project {label!r}", label=label),
                     _("{close} (or add the label to `projects:` in the mapping)",
                       close=did_you_mean(label, list(projects) + list(self.mapping.projects))))
        return found

    def _day(self, sheet: Sheet, cell: Cell, what: Message) -> dt.date | None:
        try:
            return as_day(cell)
        except ValueError as error:
            self.bad(sheet, cell, _("{what}: {problem}", what=what, problem=said(error)),
                     _("a date as 15/07/2021 (or a date cell)"))
            return None

    def _period(self, sheet: Sheet, cell: Cell, day: dt.date, project: str, what: Message) -> str | None:
        spec, shown_day = self.content.projects[project], day.strftime("%d/%m/%Y")
        if (spec.start and day < spec.start) or (spec.end and day > spec.end):
            self.bad(sheet, cell, _("{what} {day} is outside the dates of project {project} ({span})",
                                    what=what, day=shown_day, project=project, span=span(spec)),
                     _("check the date, or the project's dates"))
            return None
        found = next((pid for pid, p in self.content.periods.items() if p.start <= day <= p.end), None)
        if found is None:
            self.bad(sheet, cell, _("{what} {day} falls in no reporting period", what=what, day=shown_day),
                     _("periods are defined under `periods:` in the content"))
        return found

    def participants(self, sheet: Sheet, part: ParticipantSheet) -> list[str]:
        self.sheet_names.append(sheet.name or "")
        wanted = dict(part.columns.model_dump())
        wanted |= {f"count:{i}": c.column for i, c in part.counts.items()}
        columns, dropped = self.columns(sheet, wanted, "participants")
        if len(columns) < sum(1 for v in wanted.values() if v is not None):
            return dropped
        seen: dict[tuple[str, str, str], int] = {}
        for row in sheet.rows:
            if all(cell.empty for cell in row):
                continue
            self._participant(sheet, part, columns, row, seen)
        return dropped

    def _participant(self, sheet: Sheet, part: ParticipantSheet, columns: dict[str, int],
                     row: list[Cell], seen: dict[tuple[str, str, str], int]) -> None:
        cells = {key: self._cell(sheet, row, index) for key, index in columns.items()}
        read = self._read_participant(sheet, part, cells)
        if read is None:
            return
        project, periods, facts, answers = read
        person = cells["person"]
        key = (project, periods["entry"], as_text(person))
        if key in seen:
            self.bad(sheet, person, _("the participant of row {row} appears again in project {project}, "
                                      "period {period}", row=seen[key], project=project,
                                      period=periods["entry"]),
                     _("a participant is counted once: remove or correct one of the rows"))
            return
        seen[key] = row[0].row
        if self._twice_in_a_group(sheet, cells, answers):
            return
        for indicator, count in part.counts.items():
            period = periods.get(count.at)
            if period is None or (count.column is not None and not answers.get(indicator)):
                continue  # a result of a participant not concluded yet, or a No
            self.totals.setdefault((period, project), _Totals()).add(indicator, *facts)
        self.totals.setdefault((periods["entry"], project), _Totals()).rows += 1
        self.counted.update(part.counts)

    def _twice_in_a_group(self, sheet: Sheet, cells: dict[str, Cell], answers: dict[str, bool]) -> bool:
        """Whether the row says Sì to two indicators that exclude each other, with its finding."""
        codes = {self.content.indicators[i].code: i for i, yes in answers.items() if yes}
        both, source = self.own.exclusive_in(codes) if self.own is not None else ([], "")
        if both:
            self.bad(sheet, cells[f"count:{codes[both[-1]]}"], _(
                "the participant counts as {codes}, which exclude each other", codes=" and ".join(both)),
                _("a participant is counted in one of {codes} at most ({source}): keep the answer that "
                  "holds at the end", codes=", ".join(both), source=source))
        return bool(both)

    def _read_participant(self, sheet: Sheet, part: ParticipantSheet, cells: dict[str, Cell]
                          ) -> tuple[str, dict[str, str], tuple[Any, Any, Any], dict[str, bool]] | None:
        """The row's project, periods (of entry and exit), gender, band and status, and answers;
        None after a finding."""
        before = len(self.findings)
        project = self._project(sheet, cells["project"])
        if cells["person"].empty:
            self.bad(sheet, cells["person"], _("no participant"),
                     _("every participant has one, to count each once"))
        entry = self._day(sheet, cells["entry"], _("date of entry"))
        exit_cell = cells.get("exit")
        leaving = None
        if exit_cell is not None and not exit_cell.empty:
            leaving = self._day(sheet, exit_cell, _("date of exit"))
        gender = self._mapped(sheet, cells.get("gender"), part.genders, _("gender"), "genders")
        status = self._mapped(sheet, cells.get("status"), part.statuses, _("status at entry"), "statuses")
        band = self._band(sheet, cells.get("birth"), cells.get("age"), entry)
        answers = {i: self._yes(sheet, cells[f"count:{i}"]) for i, c in part.counts.items()
                   if c.column is not None}
        if len(self.findings) > before or project is None or entry is None:
            return None
        periods = {"entry": self._period(sheet, cells["entry"], entry, project, _("date of entry"))}
        if leaving is not None and exit_cell is not None:
            if leaving < entry:
                left, entered = leaving.strftime("%d/%m/%Y"), entry.strftime("%d/%m/%Y")
                self.bad(sheet, exit_cell, _("date of exit {exit} before the date of entry {entry}",
                                             exit=left, entry=entered),
                         _("check both dates"))
                return None
            periods["exit"] = self._period(sheet, exit_cell, leaving, project, _("date of exit"))
        if None in periods.values():
            return None
        return project, {k: v for k, v in periods.items() if v is not None}, (gender, band, status), answers

    def _mapped(self, sheet: Sheet, cell: Cell | None, values: dict[str, Any], what: Message,
                key: str) -> Any:
        if cell is None:
            return None
        label = "" if cell.empty else as_text(cell)
        folded = {k.casefold(): v for k, v in values.items()}
        if label.casefold() in folded:
            return folded[label.casefold()]
        self.bad(sheet, cell, _("{what} {label!r} is not in the mapping", what=what, label=label) if label
                 else _("no {what}", what=what),
                 _("the mapping's `participants: {key}:` knows {known} (add the value there, or correct the "
                   "cell)", key=key, known=", ".join(map(repr, values))) if values else
                 _("the mapping's `participants: {key}:` lists no value (add it there, or correct the cell)",
                   key=key))
        return None

    def _band(self, sheet: Sheet, birth: Cell | None, age: Cell | None, entry: dt.date | None
              ) -> str | None:
        if self.own is None or entry is None or (birth is None and age is None):
            return None
        cell = birth if birth is not None else age
        assert cell is not None  # (one of them is given)
        if birth is not None:
            born = self._day(sheet, birth, _("date of birth"))
            if born is None:
                return None
            years = age_on(born, entry)
        else:
            try:
                years = int(as_number(cell, self.mapping.decimal))
            except ValueError as error:
                self.bad(sheet, cell, said(error), _("the age in whole years"))
                return None
        band = self.own.band(years)
        if band is None or years > 120:
            self.bad(sheet, cell, _("an age of {years} at entry is not plausible", years=years),
                     _("check the date"))
            return None
        return band.id

    def _yes(self, sheet: Sheet, cell: Cell) -> bool:
        found = answer(cell)
        if found is None:
            self.bad(sheet, cell, _("{text!r} is not Sì or No", text=as_text(cell)),
                     _("write Sì or No (or leave it empty: No)"))
        return bool(found)

    def expenses(self, sheet: Sheet, part: ExpenseSheet) -> list[str]:
        self.sheet_names.append(sheet.name or "")
        columns, dropped = self.columns(sheet, dict(part.columns.model_dump()), "expenses")
        if len(columns) < 4:
            return dropped
        for row in sheet.rows:
            if all(cell.empty for cell in row):
                continue
            cells = {k: self._cell(sheet, row, i) for k, i in columns.items()}
            before = len(self.findings)
            project = self._project(sheet, cells["project"])
            day = self._day(sheet, cells["date"], _("date of the expense"))
            euro = self._amount(sheet, cells["amount"])
            line = self._line(sheet, cells["line"], part, project)
            if len(self.findings) > before or project is None or day is None or euro is None \
                    or line is None:
                continue
            period = self._period(sheet, cells["date"], day, project, _("expense dated"))
            if period is None:
                continue
            totals = self.totals.setdefault((period, project), _Totals())
            totals.spent[line] = totals.spent.get(line, Decimal(0)) + euro
            totals.rows += 1
        return dropped

    def _amount(self, sheet: Sheet, cell: Cell) -> Decimal | None:
        try:
            return as_amount(cell, self.mapping.decimal)
        except ValueError as error:
            self.bad(sheet, cell, said(error), _("the amount in euro, e.g. 1.250,50"))
            return None

    def _line(self, sheet: Sheet, cell: Cell, part: ExpenseSheet, project: str | None) -> str | None:
        if cell.empty:
            self.bad(sheet, cell, _("no budget line"), _("write the line's name as in the budget"))
            return None
        label = as_text(cell)
        line = part.lines.get(label, label)
        if project is None:
            return line
        budget = self.content.projects[project].budget
        items = [item.item for item in budget.lines] if budget else []
        if line not in items:
            self.bad(sheet, cell, _("project {project} has no budget line {line!r}", project=project,
                                    line=label),
                     _("{close} (or map the label under `expenses: lines:`)",
                       close=did_you_mean(label, items)))
            return None
        return line

    def conflicts(self, positions: dict, target: Path, where: str) -> None:
        mine = str(target.resolve())
        for period in {key[0] for key in self.totals}:
            found = positions.get(("monitoring", period))
            if found is not None and str(Path(found.file).resolve()) != mine:
                self.findings.append(Finding(
                    _("period {period} was already imported from {file} (line {line})", period=period,
                      file=found.file, line=found.line), file=where, rule="import",
                    hint=_("if this spreadsheet replaces it, delete {file} first", file=found.file)))

    def records(self, name: str, sheets: list[str], digest: str) -> dict[str, dict[str, Record]]:
        order = {p: i for i, p in enumerate(self.content.periods)}
        projects = {p: i for i, p in enumerate(self.content.projects)}
        result: dict[str, dict[str, Record]] = {}
        for period, project in sorted(self.totals, key=lambda k: (order[k[0]], projects[k[1]])):
            totals = self.totals[(period, project)]
            budget = self.content.projects[project].budget
            source = {"file": name, "sheet": ", ".join(s for s in sheets if s) or None,
                      "rows": totals.rows, "date": self.mapping.date, "sha256": digest,
                      "illustrative": self.mapping.illustrative}
            result.setdefault(period, {})[project] = Record.model_validate({
                "source": {k: v for k, v in source.items() if v is not None},
                "achieved": {i: totals.achieved.get(i, Decimal(0)) for i in self.content.indicators
                             if i in totals.achieved or i in self.counted},
                "spent": {line.item: totals.spent[line.item] for line in (budget.lines if budget else [])
                          if line.item in totals.spent},
                "breakdowns": {i: self._ordered(totals.breakdowns[i])
                               for i in self.content.indicators if i in totals.breakdowns}})
        return result

    def _ordered(self, parts: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
        """Each breakdown in the order of the period's categories."""
        orders = {"gender": list(self.own.genders) if self.own else [],
                  "age": [b.id for b in self.own.ages] if self.own else [],
                  "status": ["disoccupato", "inattivo", "occupato"]}
        return {d: {k: counts[k] for k in sorted(counts, key=lambda k: (
                    orders[d].index(k) if k in orders[d] else len(orders[d]), k))}
                for d, counts in parts.items()}
