"""The mapping file of `fsegen import monitoring`: which column of the office's sheet is what.

```yaml
sheet: Monitoraggio          # the workbook's sheet (default: the first)
header_row: 3                # the row of the column headers
columns: {project: Progetto, period: Periodo, date: Dati al}
indicators:                  # column header -> indicator id
  Persone prese in carico: partecipanti
expenditure:                 # column header -> budget line (its item)
  Spesa personale: Personale e coordinamento
```

It is YAML read with the content's care (file and line for every mistake) but it is not
content: it lives beside the spreadsheet (default `monitoring/mapping.yaml`).
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from generator.content.loading import parse_yaml
from generator.errors import ContentError, Finding, UsageError
from generator.messages import Message, _, chained
from generator.model import Content, Id, Model, Text
from generator.sources import SourceMap


class Columns(Model):
    """The headers of the columns that say whose figures a row holds."""

    project: Text
    """Header of the column naming the project (its id, its title or a label of `projects`)."""
    period: Text
    """Header of the column naming the period (its id, its name or a label of `periods`)."""
    date: Text | None = None
    """Header of the column with the date the figures were taken (dati al)."""


class Mapping(Model):
    """How to read a monitoring spreadsheet: which column is what."""

    sheet: Text | None = None
    """The workbook's sheet (default: the first); not used for a CSV file."""
    header_row: int = Field(default=1, ge=1, le=1000)
    """The row holding the column headers; the figures follow it."""
    delimiter: str = Field(default=";", pattern=r"^[;,\t|]$")
    """Field separator of a CSV file (Italian Excel writes `;`)."""
    decimal: str = Field(default=",", pattern=r"^[,.]$")
    """Decimal separator of numbers typed as text (Italian: `,`, with `.` grouping thousands)."""
    date: Text | None = None
    """The date of every figure, when the sheet has no date column (YYYY-MM-DD)."""
    illustrative: bool = False
    """True when the sheet holds examples, not real figures: reports say so."""
    columns: Columns
    """The columns that identify a row."""
    projects: dict[str, Id] = {}
    """Labels the sheet uses for projects -> project ids ("CIAO!": ciao)."""
    periods: dict[str, Id] = {}
    """Labels the sheet uses for periods -> period ids ("1° semestre": s1)."""
    indicators: dict[str, Id] = {}
    """Column header -> indicator id: the value achieved in the period."""
    expenditure: dict[str, Text] = {}
    """Column header -> budget line (its `item`): the expenditure in the period, in euro."""

    @model_validator(mode="after")
    def _something_to_import(self) -> Mapping:
        if not self.indicators and not self.expenditure:
            raise ValueError(_("the mapping names no indicator and no expenditure column"))
        return self


def _one_column_each(mapping: Mapping, sources: SourceMap) -> list[Finding]:
    """Two columns mapped to one indicator or budget line: the last would win, silently."""
    findings = []
    for section in ("indicators", "expenditure"):
        columns: dict[str, list[str]] = {}
        for header, target in getattr(mapping, section).items():
            columns.setdefault(target, []).append(header)
        for target, headers in columns.items():
            if len(headers) > 1:
                listed = chained([repr(h) for h in headers])
                hint = (_("map each indicator from one column (sum the columns in the sheet if both count)")
                        if section == "indicators" else
                        _("map each budget line from one column (sum the columns in the sheet if both "
                          "count)"))
                findings.append(sources.finding(
                    (section, headers[-1]), _("the columns {listed} are both mapped to {target!r}: one would "
                                              "overwrite the other", listed=listed, target=target), hint))
    return findings


def mapping_text(path: Path) -> str:
    """A mapping file's text; a usage error when it cannot be read, a finding with its line
    when it is not UTF-8."""
    where = shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(_("cannot read the mapping file {file}: {problem}; pass it with --mapping (see "
                           "docs/how-to/import-monitoring.md)", file=where,
                           problem=error.strerror or str(error))) from error
    except UnicodeDecodeError as error:
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        byte = error.object[error.start]
        shown_byte = f"{byte:#04x}"
        raise ContentError([Finding(_("the mapping file is not UTF-8 text (byte {byte})", byte=shown_byte),
                                    file=where, line=line, rule="import",
                                    hint=_("save it as UTF-8 (in the editor: Save with encoding, UTF-8)"))]
                           ) from error
    return text


def read_mapping(path: Path, content: Content) -> tuple[Mapping, Any]:
    """The mapping file, checked against the content (indicators, projects, periods it names)."""
    where = shown(path)
    data, sources = parse_yaml(mapping_text(path), where)
    mapping = _validated(data, sources, where)
    findings = _one_column_each(mapping, sources)
    for header, indicator in mapping.indicators.items():
        if indicator not in content.indicators:
            findings.append(sources.finding(("indicators", header), _("no indicator {id!r} in the content",
                                                                      id=indicator),
                                            did_you_mean(indicator, content.indicators)))
    for label, project in mapping.projects.items():
        if project not in content.projects:
            findings.append(sources.finding(("projects", label), _("no project {project!r}", project=project),
                                            did_you_mean(project, content.projects)))
    for label, period in mapping.periods.items():
        if period not in content.periods:
            findings.append(sources.finding(("periods", label), _("no period {period!r}", period=period),
                                            did_you_mean(period, content.periods)))
    if findings:
        raise ContentError([as_import(f) for f in findings])
    return mapping, sources


def _validated(data: Any, sources: SourceMap, shown: str) -> Mapping:
    """The mapping, or a finding (file, line) for each of its mistakes."""
    if not isinstance(data, dict):
        raise ContentError([Finding(_("a mapping file is a mapping of keys (columns, indicators...)"),
                                    file=shown, line=1, rule="import")])
    try:
        return Mapping.model_validate(data)
    except ValidationError as error:
        findings = []
        for item in error.errors(include_url=False):
            path = tuple(p for p in item["loc"] if p != "[key]")
            error_ctx = (item.get("ctx") or {}).get("error")
            message: str = error_ctx.args[0] if isinstance(error_ctx, ValueError) and error_ctx.args \
                else item["msg"].removeprefix("Value error, ")
            hint: Message | None = None
            if item["type"] == "extra_forbidden":
                known = Mapping.model_fields if len(path) == 1 else Columns.model_fields
                message = _("unknown key {key!r}", key=path[-1])
                hint = _("known keys here: {keys}", keys=", ".join(known))
            findings.append(as_import(sources.finding(path, message, hint)))
        raise ContentError(findings) from error


def did_you_mean(value: str, known: Any) -> Message:
    """"did you mean 'x'?", or the known values."""
    close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
    if close:
        return _("did you mean {close!r}?", close=close[0])
    return _("known: {names}", names=", ".join(map(str, known)) or "-")


def as_import(finding: Finding) -> Finding:
    """The finding, as the import's."""
    return replace(finding, rule="import")


def shown(path: Path) -> str:
    """The path as the user would type it (relative to the current folder when inside it)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)

