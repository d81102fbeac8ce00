"""One deliverable per item of any collection, and one document per partner of each project.

`for_each` takes any collection (`organisations`, `districts`, `measures`...), or
`projects.partners`: one file per body taking part in each project, its context holding the
partner (`item`), its project (`project`), its body (`organisation`) and who signs it
(`signer`, the body's legal representative). The Piedmont programme of tests/programmes/consorzio
holds a declaration of partnership per partner, built with the repository's template (made by
scripts/make_templates.py); its files are read back here.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
import yaml

from generator.rendering.text import docx_to_text
from generator.templating.filters.grammar import with_article
from tests.conftest import (
    NOTE,
    PER_PROJECT,
    PROGRAMMES,
    check_fails,
    check_json,
    edit,
    italian,
    run_fsegen,
    said,
    write_small_programme,
    write_tree,
)

CONTENT = PROGRAMMES / "consorzio" / "content"


def _load(name: str) -> dict:
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


PROJECTS = _load("projects.yaml")["projects"]
PARTNERS = _load("partners.yaml")
BODIES = {**_load("organisations.yaml")["organisations"], **PARTNERS["organisations"]}
PEOPLE = PARTNERS["people"]
REQUIRED = _load("programme.yaml")["call"]["rules"]["required_accreditations"]
CHECKED, UNCHECKED = "\u2612", "\u2610"


@pytest.fixture
def built(built_programme) -> Path:
    return built_programme("consorzio") / "output"


def test_one_declaration_per_partner_of_each_project(built):
    expected = {f"dichiarazione-partenariato-{pid}-{p['organisation']}"
                for pid, project in PROJECTS.items() for p in project["partners"]}
    found = {p.stem for p in built.glob("dichiarazione-partenariato-*.docx")}
    assert found == expected and len(found) == 15  # a body in three projects signs three
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert expected <= {Path(e["file"]).stem for e in manifest["files"]}


@pytest.mark.parametrize(("project_id", "org_id"), [
    (pid, p["organisation"]) for pid, project in PROJECTS.items() for p in project["partners"]])
def test_each_declaration_has_its_partner_its_project_and_its_boxes(built, project_id, org_id):
    project, body = PROJECTS[project_id], BODIES[org_id]
    partner = next(p for p in project["partners"] if p["organisation"] == org_id)
    person = PEOPLE[body["legal_representative"]]
    text = docx_to_text(built / f"dichiarazione-partenariato-{project_id}-{org_id}.docx")
    opening = "La sottoscritta" if person["gender"] == "f" else "Il sottoscritto"
    assert f"{opening} {person['name']}, codice fiscale {person['fiscal_code']}, in qualità di " \
           f"legale rappresentante {with_article(body, 'di')}" in text  # "della Fondazione ..."
    assert f"di aderire al progetto «{project['title']}»" in text
    assert f", di cui è capofila {with_article(BODIES[project['lead']])}, presentato in risposta " \
           "all'avviso pubblico «" in text
    assert f"{CHECKED} partner\n{UNCHECKED} referente\n" in text  # the participation, ticked
    assert f"con il ruolo di: {partner['role']};" in text
    held = body.get("accreditations", [])
    for area in REQUIRED:  # the call's accreditations, ticked from the body's own
        assert f"{CHECKED if area in held else UNCHECKED} {area}\n" in text
    if "third_sector_since" in body:
        assert f"{CHECKED} di essere un ente del Terzo settore, iscritto dal" in text  # dal/dall'
    assert "secondo quanto previsto dal progetto e a sottoscrivere" in text
    assert text.rstrip().endswith(f"Il Legale Rappresentante\n{person['name']}\n"
                                  "(Documento firmato digitalmente ai sensi del D.Lgs. n. 82/2005 "
                                  "e norme collegate)")


def test_the_checkboxes_are_the_template_s_own_characters(built):
    document = docx.Document(str(built / "dichiarazione-partenariato-ripartire-casa-carita.docx"))
    boxes = [r for p in document.paragraphs for r in p.runs if r.text in (CHECKED, UNCHECKED)]
    assert boxes and {r.font.name for r in boxes} == {"Segoe UI Symbol"}


# --- any collection, `where`, dates, mistakes: on the small programme -------------------------

PER_BODY = """\
    kind: altro
    for_each:
      items: organisations
      where: {kind: cooperativa sociale}
    title: Scheda ente
    template: integrazione-allegato-1.docx
    place: Firenze
    date: 2023-03-02
    signatory:
      legal_representative: true
    intro:
      - "{{ organisation.name }} ({{ item.kind }}), firma {{ signer.name }}."
    """
PARTNERS_OF_SMALL = """\
  rete:
    title: RETE
    districts: [sud]
    lead: coop
    partners:
      - organisation: unione
        role: coordinamento dei servizi
      - organisation: coop2
        left_on: 2023-01-01
"""


def _small_with_partners(root: Path) -> Path:
    """The small programme, its RETE project with two partners (one gone before the documents'
    date) and the cooperatives' legal representatives."""
    write_small_programme(root)
    edit(root, "content/organisations.yaml", "  rete:\n    title: RETE\n    districts: [sud]\n    lead: coop\n",
         PARTNERS_OF_SMALL)
    edit(root, "content/organisations.yaml", "    kind: unione di comuni\n",
         "    kind: unione di comuni\n    legal_representative: rossi\n")
    edit(root, "content/organisations.yaml", "    kind: cooperativa sociale\n",
         "    kind: cooperativa sociale\n    legal_representative: rossi\n"
         "  coop2:\n    name: Cooperativa Sociale Due\n    kind: cooperativa sociale\n"
         "    legal_representative: bianchi\n")
    edit(root, "content/organisations.yaml", "    honorific: Dott.ssa\n",
         "    honorific: Dott.ssa\n  bianchi:\n    name: Carlo Bianchi\n")
    return root


def test_one_file_per_organisation_of_a_kind(tmp_path, fsegen):
    root = _small_with_partners(tmp_path)
    write_tree(root, {"content/documents/scheda-ente.yaml": PER_BODY})
    result = fsegen(root, "build")
    assert result.exit_code == 0, result.output
    texts = {p.stem: docx_to_text(p) for p in (root / "output").glob("scheda-ente-*.docx")}
    assert set(texts) == {"scheda-ente-coop", "scheda-ente-coop2"}  # the Unione is not one
    assert "Cooperativa Sociale Il Ponte (cooperativa sociale), firma Anna Rossi." in texts["scheda-ente-coop"]
    assert "firma Carlo Bianchi." in texts["scheda-ente-coop2"]


def test_a_partner_gone_by_the_document_s_date_gets_no_declaration(tmp_path, fsegen):
    root = _small_with_partners(tmp_path)
    write_tree(root, {"content/documents/adesione.yaml": PER_BODY.replace(
        "items: organisations\n      where: {kind: cooperativa sociale}", "items: projects.partners")
        .replace("{{ organisation.name }} ({{ item.kind }})", "{{ organisation.name }} per {{ project.title }}, "
                 "{{ item.role }}")})
    assert fsegen(root, "build").exit_code == 0
    [only] = (root / "output").glob("adesione-*.docx")
    assert only.stem == "adesione-rete-unione"  # coop2 left on 2023-01-01, before 2023-03-02
    assert "Unione dei Comuni del Valdarno per RETE, coordinamento dei servizi" in docx_to_text(only)
    listed = fsegen(root, "list")
    assert "adesione-rete-unione" in listed.output and "adesione-rete-coop2" not in listed.output


def test_where_names_a_field_the_items_have(tmp_path, fsegen):
    root = _small_with_partners(tmp_path)
    write_tree(root, {"content/documents/scheda-ente.yaml": PER_BODY.replace("where: {kind:", "where: {tipo:")})
    check_fails(fsegen, root, "content", "content/documents/scheda-ente.yaml:2",
                "organisations have no field 'tipo'", "kind")
    assert not (root / "output").exists()


def test_a_body_without_legal_representative_cannot_sign_its_declaration(tmp_path, fsegen):
    root = _small_with_partners(tmp_path)
    write_tree(root, {"content/documents/scheda-ente.yaml": PER_BODY})
    edit(root, "content/organisations.yaml", "    legal_representative: bianchi\n", "")
    code, found = check_json(fsegen, root)
    assert code == 1
    [problem] = [f for f in found if f["severity"] == "error"]
    assert problem["file"] == "content/documents/scheda-ente.yaml"
    assert problem["message"] == "in prose (for coop2): 'None' has no attribute 'name' (the content has no 'name' there)"


def test_signatory_names_one_signer(tmp_path, fsegen):
    root = _small_with_partners(tmp_path)
    write_tree(root, {"content/documents/scheda-ente.yaml": PER_BODY.replace(
        "legal_representative: true", "legal_representative: true\n      person: rossi")})
    check_fails(fsegen, root, "content", "content/documents/scheda-ente.yaml:9", "one person", "not both")


def test_the_preview_shows_one_page_per_partner_titled_with_project_and_body(tmp_path, monkeypatch):
    from generator.folders import Folders
    from generator.serve.preview import Previewer

    root = _small_with_partners(tmp_path)
    write_tree(root, {"content/documents/adesione.yaml": PER_BODY.replace(
        "items: organisations\n      where: {kind: cooperativa sociale}", "items: projects.partners")
        .replace("{{ organisation.name }} ({{ item.kind }})", "{{ organisation.name }} per {{ project.title }}")})
    monkeypatch.chdir(root)
    preview = Previewer(Folders()).build()
    page = preview.pages["adesione-rete-unione"]
    assert page.title == "Scheda ente - RETE - Unione dei Comuni del Valdarno"
    assert "Unione dei Comuni del Valdarno per RETE" in page.html
    assert "adesione-rete-coop2" not in preview.pages


def test_a_declaration_words_fiscal_codes_as_the_call_does(tmp_path, fsegen):
    """The declarant's and the body's codes carry the call's words (`call.vocabulary`), as every
    other deliverable's do: "C.F." and "P. IVA" when the call's forms say so, one wording."""
    root = _small_with_partners(tmp_path / "p")
    edit(root, "content/programme.yaml", "  axis_name: inclusione sociale\n",
         "  axis_name: inclusione sociale\n  vocabulary:\n    fiscal_code: {singular: C.F., plural: C.F.}\n"
         "    vat_number: {singular: P. IVA, plural: P. IVA, gender: f}\n")
    edit(root, "content/organisations.yaml", "    legal_representative: rossi\n",
         "    legal_representative: rossi\n    vat_number: '02640520041'\n")
    edit(root, "content/organisations.yaml", "    name: Anna Rossi\n",
         "    name: Anna Rossi\n    gender: f\n    fiscal_code: FRRGNN80T41D205F\n")
    write_tree(root, {"content/documents/dichiarazione.yaml": """\
        for_each: projects.partners
        title: Dichiarazione di partenariato
        template: dichiarazione-partenariato.docx
        place: Firenze
        date: 2023-03-02
        signatory: {legal_representative: true}
        """})
    result = fsegen(root, "build")
    assert result.exit_code == 0, result.output
    text = docx_to_text(root / "output" / "dichiarazione-rete-unione.docx")
    assert ("La sottoscritta Anna Rossi, C.F. FRRGNN80T41D205F, in qualità di legale rappresentante "
            "dell'Unione dei Comuni del Valdarno, P. IVA 02640520041,") in text
    assert "codice fiscale" not in text and "partita IVA" not in text
    assert not check_json(fsegen, root, rule="one-wording")[1]


# --- each file's own text (`for_item`) --------------------------------------------------------



def test_each_file_prints_the_shared_text_then_its_own_and_no_other(tmp_path, fsegen):
    root = write_tree(write_small_programme(tmp_path), {NOTE: PER_PROJECT})
    result = fsegen(root, "build", "nota")
    assert result.exit_code == 0, result.output
    ponte, rete = (docx_to_text(root / "output" / f"nota-{p}.docx") for p in ("ponte", "rete"))
    assert "Il progetto PONTI fa parte del programma.\nNei comuni del nord si sono riuniti i tavoli di ambito." \
        in ponte and "sportello" not in ponte
    assert "Il progetto RETE fa parte del programma.\nLa rete ha aperto uno sportello.\nLo sportello è aperto " \
           "il martedì." in rete and "tavoli" not in rete


def test_a_partner_s_own_text_is_keyed_by_project_and_body(tmp_path, fsegen):
    root = _small_with_partners(tmp_path)
    write_tree(root, {"content/documents/adesione.yaml": PER_BODY.replace(
        "items: organisations\n      where: {kind: cooperativa sociale}", "items: projects.partners")
        .replace(" ({{ item.kind }})", "") + "sections:\n      - title: IMPEGNI\n        for_item:\n          rete-unione:\n"
        "            - Coordina i servizi.\n"})
    result = fsegen(root, "build", "adesione")
    assert result.exit_code == 0, result.output
    assert "IMPEGNI\nCoordina i servizi." in docx_to_text(root / "output" / "adesione-rete-unione.docx")


def test_a_text_for_an_item_the_document_is_not_written_for_is_refused(tmp_path, fsegen):
    root = write_tree(write_small_programme(tmp_path), {NOTE: PER_PROJECT.replace("      ponte:", "      pnte:")})
    check_fails(fsegen, root, "item-texts", f"{NOTE}:13", "the document is not written for 'pnte'",
                "did you mean 'ponte'?")
    assert fsegen(root, "build", "nota").exit_code == 1
    assert not (root / "output" / "nota-ponte.docx").exists()


def test_the_same_unknown_item_in_two_sections_is_one_entry_with_its_places(tmp_path, fsegen):
    note = PER_PROJECT + "  - title: IMPEGNI\n        for_item:\n          pnte:\n            - Un impegno.\n"
    root = write_tree(write_small_programme(tmp_path), {NOTE: note.replace("      ponte:", "      pnte:")})
    said_by_check = fsegen(root, "check").output
    assert f"{NOTE}:13:7: error: the document is not written for 'pnte' (item-texts)\n    also at line 20\n" \
        in said_by_check, said_by_check  # one document named once, not "2 documents: nota, nota"


def test_a_document_written_once_has_no_text_for_one_item(tmp_path, fsegen):
    root = write_tree(write_small_programme(tmp_path), {NOTE: PER_PROJECT.replace("    for_each: projects\n", "")})
    check_fails(fsegen, root, "item-texts", f"{NOTE}:11", "a document written once has no text for one item",
                "`for_each`")


def test_an_item_s_own_prose_that_fails_is_reported_at_its_line_for_that_item(tmp_path, fsegen):
    root = write_tree(write_small_programme(tmp_path), {NOTE: PER_PROJECT.replace(
        "Lo sportello è aperto il martedì.", "Aperto dal {{ project.nessuno }}.")})
    check_fails(fsegen, root, "prose", f"{NOTE}:17", "in prose (for rete)", "nessuno")


def test_rules_read_an_item_s_own_prose(tmp_path, fsegen):
    """A rule on prose (here the glossary's) reads the `for_item` texts too, at their line."""
    root = write_tree(write_small_programme(tmp_path), {NOTE: PER_PROJECT.replace(
        "La rete ha aperto uno sportello.", "La rete ha aperto uno sportello con l'ASST.")})
    code, found = check_json(fsegen, root, rule="glossary")
    assert [(f["file"], f["line"], f["path"]) for f in found] == [
        (NOTE, 16, "documents.nota.sections[0].for_item.rete[0]")], found
    said_in_italian = said(run_fsegen(root, "check", env=italian()))
    assert "[paragrafo 1 per rete (sezione 1) del documento nota] (glossary)" in said_in_italian


def test_a_slip_in_one_item_s_text_is_that_file_s_alone(tmp_path, fsegen):
    """status (and the preview, through the same test) puts a finding about one item's own text
    on that item's file only: a placeholder typed in RETE's text leaves PONTI's file ready."""
    root = write_tree(write_small_programme(tmp_path), {NOTE: PER_PROJECT.replace(
        "Lo sportello è aperto il martedì.", "Lo sportello è aperto [giorno].")})
    rows = {line.split()[0]: line for line in fsegen(root, "status").output.splitlines()
            if line.startswith("nota-")}
    assert "[giorno]" in rows["nota-rete"] and "[giorno]" not in rows["nota-ponte"], rows


def test_a_number_as_an_item_s_id_is_said_as_an_id(tmp_path):
    root = write_tree(write_small_programme(tmp_path), {NOTE: PER_PROJECT.replace("      ponte:", "      2021:")})
    said_in_italian = said(run_fsegen(root, "check", env=italian()))
    assert f"{NOTE}:13:7: errore: dovrebbe essere testo [l'identificativo di voce 2021 (sezione 1) del " \
           "documento nota] (content)" in said_in_italian, said_in_italian
