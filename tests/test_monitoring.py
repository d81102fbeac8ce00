"""Monitoring after the grant: the office's spreadsheet imported into content/, every bad cell
named with its row and column, and the progress reports built from the figures."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from generator.content.loading import load_content, parse_yaml
from generator.content.yamlwriter import dump
from generator.importing.monitoring import import_monitoring
from generator.rendering.text import docx_to_text
from tests.conftest import EXAMPLE_SHA256, REPO, edit, refused, run_fsegen

SHEET = "monitoring/monitoraggio-esempio.xlsx"
IMPORTED = "content/monitoring/monitoraggio-esempio.yaml"
HEADERS = ["Progetto", "Periodo", "Dati al", "Persone prese in carico",
           "Progetti personalizzati sottoscritti", "Tirocini avviati", "Occupati alla conclusione",
           "Spesa personale e coordinamento", "Spesa percorsi personalizzati",
           "Spesa servizi al lavoro e tirocini", "Spesa comunicazione e valutazione"]
GOOD = ["IN-LAV", "I semestre", dt.date(2021, 4, 15), 24, 18, 11, 3, 23100, 28750, 12300, 2500]


TOTALS = REPO / "tests" / "monitoring" / "per-periodo"
"""A sheet of one row per project and period (the example's before it had one row per
participant), its mapping and the YAML it imports to: the layout an office that totals its
own figures keeps."""


@pytest.fixture
def programme(example: Path) -> Path:
    """The example with a sheet of one row per project and period, its mapping, and its figures
    imported (tests/test_participants.py imports the example's own sheet)."""
    (example / "monitoring").mkdir()
    for name in ("monitoraggio-esempio.xlsx", "mapping.yaml"):
        shutil.copy(TOTALS / name, example / "monitoring" / name)
    shutil.copy(TOTALS / "importato.yaml", example / IMPORTED)
    return example


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def write_sheet(path: Path, rows: list[list], formula: tuple[int, int] | None = None) -> Path:
    """A workbook laid out like the example's: two lines of title, headers on row 3."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Monitoraggio"
    sheet["A1"] = "DATI ILLUSTRATIVI"
    for column, header in enumerate(HEADERS, start=1):
        sheet.cell(row=3, column=column, value=header)
    for number, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    if formula is not None:  # written by a program, never computed by Excel: no cached value
        sheet.cell(row=formula[0], column=formula[1], value="=D4+1")
    book.save(path)
    return path


# --- the example's spreadsheet --------------------------------------------------------------


def test_import_round_trips_the_example_spreadsheet_and_the_reports_build_from_it(programme, fsegen):
    committed = (programme / IMPORTED).read_bytes()
    (programme / IMPORTED).unlink()
    result = fsegen(programme, "import", "monitoring", SHEET)
    assert result.exit_code == 0, result.output
    assert "10 project report(s) for 2 period(s) (s1, s2), 80 value(s)" in result.output
    assert (programme / IMPORTED).read_bytes() == committed
    content = load_content(programme / "content").content
    assert content.monitoring["s2"]["in-lav"].achieved["tirocini"] == Decimal(13)
    assert content.monitoring["s1"]["ciao"].spent["Percorsi personalizzati di inclusione attiva"] \
        == Decimal("31200.50")
    assert content.monitoring["s1"]["ciao"].source.row == 4
    data, _ = parse_yaml(committed.decode(), IMPORTED)
    header = "".join(line + "\n" for line in committed.decode().splitlines() if line.startswith("#"))
    assert header + dump(data) == committed.decode()  # loads back, writes back the same bytes
    assert fsegen(programme, "build", "relazione-intermedia", "relazione-intermedia-progetto").exit_code == 0
    assert len(list((programme / "output").glob("relazione-*.docx"))) == 6


def test_reimporting_the_same_spreadsheet_changes_nothing(programme, fsegen):
    before = tree_digest(programme / "content")
    assert fsegen(programme, "import", "monitoring", SHEET).exit_code == 0
    assert tree_digest(programme / "content") == before


def test_dry_run_shows_the_yaml_and_writes_nothing(programme, fsegen):
    (programme / IMPORTED).unlink()
    result = fsegen(programme, "import", "monitoring", SHEET, "--dry-run")
    assert result.exit_code == 0
    assert "monitoring:\n  s1:\n    ciao:" in result.output
    assert not (programme / IMPORTED).exists()


def test_an_italian_csv_imports_the_same_figures(programme, fsegen, tmp_path):
    (programme / IMPORTED).unlink()
    lines = [";".join(HEADERS), "IN-LAV;I semestre;15/04/2021;24;18;11;3;23.100;28.750,00;12300;2.500"]
    (programme / "monitoraggio.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    mapping = (programme / "monitoring/mapping.yaml").read_text(encoding="utf-8")
    (programme / "csv.yaml").write_text(mapping.replace("header_row: 3", "header_row: 1"),
                                        encoding="utf-8")
    result = fsegen(programme, "import", "monitoring", "monitoraggio.csv", "--mapping", "csv.yaml")
    assert result.exit_code == 0, result.output
    record = load_content(programme / "content").content.monitoring["s1"]["in-lav"]
    assert record.spent == {"Personale e coordinamento": Decimal(23100),
                            "Percorsi personalizzati di inclusione attiva": Decimal(28750),
                            "Servizi al lavoro e tirocini": Decimal(12300),
                            "Comunicazione e valutazione": Decimal(2500)}
    assert record.source.file == "monitoraggio.csv" and record.source.row == 2


# --- bad cells: every one named, nothing written ------------------------------------------------


def test_each_kind_of_bad_cell_is_refused_with_its_row_and_column(programme, fsegen):
    rows = [
        GOOD,
        ["CIAO!", "I semestre", dt.date(2021, 4, 15), "dodici", 19, 8, 2, 24500, 31200, 9800, 3100],
        ["CIAONE", "I semestre", dt.date(2021, 4, 15), 28, 19, 8, 2, 24500, 31200, 9800, 3100],
        ["VULNERABILITA'", "s4", dt.date(2021, 4, 15), 1, 1, 1, 1, 1, 1, 1, 1],
        ["WORK IN PROGRESS", "I semestre", dt.date(2020, 12, 15), 9, 5, 2, 0, 1, 1, 1, 1],
        ["FACCIAMO SQUADRA", "I semestre", "15/04/2021", 25, 20, 9, 3, "22.800,50", 30400, -5, 2800],
        GOOD,
    ]
    (programme / "bad").mkdir()  # same name as the example's: it would replace its import
    write_sheet(programme / "bad/monitoraggio-esempio.xlsx", rows)
    (programme / "content/projects.yaml").write_text(
        (programme / "content/projects.yaml").read_text(encoding="utf-8").replace(
            "    end: 2022-09-30\n", "    end: 2022-03-31\n", 5), encoding="utf-8")
    before = tree_digest(programme / "content")
    out = refused(fsegen(programme, "import", "monitoring", "bad/monitoraggio-esempio.xlsx"))
    assert "bad/monitoraggio-esempio.xlsx:5:4: error: cell D5 (Persone prese in carico): 'dodici' is text, not a number" in out
    assert "bad/monitoraggio-esempio.xlsx:6:1: error: cell A6 (Progetto): unknown project 'CIAONE'" in out
    assert "did you mean 'CIAO!'?" in out
    assert "bad/monitoraggio-esempio.xlsx:7:2: error: cell B7 (Periodo): period s4 (01/04/2022-30/09/2022) is outside " \
           "the dates of project vulnerabilita (01/10/2020-31/03/2022)" in out
    assert "bad/monitoraggio-esempio.xlsx:8:3: error: cell C8 (Dati al): figures dated 15/12/2020, before project " \
           "work-in-progress started (11/01/2021)" in out
    assert "bad/monitoraggio-esempio.xlsx:9:10: error: cell J9 (Spesa servizi al lavoro e tirocini): -5 is negative" in out
    assert "bad/monitoraggio-esempio.xlsx:10:1: error: cell A10 (Progetto): project in-lav and period s1 were already " \
           "given on row 4" in out
    assert "6 problem(s) in bad/monitoraggio-esempio.xlsx; nothing was imported." in out
    assert tree_digest(programme / "content") == before


def test_a_formula_never_computed_is_refused_not_read_as_empty(programme, fsegen):
    write_sheet(programme / "formula.xlsx", [GOOD], formula=(4, 6))
    refused(fsegen(programme, "import", "monitoring", "formula.xlsx"),
            "formula.xlsx:4:6: error: cell F4 (Tirocini avviati): the formula =D4+1 has no computed value")


def test_a_period_imported_from_another_file_is_refused(programme, fsegen):
    write_sheet(programme / "altro.xlsx", [GOOD])
    before = tree_digest(programme / "content")
    refused(fsegen(programme, "import", "monitoring", "altro.xlsx"),
            "period s1 was already imported from content/monitoring/monitoraggio-esempio.yaml")
    assert tree_digest(programme / "content") == before


def test_mapping_mistakes_are_named_with_their_line(programme, fsegen):
    edit(programme, "monitoring/mapping.yaml", "header_row: 3", "header_rows: 3")
    edit(programme, "monitoring/mapping.yaml", "Tirocini avviati: tirocini", "Tirocini avviati: tirocinii")
    refused(fsegen(programme, "import", "monitoring", SHEET),
            "monitoring/mapping.yaml:6:1: error: unknown key 'header_rows'")
    edit(programme, "monitoring/mapping.yaml", "header_rows: 3", "header_row: 3")
    result = fsegen(programme, "import", "monitoring", SHEET)
    assert "mapping.yaml:26:3: error: no indicator 'tirocinii' in the content" in result.output
    assert "did you mean 'tirocini'?" in result.output


def test_a_header_the_sheet_lacks_is_named_with_the_close_one(programme, fsegen):
    edit(programme, "monitoring/mapping.yaml", "Spesa percorsi personalizzati:", "Spesa percorsi:")
    refused(fsegen(programme, "import", "monitoring", SHEET), "has no column 'Spesa percorsi' in row 3",
            "did you mean 'Spesa percorsi personalizzati'?")


@given(st.dictionaries(
    st.text(min_size=1, max_size=20).filter(lambda t: t.isprintable()),
    st.one_of(st.text(max_size=30).filter(lambda t: t.isprintable()), st.booleans(),
              st.integers(min_value=0, max_value=10**9), st.dates(),
              st.decimals(min_value=0, max_value=10**9, places=2)),
    min_size=1, max_size=6))
@example({"0": "\uf900"})  # a CJK compatibility ideograph, which NFC changes
def test_what_fsegen_writes_into_content_reads_back_identically(values):
    """Read back as written, text in NFC (the loader's form: '豈' U+F900 is read as U+8C48)."""
    nfc = {unicodedata.normalize("NFC", k): unicodedata.normalize("NFC", v) if isinstance(v, str) else v
           for k, v in values.items()}
    assume(len(nfc) == len(values))  # two keys that are one in NFC would be a duplicate key
    text = dump({"monitoring": {"s1": values}})
    data, _ = parse_yaml(text, "x.yaml")
    assert data == {"monitoring": {"s1": nfc}}
    assert dump(data) == text


# --- the reports ----------------------------------------------------------------------------------


def test_reports_print_computed_figures(programme, fsegen):
    assert fsegen(programme, "build", "relazione-intermedia", "relazione-intermedia-progetto").exit_code == 0
    programme_text = docx_to_text((programme / "output/relazione-intermedia.docx").read_bytes())
    programme_text = programme_text.replace("\u00a0", " ")  # babel puts a no-break space before €
    assert "708.450,50 € su 2.000.000,00 € (35,4%)" in programme_text
    assert "Persone prese in carico – persone | 375 | 135 | 243 | 64,8%" in programme_text
    assert "Totale Programma | 2.000.000,00 € | 708.450,50 € | 1.291.549,50 € | 35,4% | 100,0%" \
        in programme_text
    assert "Dati illustrativi" in programme_text
    project = docx_to_text((programme / "output/relazione-intermedia-progetto-in-lav.docx").read_bytes())
    assert "IN -LAV | 75 | 26 | 50 | 66,7%" in programme_text  # its row in the breakdown
    assert "Tirocini di inclusione avviati – tirocini | 42 | 13 | 24 | 57,1%" in project
    assert "II semestre di attività | IN -LAV | monitoraggio-esempio.xlsx | Monitoraggio, riga 10 | " \
           "15/10/2021" in project


def test_charts_are_embedded_without_metadata_and_with_their_alternative_text(programme, fsegen):
    assert fsegen(programme, "build", "relazione-intermedia").exit_code == 0
    with zipfile.ZipFile(programme / "output/relazione-intermedia.docx") as archive:
        images = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
        body = archive.read("word/document.xml").decode()
    assert len(images) == 3  # the EU emblem and the two charts
    for image in images:
        assert image.startswith(b"\x89PNG")
        assert b"tEXt" not in image and b"tIME" not in image and b"iTXt" not in image
    assert 'descr="Grafico a barre: percentuale del target raggiunta da ciascun indicatore' in body
    assert 'descr="Emblema dell&apos;Unione europea"' in body or 'descr="Emblema dell\'Unione europea"' in body
    ids = re.findall(r'<wp:docPr id="(\d+)"', body)
    assert len(ids) == len(set(ids)) == 3  # python-docx alone would give them all the same id


@pytest.mark.slow
def test_reports_are_byte_identical_across_processes_and_time_zones(example):
    import os

    digests = []
    for zone, out in (("Europe/Rome", "out-a"), ("Pacific/Auckland", "out-b")):
        env = dict(os.environ, TZ=zone)
        env.pop("SOURCE_DATE_EPOCH", None)
        result = run_fsegen(example, "build", "relazione-intermedia", "--out", out, env=env)
        assert result.returncode == 0, result.stderr
        digests.append(hashlib.sha256((example / out / "relazione-intermedia.docx").read_bytes())
                       .hexdigest())
    assert digests[0] == digests[1] == EXAMPLE_SHA256["relazione-intermedia.docx"]


def test_a_chart_printed_in_prose_is_refused(programme, fsegen):
    edit(programme, "content/documents/relazione-intermedia.yaml",
         "del costo complessivo.", "del costo complessivo. {{ report.charts.targets }}")
    refused(fsegen(programme, "build", "relazione-intermedia"), "a chart can only be placed in a Word template")


def test_a_project_without_figures_gets_a_report_with_dashes_and_a_warning(programme, fsegen):
    text = (programme / IMPORTED).read_text(encoding="utf-8")
    for period in ("s1", "s2"):
        start = text.index("    vulnerabilita:", text.index(f"  {period}:"))
        end = text.find("\n  s", start)
        text = text[:start] + (text[end + 1:] if end != -1 else "")
    (programme / IMPORTED).write_text(text, encoding="utf-8")
    result = fsegen(programme, "build", "-v", "relazione-intermedia-progetto")
    assert result.exit_code == 0, result.output
    assert "project vulnerabilita has targets but no monitoring figures" in result.output
    report = docx_to_text((programme / "output/relazione-intermedia-progetto-vulnerabilita.docx")
                          .read_bytes())
    assert "Persone prese in carico – persone | 70 | — | — | —" in report
    assert "Nessun dato di monitoraggio per i periodi della relazione." in report


def test_an_acknowledged_deviation_is_printed_in_the_report(programme, fsegen):
    edit(programme, IMPORTED, '"Comunicazione e valutazione": 2100', '"Comunicazione e valutazione": 16000')
    result = fsegen(programme, "build", "relazione-intermedia-progetto-work-in-progress")
    assert result.exit_code == 1
    assert "20.200,00\u00a0€ spent on 'Comunicazione e valutazione' up to period s2, above its budget " \
           "of 20.000,00\u00a0€" in result.output
    edit(programme, "content/projects.yaml", "    former_leads:", "    deviations:\n"
         "      - line: Comunicazione e valutazione\n        amount: 500\n"
         "        act: Nota Regione Lombardia prot. 1234 del 2021-09-20\n    former_leads:")
    assert fsegen(programme, "build", "relazione-intermedia-progetto-work-in-progress").exit_code == 0
    text = docx_to_text((programme / "output/relazione-intermedia-progetto-work-in-progress.docx")
                        .read_bytes()).replace("\u00a0", " ")
    assert "Comunicazione e valutazione | 20.000,00 € | 16.000,00 € | 20.200,00 € | -200,00 € | 101,0%" \
        in text
    assert "è riconosciuto uno scostamento fino a 500,00 € oltre il budget" in text


def test_import_keeps_the_bytes_of_its_own_input(programme):
    """The function the command runs: the target is named after the spreadsheet."""
    result = import_monitoring(programme / SHEET, programme / "monitoring/mapping.yaml",
                               programme / "content", write=False)
    assert result.target == programme / IMPORTED and not result.written
    assert result.text == (programme / IMPORTED).read_text(encoding="utf-8")
    assert io.BytesIO(result.text.encode()).read().count(b"illustrative: true") == 10


@pytest.mark.parametrize("name", ["relazione-programma.docx", "relazione-progetto.docx",
                                  "monitoraggio-esempio.xlsx"])
def test_the_scripts_write_the_committed_templates_and_sheet_again(name, tmp_path):
    """The committed report templates and example sheet are what their scripts write, byte for
    byte (once the office restyles a template in Word, it is the source and this no longer holds:
    drop its name here)."""
    import subprocess
    import sys

    script, committed = (("make_monitoring_example.py", REPO / "monitoring" / name) if name.endswith(".xlsx")
                         else ("make_report_templates.py", REPO / "templates" / name))
    subprocess.run([sys.executable, str(REPO / "scripts" / script), str(tmp_path / name)],
                   cwd=REPO / "scripts", check=True, capture_output=True)
    assert (tmp_path / name).read_bytes() == committed.read_bytes()  # written another day


def test_charts_use_the_font_shipped_with_matplotlib():
    """A system font of the same name would make the PNG depend on the machine."""
    import matplotlib
    from matplotlib import font_manager

    from generator.rendering.charts import FONT, STYLE

    with matplotlib.rc_context(STYLE):
        for weight in ("normal", "bold"):
            path = font_manager.findfont(font_manager.FontProperties(family=FONT, weight=weight),
                                         fallback_to_default=False)
            assert Path(path).is_relative_to(matplotlib.get_data_path()), path


@pytest.mark.parametrize("expression", ["report.charts.targets._data", "report.charts.targets._draw",
                                        "report.charts.__class__"])
def test_a_template_cannot_reach_into_a_chart(programme, fsegen, expression):
    """Charts are drawn by fsegen from the figures: prose and templates see their title and
    alternative text, never the drawer or its data."""
    edit(programme, "content/documents/relazione-intermedia.yaml",
         "del costo complessivo.", "del costo complessivo. {{ " + expression + " }}")
    refused(fsegen(programme, "build", "relazione-intermedia"), "not allowed")


@pytest.mark.slow
def test_an_incremental_build_redraws_the_reports_whose_figures_changed(programme, fsegen):
    assert fsegen(programme, "build").exit_code == 0
    output = programme / "output"
    before = {p.name: p.read_bytes() for p in output.glob("*.docx")}
    edit(programme, IMPORTED, "tirocini: 11", "tirocini: 12")  # IN-LAV, first semester
    assert fsegen(programme, "build").exit_code == 0
    changed = sorted(p.name for p in output.glob("*.docx") if p.read_bytes() != before[p.name])
    assert "relazione-intermedia.docx" in changed
    assert "relazione-intermedia-progetto-in-lav.docx" in changed
    assert not [name for name in changed if name.startswith(("scheda", "formulario", "integrazione"))]
    text = docx_to_text((output / "relazione-intermedia-progetto-in-lav.docx").read_bytes())
    assert "Tirocini di inclusione avviati – tirocini | 42 | 13 | 25 | 59,5%" in text
