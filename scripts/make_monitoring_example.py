"""Write the example's ILLUSTRATIVE monitoring spreadsheet, the same bytes every time.

    python scripts/make_monitoring_example.py monitoring/monitoraggio-esempio.xlsx

The figures are invented (plausible for five inclusion projects after two semesters): the
reference documents hold no monitoring data. The sheet says so in its first row, and the
mapping (monitoring/mapping.yaml) marks the import `illustrative: true`, so every report
built from it says so too. Like the offices' own sheets, it names projects and periods
with labels of its own, which the mapping translates to ids.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from generator.rendering.docx import reproducible_zip

HEADERS = ["Progetto", "Periodo", "Dati al", "Persone prese in carico",
           "Progetti personalizzati sottoscritti", "Tirocini avviati", "Occupati alla conclusione",
           "Spesa personale e coordinamento", "Spesa percorsi personalizzati",
           "Spesa servizi al lavoro e tirocini", "Spesa comunicazione e valutazione"]
DATES = {"I semestre": dt.date(2021, 4, 15), "II semestre": dt.date(2021, 10, 15)}
ROWS = [  # project label, period label, 4 indicators, 4 budget lines (euro)
    ("CIAO!", "I semestre", 28, 19, 8, 2, 24500, 31200.50, 9800, 3100),
    ("IN-LAV", "I semestre", 24, 18, 11, 3, 23100, 28750, 12300, 2500),
    ("WORK IN PROGRESS", "I semestre", 9, 5, 2, 0, 11200, 9850, 2400, 4200),
    ("FACCIAMO SQUADRA", "I semestre", 25, 20, 9, 3, 22800, 30400, 10100, 2800),
    ("VULNERABILITA'", "I semestre", 22, 16, 6, 1, 21900, 27300, 8600, 2600),
    ("CIAO!", "II semestre", 31, 27, 13, 5, 27800, 42650, 16400, 2900),
    ("IN-LAV", "II semestre", 26, 22, 13, 6, 26400, 39800, 18900, 3300),
    ("WORK IN PROGRESS", "II semestre", 21, 17, 7, 2, 25600, 33400, 11800, 2100),
    ("FACCIAMO SQUADRA", "II semestre", 30, 26, 12, 6, 26900, 41200, 15700, 3400),
    ("VULNERABILITA'", "II semestre", 27, 23, 10, 4, 25400, 38100, 14300, 3000),
]
WHEN = dt.datetime(2021, 10, 15)


def workbook_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Monitoraggio"
    sheet["A1"] = "DATI ILLUSTRATIVI - esempio di foglio di monitoraggio, non dati reali"
    sheet["A1"].font = Font(bold=True, color="C00000")
    sheet["A2"] = ("Programma di intervento territoriale - valori del periodo (non cumulati) "
                   "e spese del periodo in euro")
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=3, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = 16 if column > 2 else 20
    for number, (project, period, *values) in enumerate(ROWS, start=4):
        sheet.cell(row=number, column=1, value=project)
        sheet.cell(row=number, column=2, value=period)
        date = sheet.cell(row=number, column=3, value=DATES[period])
        date.number_format = "DD/MM/YYYY"
        for column, value in enumerate(values, start=4):
            cell = sheet.cell(row=number, column=column, value=value)
            if column >= 8:
                cell.number_format = "#,##0.00"
    properties = book.properties
    properties.creator = properties.lastModifiedBy = "fsegen (esempio illustrativo)"
    properties.created = properties.modified = WHEN
    properties.title = "Monitoraggio - DATI ILLUSTRATIVI"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_zip(_fixed_modified(buffer.getvalue()))


def _fixed_modified(data: bytes) -> bytes:
    """openpyxl stamps the save time as `modified`: put the fixed date back."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                part = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + WHEN.strftime(
                    "%Y-%m-%dT%H:%M:%SZ").encode(), part)
            target.writestr(info, part)
    return out.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path = Path(argv[1])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
