"""Monitoring kept as an office keeps it: one row per participant, one row per expense.

The example's workbook (invented people) is imported by the README's command into totals
with breakdowns by gender, age and status; no name or codice fiscale of a person reaches
content/ or output/; every bad cell is named with file, row and column and nothing is written;
a sheet of a layout fsegen was not written for imports through a mapping alone; and the
indicators follow the regulation of the call's programming period.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.content.loading import load_content
from generator.importing.spreadsheets import Cell
from generator.importing.values import as_day
from generator.model.common_indicators import CATALOGUES, catalogue
from generator.rendering.text import docx_to_text
from tests.conftest import EXAMPLE_SHA256, REPO, check_fails, check_json, edit, italian, refused, run_fsegen

SHEET = "monitoring/monitoraggio-esempio.xlsx"
IMPORTED = "content/monitoring/monitoraggio-esempio.yaml"


@pytest.fixture
def programme(example: Path) -> Path:
    """The example with its workbook of participants and expenses and its mapping."""
    shutil.copytree(REPO / "monitoring", example / "monitoring")
    return example


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def people(path: Path) -> tuple[set[str], set[str]]:
    """The codici fiscali and the surnames + names of the workbook's participants."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["Partecipanti"].iter_rows(values_only=True))
    header = rows[0]
    codes = {r[header.index("Codice fiscale")] for r in rows[1:]}
    names = {f"{r[header.index('Cognome')]} {r[header.index('Nome')]}" for r in rows[1:]}
    return codes, names


# --- the example ----------------------------------------------------------------------------


def test_the_readme_command_imports_the_example_workbook_into_totals_with_breakdowns(programme, fsegen):
    committed = (programme / IMPORTED).read_bytes()
    (programme / IMPORTED).unlink()
    result = fsegen(programme, "import", "monitoring", SHEET)
    assert result.exit_code == 0, result.output
    assert "10 project report(s) for 2 period(s) (s1, s2), 80 value(s)" in result.output
    assert ("left out (not written): N., Cognome, Nome, Codice fiscale (read only to count each "
            "participant once), Comune di residenza, Telefono") in result.output
    assert (programme / IMPORTED).read_bytes() == committed
    record = load_content(programme / "content").content.monitoring["s1"]["ciao"]
    assert record.source.sha256 == hashlib.sha256((programme / SHEET).read_bytes()).hexdigest()
    assert record.source.row is None and record.source.rows == 42
    split = record.breakdowns["partecipanti"]
    assert sum(split.gender.values()) == sum(split.age.values()) == record.achieved["partecipanti"]
    assert set(split.age) <= {"meno-di-25", "25-54", "oltre-54"}  # the bands of Reg. 1304/2013
    assert record.achieved["occupati"] == 0  # no one concluded in the first semester


def test_the_totals_are_what_the_rows_say(programme):
    """Counted again here, from the workbook, without fsegen's importer."""
    book = openpyxl.load_workbook(programme / SHEET)
    rows = list(book["Partecipanti"].iter_rows(values_only=True))
    h = rows[0]
    s2 = [r for r in rows[1:] if r[h.index("Progetto")] == "IN-LAV"
          and dt.date(2021, 4, 1) <= r[h.index("Data presa in carico")].date() <= dt.date(2021, 9, 30)]
    women = sum(1 for r in s2 if r[h.index("Sesso")] == "F")
    spent = sum(Decimal(str(r[5])) for r in book["Spese"].iter_rows(min_row=2, values_only=True)
                if r[0] == "IN-LAV" and r[1] == "Personale" and r[4].date() >= dt.date(2021, 4, 1))
    record = load_content(programme / "content").content.monitoring["s2"]["in-lav"]
    assert record.achieved["partecipanti"] == len(s2)
    assert record.breakdowns["partecipanti"].gender["F"] == women
    assert record.spent["Personale e coordinamento"] == spent


def test_the_example_script_writes_the_committed_workbook_again(tmp_path):
    import subprocess
    import sys

    subprocess.run([sys.executable, str(REPO / "scripts/make_monitoring_example.py"),
                    str(tmp_path / "x.xlsx")], cwd=REPO / "scripts", check=True, capture_output=True)
    assert (tmp_path / "x.xlsx").read_bytes() == (REPO / SHEET).read_bytes()


def test_no_codice_fiscale_nor_name_of_a_participant_reaches_content_or_output(programme, fsegen):
    codes, names = people(programme / SHEET)
    assert len(codes) > 200 and all(len(c) == 16 for c in codes)
    (programme / IMPORTED).unlink()
    assert fsegen(programme, "import", "monitoring", SHEET).exit_code == 0
    assert fsegen(programme, "build", "--format", "docx,md").exit_code == 0
    texts = []
    for folder in ("content", "output"):
        for path in (programme / folder).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                texts.append(docx_to_text(data) if path.suffix == ".docx" else data.decode("utf-8", "replace"))
    assert len(texts) > 20
    found = [c for c in codes if any(c in t or c.lower() in t for t in texts)]
    found += [n for n in names if any(n in t for t in texts)]
    assert found == []
    report = docx_to_text((programme / "output/relazione-intermedia.docx").read_bytes())
    assert "Sesso | donne |" in report and "Età all'ingresso | più di 54 anni |" in report


def test_the_example_reports_carry_breakdowns_narrative_and_the_right_period(programme, fsegen):
    assert fsegen(programme, "build", "relazione-intermedia", "relazione-intermedia-progetto").exit_code == 0
    text = docx_to_text((programme / "output/relazione-intermedia.docx").read_bytes())
    for heading in ("ATTIVITÀ SVOLTE", "CRITICITÀ E AZIONI CORRETTIVE", "PROSSIME ATTIVITÀ",
                    "PARTECIPANTI PER SESSO, ETÀ E CONDIZIONE"):
        assert f"\n{heading}\n" in text
    assert "(CR04)" in text and "EECR" not in text and "EECO" not in text
    assert re.search(r"Condizione all'ingresso \| disoccupati \| \d+ \| \d+,\d%", text)
    assert "righe totalizzate" in text and "Impronta SHA-256 di monitoraggio-esempio.xlsx" in text
    reports = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
               for p in (programme / "output").glob("relazione-*.docx")}
    assert len(reports) == 6 and reports == {k: v for k, v in EXAMPLE_SHA256.items() if k in reports}


def _section(text: str, heading: str) -> str:
    """The text of a report's section: from its heading to the next heading in capitals."""
    after = text.split(f"\n{heading}\n", 1)[1]
    return re.split(r"\n[A-ZÀÈÉÌÒÙ ,]{6,}\n", after, maxsplit=1)[0]


def test_each_project_report_tells_its_own_story(programme, fsegen):
    """A report per project prints, in each narrative section, the shared text and then that
    project's own (`for_item`), never another project's."""
    assert fsegen(programme, "build", "relazione-intermedia-progetto").exit_code == 0
    source = yaml.safe_load((programme / "content/documents/relazione-intermedia-progetto.yaml")
                            .read_text(encoding="utf-8"))
    titles = {"attivita": "ATTIVITÀ SVOLTE", "criticita": "CRITICITÀ E AZIONI CORRETTIVE",
              "prossime-attivita": "PROSSIME ATTIVITÀ"}
    narrative = [s for s in source["sections"] if s.get("id") in titles]
    projects = list(yaml.safe_load((programme / "content/projects.yaml").read_text(encoding="utf-8"))["projects"])
    assert [sorted(s["for_item"]) for s in narrative] == [sorted(projects)] * 3
    for project in projects:
        text = docx_to_text((programme / f"output/relazione-intermedia-progetto-{project}.docx").read_bytes())
        for section in narrative:
            printed = " ".join(_section(text, titles[section["id"]]).split())
            for other, blocks in section["for_item"].items():
                typed = " ".join(blocks[0].split("{{")[0].split())  # the words before any fact
                assert (typed in printed) == (other == project), (project, section["id"], other)
            shared = " ".join(section["body"][0].split("{{")[0].split()) if section.get("body") else ""
            assert printed.startswith(shared)


def test_a_project_without_its_own_text_is_warned_by_name(example, fsegen):
    name = "content/documents/relazione-intermedia-progetto.yaml"
    source = (example / name).read_text(encoding="utf-8")
    start = source.index("      in-lav:\n", source.index("  - id: criticita"))
    end = source.index("      work-in-progress:\n", start)
    (example / name).write_text(source[:start] + source[end:], encoding="utf-8")
    line = source[:source.index("    for_item:", source.index("  - id: criticita"))].count("\n") + 1
    check_fails(fsegen, example, "report-narrative", f"{name}:{line}",
                "the section `criticita` tells nothing of its own in relazione-intermedia-progetto-in-lav",
                "by the id of the item (`<id>: [...]`)", strict=True)


def test_each_project_s_missing_text_is_its_own_file_s_and_acknowledged_alone(example, fsegen):
    """A project whose text is missing, or blank, is named on its own file only (status, and
    the acknowledgement of one project's leaves another's reported)."""
    name = "content/documents/relazione-intermedia-progetto.yaml"
    source = (example / name).read_text(encoding="utf-8")
    start = source.index("  - id: criticita")
    for project in ("in-lav", "vulnerabilita"):
        begin = source.index(f"      {project}:\n", start)
        end = source.index("\n  - id:", begin) if project == "vulnerabilita" else \
            source.index("      work-in-progress:\n", begin)
        source = source[:begin] + (f"      {project}: ['']\n" if project == "vulnerabilita" else "") \
            + source[end + (1 if project == "vulnerabilita" else 0):]
    (example / name).write_text(source, encoding="utf-8")
    status = fsegen(example, "status").output
    rows = {line.split()[0]: line for line in status.splitlines() if line.startswith("relazione-intermedia-progetto-")}
    assert "report-narrative" in rows["relazione-intermedia-progetto-in-lav"]
    assert "report-narrative" in rows["relazione-intermedia-progetto-vulnerabilita"]  # a blank text tells nothing
    assert "report-narrative" not in rows["relazione-intermedia-progetto-ciao"]
    with (example / "content/accept.yaml").open("a", encoding="utf-8") as accept:
        accept.write("  - rule: report-narrative\n    path: documents.relazione-intermedia-progetto.sections[4]"
                     ".for_item.in-lav\n    reason: nessuna criticità nel periodo\n    who: Ufficio FSE\n"
                     "    date: 2021-10-20\n")
    _, found = check_json(fsegen, example, rule="report-narrative")
    assert [f["path"] for f in found] == ["documents.relazione-intermedia-progetto.sections[4].for_item.vulnerabilita"]


# --- bad rows: each named, nothing written ----------------------------------------------------


def test_a_participant_twice_an_unknown_gender_and_an_expense_outside_the_project_are_refused(programme, fsegen):
    path = programme / SHEET
    book = openpyxl.load_workbook(path)
    sheet = book["Partecipanti"]
    h = [c.value for c in sheet[1]]
    sheet.append([c.value for c in sheet[2]])  # row 2's participant again, same period
    last = sheet.max_row
    sheet.cell(row=3, column=h.index("Sesso") + 1, value="X")
    sheet.cell(row=4, column=h.index("Tirocinio avviato") + 1, value="forse")
    spese = book["Spese"]
    spese.append(["IN-LAV", "Personale", "Cedolini", "1/2023", dt.datetime(2023, 1, 10), 100.0])
    spese.append(["IN-LAV", "Catering", "Bar", "2/2021", dt.datetime(2021, 5, 10), 80.0])
    book.save(path)
    before = tree_digest(programme / "content")
    out = refused(fsegen(programme, "import", "monitoring", SHEET))
    g, t = chr(65 + h.index("Sesso")), chr(65 + h.index("Tirocinio avviato"))
    assert f"{SHEET}:{last}:5: error: cell E{last} (Codice fiscale): the participant of row 2 appears again" in out
    assert f"{SHEET}:3:{h.index('Sesso') + 1}: error: cell {g}3 (Sesso): gender 'X' is not in the mapping" in out
    assert f"{SHEET}:4:{h.index('Tirocinio avviato') + 1}: error: cell {t}4 (Tirocinio avviato): 'forse' is not Sì or No" in out
    n = spese.max_row
    assert f"{SHEET}:{n - 1}:5: error: cell E{n - 1} (Data pagamento): expense dated 10/01/2023 is outside the dates of project in-lav" in out
    assert f"{SHEET}:{n}:2: error: cell B{n} (Voce di spesa): project in-lav has no budget line 'Catering'" in out
    assert "5 problem(s)" in out and "nothing was imported" in out
    assert tree_digest(programme / "content") == before
    for code in people(path)[0]:
        assert code not in out  # not even in a message


def test_an_italian_office_reads_the_import_in_italian(programme):
    path = programme / SHEET
    book = openpyxl.load_workbook(path)
    sheet = book["Partecipanti"]
    h = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=h.index("Sesso") + 1, value="X")
    sheet.cell(row=4, column=h.index("Tirocinio avviato") + 1, value="forse")
    book.save(path)
    refusal = run_fsegen(programme, "import", "monitoring", SHEET, env=italian())
    assert refusal.returncode != 0
    assert "(Sesso): genere 'X' non presente nella mappatura" in refusal.stderr
    assert "(Tirocinio avviato): 'forse' non è né Sì né No" in refusal.stderr
    assert "2 problemi in" in refusal.stderr and "non è stato importato nulla" in refusal.stderr
    assert "is not in the mapping" not in refusal.stderr
    shutil.copy(REPO / SHEET, path)
    done = run_fsegen(programme, "import", "monitoring", SHEET, env=italian())
    assert done.returncode == 0, done.stderr
    assert "colonne escluse (non scritte): N., Cognome, Nome, Codice fiscale (letta solo per contare " \
           "ogni partecipante una volta)" in done.stderr


# --- a layout fsegen was not written for ----------------------------------------------------


OFFICE_CSV = """\
ELENCO DESTINATARI - Ambito Rhodense;;;;;;;;
;;;;;;;;
ID;Cod. fiscale;Cognome e nome;Genere;Età;Condizione;Ingresso;Uscita;Lavora all'uscita?;Progetto
1;RSSMRA80A01F205X;Rossi Mario;Maschio;41;disoccupato;12/10/2020;;;in-lav
2;VRDLCU90M41F205P;Verdi Lucia;Femmina;30;Inattiva;44150;15/06/2021;sì;in-lav
3;BNCGNN60T10F205Z;Bianchi Gianni;Maschio;60;OCCUPATO;02/05/2021;;;in-lav
4;FRRNNA99H50F205I;Ferrari Anna;Femmina;22;disoccupato;03/05/2021;20/09/2021;No;IN-LAV
;;;;;;;;
"""
OFFICE_EXPENSES = """\
Progetto;Capitolo;Data fattura;Importo
in-lav;Spese di personale;15/11/2020;1.250,50
in-lav;Spese di personale;20/05/2021;2.000,00
in-lav;Tirocini;01/06/2021;450,5
"""
OFFICE_MAPPING = """\
date: 2021-10-15
projects: {IN-LAV: in-lav}
delimiter: ";"
participants:
  header_row: 3
  columns: {project: Progetto, person: Cod. fiscale, entry: Ingresso, exit: Uscita,
            gender: Genere, age: Età, status: Condizione}
  genders: {Maschio: M, Femmina: F}
  statuses: {disoccupato: disoccupato, inattiva: inattivo, occupato: occupato}
  counts:
    partecipanti: {}
    occupati: {column: Lavora all'uscita?, at: exit}
"""


def test_an_office_csv_of_another_layout_imports_through_a_mapping_alone(programme, fsegen):
    """Title rows, other headers and order, an age instead of a date of birth, "Femmina", an
    Excel serial date (44150 is 15/11/2020) beside dd/mm/yyyy, "sì" in lower case, a label in
    capitals: no code for it, only the mapping."""
    (programme / "ufficio").mkdir()
    (programme / "ufficio/destinatari.csv").write_text(OFFICE_CSV, encoding="cp1252")
    (programme / "ufficio/mappa.yaml").write_text(OFFICE_MAPPING, encoding="utf-8")
    for name in ("monitoraggio-esempio.yaml",):
        (programme / "content/monitoring" / name).unlink()
    result = fsegen(programme, "import", "monitoring", "ufficio/destinatari.csv", "--mapping",
                    "ufficio/mappa.yaml")
    assert result.exit_code == 0, result.output
    assert "left out (not written): ID, Cod. fiscale (read only to count each participant once), Cognome e nome\n" in result.output
    content = load_content(programme / "content").content
    s1, s2 = content.monitoring["s1"]["in-lav"], content.monitoring["s2"]["in-lav"]
    assert s1.achieved == {"partecipanti": 2, "occupati": 0}
    assert s1.breakdowns["partecipanti"].gender == {"F": 1, "M": 1}
    assert s1.breakdowns["partecipanti"].status == {"disoccupato": 1, "inattivo": 1}
    assert s2.achieved == {"partecipanti": 2, "occupati": 1}
    assert s2.breakdowns["partecipanti"].age == {"meno-di-25": 1, "oltre-54": 1}
    assert s2.breakdowns["occupati"].gender == {"F": 1}
    written = (programme / "content/monitoring/destinatari.yaml").read_text(encoding="utf-8")
    assert "Rossi" not in written and "RSSMRA80A01F205X" not in written

    (programme / "ufficio/spese.csv").write_text(OFFICE_EXPENSES, encoding="utf-8")
    (programme / "ufficio/spese.yaml").write_text(
        "date: 2021-10-15\nexpenses:\n  columns: {project: Progetto, line: Capitolo, date: Data fattura,"
        " amount: Importo}\n  lines: {Spese di personale: Personale e coordinamento,"
        " Tirocini: Servizi al lavoro e tirocini}\n", encoding="utf-8")
    (programme / "content/monitoring/destinatari.yaml").unlink()
    result = fsegen(programme, "import", "monitoring", "ufficio/spese.csv", "--mapping", "ufficio/spese.yaml")
    assert result.exit_code == 0, result.output
    content = load_content(programme / "content").content
    assert content.monitoring["s1"]["in-lav"].spent == {"Personale e coordinamento": Decimal("1250.50")}
    assert content.monitoring["s2"]["in-lav"].spent == {"Personale e coordinamento": Decimal(2000),
                                                        "Servizi al lavoro e tirocini": Decimal("450.5")}


def test_searching_for_a_job_and_having_one_upon_leaving_exclude_each_other_in_2021_2027(programme, fsegen):
    """The Commission's SFC2021 guidance: EECR01 and EECR04 count one participant once, in the
    last change of status within four weeks; a row that says Sì to both is refused at its cell."""
    edit(programme, "content/programme.yaml", "operational_programme: POR-FSE Regione Lombardia",
         "operational_programme: PR FSE+ Regione Lombardia 2021-2027")
    edit(programme, "content/indicators.yaml", "code: CR04", "code: EECR04")
    edit(programme, "content/indicators.yaml", "  tirocini:\n", "  in-cerca:\n    name: In cerca di lavoro\n"
         "    unit: persone\n    code: EECR01\n    kind: risultato\n    part_of: partecipanti\n"
         "    definition: Partecipanti che cercano lavoro all'uscita.\n  tirocini:\n")
    (programme / "ufficio").mkdir()
    sheet = OFFICE_CSV.replace("Lavora all'uscita?;Progetto", "Lavora all'uscita?;Progetto;Cerca lavoro?")
    sheet = sheet.replace("15/06/2021;sì;in-lav", "15/06/2021;sì;in-lav;Sì")
    (programme / "ufficio/destinatari.csv").write_text(sheet, encoding="cp1252")
    (programme / "ufficio/mappa.yaml").write_text(OFFICE_MAPPING + "    in-cerca: {column: Cerca lavoro?, at: exit}\n",
                                                  encoding="utf-8")
    (programme / IMPORTED).unlink()
    before = tree_digest(programme / "content")
    result = fsegen(programme, "import", "monitoring", "ufficio/destinatari.csv", "--mapping", "ufficio/mappa.yaml")
    assert result.exit_code == 1 and "1 problem(s)" in result.output, result.output
    assert "ufficio/destinatari.csv:5:9: error: cell I5 (Lavora all'uscita?): the participant counts as EECR01 and " \
           "EECR04, which exclude each other" in result.output, result.output
    assert "SFC2021" in result.output and tree_digest(programme / "content") == before


@pytest.mark.parametrize(("value", "day"), [(44150, dt.date(2020, 11, 15)), (44150.0, dt.date(2020, 11, 15)),
                                            ("15/11/2020", dt.date(2020, 11, 15)), ("44150", dt.date(2020, 11, 15)),
                                            (dt.datetime(2020, 11, 15, 0, 0), dt.date(2020, 11, 15))])
def test_dates_as_excel_numbers_text_or_cells(value, day):
    assert as_day(Cell(value, "f.csv", 2, 3)) == day


@pytest.mark.parametrize("value", [12, "12/13/2020", "domani"])
def test_what_is_not_a_date_says_so(value):
    with pytest.raises(ValueError, match="not a date"):
        as_day(Cell(value, "f.csv", 2, 3))


# --- indicators of the call's period ------------------------------------------------------------


def test_the_catalogues_hold_the_official_codes_of_each_period():
    old, new = CATALOGUES["2014-2020"], CATALOGUES["2021-2027"]
    assert [c for c in old.indicators if c.startswith("CO")] == [f"CO{n:02d}" for n in range(1, 24)]
    assert [c for c in old.indicators if c.startswith("CR")] == [f"CR{n:02d}" for n in range(1, 10)]
    assert list(new.indicators) == [f"EECO{n:02d}" for n in range(1, 20)] + [f"EECR{n:02d}" for n in range(1, 7)]
    assert "1304/2013" in old.source and "2021/1057" in new.source
    assert old.band(24).id == "meno-di-25" and old.band(55).id == "oltre-54"
    assert new.band(17).id == "meno-di-18" and new.band(29).id == "18-29" and new.band(55).id == "55-e-oltre"
    assert "NB" in new.genders and "NB" not in old.genders
    assert catalogue(None) is None


def test_a_code_of_the_other_period_is_refused_with_the_right_one(example, fsegen):
    edit(example, "content/indicators.yaml", "code: CR04", "code: EECR04")
    check_fails(fsegen, example, "indicator-codes", "content/indicators.yaml:31",
                "EECR04 is a common indicator of 2021-2027", "the call is of 2014-2020", "use CR04")


def test_a_2021_2027_call_takes_the_esf_plus_codes(example, fsegen):
    edit(example, "content/programme.yaml", "operational_programme: POR-FSE Regione Lombardia",
         "operational_programme: PR FSE+ Regione Lombardia 2021-2027")
    check_fails(fsegen, example, "indicator-codes", "content/indicators.yaml:31",
                "CR04 is a common indicator of 2014-2020", "use EECR04")


def test_a_result_indicator_must_be_declared_as_one(example, fsegen):
    edit(example, "content/indicators.yaml", "    kind: risultato\n", "")
    check_fails(fsegen, example, "indicator-codes", "content/indicators.yaml:28",
                "CR04 is an indicator of risultato")


def test_a_breakdown_that_does_not_add_up_is_refused(example, fsegen):
    edit(example, IMPORTED, '            "F": 19', '            "F": 18')
    check_fails(fsegen, example, "indicator-breakdowns", f"{IMPORTED}:26",
                "the breakdown by gender adds up to 27", "is 28")


def test_a_subset_larger_than_its_whole_is_refused(example, fsegen):
    edit(example, "content/indicators.yaml", "  tirocini:\n", "  disoccupati:\n    name: Disoccupati\n"
         "    unit: persone\n    code: CO01\n    part_of: partecipanti\n    definition: Disoccupati all'ingresso.\n"
         "  lunga-durata:\n    name: Disoccupati di lunga durata\n    unit: persone\n    code: CO02\n"
         "    part_of: partecipanti\n    definition: Disoccupati da oltre dodici mesi.\n  tirocini:\n")
    edit(example, IMPORTED, "        partecipanti: 28\n", "        partecipanti: 28\n        disoccupati: 5\n"
         "        lunga-durata: 7\n")
    check_fails(fsegen, example, "indicator-subsets", f"{IMPORTED}:17", "7 counted as CO02 but only 5 as CO01")


def test_a_persons_codice_fiscale_in_the_content_is_refused(example, fsegen):
    edit(example, "content/documents/relazione-intermedia.yaml", "Le équipe multiprofessionali",
         "La signora con codice fiscale VRDLCU90M41F205G e le équipe multiprofessionali")
    check_fails(fsegen, example, "personal-data", "content/documents/relazione-intermedia.yaml:43",
                "holds a person's codice fiscale (VRD*************)")
    _, found = check_json(fsegen, example)
    assert not any("VRDLCU90M41F205G" in f["message"] + (f["hint"] or "") for f in found)


def test_a_report_without_its_narrative_sections_is_warned(example, fsegen):
    edit(example, "content/documents/relazione-intermedia.yaml", "  - id: criticita\n    title:",
         "  - title:")
    check_fails(fsegen, example, "report-narrative", "content/documents/relazione-intermedia.yaml:24",
                "the report has no section `criticita` (CRITICITÀ E AZIONI CORRETTIVE)", strict=True)


# --- the report's tables as .xlsx -----------------------------------------------------------------


def test_each_report_comes_with_its_tables_as_xlsx_that_agree_with_it(programme, fsegen):
    import json

    assert fsegen(programme, "build", "relazione-intermedia", "relazione-intermedia-progetto").exit_code == 0
    out = programme / "output"
    assert sorted(p.name for p in out.glob("*-tabelle.xlsx")) == sorted(
        f"{p.stem}-tabelle.xlsx" for p in out.glob("relazione-*.docx"))
    first = (out / "relazione-intermedia-tabelle.xlsx").read_bytes()
    book = openpyxl.load_workbook(out / "relazione-intermedia-tabelle.xlsx")
    assert book.sheetnames == ["Indicatori", "Ripartizioni", "Spesa"]
    indicators = {r[0]: r for r in book["Indicatori"].iter_rows(min_row=2, values_only=True)}
    text = docx_to_text((out / "relazione-intermedia.docx").read_bytes()).replace("\u00a0", " ")
    row = indicators["Partecipanti occupati alla conclusione del percorso"]
    assert row[1] == "CR04"
    assert f"Partecipanti occupati alla conclusione del percorso (CR04) – persone | {row[3]} | {row[5]} | {row[6]} |" in text
    total = list(book["Spesa"].iter_rows(values_only=True))[-1]
    assert total[0] == "Totale" and f"{total[4]:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") in text
    women = next(r for r in book["Ripartizioni"].iter_rows(values_only=True)
                 if r[0] == "Persone prese in carico" and r[2] == "donne")
    assert f"Sesso | donne | {women[3]} |" in text
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "relazione-intermedia-tabelle.xlsx" in json.dumps(manifest)
    shutil.rmtree(out)
    assert fsegen(programme, "build", "relazione-intermedia").exit_code == 0
    assert (out / "relazione-intermedia-tabelle.xlsx").read_bytes() == first  # reproducible
