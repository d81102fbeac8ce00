"""An office's spreadsheet, however it was saved, is read whole or refused with a message:
no row dropped, no figure lost silently, no zip or XML bomb, no traceback."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

SHEET = "monitoring/monitoraggio-esempio.xlsx"
TARGET = "content/monitoring/monitoraggio-esempio.yaml"


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """The example with a monitoring sheet of one row per project and period, its mapping and
    its figures imported (tests/monitoring/per-periodo; the sheets of one row per participant
    are tests/test_participants.py's)."""
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copytree(REPO / "tests/monitoring/per-periodo", tmp_path / "monitoring")
    (tmp_path / "monitoring/importato.yaml").replace(tmp_path / TARGET)
    return tmp_path


def rewrite_part(path: Path, part: str, change) -> None:
    """Rewrite one part of a zip package (an .xlsx) with `change(text) -> text`."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    path.write_bytes(out.getvalue())


def periods_of(folder: Path) -> dict[str, list[str]]:
    data = yaml.safe_load((folder / TARGET).read_text(encoding="utf-8"))["monitoring"]
    return {period: sorted(by) for period, by in data.items()}


def refused(result, *needles: str) -> str:
    """The run failed with a message naming `needles`, and no traceback."""
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1, text
    assert "Traceback" not in text and all(n in text for n in needles), text
    return text


def test_every_row_is_read_whatever_the_sheets_dimension_declares(office, fsegen):
    """openpyxl's read-only mode stops where `<dimension>` says the sheet ends; Excel and
    LibreOffice show every row. A sheet that understates it still imports whole."""
    before = periods_of(office)
    rewrite_part(office / SHEET, "xl/worksheets/sheet1.xml",
                 lambda xml: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:K5"', xml))
    result = fsegen(office, "import", "monitoring", SHEET)
    assert result.exit_code == 0, result.output
    assert "10 project report(s) for 2 period(s) (s1, s2)" in result.output
    assert periods_of(office) == before and len(before["s2"]) == 5


def test_a_period_the_sheet_no_longer_has_is_removed_and_said(office, fsegen):
    import openpyxl

    book = openpyxl.load_workbook(office / SHEET)
    sheet = book["Monitoraggio"]
    for row in range(sheet.max_row, 3, -1):
        if sheet.cell(row, 2).value == "II semestre":
            sheet.delete_rows(row)
    book.save(office / SHEET)
    dry = fsegen(office, "import", "monitoring", SHEET, "--dry-run")
    assert dry.exit_code == 0 and f"would remove period s2 from {Path(TARGET)}" in dry.stderr
    result = fsegen(office, "import", "monitoring", SHEET)
    assert result.exit_code == 0 and "removed period s2" in result.stderr
    assert list(periods_of(office)) == ["s1"]


def test_two_columns_mapped_to_one_indicator_are_refused(office, fsegen):
    mapping = office / "monitoring/mapping.yaml"
    text = mapping.read_text(encoding="utf-8")
    mapping.write_text(text.replace("  Tirocini avviati: tirocini", "  Tirocini avviati: partecipanti"),
                       encoding="utf-8")
    text = refused(fsegen(office, "import", "monitoring", SHEET),
                   "'Persone prese in carico' and 'Tirocini avviati' are both mapped to 'partecipanti'")
    assert "monitoring/mapping.yaml:" in text


def test_a_zip_bomb_workbook_is_refused_before_it_is_unzipped(office, fsegen):
    bomb = office / "bomba.xlsx"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO((office / SHEET).read_bytes())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/media/vuoto.bin", b"\0" * 80_000_000)
    bomb.write_bytes(out.getvalue())
    assert bomb.stat().st_size < 1_000_000
    refused(fsegen(office, "import", "monitoring", "bomba.xlsx"), "bomba.xlsx", "expand")


def test_an_entity_bomb_in_the_sheet_xml_is_refused(office, fsegen):
    def bomb(xml: str) -> str:
        head, rest = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
        entities = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        return (head + "?>" if head else "") + entities + rest.replace("<v>", "<v>&b;", 1)

    rewrite_part(office / SHEET, "xl/worksheets/sheet1.xml", bomb)
    refused(fsegen(office, "import", "monitoring", SHEET), "entities")


def test_damaged_sheet_xml_is_a_message(office, fsegen):
    rewrite_part(office / SHEET, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    refused(fsegen(office, "import", "monitoring", SHEET), "monitoraggio-esempio.xlsx",
            "save it again")


def test_a_device_named_csv_is_refused(office, fsegen):
    (office / "zero.csv").symlink_to("/dev/zero")
    refused(fsegen(office, "import", "monitoring", "zero.csv"), "zero.csv is not a regular file")


def test_a_csv_cell_longer_than_any_label_is_a_message(office, fsegen):
    (office / "lungo.csv").write_text("Progetto;Periodo\n" + "x" * 20_000 + ";s1\n", encoding="utf-8")
    refused(fsegen(office, "import", "monitoring", "lungo.csv"), "lungo.csv: row 2, column A holds 20,000")
    (office / "lungo.csv").write_text("Progetto;Periodo\n" + "x" * 140_000 + ";s1\n", encoding="utf-8")
    refused(fsegen(office, "import", "monitoring", "lungo.csv"), "lungo.csv: line 2 cannot be read as CSV")


def test_a_mapping_saved_in_windows_1252_is_a_message(office, fsegen):
    mapping = office / "monitoring/mapping.yaml"
    mapping.write_bytes(mapping.read_text(encoding="utf-8").replace("VULNERABILITA'", "VULNERABILITÀ")
                        .encode("cp1252"))
    text = refused(fsegen(office, "import", "monitoring", SHEET), "not UTF-8")
    assert re.search(r"mapping\.yaml:\d+", text)
    assert os.path.getsize(office / TARGET) > 0  # nothing was touched


def test_a_file_or_sheet_name_the_content_cannot_carry_is_a_message(office, fsegen):
    odd = office / "foglio\tdati.xlsx"
    shutil.copy(office / SHEET, odd)
    (office / TARGET).unlink()
    refused(fsegen(office, "import", "monitoring", str(odd.name)), "the file name", "rename the file")
    import openpyxl

    book = openpyxl.load_workbook(office / SHEET)
    book["Monitoraggio"].title = "Dati {{ anno }}"
    book.save(office / SHEET)
    mapping = office / "monitoring/mapping.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace("sheet: Monitoraggio",
                                                                   "sheet: Dati {{ anno }}"), encoding="utf-8")
    refused(fsegen(office, "import", "monitoring", SHEET), "the sheet name 'Dati {{ anno }}'")


def test_a_date_where_a_number_belongs_is_named_as_a_date(office, fsegen):
    mapping = office / "monitoring/mapping.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace("  Tirocini avviati: tirocini",
                                                                   "  Dati al: tirocini"), encoding="utf-8")
    refused(fsegen(office, "import", "monitoring", SHEET), "15/04/2021 is a date, not a number")


def test_a_head_count_with_decimals_is_refused(office, fsegen):
    import openpyxl

    book = openpyxl.load_workbook(office / SHEET)
    book["Monitoraggio"]["D4"] = 28.5  # Persone prese in carico, CIAO!, I semestre
    book.save(office / SHEET)
    refused(fsegen(office, "import", "monitoring", SHEET), "cell D4", "28.5 is not a whole number of persone")


def test_a_sheet_of_too_many_rows_is_refused_before_it_is_read(office, fsegen):
    from generator.importing import spreadsheets

    def many(xml: str) -> str:
        rows = "".join(f'<row r="{n}"><c r="A{n}" t="n"><v>1</v></c></row>' for n in range(20, 20 + 120))
        return xml.replace("</sheetData>", rows + "</sheetData>")

    rewrite_part(office / SHEET, "xl/worksheets/sheet1.xml", many)
    limit = spreadsheets.MAX_ROWS
    spreadsheets.MAX_ROWS = 100  # the same check as at 100,000 rows, on a small sheet
    try:
        refused(fsegen(office, "import", "monitoring", SHEET), "a sheet has more than 100 rows")
    finally:
        spreadsheets.MAX_ROWS = limit


def test_a_head_count_with_decimals_in_the_content_is_an_error(office, fsegen):
    text = (office / TARGET).read_text(encoding="utf-8")
    (office / TARGET).write_text(text.replace("partecipanti: 28\n", "partecipanti: 28.5\n", 1), encoding="utf-8")
    result = fsegen(office, "check", "--format", "json")
    [found] = [f for f in __import__("json").loads(result.stdout) if f["rule"] == "monitoring-counts"]
    assert result.exit_code == 1 and found["message"] == "28.5 is not a whole number of persone"
    assert found["file"].endswith("monitoraggio-esempio.yaml") and found["line"]
