"""Three programmes unlike Milan's fit the model and the repository's templates, unchanged.

- `lodigiano`: one ambito, two thematic projects over it (the call's coverage is
  `at-least-one`), a public-share cap of 80% met by co-financing lines that say who pays, a
  project submitted with its totals only.
- `esino`: a Marche call whose districts are "ambiti territoriali sociali" listing their comuni
  with residents, an ente referente other than the promoter, a delegate who signs.
- `maremma`: a Tuscan call with no programme level (one project), a private lead in an ATS,
  public bodies in coordination, a zona-distretto of an Azienda USL, an extended deadline, an
  evaluation outcome, an approximate co-financing; its text holds no Lombard word.

Each is checked strictly (no warning) and built once in the session (`built_programme`); the
tests read the text back.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from generator.rendering.text import docx_to_text
from tests.italian import problems


def texts_of(root: Path) -> dict[str, str]:
    """The text of each deliverable built in `root`, by output id (no-break spaces as spaces)."""
    return {p.stem: docx_to_text(p).replace("\u00a0", " ") for p in (root / "output").glob("*.docx")}


@pytest.fixture(scope="module")
def lodigiano(built_programme) -> dict[str, str]:
    return texts_of(built_programme("lodigiano"))


@pytest.fixture(scope="module")
def esino(built_programme) -> dict[str, str]:
    return texts_of(built_programme("esino"))


@pytest.fixture(scope="module")
def maremma(built_programme) -> Path:
    return built_programme("maremma")


def rows(text: str, first: str) -> list[list[str]]:
    """The table rows of `text` (cells joined by " | ") from the header starting with `first`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first + " | "))
    table = []
    for line in lines[start:]:
        if " | " not in line:
            break
        table.append(line.split(" | "))
    return table


def test_no_mistake_of_italian_and_no_tool_wording(lodigiano, esino, maremma):
    every = {**lodigiano, **{f"esino/{k}": v for k, v in esino.items()},
             **{f"maremma/{k}": v for k, v in texts_of(maremma).items()}}
    assert len(every) == 8  # 3 + 3 + 2 deliverables
    assert {name: found for name, text in every.items() if (found := problems(text))} == {}


# --- lodigiano: thematic projects over one ambito, co-financing cap ------------------------


def test_thematic_projects_share_their_one_district(lodigiano):
    form = lodigiano["formulario"]
    context = rows(form, "Ambito territoriale")
    assert context[0] == ["Ambito territoriale", "ASST di riferimento", "Progetti"]
    assert context[1] == ["Lodi", "ASST di Lodi",
                          "RETE INCLUSIONE LODIGIANA - Un sistema per l'inclusione attiva; "
                          "LODI LAVORA - Sportelli di prossimità per la ricerca del lavoro"]
    assert "La provincia di Lodi forma un ambito territoriale, con circa 227.000 abitanti." in form
    assert "I due progetti sono tematici" in form


def test_co_financing_says_who_pays_and_meets_the_cap(lodigiano):
    sheet = lodigiano["scheda-sistema-inclusione"]
    budget = {row[0]: row[1:] for row in rows(sheet, "Voce di spesa")}
    assert budget["Totale"] == ["250.000,00 €", "100,0%"]
    assert budget["Contributo pubblico richiesto"] == ["200.000,00 €", "80,0%"]
    assert budget["Cofinanziamento"] == ["50.000,00 €", "20,0%"]
    assert budget["di cui Azienda Speciale Consortile del Lodigiano per i Servizi alla Persona "
                  "(personale dipendente)"] == ["30.000,00 €", "12,0%"]
    assert budget["di cui Comune di Lodi (locali e utenze)"] == ["20.000,00 €", "8,0%"]
    network = {row[0]: row[2] for row in rows(lodigiano["formulario"], "Ente")}
    assert "co-finanziatore del progetto LODI LAVORA" in network["Comune di Codogno"]
    assert "Ciascun progetto è cofinanziato per almeno il 20% del suo costo" in lodigiano["formulario"]


def test_a_budget_of_totals_only_says_so(lodigiano):
    sheet = lodigiano["scheda-sportelli-lavoro"]
    assert ("Il piano finanziario è presentato per importi complessivi, senza il dettaglio "
            "delle voci di spesa.") in sheet
    budget = rows(sheet, "Voce di spesa")
    assert [row[0] for row in budget] == ["Voce di spesa", "Totale", "Contributo pubblico richiesto",
                                          "Cofinanziamento", "di cui Comune di Codogno (sede e "
                                          "personale dello sportello)"]
    assert "presentato per importi complessivi" not in lodigiano["scheda-sistema-inclusione"]
    programme = {row[0]: row[1:] for row in rows(lodigiano["formulario"], "Voce")}
    assert programme["Costo totale"] == ["400.000,00 €", "100,0%"]


def test_lodigiano_reads_as_italian(lodigiano):
    form = lodigiano["formulario"]
    assert "A CURA DELL'AZIENDA SPECIALE CONSORTILE DEL LODIGIANO PER I SERVIZI ALLA PERSONA" in form
    assert ("Il Programma risponde all'Avviso pubblico per il rafforzamento dei sistemi "
            "territoriali di inclusione attiva") in form
    assert "approvato con decreto dirigenziale n. 4412 del 28 marzo 2024 e pubblicato l'8 aprile 2024." in form
    assert "in breve A.S.C. \n" not in form and "A.S.C.." not in form
    assert "Lo presenta l'Azienda Speciale Consortile del Lodigiano per i Servizi alla Persona, in breve A.S.C.\n" in form
    assert "Programma regionale | PR FSE+ Lombardia 2021-2027" in form
    sheet = lodigiano["scheda-sportelli-lavoro"]
    assert "Il Comune di Lodi ne è l'ente capofila." in sheet
    assert "Enti in coordinamento | Centro per l'impiego di Lodi (presa in carico congiunta)" in sheet
    assert "Durata | 18 mesi" in sheet and "Destinatari previsti | 300" in sheet


# --- esino: comuni, a referente, a delegate --------------------------------------------------


def test_districts_list_their_comuni_with_residents(esino):
    sheet = esino["scheda-monti-al-lavoro"]
    territory = rows(sheet, "Ambito territoriale sociale")
    assert territory[0] == ["Ambito territoriale sociale", "Comuni", "AST"]
    assert territory[1] == ["Fabriano (44.800 abitanti)",
                            "Fabriano (29.800), Cerreto d'Esi (3.700), Genga (1.700), "
                            "Sassoferrato (6.900), Serra San Quirico (2.700)", "AST Ancona"]
    form = esino["formulario"]
    assert ("2. Progetto VALLE INSIEME. Ambito territoriale sociale di Jesi (ente capofila "
            "Comune di Jesi, CF 19730600657), che comprende quattro comuni: Jesi, Castelplanio, "
            "Cupramontana e Staffolo.") in form
    assert "Il territorio comprende due ambiti territoriali sociali e 9 comuni" in form
    assert "Fabriano (cinque comuni) | AST Ancona | MONTI AL LAVORO" in form


def test_the_referente_is_not_the_promoter(esino):
    form = esino["formulario"]
    network = {row[0]: row[2] for row in rows(form, "Ente")}
    assert network["Unione Montana dell'Esino-Frasassi"].startswith("ente promotore del Programma")
    assert network["Ufficio di Piano dell'Ambito Territoriale Sociale di Fabriano"] == \
        "ente referente del Programma"
    assert "Ente referente | Ufficio di Piano dell'Ambito Territoriale Sociale di Fabriano" in form
    assert "ente referente per la Regione è l'Ufficio di Piano dell'Ambito" in form


def test_the_delegation_is_printed_under_the_name(esino):
    for text in esino.values():
        assert text.rstrip().endswith(
            "Per il Presidente\nDott.ssa Giulia Rossini\n"
            "Delegata con decreto del Presidente n. 12 del 1° febbraio 2024\n"
            "(Documento firmato digitalmente ai sensi del D.Lgs. n. 82/2005)")


def test_roles_of_the_network_come_from_the_data(esino):
    sheet = esino["scheda-monti-al-lavoro"]
    assert "Rete di supporto | CPIA Ancona (corsi di lingua e di alfabetizzazione)" in sheet
    assert ("Enti in coordinamento | Comunità Montana dell'Esino-Frasassi in liquidazione "
            "(messa a disposizione delle sedi)") in sheet
    assert "Comunità Montana dell'Esino-Frasassi in liquidazione | Comunità montana |" in esino["formulario"]


# --- maremma: another region's call -----------------------------------------------------------

LOMBARD = [r"\bASST\b", r"\b[Aa]mbit[oi]\b", r"\b[Dd]istretti\b", r"\bLombard", r"\bPOR[- ]FSE\b",
           r"\bProgramma operativo\b", r"\bpiani di zona\b", r"\bDUL\b", r"\bDote unica\b",
           r"\bMilano\b", r"\bTotale Programma\b"]
"""Words of the Lombard call and of Milan's example that a Tuscan deliverable must not print."""


def test_no_lombard_word_in_a_tuscan_deliverable(maremma):
    texts = texts_of(maremma)
    assert set(texts) == {"formulario", "scheda-ponti-al-lavoro"}
    for name, text in texts.items():
        for pattern in LOMBARD:
            assert not re.search(pattern, text), (name, pattern, re.search(pattern, text))


def test_the_call_speaks_tuscan(maremma):
    form = texts_of(maremma)["formulario"]
    assert rows(form, "Zona-distretto")[0] == ["Zona-distretto", "Azienda USL di riferimento", "Progetto"]
    assert "N. | Progetto | Ente capofila | Zone-distretto" in form
    assert 'AVVISO PUBBLICO "SERVIZI DI ACCOMPAGNAMENTO AL LAVORO PER PERSONE IN CONDIZIONE DI SVANTAGGIO"' in form
    assert "A CURA DELL'ORIZZONTE IMPRESA SOCIALE S.R.L." in form
    assert "presentato dall'Orizzonte Impresa Sociale s.r.l., capofila dell'ATS (associazione temporanea di scopo)" in form
    assert ("Scadenza | 15/09/2023, prorogata al 16/10/2023 con decreto dirigenziale n. 18502 "
            "dell'8 settembre 2023") in form
    assert "la cui scadenza è stata prorogata al 16 ottobre 2023" in form
    assert "Approvato con | decreto dirigenziale della Regione Toscana n. 12345 del 20 giugno 2023" in form
    assert "Graduatoria | approvata con decreto dirigenziale n. 2210 del 6 febbraio 2024" in form
    assert ("Esito della valutazione | Ammesso e finanziato; punteggio 78,5 su 100; 4° in "
            "graduatoria su 27; contributo concesso 180.000,00 €") in form
    assert "Programma regionale | PR FSE+ Toscana 2021-2027" in form


def test_one_project_per_application(maremma):
    texts = texts_of(maremma)
    form = texts["formulario"]
    # the project's title is the application's; no programme totals copying the project's table
    # (line 0: the BOZZA stamp, the form being a bozza; line 4, the EU's statement)
    assert form.splitlines()[4] == "Cofinanziato dall'Unione europea"
    assert form.splitlines()[6] == "PONTI AL LAVORO - ACCOMPAGNAMENTO AL LAVORO IN MAREMMA"
    assert "Totale" in form and not re.search(r"^Costo totale", form, re.MULTILINE)
    assert form.count("Voce di spesa | Importo | %") == 1
    assert "Ruolo nel Progetto" in form and "ente promotore del Progetto" in form
    sheet = texts["scheda-ponti-al-lavoro"]
    assert sheet.splitlines()[4:8] == ["Cofinanziato dall'Unione europea", "SCHEDA PROGETTO", "PONTI AL LAVORO - ACCOMPAGNAMENTO AL LAVORO IN MAREMMA",
                                       "OGGETTO: Scheda progetto"]


def test_public_bodies_in_coordination_and_a_private_lead(maremma):
    texts = texts_of(maremma)
    sheet = texts["scheda-ponti-al-lavoro"]
    assert ("Partner dell'ATS | Il Girasole Cooperativa Sociale (tirocini e tutoraggio); Agenzia "
            "Formativa Maremma Lavoro (formazione per le competenze di base)") in sheet
    coordination = next(line for line in sheet.splitlines() if line.startswith("Enti in coordinamento"))
    for body in ["Società della Salute Amiata Grossetana", "Comune di Grosseto", "Centro per l'impiego di Grosseto"]:
        assert body in coordination
    network = {row[0]: (row[1], row[2]) for row in rows(texts["formulario"], "Ente")}
    assert network["L'Orizzonte Impresa Sociale s.r.l."][0] == "Impresa sociale"
    assert network["Comune di Grosseto"][1].startswith("in coordinamento con il progetto PONTI AL LAVORO")


def test_an_approximate_amount_says_circa(maremma):
    sheet = texts_of(maremma)["scheda-ponti-al-lavoro"]
    budget = {row[0]: row[1:] for row in rows(sheet, "Voce di spesa")}
    assert budget["Cofinanziamento"] == ["20.000,00 €", "10,0%"]
    assert budget["di cui Fondazione Grosseto Solidale (borse lavoro)"] == ["circa 20.000,00 €", "circa 10,0%"]


def test_personalised_plans_are_not_a_count_of_projects(maremma):
    form = texts_of(maremma)["formulario"]
    assert "almeno 60 progetti personalizzati di tirocinio" in form  # and check --strict passed


def test_maremma_signature_block_and_layout(maremma):
    document = docx.Document(str(maremma / "output" / "formulario.docx"))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    block = paragraphs[-4:]
    assert [p.text for p in block] == ["Grosseto, 12 ottobre 2023", "Il Legale Rappresentante", "Paolo Neri",
                                       "(Documento firmato digitalmente ai sensi del D.Lgs. n. 82/2005)"]
    assert all(p.paragraph_format.keep_together for p in block)
    assert [bool(p.paragraph_format.keep_with_next) for p in block] == [True, True, True, False]
