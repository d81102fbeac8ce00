"""`fsegen import monitoring`: the office's monitoring spreadsheet -> YAML under content/.

A small mapping file (YAML) says which column holds the project, the period and the date
of the figures, and which columns are indicators and budget lines. Every cell is checked
against the content (the project exists, the period exists and overlaps the project's
dates, numbers are numbers) and every bad cell is reported with file:row:column, all of
them at once; then nothing is written. Otherwise the figures are written, in one atomic
step, to `content/monitoring/<spreadsheet name>.yaml`, which must load back to exactly the
same data (it is parsed again before it is written). Re-importing a corrected spreadsheet
replaces that file, period by period as the sheet gives them: every row of the sheet is read
(generator/importing/spreadsheets.py), so a period the file held and the sheet no longer has
is really gone from the sheet, and the import says it removed it. A period already imported
from another file is refused.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.content.loading import load_content, parse_yaml
from generator.content.yamlwriter import dump
from generator.errors import ContentError, Finding
from generator.importing.mapping import Mapping, as_import, did_you_mean, read_mapping, shown
from generator.importing.spreadsheets import Cell, Sheet, SheetError, as_date, as_number, as_text, read_sheet
from generator.messages import Message, _, said
from generator.model import Content, Record
from generator.model.base import decimals
from generator.pipeline.writing import write_file

MONITORING_FOLDER = "monitoring"


@dataclass
class Imported:
    """What an import found and wrote."""

    target: Path
    text: str
    records: int = 0
    values: int = 0
    periods: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Periods the file held before and the spreadsheet no longer has (removed with it)."""
    dropped: list[str] = field(default_factory=list)
    """Columns of a sheet of one row per participant or expense the import left out (never
    written: names, codici fiscali, anything the mapping does not name)."""
    written: bool = False


def import_monitoring(file: Path, mapping_file: Path, content_dir: Path, *, write: bool = True
                      ) -> Imported:
    """Read `file` through `mapping_file`, check every cell against the content in
    `content_dir`, and write the figures to content/monitoring/ (unless `write` is False).
    A mapping of sheets of one row per participant or expense is read by
    generator/importing/participants.py."""
    from generator.importing.participants import import_rows, row_level

    if row_level(mapping_file):
        return import_rows(file, mapping_file, content_dir, write=write)
    loaded = load_content(content_dir)
    mapping, positions = read_mapping(mapping_file, loaded.content)
    try:
        sheet = read_sheet(file, shown(file), mapping.sheet, mapping.header_row, mapping.delimiter)
    except SheetError as error:
        raise ContentError([Finding(said(error), file=shown(file), rule="import")]) from error
    _check_names(file.name, sheet.name, shown(file))
    target = content_dir / MONITORING_FOLDER / f"{_slug(file.stem)}.yaml"
    reader = _Reader(loaded.content, mapping, sheet, positions, shown(mapping_file))
    records = reader.read()
    reader.conflicts(records, loaded.sources.positions, target)
    if reader.findings:
        raise ContentError(reader.findings, _("{count} problem(s) in {file}; nothing was imported.",
                                              count=len(reader.findings), file=sheet.file))
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    text = monitoring_yaml(records, file.name, digest)
    _check_round_trip(text, records, shown(target))
    result = Imported(target, text, records=sum(len(r) for r in records.values()),
                      values=sum(len(r.achieved) + len(r.spent) for p in records.values()
                                 for r in p.values()), periods=list(records),
                      removed=[p for p in _imported_into(target, loaded.sources.positions)
                               if p not in records])
    if write:
        write_file(target, text.encode("utf-8"))
        result.written = True
    return result


class _Reader:
    """Reads the rows of a sheet into records, collecting a finding per bad cell."""

    def __init__(self, content: Content, mapping: Mapping, sheet: Sheet, positions: Any,
                 mapping_shown: str):
        self.content, self.mapping, self.sheet = content, mapping, sheet
        self.findings: list[Finding] = []
        self.seen: dict[tuple[str, str], int] = {}
        self.columns = self._columns(positions)

    def _columns(self, positions: Any) -> dict[str, int]:
        """Header text -> column index, for every header the mapping names."""
        found = {cell.value: index for index, cell in enumerate(self.sheet.header)
                 if cell.value is not None}
        wanted = [("columns", key) for key in ("project", "period", "date")
                  if getattr(self.mapping.columns, key)]
        wanted += [("indicators", h) for h in self.mapping.indicators]
        wanted += [("expenditure", h) for h in self.mapping.expenditure]
        result = {}
        for path in wanted:
            header = getattr(self.mapping.columns, path[1]) if path[0] == "columns" else path[1]
            header = " ".join(header.split())
            if header in found:
                result[header] = found[header]
                continue
            close = difflib.get_close_matches(header, [str(h) for h in found], n=1)
            self.findings.append(as_import(positions.finding(
                path, _("{file} has no column {header!r} in row {header_row}", file=self.sheet.file,
                        header=header, header_row=self.mapping.header_row),
                (f"did you mean {close[0]!r}? " if close else "") + "its headers are: "
                + ", ".join(repr(h) for h in found))))
        return result

    def read(self) -> dict[str, dict[str, Record]]:
        records: dict[str, dict[str, Record]] = {}
        if self.findings:
            return records
        for row in self.sheet.rows:
            if all(cell.empty for cell in row):
                continue
            found = self._row(row)
            if found is not None:
                period, project, record = found
                records.setdefault(period, {})[project] = record
        order = {p: i for i, p in enumerate(self.content.periods)}
        in_order = sorted(records, key=order.__getitem__)  # _period reads only the content's periods
        return {p: _ordered(records[p], self.content.projects) for p in in_order}

    def _cell(self, row: list[Cell], header: str) -> Cell:
        index = self.columns[" ".join(header.split())]
        return row[index] if index < len(row) else Cell(None, self.sheet.file, row[0].row, index + 1)

    def bad(self, cell: Cell, message: str, hint: str | None = None) -> None:
        where = _column_name(self.sheet, cell)
        self.findings.append(Finding(_("{cell}: {message}", cell=where, message=message), file=cell.file,
                                     line=cell.row, column=cell.column, hint=hint, rule="import"))

    def _row(self, row: list[Cell]) -> tuple[str, str, Record] | None:
        project = self._project(self._cell(row, self.mapping.columns.project))
        period = self._period(self._cell(row, self.mapping.columns.period), project)
        date = self._date(row, project, period)
        achieved = self._values(row, self.mapping.indicators, project, spending=False)
        spent = self._values(row, self.mapping.expenditure, project, spending=True)
        if project is None or period is None or date is None or achieved is None or spent is None:
            return None
        key = (project, period)
        if key in self.seen:
            self.bad(self._cell(row, self.mapping.columns.project),
                     _("project {project} and period {period} were already given on row {row}",
                       project=project,
                       period=period, row=self.seen[key]), _("keep one row per project and period"))
            return None
        self.seen[key] = row[0].row
        achieved = {i: achieved[i] for i in self.content.indicators if i in achieved}
        budget = self.content.projects[project].budget
        spent = {line.item: spent[line.item] for line in (budget.lines if budget else [])
                 if line.item in spent}
        source = {"file": Path(self.sheet.file).name, "sheet": self.sheet.name, "row": row[0].row,
                  "date": date, "illustrative": self.mapping.illustrative}
        return period, project, Record.model_validate(
            {"source": {k: v for k, v in source.items() if v is not None},
             "achieved": achieved, "spent": spent})

    def _project(self, cell: Cell) -> str | None:
        if cell.empty:
            self.bad(cell, _("no project"), _("write the project's id or title"))
            return None
        label = as_text(cell)
        projects = self.content.projects
        titles = {" ".join(p.title.split()).casefold(): pid for pid, p in projects.items()}
        found = (label if label in projects else self.mapping.projects.get(label)
                 or titles.get(label.casefold()))
        if found is None:
            close = did_you_mean(label, list(projects) + list(self.mapping.projects))
            self.bad(cell, _("unknown project {label!r}", label=label),
                     _("{close} (or add the label to `projects:` in the mapping)", close=close))
        return found

    def _period(self, cell: Cell, project: str | None) -> str | None:
        if cell.empty:
            self.bad(cell, _("no period"), _("write the period's id or name"))
            return None
        label = as_text(cell)
        periods = self.content.periods
        names = {" ".join(p.name.split()).casefold(): pid for pid, p in periods.items()}
        found = (label if label in periods else self.mapping.periods.get(label)
                 or names.get(label.casefold()))
        if found is None:
            close = did_you_mean(label, list(periods) + list(self.mapping.periods))
            self.bad(cell, _("unknown period {label!r}", label=label),
                     _("{close} (periods are defined under `periods:` in the content)", close=close))
            return None
        return found if self._within_project(cell, found, project) else None

    def _within_project(self, cell: Cell, period_id: str, project_id: str | None) -> bool:
        if project_id is None:
            return True
        period, project = self.content.periods[period_id], self.content.projects[project_id]
        before = project.start is not None and period.end < project.start
        after = project.end is not None and period.start > project.end
        if before or after:
            dates = f"{period.start:%d/%m/%Y}-{period.end:%d/%m/%Y}"
            self.bad(cell, _("period {period} ({dates}) is outside the dates of project {project} ({span})",
                             period=period_id, dates=dates, project=project_id, span=_span(project)),
                     _("check the period, or the project's start and end in the content"))
            return False
        return True

    def _date(self, row: list[Cell], project: str | None, period: str | None) -> Any:
        if self.mapping.columns.date is None:
            cell, value = None, self.mapping.date
            if value is None:
                self.bad(row[0], _("the mapping gives no date column and no date"),
                         _("add `columns: {{date: ...}}` or `date: YYYY-MM-DD` to the mapping"))
                return None
        else:
            cell = self._cell(row, self.mapping.columns.date)
            value = None
        try:
            date = as_date(cell) if cell is not None else as_date(Cell(value, "", 0, 0))
        except ValueError as error:
            self.bad(cell or row[0], said(error), _("the date the figures were taken, e.g. 15/07/2021"))
            return None
        return self._date_in_bounds(cell or row[0], date, project, period)

    def _date_in_bounds(self, cell: Cell, date: Any, project: str | None, period: str | None) -> Any:
        start = self.content.projects[project].start if project else None
        if start is not None and date < start:
            day, started = f"{date:%d/%m/%Y}", f"{start:%d/%m/%Y}"
            self.bad(cell, _("figures dated {date}, before project {project} started ({started})", date=day,
                             project=project, started=started), _("correct the date (or the project's "
                                                                  "start)"))
            return None
        if period is not None and date < self.content.periods[period].start:
            day = f"{date:%d/%m/%Y}"
            self.bad(cell, _("figures dated {date}, before their period {period} began",
                             date=day, period=period),
                     _("correct the date or the period"))
            return None
        return date

    def _values(self, row: list[Cell], columns: dict[str, str], project: str | None,
                spending: bool) -> dict[str, Decimal] | None:
        values, ok = {}, True
        for header, target in columns.items():
            cell = self._cell(row, header)
            if cell.empty:
                continue
            try:
                number = as_number(cell, self.mapping.decimal)
                _check_number(number, spending)
                if not spending:
                    _check_count(number, self.content.indicators.get(target))
            except ValueError as error:
                self.bad(cell, said(error), _("the cell must hold a number in euro") if spending
                         else _("the cell must hold a number"))
                ok = False
                continue
            if spending and project is not None and not self._has_line(cell, project, target):
                ok = False
                continue
            values[target] = number
        return values if ok else None

    def _has_line(self, cell: Cell, project_id: str, line: str) -> bool:
        budget = self.content.projects[project_id].budget
        items = [item.item for item in budget.lines] if budget else []
        if line not in items:
            close = did_you_mean(line, items)
            self.bad(cell, _("project {project} has no budget line {line!r}", project=project_id, line=line),
                     _("{close} (the mapping's `expenditure:` names budget lines by their `item`)",
                       close=close)
                     if items else _("project {project} has no budget", project=project_id))
            return False
        return True

    def conflicts(self, records: dict, positions: dict, target: Path) -> None:
        """A period already imported from another file (the content would define it twice)."""
        mine = str(target.resolve())
        for period in records:
            where = positions.get(("monitoring", period))
            if where is not None and str(Path(where.file).resolve()) != mine:
                self.findings.append(Finding(
                    _("period {period} was already imported from {file} (line {line})", period=period,
                      file=where.file, line=where.line),
                    file=self.sheet.file, rule="import",
                    hint=_("if this spreadsheet replaces it, delete {file} first", file=where.file)))


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]|\{\{|\}\}|\{%|%\}|\{#|#\}")


def _check_names(file_name: str, sheet_name: str | None, where: str) -> None:
    """The file's and the sheet's names are written into the content (where each figure came
    from) and printed by the reports: no control character, no template tag."""
    for what, name in (("file", file_name), ("sheet", sheet_name)):
        found = _UNSAFE_NAME.search(name or "")
        if found:
            shown_char = repr(found.group())
            raise ContentError([Finding(
                _("the {what} name {name!r} holds {shown_char}, which the content and the reports cannot "
                  "carry", what=what, name=name, shown_char=shown_char), file=where, rule="import",
                hint=_("rename the {what} (letters, digits, spaces and - _ . only)", what=what))])


def _imported_into(target: Path, positions: dict) -> list[str]:
    """The periods `target` holds now (as the content loaded them)."""
    mine = str(target.resolve())
    return [key[1] for key, where in positions.items()
            if len(key) == 2 and key[0] == "monitoring" and str(Path(where.file).resolve()) == mine]


def _check_count(number: Decimal, indicator: Any) -> None:
    """A count of people or things is a whole number."""
    if indicator is not None and indicator.counts and number != number.to_integral_value():
        raise ValueError(_("{number} is not a whole number of {unit} (it counts them)", number=number,
                           unit=indicator.unit))


def _check_number(number: Decimal, spending: bool) -> None:
    if number < 0:
        raise ValueError(_("{number} is negative", number=number))
    if decimals(number) > 2:
        raise ValueError(_("{number} has more than two decimals (round it to the cent)", number=number)
                         if spending else _("{number} has more than two decimals", number=number))
    if number.adjusted() >= (11 if spending else 8):
        raise ValueError(_("{number} is not a plausible figure: check the digits", number=number))


def monitoring_yaml(records: dict[str, dict[str, Record]], name: str, digest: str) -> str:
    """The YAML of the imported figures, with a header saying where they come from."""
    data = {period: {project: record.model_dump(exclude_defaults=True)
                     for project, record in by_project.items()}
            for period, by_project in records.items()}
    header = (f"Dati di monitoraggio importati da {name} con `fsegen import monitoring`\n"
              f"(sha256 del file: {digest}).\n"
              "Non modificare a mano: correggere il foglio e importarlo di nuovo.")
    return dump({"monitoring": data}, header)


def _check_round_trip(text: str, records: dict, shown: str) -> None:
    """The YAML must read back as exactly the figures imported: or nothing is written."""
    data, _sources = parse_yaml(text, shown)
    try:
        back = {period: {project: Record.model_validate(record) for project, record in by.items()}
                for period, by in data["monitoring"].items()}
    except (ValidationError, KeyError, AttributeError, TypeError):
        back = None
    if back != records:
        raise ContentError([Finding(_("the YAML written for the import does not read back as the same "
                                      "figures"),
                                    file=shown, rule="import", hint=_("please report this as a bug of "
                                                                      "fsegen"))])


def _ordered(records: dict[str, Record], projects: dict) -> dict[str, Record]:
    order = {p: i for i, p in enumerate(projects)}
    return {p: records[p] for p in sorted(records, key=order.__getitem__)}  # (ids of `projects`)


def _column_name(sheet: Sheet, cell: Cell) -> Message:
    header = sheet.header[cell.column - 1].value if cell.column - 1 < len(sheet.header) else None
    where = f"{cell.letter}{cell.row}"
    return _("cell {cell} ({header})", cell=where, header=header) if header else _("cell {cell}", cell=where)


def _span(project: Any) -> str:
    start = f"{project.start:%d/%m/%Y}" if project.start else "?"
    end = f"{project.end:%d/%m/%Y}" if project.end else "?"
    return f"{start}-{end}"


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "monitoraggio"
