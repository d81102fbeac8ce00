"""Deliverables true to their own date: the March form names the March lead, the July annex
tells the substitution, and each anachronism is refused at its file and line."""

from __future__ import annotations

import json

from generator.rendering.text import docx_to_text
from tests.conftest import add_paragraph, add_prose, check_json, edit

PROJECTS = "content/projects.yaml"
ORGS = "content/organisations.yaml"
ANNEX = "content/documents/integrazione-allegato-1.yaml"
FORM = "content/documents/formulario-candidatura.yaml"
SHEET = "content/documents/scheda-progetto.yaml"
SOLE = "Azienda Sole del Legnanese"
CASTANO = "Azienda Speciale per i Servizi alla Persona di Castano"
STORY = f"inizialmente identificato in {SOLE} [So.Le] e sostituito con {CASTANO}"


def substituted(example, day="2020-06-15"):
    """The example with So.Le replaced by Castano as lead of WORK IN PROGRESS on `day`."""
    edit(example, PROJECTS, "      - organisation: sole\n",
         f"      - organisation: sole\n        replaced_on: {day}\n")
    return example


def text_of(folder, name):
    return docx_to_text((folder / "output" / f"{name}.docx").read_bytes())


def test_march_documents_name_the_march_lead_july_ones_the_new_lead_and_the_story(example, fsegen):
    substituted(example)
    result = fsegen(example, "build")
    assert result.exit_code == 0, result.output
    form = text_of(example, "formulario-candidatura")
    assert f"| {SOLE} | Alto Milanese, Magentino e Abbiatense" in form  # the projects table
    assert f"{SOLE} | Azienda speciale consortile | ente capofila del progetto WORK" in form  # network
    assert CASTANO not in form
    sheet = text_of(example, "scheda-progetto-work-in-progress")
    assert f"Ente capofila | {SOLE}" in sheet and f"Ente capofila: {SOLE}." in sheet
    annex = text_of(example, "integrazione-allegato-1")
    assert STORY in annex


def test_the_same_content_dated_otherwise_tells_otherwise(example, fsegen):
    """A substitution before the form: the form names the new lead and tells no story."""
    substituted(example, "2020-02-01")
    assert fsegen(example, "build").exit_code == 0
    form = text_of(example, "formulario-candidatura")
    assert f"| {CASTANO} | Alto Milanese" in form and SOLE not in form


def test_a_substitution_told_before_its_date_is_refused_at_its_line(example, fsegen):
    substituted(example)
    edit(example, ANNEX, "date: 2020-07-20", "date: 2020-06-01")
    add_prose(example, ANNEX, "Su questo punto specifico", "Si ricorda che So.Le è stata sostituita.")
    code, found = check_json(fsegen, example, rule="replaced-leads")
    assert code == 1
    assert [(f["file"], f["line"]) for f in found] == [(ANNEX, 114)]
    assert "told as replaced in integrazione-allegato-1 (01/06/2020)" in found[0]["message"]
    assert "dated 15/06/2020, after the document" in found[0]["message"]
    # ... and the data tells no story it cannot know: the lead of 1 June is So.Le
    edit(example, ANNEX, "Si ricorda che So.Le è stata sostituita.", "Si ricorda il percorso.")
    assert fsegen(example, "build").exit_code == 0
    assert f"ente capofila {SOLE} [So.Le]" in text_of(example, "integrazione-allegato-1")


def test_a_lead_named_before_its_appointment_is_refused_at_its_line(example, fsegen):
    substituted(example)
    edit(example, SHEET, "Ente capofila: {{ project.lead.name }}.",
         f"Ente capofila: {{{{ project.lead.name }}}}. Nuovo capofila: {CASTANO}.")
    code, found = check_json(fsegen, example, rule="replaced-leads")
    assert code == 1
    assert [(f["file"], f["line"]) for f in found] == [(SHEET, 26)]
    assert "named as lead in scheda-progetto (09/03/2020), before it became lead on 15/06/2020" \
        in found[0]["message"]


def test_a_replaced_lead_named_as_lead_after_its_substitution_is_refused(example, fsegen):
    substituted(example)
    add_prose(example, ANNEX, "Su questo punto specifico", "So.Le, ente capofila, coordina le azioni.")
    code, found = check_json(fsegen, example, rule="replaced-leads")
    assert code == 1
    assert [(f["file"], f["line"]) for f in found] == [(ANNEX, 114)]
    assert "after its substitution on 15/06/2020" in found[0]["message"]


def test_an_annex_that_speaks_of_the_lead_but_not_of_its_substitution_is_refused(example, fsegen):
    substituted(example)
    edit(example, ANNEX, "      - list: projects\n        numbered: true\n", "")
    add_prose(example, ANNEX, "Su questo punto specifico",
              'Capofila di WORK IN PROGRESS:\n        {{ projects["work-in-progress"].lead.name }}.')
    code, found = check_json(fsegen, example, rule="as-of")
    assert code == 1
    assert [(f["file"], f["line"]) for f in found] == [(ANNEX, 113)]  # the line of `.lead`
    assert ("speaks of projects.work-in-progress.lead but does not tell the substitution of sole"
            in found[0]["message"])
    assert "after formulario-candidatura (09/03/2020), which it integrates" in found[0]["message"]
    assert "former_leads" in found[0]["hint"]


def test_a_change_before_the_integrated_document_needs_no_story(example, fsegen):
    """Readers of the form already knew the new lead: the annex need not tell it again."""
    substituted(example, "2020-02-01")
    edit(example, ANNEX, "      - list: projects\n        numbered: true\n", "")
    add_prose(example, ANNEX, "Su questo punto specifico",
              'Capofila: {{ projects["work-in-progress"].lead.name }}.')
    assert check_json(fsegen, example, rule="as-of") == (0, [])


def test_an_event_after_the_form_is_not_listed_in_it_and_citing_it_is_refused(example, fsegen):
    edit(example, "content/synergies.yaml", "events:\n", """events:
  seminario:
    date: 2020-05-10
    kind: seminario
    title: Seminario di restituzione
""")
    assert fsegen(example, "build").exit_code == 0
    assert "Seminario di restituzione" not in text_of(example, "formulario-candidatura")
    add_prose(example, FORM, "La {{ programme.network }} riunisce",
              "Dopo il {{ events.seminario.kind }} del maggio.")
    code, found = check_json(fsegen, example, rule="dates")
    assert code == 1 and [(f["file"], f["line"]) for f in found] == [(FORM, 36)]


def test_a_template_naming_an_event_after_the_document_is_refused_in_the_template(example, fsegen):
    edit(example, "content/synergies.yaml", "events:\n", """events:
  seminario:
    date: 2020-09-10
    kind: seminario
    title: Seminario di restituzione
""")
    template = example / "templates" / "integrazione-allegato-1.docx"
    add_paragraph(template, "Evento: {{ events.seminario.title }}")
    code, found = check_json(fsegen, example, rule="as-of")
    assert code == 1
    assert [f["file"] for f in found] == ["templates/integrazione-allegato-1.docx"]
    assert "cites the seminario of 10/09/2020" in found[0]["message"]


def test_a_measure_not_yet_in_force_is_left_out_and_citing_it_is_refused(example, fsegen):
    edit(example, "content/measures.yaml", "    relation: quadro di riferimento\n    components_label: azioni",
         "    relation: quadro di riferimento\n    since: 2020-04-01\n    components_label: azioni")
    assert fsegen(example, "build").exit_code == 0
    assert "Reddito di cittadinanza" not in text_of(example, "formulario-candidatura").split("Misura |")[1]
    add_prose(example, FORM, "La {{ programme.network }} riunisce", "Il {{ measures.rdc.name }}.")
    code, found = check_json(fsegen, example, rule="as-of")
    assert code == 1 and [(f["file"], f["line"]) for f in found] == [(FORM, 36)]
    assert "'Reddito di cittadinanza', in force from 01/04/2020" in found[0]["message"]


def renamed(example, day):
    edit(example, ORGS, "    short_name: ATS Milano\n    kind: ATS\n", f"""    short_name: ATS Milano
    kind: ATS
    former_names:
      - name: ASL Milano
        renamed_on: {day}
""")


def test_a_body_renamed_later_bears_its_old_name_and_its_new_one_is_refused(example, fsegen):
    renamed(example, "2020-08-01")
    assert fsegen(example, "build").exit_code == 0
    assert "ASL Milano | ATS | partecipazione" in text_of(example, "formulario-candidatura")
    assert "nonché l'ASL Milano che" in text_of(example, "integrazione-allegato-1")
    add_prose(example, ANNEX, "Su questo punto specifico", "La ATS Città Metropolitana di Milano partecipa.")
    code, found = check_json(fsegen, example, rule="renamed-bodies")
    assert code == 1 and [(f["file"], f["line"]) for f in found] == [(ANNEX, 114)]
    assert "is the name organisations.ats bears from 01/08/2020" in found[0]["message"]


def test_a_body_renamed_earlier_bears_its_new_name_and_its_old_one_is_refused(example, fsegen):
    renamed(example, "2020-01-01")
    assert fsegen(example, "build").exit_code == 0
    assert "ASL Milano" not in text_of(example, "formulario-candidatura")
    add_prose(example, ANNEX, "Su questo punto specifico", "La ASL Milano ha partecipato.")
    code, found = check_json(fsegen, example, rule="renamed-bodies")
    assert code == 1 and [(f["file"], f["line"]) for f in found] == [(ANNEX, 114)]
    assert "'ASL Milano' is the name organisations.ats bore until 01/01/2020" in found[0]["message"]


def test_a_change_of_name_between_the_form_and_the_annex_must_be_told(example, fsegen):
    renamed(example, "2020-05-01")
    code, found = check_json(fsegen, example, rule="as-of")
    assert code == 1 and (ANNEX, 64) in [(f["file"], f["line"]) for f in found]
    assert "speaks of organisations.ats.name but does not tell the change of name of ASL Milano" \
        in found[0]["message"]


def test_a_body_merged_before_a_document_is_named_only_with_its_merger(example, fsegen):
    edit(example, ORGS, "  inps:\n    name: INPS\n    kind: ente pubblico\n",
         "  inps:\n    name: INPS\n    kind: ente pubblico\n    merged_into: cpi\n    merged_on: 2020-04-01\n")
    code, found = check_json(fsegen, example, rule="as-of")
    assert code == 1
    assert {(f["file"], f["line"]) for f in found} == {(ANNEX, 90)}  # {{ organisations.inps.name }}
    assert "names INPS, merged into another body on 01/04/2020" in found[0]["message"]
    assert "merged_into" in found[0]["hint"]


def test_dated_changes_in_the_wrong_order_are_refused(example, fsegen):
    edit(example, PROJECTS, "      - organisation: sole\n",
         "      - organisation: sole\n        replaced_on: 2020-06-15\n"
         "      - organisation: comune-melzo\n        replaced_on: 2020-03-01\n")
    code, found = check_json(fsegen, example, rule="timeline")
    assert code == 1
    assert [(f["file"], f["line"]) for f in found] == [(PROJECTS, 62)]
    assert "is not after the previous substitution (15/06/2020)" in found[0]["message"]


def test_the_legal_representative_of_the_documents_date_signs(example, fsegen):
    edit(example, ORGS, """  parravicini:
    name: Dario Parravicini
    honorific: Dott.
    organisation: cmm
""", """  parravicini:
    name: Dario Parravicini
    honorific: Dott.
    organisation: cmm
    roles:
      - organisation: cmm
        position: Consigliere delegato
        legal_representative: true
        since: 2016-10-01
        until: 2020-05-31
""")
    code, found = check_json(fsegen, example, rule="signatories")
    assert code == 1
    # the annex of July 2020, the progress reports and the claim of October 2021 (the form of March
    # is in office)
    assert [(f["file"], f["line"]) for f in found] == [
        ("content/documents/domanda-rimborso.yaml", 15), (ANNEX, 15), ("content/documents/relazione-intermedia-progetto.yaml", 16),
        ("content/documents/relazione-intermedia.yaml", 16)]
    assert all("no office of theirs there is recorded (the last ended on 31/05/2020)" in f["message"]
               for f in found)


def test_what_was_sent_is_known_from_its_sending_on_and_never_by_the_document_itself(example, fsegen):
    edit(example, FORM, "date_assumed: true\n", "sent:\n  date: 2020-03-09\n  protocol: PG 777/2020\n")
    add_prose(example, ANNEX, "Su questo punto specifico",
              'Formulario inviato con protocollo {{ documents["formulario-candidatura"].sent.protocol }}.')
    add_prose(example, FORM, "La {{ programme.network }} riunisce",
              "{% if document.sent %}Inviato.{% else %}Da inviare.{% endif %}")
    assert fsegen(example, "build", "--draft").exit_code == 0  # --draft: the form is not archived
    assert "Formulario inviato con protocollo PG 777/2020." in text_of(example, "integrazione-allegato-1")
    assert not (example / "output/formulario-candidatura.docx").exists()  # sent: never rebuilt
    from generator.folders import Folders
    from generator.pipeline import Options, render_all

    outcome = render_all(Folders(example / "content", example / "templates"), Options(lenient=True))
    assert "Da inviare." in outcome.outputs["formulario-candidatura"].text  # as it was when sent
    result = fsegen(example, "status", "--format", "json")
    form = next(s for s in json.loads(result.stdout)["deliverables"] if s["id"] == "formulario-candidatura")
    assert form["status"] == "inviato" and form["sent"]["protocol"] == "PG 777/2020"
