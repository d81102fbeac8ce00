"""A progress report's tables as an .xlsx workbook, for the Managing Authority's own sheets.

Built beside the report's Word file (`<output id>-tabelle.xlsx`) from the same computed
`report` the template prints (generator/context/progress.py), so the two cannot disagree:
indicators (target, each period, cumulated, % of the target), their breakdowns by gender,
age and status at entry, and expenditure by budget line (budget, each period, cumulated,
residual, % spent) with the total. Figures are numbers (percentages as fractions shown with
a % format), headers in Italian; the file is byte-reproducible (fixed properties and dates,
fixed zip entry times).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

FIXED = dt.datetime(1980, 1, 1)
"""The workbook's creation and modification date (the report's own date is in the report)."""
PERCENT = "0.0%"
EURO = '#,##0.00 "€"'
COUNT = "#,##0.##"


def report_workbook(report: Any, title: str) -> bytes:
    """The workbook of `report` (a ProgressReport): sheets Indicatori, Ripartizioni, Spesa."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from generator.rendering.docx import reproducible_zip

    periods = [p.name for p in report.periods]
    book = Workbook()
    sheet = book.create_sheet("Indicatori")
    book.remove(book.worksheets[0])
    _header(sheet, ["Indicatore", "Codice", "Unità", "Target", *periods, "Cumulato", "% del target"], Font)
    for row in report.indicators:
        values = [row.indicator.name, row.indicator.code or "", row.indicator.unit, _n(row.target),
                  *[_n(v) for v in row.values], _n(row.achieved), _share(row.percentage)]
        _append(sheet, values, {4: COUNT, **{5 + i: COUNT for i in range(len(periods) + 1)},
                                5 + len(periods) + 1: PERCENT})
    sheet = book.create_sheet("Ripartizioni")
    _header(sheet, ["Indicatore", "Ripartizione", "Categoria", "Valore", "Quota"], Font)
    for table in report.breakdowns:
        for part in table.rows:
            _append(sheet, [table.indicator.name, part.dimension, part.label, _n(part.value),
                            _share(part.percentage)], {4: COUNT, 5: PERCENT})
    sheet = book.create_sheet("Spesa")
    _header(sheet, ["Voce di spesa", "Budget", *periods, "Spesa cumulata", "Residuo", "% speso"], Font)
    formats = {i: EURO for i in range(2, 2 + len(periods) + 3)} | {2 + len(periods) + 3: PERCENT}
    for line in [*report.expenditure, report.total]:
        _append(sheet, [line.label, _n(line.budget), *[_n(v) for v in line.values], _n(line.spent),
                        _n(line.residual), _share(line.percentage)], formats)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    properties = book.properties
    properties.creator = properties.lastModifiedBy = "fsegen"
    properties.created = properties.modified = FIXED
    properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_zip(_fixed_modified(buffer.getvalue()))


def _header(sheet: Any, names: list[str], font: Any) -> None:
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = 42 if cell.column == 1 else 16
    sheet.freeze_panes = "B2"


def _append(sheet: Any, values: list[Any], formats: dict[int, str]) -> None:
    sheet.append(values)
    for column, number_format in formats.items():
        sheet.cell(row=sheet.max_row, column=column).number_format = number_format


def _n(value: Decimal | None) -> float | int | None:
    """A figure as a spreadsheet number (whole numbers as integers); None stays an empty cell."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _share(value: Decimal | None) -> float | None:
    """A percentage (65.4) as the fraction a % format shows (0.654)."""
    return None if value is None else float(value / 100)


def _fixed_modified(data: bytes) -> bytes:
    """openpyxl stamps the save time as `modified`: put the fixed date back."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                part = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*",
                              rb"\g<1>" + FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), part)
            target.writestr(info, part)
    return out.getvalue()
