"""The mapping of sheets of one row per participant and one row per expense (see
generator/importing/participants.py): which column is what, how the sheet writes genders and
statuses, when a participant counts in an indicator. It is YAML read with the content's care
(file and line for every mistake), checked against the content it imports into.

```yaml
date: 2021-10-15                 # the date the figures were taken (dati al)
projects: {"CIAO!": ciao}        # labels the sheet uses for projects
participants:
  sheet: Partecipanti
  columns: {project: Progetto, person: Codice fiscale, entry: Data di ingresso,
            exit: Data di uscita, gender: Sesso, birth: Data di nascita, status: Condizione}
  genders: {F: F, M: M}
  statuses: {Disoccupato/a: disoccupato, Inattivo/a: inattivo, Occupato/a: occupato}
  counts:                        # indicator id -> who counts (every participant, or "Sì" in a column)
    partecipanti: {}
    occupati: {column: Occupato all'uscita, at: exit}
expenses:
  sheet: Spese
  columns: {project: Progetto, line: Voce, date: Data pagamento, amount: Importo}
```

"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from generator.content.loading import parse_yaml
from generator.content.validation import pydantic_message
from generator.errors import ContentError, Finding
from generator.importing.mapping import did_you_mean, mapping_text, shown
from generator.importing.spreadsheets import Sheet
from generator.messages import _
from generator.model import Content, Id, Model, Text
from generator.model.common_indicators import catalogue
from generator.sources import SourceMap


class Count(Model):
    """When a participant counts in an indicator."""

    column: Text | None = None
    """A column of "Sì/No" answers: the participant counts when it says Sì; none: every participant."""
    at: Literal["entry", "exit"] = "entry"
    """The period the participant counts in: that of the date of entry, or of exit (results)."""


class ParticipantColumns(Model):
    """The headers of the participants' sheet."""

    project: Text
    """The project (its id, its title or a label of the mapping's `projects`)."""
    person: Text
    """What tells one person from another (a codice fiscale, a file number): read only to find a
    participant counted twice; never written."""
    entry: Text
    """Date of entry (presa in carico)."""
    exit: Text | None = None
    """Date of exit (conclusione); an empty cell: not concluded yet."""
    gender: Text | None = None
    """Gender, mapped through `genders`."""
    birth: Text | None = None
    """Date of birth (the age at entry gives the age band)."""
    age: Text | None = None
    """Age in years at entry, when the sheet has no date of birth."""
    status: Text | None = None
    """Labour-market status at entry, mapped through `statuses`."""


class ParticipantSheet(Model):
    """A sheet of one row per participant."""

    sheet: Text | None = None
    """The workbook's sheet (default: the first)."""
    header_row: int = Field(default=1, ge=1, le=1000)
    columns: ParticipantColumns
    genders: dict[str, Text] = {}
    """Values of the gender column -> gender ids of the period (F, M; NB in 2021-2027)."""
    statuses: dict[str, Literal["disoccupato", "inattivo", "occupato"]] = {}
    """Values of the status column -> disoccupato, inattivo or occupato."""
    counts: dict[Id, Count]
    """Indicator id -> when a participant counts in it."""


class ExpenseColumns(Model):
    """The headers of the expenses' sheet."""

    project: Text
    line: Text
    """The budget line (its `item`, or a label of `lines`)."""
    date: Text
    """Date of the expense (payment or invoice): it gives the period."""
    amount: Text
    """Amount in euro."""


class ExpenseSheet(Model):
    """A sheet of one row per expense."""

    sheet: Text | None = None
    header_row: int = Field(default=1, ge=1, le=1000)
    columns: ExpenseColumns
    lines: dict[str, Text] = {}
    """Labels the sheet uses for budget lines -> the line's `item`."""


class RowMapping(Model):
    """How to read sheets of one row per participant and per expense."""

    date: dt.date
    """The date the figures were taken (dati al)."""
    illustrative: bool = False
    """True when the sheet holds examples (invented people): reports say so."""
    delimiter: str = Field(default=";", pattern=r"^[;,\t|]$")
    decimal: str = Field(default=",", pattern=r"^[,.]$")
    projects: dict[str, Id] = {}
    """Labels the sheets use for projects -> project ids."""
    participants: ParticipantSheet | None = None
    expenses: ExpenseSheet | None = None

    @model_validator(mode="after")
    def _something(self) -> RowMapping:
        if self.participants is None and self.expenses is None:
            raise ValueError(_("the mapping has neither `participants:` nor `expenses:`"),
                             _("add the sheet of participants, of expenses, or both"))
        return self


def row_level(mapping_file: Path) -> bool:
    """Whether the mapping describes sheets of one row per participant or per expense."""
    try:
        data, _sources = parse_yaml(mapping_file.read_text(encoding="utf-8"), shown(mapping_file))
    except (OSError, UnicodeDecodeError, ContentError):
        return False  # the ordinary mapping's reader reports it
    return isinstance(data, dict) and ("participants" in data or "expenses" in data)


def read_row_mapping(path: Path, content: Content) -> RowMapping:
    where = shown(path)
    data, sources = parse_yaml(mapping_text(path), where)
    try:
        mapping = RowMapping.model_validate(data)
    except ValidationError as error:
        raise ContentError([_finding(sources, tuple(p for p in item["loc"] if p != "[key]"),
                                     *_said(item)) for item in error.errors(include_url=False)]) from error
    findings = []
    for label, project in mapping.projects.items():
        if project not in content.projects:
            findings.append(_finding(sources, ("projects", label),
                                     _("no project {project!r}", project=project),
                                     did_you_mean(project, content.projects)))
    if mapping.participants is not None:
        for indicator in mapping.participants.counts:
            if indicator not in content.indicators:
                findings.append(_finding(sources, ("participants", "counts", indicator),
                                         _("no indicator {id!r} in the content", id=indicator),
                                         did_you_mean(indicator, content.indicators)))
        own = catalogue(content.call.period)
        for label, gender in mapping.participants.genders.items():
            if own is not None and gender not in own.genders:
                findings.append(_finding(sources, ("participants", "genders", label),
                                         _("{gender!r} is not a gender of the {period} breakdown",
                                           gender=gender, period=own.period),
                                         _("the genders are: {genders}", genders=", ".join(own.genders))))
    if findings:
        raise ContentError(findings)
    return mapping


def sheet_columns(sheet: Sheet, wanted: dict[str, str | None], section: str
                  ) -> tuple[dict[str, int], list[str], list[Finding]]:
    """Where each column the mapping's `section` names is in `sheet` (a finding for each one
    missing), and the headers left out, which are never written (`person` is read only to count
    each participant once)."""
    findings = []
    found = {cell.value: index for index, cell in enumerate(sheet.header) if cell.value}
    columns = {}
    for key, header in wanted.items():
        if header is None:
            continue
        header = " ".join(header.split())
        if header in found:
            columns[key] = found[header]
            continue
        close = difflib.get_close_matches(header, [str(h) for h in found], n=1)
        headers = ", ".join(repr(h) for h in found)
        findings.append(Finding(
            _("{file} has no column {header!r} in row {header_row} (the mapping's `{section}`)",
              file=sheet.file, header=header, header_row=sheet.header[0].row if sheet.header else 1,
              section=section), file=sheet.file, rule="import",
            hint=_("did you mean {close!r}? its headers are: {headers}", close=close[0], headers=headers)
            if close else _("its headers are: {headers}", headers=headers)))
    used = {index for key, index in columns.items() if key != "person"}
    dropped = [_("{header} (read only to count each participant once)", header=str(h))
               if columns.get("person") == index else str(h)
               for h, index in found.items() if index not in used]
    return columns, dropped, findings


def _said(item: ErrorDetails) -> tuple[str, str | None]:
    """A pydantic error of the mapping as a message and its hint (a validator of ours gives both)."""
    error = (item.get("ctx") or {}).get("error")
    if isinstance(error, ValueError) and len(error.args) == 2:
        return error.args[0], error.args[1]
    return pydantic_message(item), None


def _finding(sources: SourceMap, path: tuple, message: str, hint: str | None = None) -> Finding:
    return replace(sources.finding(path, message, hint), rule="import")
