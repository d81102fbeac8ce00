"""The office's spreadsheets (.xlsx, .csv) read as cells with their row and column.

Every value keeps where it came from (`Cell.where`: file:row:column, with the column's
letter as the spreadsheet shows it), so that a bad cell is reported where the office can
open it. Numbers are read as an Italian office types them: in a CSV exported by Italian
Excel (`;` between fields) the comma is the decimal separator and the dot groups
thousands (`12.500,50`); a dot alone that could be either (`12.500`) is refused in a
column whose decimal separator is the dot. A formula whose value was never computed (a
file written by a program, never opened in Excel or LibreOffice) is refused rather than
read as an empty cell.

The files are the office's, so they are read with the care given to templates: only regular
files, no bigger than MAX_BYTES; a workbook's zip package is checked before it is unzipped
(a zip bomb is refused, as for .docx files), its XML is parsed without expanding entities
(defusedxml, which openpyxl uses when installed), and every row is read whatever the sheet's
`<dimension>` declares (Excel and LibreOffice show them all; openpyxl's read-only mode would
stop there).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from generator.messages import _

MAX_ROWS = 100_000
"""Rows read at most: a monitoring sheet has one per project and period."""
MAX_BYTES = 50_000_000
MAX_CELL = 10_000
"""Characters of one cell of a CSV file (a label or a number is far shorter)."""


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
    data = _read_file(path, shown)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows, name = _xlsx_rows(data, shown, sheet)
    elif suffix == ".csv":
        rows, name = _csv_rows(data, shown, delimiter), None
    else:
        raise SheetError(_("{file}: only .xlsx and .csv files can be imported (save it as one of them from "
                           "Excel or LibreOffice)", file=shown))
    if len(rows) < header_row:
        raise SheetError(_("{file} has no row {row} (where the mapping says the column headers are)",
                           file=shown, row=header_row))
    header = [Cell(_text(v), shown, header_row, i + 1) for i, v in enumerate(rows[header_row - 1])]
    body = [[Cell(v, shown, number, i + 1) for i, v in enumerate(values)]
            for number, values in enumerate(rows[header_row:], start=header_row + 1)]
    return Sheet(shown, name, header, body)


def _read_file(path: Path, shown: str) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES (a device or a pipe is refused: a
    link to /dev/zero named .csv would never end)."""
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SheetError(_("{file} is not a regular file (a device, a pipe or a folder)", file=shown))
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise SheetError(_("cannot read {file}: {problem}",
                           file=shown, problem=error.strerror or str(error))) \
            from error
    if len(data) > MAX_BYTES:
        limit = f"{MAX_BYTES:,}"
        raise SheetError(_("{file} is more than {limit} bytes, more than a monitoring sheet should be",
                           file=shown, limit=limit))
    return data


def _xlsx_rows(data: bytes, shown: str, sheet: str | None) -> tuple[list[list[Any]], str]:
    import openpyxl  # only the import command pays for it

    from generator.errors import DocumentError
    from generator.templating.package import open_package

    try:  # a zip bomb is refused before openpyxl unzips it
        with open_package(data, shown=shown, kind=_("an .xlsx workbook (.xlsx is a zip package)")) as package:
            _count_rows(package, shown)
    except DocumentError as error:
        raise SheetError(error.message) from error
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - zip, XML or format errors of a damaged file
        raise SheetError(_("{file} cannot be read as an .xlsx workbook: {problem}", file=shown,
                           problem=_reason(error))) from error
    try:
        name = sheet or values.sheetnames[0]
        if name not in values.sheetnames:
            raise SheetError(_("{file} has no sheet {name!r} (it has: {sheets})", file=shown, name=name,
                               sheets=", ".join(values.sheetnames)))
        return _rows(values[name], formulas[name], shown), name
    except SheetError:
        raise
    except Exception as error:  # noqa: BLE001 - damaged sheet XML, met while reading the rows
        raise SheetError(_("{file}: the sheet cannot be read: {problem} (open it in Excel or LibreOffice and "
                           "save it again)", file=shown, problem=_reason(error))) from error
    finally:
        values.close()
        formulas.close()


def _count_rows(package: Any, shown: str) -> None:
    """Refuse a workbook with a sheet of more than MAX_ROWS rows before openpyxl reads it (it
    reads a few thousand rows a second): its rows are counted in the sheets' XML as it unzips."""
    for name in package.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        rows, tail = 0, b""
        with package.open(name) as part:
            while chunk := part.read(1 << 20):
                rows += (tail + chunk).count(b"<row ") + (tail + chunk).count(b"<row>")
                tail = chunk[-4:]  # a tag cut between two chunks is counted once
                if rows > MAX_ROWS:
                    limit = f"{MAX_ROWS:,}"
                    raise SheetError(_("{file}: a sheet has more than {limit} rows (a monitoring sheet "
                                       "has one per project and period)", file=shown, limit=limit))


def _rows(values: Any, formulas: Any, shown: str) -> list[list[Any]]:
    """Every row of the sheet, whatever its `<dimension>` says, formulas with no computed value
    marked."""
    values.reset_dimensions()
    formulas.reset_dimensions()
    rows = []
    pairs = zip(values.iter_rows(values_only=True), formulas.iter_rows(values_only=True))
    for number, (row, raw) in enumerate(pairs, start=1):
        if number > MAX_ROWS:
            limit = f"{MAX_ROWS:,}"
            raise SheetError(_("{file}: more than {limit} rows", file=shown, limit=limit))
        rows.append([_FormulaWithoutValue(f) if v is None and isinstance(f, str)
                     and f.startswith("=") else v for v, f in zip(row, raw)])
    while rows and all(v is None for v in rows[-1]):
        rows.pop()  # the rows a declared dimension or a format left, with no value
    return rows


def _reason(error: BaseException) -> str:
    """What went wrong, in a line (XML entity expansion named as what it is, even when openpyxl
    wrapped it in an error of its own)."""
    cause: BaseException | None = error
    while cause is not None:
        if type(cause).__name__ in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
            return _("its XML declares entities, which a spreadsheet never needs (refused: they could "
                     "expand without end)")
        cause = cause.__cause__ or cause.__context__
    first = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def _csv_rows(data: bytes, shown: str, delimiter: str) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                limit = f"{MAX_ROWS:,}"
                raise SheetError(_("{file}: more than {limit} rows", file=shown, limit=limit))
            long = next((i for i, value in enumerate(row) if len(value) > MAX_CELL), None)
            if long is not None:
                size, limit = f"{len(row[long]):,}", f"{MAX_CELL:,}"
                raise SheetError(_("{file}: row {row}, column {column} holds {size} characters, more than a "
                                   "cell of a monitoring sheet ({limit}): check the separator and the quotes",
                                   file=shown, row=number, column=column_letter(long + 1), size=size,
                                   limit=limit))
            rows.append([value if value.strip() else None for value in row])
    except csv.Error as error:
        raise SheetError(_("{file}: line {line} cannot be read as CSV: {problem} (check the quotes and the "
                           "separator)", file=shown, line=reader.line_num, problem=str(error))) from error
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
        raise ValueError(_("the formula {formula} has no computed value: open the file in Excel or "
                           "LibreOffice and save it again", formula=str(value)))
    if isinstance(value, bool):
        raise ValueError(_("{value} is a yes/no value, not a number", value="VERO" if value else "FALSO"))
    if isinstance(value, (dt.date, dt.datetime)):
        day = f"{value:%d/%m/%Y}"
        raise ValueError(_("{date} is a date, not a number (is the column right?)", date=day))
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
            raise ValueError(_("{text!r} is text, not a number (write digits, with a comma for decimals: "
                               "12500,50)", text=text))
        compact = compact.replace(".", "").replace(",", ".")
    else:
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", compact):
            raise ValueError(_("{text!r} could be {digits} or a decimal: write it without a thousands "
                               "separator",
                               text=text, digits=compact.replace(".", "")))
        if not re.fullmatch(r"-?\d+(\.\d+)?", compact):
            raise ValueError(_("{text!r} is text, not a number (write digits, with a dot for decimals: "
                               "12500.50)", text=text))
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise ValueError(_("{text!r} is not a number", text=text)) from None


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
    raise ValueError(_("{text!r} is not a date (write it as 15/07/2021)", text=text))
