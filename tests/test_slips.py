"""No slip a reviewer would correct by hand: every deliverable of the example, of each programme of
tests/programmes/ and of an `fsegen init` skeleton (a Comune, a Città Metropolitana as promoter)
is scanned for each class of slip (tests/italian.py) with zero findings; each rule written for a
class fires on a mutation of the example and stays quiet on it.

The classes: meaning (conjunctions), facts recorded but printed nowhere, articles of names the
grammar misreads, number, names worded several ways, typography, prose of our own, unknown facts
said honestly, and the rules still missing before (dates, delegations, counts, evaluations).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.loading import load_content
from generator.rendering.text import docx_to_text
from tests.conftest import PROGRAMMES, add_prose, check_json, copy_example, edit, run_fsegen
from tests.italian import across, facts, problems

ANNEX = "content/documents/integrazione-allegato-1.yaml"
SHEET = "content/documents/scheda-progetto.yaml"
ORGS = "content/organisations.yaml"
PROJECTS = "content/projects.yaml"
BEFORE = "Su questo punto specifico"


def scanned(root: Path) -> dict[str, list[str]]:
    """Every slip found in the deliverables built in `root`, by deliverable (or "across")."""
    texts = {p.stem: docx_to_text(p) for p in sorted((root / "output").glob("*.docx"))}
    assert texts, root
    found = {name: problems(text) for name, text in texts.items()}
    found["across"] = across(texts)
    found["facts"] = facts(texts, load_content(root / "content").content)
    return {name: slips for name, slips in found.items() if slips}


def test_the_example_carries_no_slip(built_example):
    assert scanned(built_example) == {}


@pytest.mark.parametrize("name", sorted(p.name for p in PROGRAMMES.iterdir()))
def test_no_programme_of_ours_carries_a_slip(built_programme, name):
    assert scanned(built_programme(name)) == {}


@pytest.mark.parametrize(("kind", "name"), [("comune", "Comune di Treviglio"),
                                            ("città metropolitana", "Città Metropolitana di Bologna")])
def test_a_new_skeleton_carries_no_slip(tmp_path, kind, name):
    assert run_fsegen(tmp_path, "init", "demo", "--no-git").returncode == 0
    root = tmp_path / "demo"
    edit(root, ORGS, "    name: DA COMPILARE nome dell'ente promotore (es. Comune di ...)\n    kind: comune",
         f"    name: {name}\n    kind: {kind}")
    result = run_fsegen(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert scanned(root) == {}
    text = docx_to_text(root / "output" / "formulario-candidatura.docx")
    assert f"è promosso {'dal' if kind == 'comune' else 'dalla'} {name}" in text


SAMPLES = {
    "meaning": "persone disoccupate e non occupate e utenti dei servizi",
    "articles": "promosso del Soc. Coop. Il Sentiero",
    "elision": "Il Assegno di inclusione",
    "number: one item": "Ambiti territoriali | Valle Seriana",
    "number: circa": "Totale | circa 170.000,00 € | circa 100,0%",
    "number: kind": "Centri per l'impiego di Bergamo | Centro per l'impiego | presa in carico | —",
    "names": "(ente capofila Azienda Sociale Sud Est Milano, ASSEMI)",
    "typography": "circa circa 150.000,00 €; A.S.C..; (ruolo (ORIZZONTI))",
    "typography: a sentence's first word": "Circa circa 150.000,00 €",
    "prose of our own": "promosso da Città Metropolitana di Milano",
    "unknown facts": "Il piano finanziario è presentato per importi complessivi.\nTotale | — | —",
}


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_the_scan_finds_each_class(sample):
    assert problems(SAMPLES[sample]), sample


def test_the_scan_finds_what_is_worded_twice_and_facts_printed_without_their_meaning(example):
    assert across({"a": "codice fiscale 1", "b": "C.F. 1"})
    assert across({"a": "POR-FSE Regione Lombardia, Asse II (inclusione sociale)",
                   "b": "POR-FSE Regione Lombardia – Asse II"})
    assert not across({"a": "POR-FSE Regione Lombardia, Asse II (inclusione sociale)",
                       "b": "del POR-FSE Regione Lombardia, Asse II [inclusione sociale]"})
    edit(example, "content/measures.yaml", "    components_joined_by: o   # l'uno o l'altro patto, secondo la "
         "persona\n", "")
    content = load_content(example / "content").content
    said = {"annex": "la costruzione del Patto di inclusione sociale e la costruzione del Patto di lavoro"}
    assert not facts(said, content)  # "e", as the content now says
    edit(example, "content/measures.yaml", "    components:\n      - name: la costruzione del Patto di inclusione",
         "    components_joined_by: o\n    components:\n      - name: la costruzione del Patto di inclusione")
    assert facts(said, load_content(example / "content").content)


# --- each rule fires on a mutation of the example, and is quiet on it --------------------


def findings_of(fsegen, folder: Path, rule: str) -> list[dict]:
    return check_json(fsegen, folder, rule=rule)[1]


def test_the_new_rules_are_quiet_on_the_example(example, fsegen):
    code, found = check_json(fsegen, example)
    assert code == 0
    new = {"unshown-facts", "typography", "bare-names", "one-wording", "articles", "delegations",
           "typed-dates", "evaluations"}
    assert not [f for f in found if f["rule"] in new]


MUTATIONS = {
    "unshown-facts": [
        (PROJECTS, "    lead: assemi\n", "    lead: assemi\n    area: i comuni del Visconteo\n"),
        ("report", "Gli Ambiti del progetto {{ projects.ciao.title }} sono "
                   "{{ projects.ciao.districts | map(attribute='name') | elenco }}.")],
    "typography": [("prose", "Il costo è di circa circa centomila euro (stimato (al 2020)).")],
    "bare-names": [("prose", "Il Programma è promosso da {{ promoter.name }}.")],
    "one-wording": [("prose", "Nel POR-FSE Regione Lombardia – Asse II le misure sono regionali.")],
    "articles": [(ORGS, "  regione-lombardia:\n", "  mondo-nuovo:\n    name: Mondo Nuovo\n"
                                              "    kind: cooperativa sociale\n  regione-lombardia:\n")],
    "delegations": [(ORGS, "    honorific: Dott.\n", "    honorific: Dott.\n    delegation:\n"
                                                     "      kind: decreto sindacale\n      date: 2020-08-01\n"),
                    (ANNEX, "  capacity: Per il Legale Rappresentante", "  capacity: Il Legale Rappresentante")],
    "typed-dates": [("prose", "Il Tavolo si è riunito il 3 agosto 2021.")],
    "call-dates": [(SHEET, "date: 2020-03-09", "date: 2020-03-10")],
    "counts": [("prose", "I progetti sono quattro, come le quattro proposte.")],
    "evaluations": [(PROJECTS, "    lead: assemi\n", "    lead: assemi\n    evaluation:\n      score: 82\n"
                                                     "      max_score: 80\n")],
}


@pytest.mark.slow
@pytest.mark.parametrize("rule", sorted(MUTATIONS))
def test_each_new_rule_fires_on_a_mutation_of_the_example(example, fsegen, rule):
    assert not findings_of(fsegen, example, rule)
    for change in MUTATIONS[rule]:
        if change[0] == "prose":
            add_prose(example, ANNEX, BEFORE, change[1])
        elif change[0] == "report":  # a deliverable that does not print the projects' list
            add_prose(example, "content/documents/relazione-intermedia.yaml",
                      "La presente relazione illustra", change[1])
        else:
            edit(example, *change)
    assert findings_of(fsegen, example, rule), rule


def test_an_unknown_accreditation_is_a_warning_a_missing_one_an_error(small_programme, fsegen):
    edit(small_programme, "content/programme.yaml", "  axis_name: inclusione sociale",
         "  axis_name: inclusione sociale\n  rules:\n    required_accreditations: [servizi al lavoro]")
    found = findings_of(fsegen, small_programme, "call-partnership")
    assert {f["severity"] for f in found if "accredit" in f["message"]} == {"warning"}
    edit(small_programme, ORGS, "    kind: unione di comuni\n", "    kind: unione di comuni\n    accreditations: []\n")
    edit(small_programme, ORGS, "    kind: cooperativa sociale\n", "    kind: cooperativa sociale\n    accreditations: []\n")
    edit(small_programme, ORGS, "    lead: unione\n", "    lead: unione\n    partners:\n      - organisation: coop\n")
    edit(small_programme, ORGS, "    lead: coop\n", "    lead: coop\n    partners:\n      - organisation: unione\n")
    found = findings_of(fsegen, small_programme, "call-partnership")
    assert [f["message"] for f in found if f["severity"] == "error"] == [
        "no partner of 'ponte' is accredited for servizi al lavoro",
        "no partner of 'rete' is accredited for servizi al lavoro"]


# --- a title that opens with the call's word for a project -------------------------------


def test_a_title_opening_with_the_project_word_is_not_prefixed_again(small_programme, fsegen):
    """The list of projects prefixes each title with the call's word ("Progetto RETE"), but not a
    title that already opens with it: "Progetto Ponti sull'Arno", never "Progetto Progetto"."""
    edit(small_programme, ORGS, "    title: PONTI\n", "    title: Progetto Ponti sull'Arno\n")
    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    text = docx_to_text(small_programme / "output" / "allegato.docx")
    assert "1. Progetto Ponti sull'Arno. Ambito di Valdarno Nord" in text
    assert "2. Progetto RETE. Ambito di Valdarno Sud" in text
    assert "progetto progetto" not in text.lower()
    assert problems(text) == []


def test_a_project_report_heads_a_title_opening_with_the_project_word_once(tmp_path, fsegen):
    """The project report's heading says "PROGETTO" before a title, but not before one that
    already opens with it (the same macro as the list of projects: phrases.titolo_progetto)."""
    root = copy_example(tmp_path)
    edit(root, "content/projects.yaml", "title: CIAO! Capacitazione", "title: Progetto CIAO! Capacitazione")
    result = fsegen(root, "build", "relazione-intermedia-progetto")
    assert result.exit_code == 0, result.output
    text = docx_to_text(root / "output" / "relazione-intermedia-progetto-ciao.docx")
    assert "PROGETTO CIAO! CAPACITAZIONE" in text and "PROGETTO PROGETTO" not in text
    other = docx_to_text(root / "output" / "relazione-intermedia-progetto-in-lav.docx")
    assert "PROGETTO IN -LAV" in other  # a title that does not open with it is prefixed


def test_a_doubled_word_is_found_but_not_a_word_before_a_title_opening_with_it(small_programme, fsegen):
    """The typography rule (and the scan) read "del progetto Progetto Ponti" as a word before a
    title, and "circa circa" or "Circa circa" (a sentence's first word) as a word typed twice."""
    edit(small_programme, ORGS, "    title: PONTI\n", "    title: Progetto Ponti\n")
    add_prose(small_programme, "content/documents/allegato.yaml", "Il programma comprende",
              "Il progetto Progetto Ponti apre la rete.")
    assert not findings_of(fsegen, small_programme, "typography")
    assert not problems("Il progetto Progetto Ponti apre la rete.")
    for typed in ("Ne sono destinatarie circa circa cento persone.", "Circa circa cento persone."):
        assert problems(typed), typed
        edit(small_programme, "content/documents/allegato.yaml", "Il progetto Progetto Ponti apre la rete.",
             f"Il progetto Progetto Ponti apre la rete. {typed}")
        found = findings_of(fsegen, small_programme, "typography")
        assert [f["message"].split(":")[0] for f in found] == ["a doubled word in allegato"], typed
        assert found[0]["file"].endswith("allegato.yaml"), found[0]
        edit(small_programme, "content/documents/allegato.yaml", f" {typed}", "")
