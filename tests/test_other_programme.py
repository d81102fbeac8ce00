"""A programme that is not Milan's fits the content model and the repository's templates.

`tests/programmes/consorzio/content` is a programme of our own: six projects over seven
ambiti of the provincia di Cuneo, answering an "avviso pubblico" of the PR FSE+ Piemonte
2021-2027, with other bodies, other measures (GOL, Assegno di inclusione, Supporto per la
formazione e il lavoro), partnerships, budgets and a timeline. It is built with the
repository's own `templates/`, unchanged, and its deliverables are read back and compared
with the facts of its YAML.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import docx
import pytest
import yaml

from generator.rendering.text import docx_to_text
from tests.conftest import PROGRAMMES, copy_programme, refused, run_fsegen

CONTENT = PROGRAMMES / "consorzio" / "content"


def load(name: str) -> dict:
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


def euro(value: Decimal) -> str:
    """Italian amount written independently of fsegen: 1.234,50 €."""
    whole, cents = f"{value.quantize(Decimal('0.01')):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{'.'.join(groups)},{cents} €"


def cells(table) -> list[list[str]]:
    """Rows of a Word table as text, NO-BREAK SPACE read as a space."""
    return [[c.text.replace("\u00a0", " ").strip() for c in row.cells] for row in table.rows]


def table_with_header(document, header: list[str]) -> list[list[str]]:
    for table in document.tables:
        rows = cells(table)
        if rows and rows[0] == header:
            return rows
    raise AssertionError(f"no table with header {header}")


PROJECTS = load("projects.yaml")["projects"]
ORGANISATIONS = {**load("organisations.yaml")["organisations"],
                 **load("partners.yaml")["organisations"]}
PEOPLE = load("organisations.yaml")["people"]
DISTRICTS = load("territory.yaml")["districts"]
PROGRAMME_DATA = load("programme.yaml")


def project_total(project: dict) -> Decimal:
    return sum((Decimal(str(line["amount"])) for line in project["budget"]["lines"]), Decimal(0))


@pytest.fixture
def built(built_programme) -> Path:
    """The programme copied with the repository's templates and built strictly, once."""
    return built_programme("consorzio") / "output"


def test_the_programme_passes_a_strict_check_with_no_finding_at_all(tmp_path):
    check = run_fsegen(copy_programme("consorzio", tmp_path), "check", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "23 deliverables checked, 0 errors, 0 warnings" in check.stdout
    assert check.stderr == ""


def test_one_sheet_per_project(built):
    sheets = sorted(p.name for p in built.glob("scheda-*.docx"))
    assert len(sheets) == 6
    assert sheets == sorted(f"scheda-{project_id}.docx" for project_id in PROJECTS)
    declarations = {f"dichiarazione-partenariato-{project_id}-{partner['organisation']}.docx"
                    for project_id, project in PROJECTS.items() for partner in project["partners"]}
    assert {p.name for p in built.glob("*.docx")} == set(sheets) | declarations | {
        "formulario.docx", "integrazione-formulario.docx"}


@pytest.mark.parametrize("project_id", list(PROJECTS))
def test_each_sheet_has_its_project(built, project_id):
    project = PROJECTS[project_id]
    path = built / f"scheda-{project_id}.docx"
    text = docx_to_text(path)
    document = docx.Document(str(path))
    lead = ORGANISATIONS[project["lead"]]["name"]
    summary = {row[0]: row[1] for row in cells(document.tables[0])}
    assert summary["Progetto"] == project["title"]
    assert summary["Ente capofila"].startswith(lead)
    for partner in project["partners"]:
        assert ORGANISATIONS[partner["organisation"]]["name"] in summary["Partner"]
    assert f"Ente capofila: {lead}." in text
    territory = table_with_header(document, ["Ambito", "Distretti", "ASL"])  # the call's words
    assert [row[0] for row in territory[1:]] == [DISTRICTS[d]["name"] for d in project["districts"]]
    assert [row[2] for row in territory[1:]] == [
        ORGANISATIONS[DISTRICTS[d]["asst"]]["name"] for d in project["districts"]]
    budget = {row[0]: row[1] for row in table_with_header(document, ["Voce di spesa", "Importo", "%"])}
    total = project_total(project)
    public = Decimal(str(project["budget"]["public_contribution"]))
    assert budget["Totale"] == euro(total)
    assert budget["Contributo pubblico richiesto"] == euro(public)
    assert budget["Cofinanziamento"] == euro(total - public)
    assert "Importi illustrativi" not in text
    assert "Il Legale Rappresentante\nDott.ssa Chiara Ghibaudo\n" in text
    assert "Cuneo, 10 luglio 2023" in text


def test_form_tables_come_from_the_data(built):
    document = docx.Document(str(built / "formulario.docx"))
    proponent = {row[0]: row[1] for row in cells(document.tables[0])}
    assert proponent["Ente proponente"] == "Consorzio Socio Assistenziale del Cuneese"
    assert proponent["Codice fiscale"] == "96001250040"
    assert proponent["Legale rappresentante"] == "Chiara Ghibaudo"
    assert proponent["Programma regionale"] == "PR FSE+ Piemonte 2021-2027, Priorità 3 (inclusione sociale)"
    assert proponent["Scadenza"] == "14/07/2023"

    context = table_with_header(document, ["Ambito territoriale", "ASL di riferimento", "Progetto"])
    expected = [(DISTRICTS[d]["asst"], project["title"])
                for project in PROJECTS.values() for d in project["districts"]]
    assert len(context) - 1 == len(DISTRICTS) == 7
    assert [row[1] for row in context[1:]] == [ORGANISATIONS[a]["name"] for a, _ in expected]
    assert [row[2] for row in context[1:]] == [title for _, title in expected]
    assert all(row[1] != "—" and row[1] for row in context[1:])
    assert context[2][0] == "Monregalese (Mondovì e Ceva)"

    projects = table_with_header(document, ["N.", "Progetto", "Ente capofila", "Ambiti territoriali"])
    assert [row[0] for row in projects[1:]] == ["1", "2", "3", "4", "5", "6"]
    assert [row[2] for row in projects[1:]] == [
        ORGANISATIONS[p["lead"]]["name"] for p in PROJECTS.values()]
    assert projects[5][3] == "Fossanese e Saviglianese"

    network = table_with_header(document, ["Ente", "Tipologia", "Ruolo nel Programma",
                                           "Codice fiscale / P. IVA"])
    names = [row[0] for row in network[1:]]
    for partner in ["Cooperativa Sociale Il Pellicano", "APRO Formazione s.c.r.l.",
                    "Associazione Il Filo di Arianna ODV", "Agenzia Piemonte Lavoro"]:
        assert partner in names
    assert len(names) == len(set(names))  # every body once, with all its roles

    measures = table_with_header(document, ["Misura", "Livello", "Fondo / Asse",
                                            "Relazione con il Programma"])
    assert [row[0] for row in measures[1:4]] == [
        "Programma Garanzia di occupabilità dei lavoratori (GOL)", "Assegno di inclusione (ADI)",
        "Supporto per la formazione e il lavoro (SFL)"]


def test_form_budget_totals_are_the_sums_of_the_content(built):
    document = docx.Document(str(built / "formulario.docx"))
    total = sum((project_total(p) for p in PROJECTS.values()), Decimal(0))
    public = sum((Decimal(str(p["budget"]["public_contribution"])) for p in PROJECTS.values()),
                 Decimal(0))
    assert (total, public) == (Decimal("2295500.50"), Decimal("2065950"))
    programme = {row[0]: row[1:] for row in table_with_header(document, ["Voce", "Importo", "%"])}
    assert programme["Costo totale"] == ["2.295.500,50 €", "100,0%"] == [euro(total), "100,0%"]
    assert programme["Contributo pubblico richiesto"] == [euro(public), "90,0%"]
    assert programme["Cofinanziamento"] == ["229.550,50 €", "10,0%"] == [euro(total - public), "10,0%"]
    per_project = [rows for rows in map(cells, document.tables) if rows[0] == ["Voce di spesa", "Importo", "%"]]
    assert len(per_project) == 6
    first = {row[0]: row[1] for row in per_project[0]}
    assert first["Comunicazione e valutazione"] == "12.000,50 €"
    assert first["Totale"] == "472.800,50 €"
    text = docx_to_text(built / "formulario.docx")
    assert "Importi illustrativi" not in text
    assert "ammonta a 2.065.950,00 €, entro il massimo di 2.400.000,00 €" in text.replace("\u00a0", " ")


def test_form_timeline_and_signature(built):
    document = docx.Document(str(built / "formulario.docx"))
    timeline = table_with_header(document, ["Fase", "Inizio", "Fine"])
    assert timeline[1:] == [
        ["Avvio, costituzione della Cabina di regia e prima presa in carico", "08/01/2024", "31/03/2024"],
        ["Percorsi personalizzati di inclusione attiva e tirocini", "01/04/2024", "30/06/2025"],
        ["Consolidamento, valutazione e rendicontazione finale", "01/07/2025", "31/12/2025"],
    ]
    assert [p["name"] for p in PROGRAMME_DATA["programme"]["timeline"]] == [r[0] for r in timeline[1:]]
    text = docx_to_text(built / "formulario.docx")
    assert "Avvio delle attività: 8 gennaio 2024; conclusione: 31 dicembre 2025." in text
    assert text.rstrip().endswith(
        "Cuneo, 10 luglio 2023\nIl Legale Rappresentante\nDott.ssa Chiara Ghibaudo\n"
        "(Documento firmato digitalmente ai sensi del D.Lgs. n. 82/2005 e norme collegate)")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "SOGGETTO PROPONENTE E CAPOFILA DEL PROGRAMMA"
    assert len(headings) == 8
    header = [p.text for s in document.sections for p in s.header.paragraphs]
    assert header[0].startswith("BOZZA")  # its documents are bozze: stamped on every page
    assert header[1] == "Fascicolo 7.2.1/2023/118"
    for line in ["persone beneficiarie dell'Assegno di inclusione non ancora attivabili al lavoro;",
                 "giovani tra i 18 e i 29 anni in uscita da percorsi di tutela o di accoglienza."]:
        assert line in text


def test_annex_counts_and_names_from_the_data(built):
    path = built / "integrazione-formulario.docx"
    document = docx.Document(str(path))
    text = docx_to_text(path)
    assert "Ciascuno dei sei progetti comprende" in text
    assert "si integra con tre misure nazionali" in text
    assert "sottoscrivono tre patti" in text
    assert "si appoggia ai 9 sportelli lavoro comunali" in text
    assert "in tre fasi (avvio: 8 gennaio 2024; conclusione: 31 dicembre 2025)" in text
    assert "formulario di candidatura presentato il 10 luglio 2023" in text
    assert "Consorzio Monviso Solidale dal 20 giugno 2023" in text
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 6
    for item, project in zip(numbered, PROJECTS.values()):
        assert project["title"] in item
        assert ORGANISATIONS[project["lead"]]["name"] in item
    assert ("inizialmente identificato in Comune di Fossano, trasferimento delle funzioni "
            "socio-assistenziali al Consorzio, e sostituito con Consorzio Monviso Solidale") \
        in numbered[4]
    assert "che comprende due distretti: Mondovì e Ceva" in numbered[1]
    form_titles = [s["title"] for s in load("documents/formulario.yaml")["sections"]]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["PARTENARIATO E RETE TERRITORIALE",
                        "COMPLEMENTARIETÀ CON ALTRE MISURE REGIONALI E NAZIONALI", "CRONOPROGRAMMA"]
    assert set(headings) <= set(form_titles)
    assert "Cuneo, 12 ottobre 2023\nIl Legale Rappresentante\nDott.ssa Chiara Ghibaudo" in text


def test_every_deliverable_is_signed_by_the_legal_representative_in_person(built):
    """The promoter's legal representative (as the content records her) signs each deliverable
    herself: no "Per il", no line of delegation between her name and the clause. (Each partner's
    declaration is signed by that partner's own: tests/test_per_item.py.)"""
    promoter = ORGANISATIONS[PROGRAMME_DATA["programme"]["promoter"]]
    person = PEOPLE[promoter["legal_representative"]]
    paths = sorted(p for p in built.glob("*.docx") if not p.name.startswith("dichiarazione-"))
    assert len(paths) == 8
    for path in paths:
        block = docx_to_text(path).rstrip().splitlines()[-3:]
        assert block[:2] == ["Il Legale Rappresentante", f"{person['honorific']} {person['name']}"], path.name
        assert block[2].startswith("(Documento firmato digitalmente"), path.name


def test_no_leftovers_in_any_deliverable(built):
    for path in built.glob("*.docx"):
        text = docx_to_text(path)
        for bad in ["None", "{{", "{%", "Milano", "ASSEMI", "Parravicini"]:
            assert bad not in text, (path.name, bad)


SEVENTH_PROJECT = """\
  valli-cuneesi:
    title: VALLI IN RETE
    districts:
      - cuneese
    lead: csac
    partners:
      - organisation: casa-carita
        role: formazione e servizi al lavoro
      - organisation: pellicano
        role: tirocini di inclusione
    budget:
      lines:
        - item: Personale e coordinamento
          amount: 90000
      public_contribution: 81000
"""


def test_a_seventh_project_on_a_covered_district_is_refused(tmp_path):
    folder = copy_programme("consorzio", tmp_path)
    projects = folder / "content" / "projects.yaml"
    before = projects.read_text(encoding="utf-8")
    projects.write_text(before + SEVENTH_PROJECT, encoding="utf-8")
    district_line = len(before.splitlines()) + SEVENTH_PROJECT.splitlines().index("      - cuneese") + 1

    result = run_fsegen(folder, "check", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    findings = json.loads(result.stdout)
    by_rule = {f["rule"]: f for f in findings}
    assert {"call-projects", "coverage"} <= set(by_rule), findings
    # the new project has no target groups, which the sheet's prose lists: reported too
    assert by_rule["prose"]["message"].startswith("in prose (for valli-cuneesi): elenco")

    too_many = by_rule["call-projects"]
    assert too_many["severity"] == "error"
    assert too_many["file"] == "content/projects.yaml"
    assert too_many["line"] == len(before.splitlines()) + 1  # the seventh project's id
    assert too_many["path"] == "projects.valli-cuneesi"
    assert too_many["message"] == "the programme has 7 projects; the call allows 1 to 6"

    twice = by_rule["coverage"]
    assert twice["file"] == "content/projects.yaml"
    assert twice["line"] == district_line
    assert twice["path"] == "projects.valli-cuneesi.districts[0]"
    assert "'cuneese' is covered twice" in twice["message"]

    refused(run_fsegen(folder, "build"), "the programme has 7 projects")
    assert not (folder / "output").exists() or not any((folder / "output").iterdir())


def test_public_contribution_above_the_total_is_refused(tmp_path):
    folder = copy_programme("consorzio", tmp_path)
    projects = folder / "content" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(text.replace("public_contribution: 425520", "public_contribution: 500000"),
                        encoding="utf-8")
    result = run_fsegen(folder, "check", "--format", "json")
    assert result.returncode == 1
    findings = [f for f in json.loads(result.stdout) if f["rule"] == "budgets"]
    assert findings and findings[0]["file"] == "content/projects.yaml"
    assert "exceeds the total cost" in findings[0]["message"]


def test_unknown_section_id_of_the_form_is_refused(tmp_path):
    folder = copy_programme("consorzio", tmp_path)
    form = folder / "content" / "documents" / "formulario.yaml"
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("  - id: budget", "  - id: piano-finanziario"), encoding="utf-8")
    result = run_fsegen(folder, "check", "--format", "json")
    assert result.returncode == 1
    findings = [f for f in json.loads(result.stdout) if f["rule"] == "templates"]
    assert findings and findings[0]["file"] == "content/documents/formulario.yaml"
    assert "no place for section id 'piano-finanziario'" in findings[0]["message"]
