"""The office's spreadsheets (.xlsx, .csv) read as cells with their row and column.

Every value keeps where it came from (`Cell.where`: file:row:column, with the column's
letter as the spreadsheet shows it), so that a bad cell is reported where the office can
open it. Numbers are read as an Italian office types them: in a CSV exported by Italian
Excel (`;` between fields) the comma is the decimal separator and the dot groups
thousands (`12.500,50`); a dot alone that could be either (`12.500`) is refused in a
column whose decimal separator is the dot. A formula whose value was never computed (a
file written by a program, never opened in Excel or LibreOffice) is refused rather than
read as an empty cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

MAX_ROWS = 100_000
"""Rows read at most: a monitoring sheet has one per project and period."""
MAX_BYTES = 50_000_000


class SheetError(Exception):
    """The file cannot be read as a spreadsheet at all (the message says why)."""


@dataclass(frozen=True)
class Cell:
    """One cell's value and position."""

    value: Any
    file: str
    row: int
    column: int

    @property
    def letter(self) -> str:
        """The column as spreadsheets name it: A, B, ..., Z, AA..."""
        return column_letter(self.column)

    @property
    def where(self) -> str:
        """file:row:column, the column's letter in brackets for the office."""
        return f"{self.file}:{self.row}:{self.column} (cella {self.letter}{self.row})"

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class Sheet:
    """A table: its header cells and its rows, each a list of cells, as they were read."""

    file: str
    name: str | None
    header: list[Cell]
    rows: list[list[Cell]]


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: Path, shown: str, sheet: str | None = None, header_row: int = 1,
               delimiter: str = ";") -> Sheet:
    """The table of `path` (.xlsx or .csv) whose headers are on `header_row`."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SheetError(f"cannot read {shown}: {error.strerror or error}") from error
    if size > MAX_BYTES:
        raise SheetError(f"{shown} is {size:,} bytes, more than a monitoring sheet should be "
                         f"({MAX_BYTES:,})")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows, name = _xlsx_rows(path, shown, sheet)
    elif suffix == ".csv":
        rows, name = _csv_rows(path, shown, delimiter), None
    else:
        raise SheetError(f"{shown}: only .xlsx and .csv files can be imported (save it as one "
                         "of them from Excel or LibreOffice)")
    if len(rows) < header_row:
        raise SheetError(f"{shown} has no row {header_row} (where the mapping says the column "
                         "headers are)")
    header = [Cell(_text(v), shown, header_row, i + 1) for i, v in enumerate(rows[header_row - 1])]
    body = [[Cell(v, shown, number, i + 1) for i, v in enumerate(values)]
            for number, values in enumerate(rows[header_row:], start=header_row + 1)]
    return Sheet(shown, name, header, body)


def _xlsx_rows(path: Path, shown: str, sheet: str | None) -> tuple[list[list[Any]], str]:
    import openpyxl  # only the import command pays for it

    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - zip, XML or format errors of a damaged file
        raise SheetError(f"{shown} cannot be read as an .xlsx workbook: {error}") from error
    try:
        name = sheet or values.sheetnames[0]
        if name not in values.sheetnames:
            raise SheetError(f"{shown} has no sheet {name!r} (it has: {', '.join(values.sheetnames)})")
        rows = []
        pairs = zip(values[name].iter_rows(values_only=True),
                    formulas[name].iter_rows(values_only=True))
        for number, (row, raw) in enumerate(pairs, start=1):
            if number > MAX_ROWS:
                raise SheetError(f"{shown}: more than {MAX_ROWS:,} rows")
            rows.append([_FormulaWithoutValue(f) if v is None and isinstance(f, str)
                         and f.startswith("=") else v for v, f in zip(row, raw)])
        return rows, name
    finally:
        values.close()
        formulas.close()


def _csv_rows(path: Path, shown: str, delimiter: str) -> list[list[Any]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                 start=1):
        if number > MAX_ROWS:
            raise SheetError(f"{shown}: more than {MAX_ROWS:,} rows")
        rows.append([value if value.strip() else None for value in row])
    return rows


class _FormulaWithoutValue(str):
    """A formula cell whose value was never computed."""


def _text(value: Any) -> str | None:
    return None if value is None else " ".join(str(value).split())


def as_text(cell: Cell) -> str:
    """The cell as a label: spaces normalised (a number typed as a label is its digits)."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def as_number(cell: Cell, decimal: str) -> Decimal:
    """The cell as an exact number; ValueError saying why not (text, formula, ambiguity)."""
    value = cell.value
    if isinstance(value, _FormulaWithoutValue):
        raise ValueError(f"the formula {value} has no computed value: open the file in Excel or "
                         "LibreOffice and save it again")
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return _number_text(str(value), decimal)


def _number_text(text: str, decimal: str) -> Decimal:
    typed = text.strip().replace("\u00a0", " ").removesuffix("€").strip()
    compact = typed.replace(" ", "")
    if decimal == ",":
        if not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?|-?\d+(,\d+)?", compact):
            raise ValueError(f"{text!r} is text, not a number (write digits, with a comma for "
                             "decimals: 12500,50)")
        compact = compact.replace(".", "").replace(",", ".")
    else:
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", compact):
            raise ValueError(f"{text!r} could be {compact.replace('.', '')} or a decimal: "
                             "write it without a thousands separator")
        if not re.fullmatch(r"-?\d+(\.\d+)?", compact):
            raise ValueError(f"{text!r} is text, not a number (write digits, with a dot for "
                             "decimals: 12500.50)")
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None


def as_date(cell: Cell) -> dt.date:
    """The cell as a date: a spreadsheet date, or text as 15/07/2021 or 2021-07-15."""
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (write it as 15/07/2021)")
