"""Ready means ready: statuses, what a deliverable lacks before definitivo, acknowledged warnings."""

from __future__ import annotations

import json

import docx

from tests.conftest import check_json, edit, write_tree

FORM = "content/documents/formulario-candidatura.yaml"
ANNEX = "content/documents/integrazione-allegato-1.yaml"
ACCEPT = "content/accept.yaml"
ORGS = "content/organisations.yaml"


def statuses(fsegen, folder):
    result = fsegen(folder, "status", "--format", "json")
    found = json.loads(result.stdout)
    assert result.exit_code == (1 if found["errors"] else 0), result.output
    return {s["id"]: s for s in found["deliverables"]}


def test_the_example_builds_with_no_warning_and_passes_strict(example, fsegen):
    result = fsegen(example, "build", "--strict")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 12 acknowledged (fsegen status)" in result.output
    result = fsegen(example, "check")
    assert result.output.strip() == \
        "14 deliverables checked, 0 errors, 0 warnings, 12 acknowledged (fsegen status)"


def test_status_says_what_each_deliverable_lacks_and_what_was_acknowledged(example, fsegen):
    result = fsegen(example, "status")
    assert result.exit_code == 0, result.output
    *rows, verdict = result.output.splitlines()
    assert verdict == "14 deliverables, 0 errors, 0 warnings, 12 acknowledged"  # check's verdict
    lines = {line.split()[0]: line for line in rows}
    projects = ("ciao", "in-lav", "work-in-progress", "facciamo-squadra", "vulnerabilita")
    assert set(lines) == {"domanda-rimborso", "formulario-candidatura", "integrazione-allegato-1", "relazione-intermedia",
                          *(f"scheda-progetto-{p}" for p in projects),
                          *(f"relazione-intermedia-progetto-{p}" for p in projects)}
    form = lines["formulario-candidatura"]
    assert form.split()[1] == "bozza"
    for missing in ("the real date (date_assumed)", "organisations.cmm.legal_representative",
                    "programme.timeline", "districts.{abbiatense,", "}.health_authority",
                    ".budget: illustrative figures",
                    'stand-in "Il cronoprogramma di dettaglio sarà definito in fase di avvio delle attività."'):
        assert missing in form, form
    assert "acknowledged: lead-substitutions projects.work-in-progress.former_leads[0], signatories " \
           "documents.formulario-candidatura.signatory" in form
    annex = lines["integrazione-allegato-1"]
    assert annex.split()[1:3] == ["definitivo", "ready;"] and "missing" not in annex
    sheet = lines["scheda-progetto-in-lav"]
    assert sheet.split()[1] == "bozza"
    assert "districts.{garbagnate,rho}.health_authority, projects.in-lav.budget: illustrative" in sheet
    assert "acknowledged: signatories documents.scheda-progetto.signatory, call-partnership " \
           "projects.in-lav" in sheet


def test_status_as_json_names_every_field(example, fsegen):
    found = statuses(fsegen, example)
    form = found["formulario-candidatura"]
    assert form["status"] == "bozza" and form["ready"] is False and form["rendered"] is True
    assert "organisations.cmm.fiscal_code" in form["missing"]
    assert "organisations.aspc-castano.fiscal_code" not in form["missing"]  # it is recorded
    assert "organisations.cabina-di-regia.fiscal_code" not in form["missing"]  # an organismo has none
    assert "measures.rdc.fund" not in form["missing"]  # a national measure has no FSE fund
    assert {a["rule"] for a in form["accepted"]} == {"signatories", "call-partnership",
                                                     "lead-substitutions"}
    assert all(a["reason"] and a["who"] and a["date"] == "2026-11-25" for a in form["accepted"])
    annex = found["integrazione-allegato-1"]
    assert annex["ready"] is True and annex["missing"] == [] and annex["warnings"] == []


def test_a_bozza_is_stamped_and_a_definitivo_is_not(built_example):
    def stamp(name):
        return docx.Document(str(built_example / "output" / f"{name}.docx")).sections[0].header.paragraphs[0].text

    assert stamp("formulario-candidatura").startswith("BOZZA")
    assert stamp("scheda-progetto-ciao").startswith("BOZZA")
    assert not stamp("integrazione-allegato-1").startswith("BOZZA")


def test_a_definitivo_document_with_missing_facts_is_refused_naming_each_field(example, fsegen):
    edit(example, FORM, "date_assumed: true\n", "date_assumed: true\nstatus: definitivo\n")
    code, found = check_json(fsegen, example)
    assert code == 1
    final = [f for f in found if f["rule"] == "definitivo"]
    by_path = {f["path"]: f for f in final}
    assert by_path["organisations.cmm.fiscal_code"]["file"] == ORGS
    assert by_path["organisations.cmm.fiscal_code"]["line"] == 4
    assert "formulario-candidatura is definitivo, but organisations.cmm.fiscal_code is missing " \
           "(Codice fiscale: 11 digits for a body" in by_path["organisations.cmm.fiscal_code"]["message"]
    assert "programme.timeline" in by_path
    assert "projects.ciao.budget.illustrative" in by_path
    assert (by_path["documents.formulario-candidatura.date_assumed"]["file"],
            by_path["documents.formulario-candidatura.date_assumed"]["line"]) == (FORM, 13)
    stand_in = [f for f in final if "prints the stand-in" in f["message"]]
    assert [f["file"] for f in stand_in] == ["templates/formulario-candidatura.docx"]
    assert fsegen(example, "build").exit_code == 1
    assert not (example / "output").exists()


def test_a_definitivo_document_with_an_unacknowledged_warning_is_refused(example, fsegen):
    edit(example, ACCEPT, "    path: documents.*.signatory", "    path: documents.scheda-*.signatory")
    code, found = check_json(fsegen, example)
    assert code == 1
    final = [f for f in found if f["rule"] == "definitivo"]
    assert [(f["file"], f["line"]) for f in final] == [(ANNEX, 14)]  # its `status:` line
    assert "1 warning about it is not acknowledged (signatories: " \
           "documents.integrazione-allegato-1.signatory)" in final[0]["message"]


def test_a_placeholder_typed_in_prose_keeps_a_document_from_definitivo(example, fsegen):
    edit(example, ANNEX, "Su questo punto specifico,", "Su questo punto specifico (TODO: citare la DGR),")
    code, found = check_json(fsegen, example)
    final = [f for f in found if f["rule"] == "definitivo"]
    assert code == 1 and [(f["file"], f["line"]) for f in final] == [(ANNEX, 114)]
    assert "its prose holds the placeholder 'TODO'" in final[0]["message"]


def test_an_accept_that_matches_nothing_is_reported(example, fsegen):
    write_tree(example, {"content/accept-more.yaml": ""})
    edit(example, ACCEPT, "accept:\n", """accept:
  - rule: coverage
    path: districts.rho
    reason: Rho passerà a un altro progetto.
    who: Ufficio di Piano
    date: 2026-11-20
""")
    code, found = check_json(fsegen, example)
    assert code == 0
    assert [(f["rule"], f["severity"], f["file"], f["line"]) for f in found] == [
        ("accept", "warning", ACCEPT, 7)]
    assert "accept[0] (coverage districts.rho) matches no warning" in found[0]["message"]
    assert check_json(fsegen, example, "--strict")[0] == 1


def test_an_accept_cannot_hide_an_error_nor_name_an_unknown_rule(example, fsegen):
    edit(example, ORGS, "    vat_number: '05060480968'", "    vat_number: '05060480969'")
    edit(example, ACCEPT, "accept:\n", """accept:
  - rule: identifiers
    path: organisations.aspc-castano.vat_number
    reason: il numero è quello del registro.
    who: Ufficio
    date: 2026-11-20
  - rule: signatory
    path: documents.*
    reason: delega agli atti.
    who: Ufficio
    date: 2026-11-20
""")
    code, found = check_json(fsegen, example)
    assert code == 1
    rules = {(f["rule"], f["severity"]) for f in found}
    assert ("identifiers", "error") in rules
    messages = {f["message"]: f for f in found if f["rule"] == "accept"}
    assert any("matches an error, which cannot be acknowledged" in m for m in messages)
    unknown = next(f for m, f in messages.items() if "names no rule 'signatory'" in m)
    assert unknown["severity"] == "error" and unknown["hint"] == "did you mean 'signatories'?"


def test_without_its_acknowledgements_the_example_shows_its_twelve_warnings(example, fsegen):
    (example / ACCEPT).unlink()
    edit(example, ANNEX, "status: definitivo\n", "")
    code, found = check_json(fsegen, example)
    assert code == 0 and len(found) == 12 and {f["severity"] for f in found} == {"warning"}


def test_status_inviato_needs_its_record_of_sending(example, fsegen):
    edit(example, ANNEX, "status: definitivo", "status: inviato")
    code, found = check_json(fsegen, example)
    status = [f for f in found if f["rule"] == "status"]
    assert code == 1 and [(f["file"], f["line"]) for f in status] == [(ANNEX, 14)]
    assert "fsegen send integrazione-allegato-1 --protocol N" in status[0]["hint"]
