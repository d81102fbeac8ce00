"""The call's rules as data, other calls' shapes, and the warnings: one fixture per case.

Each test edits the small programme of conftest (two projects over two districts of the
Valdarno, an "avviso pubblico" of the PR FSE+ Toscana) and reads the findings as JSON.
"""

from __future__ import annotations

import docx
import pytest

from generator.model import Amount, Approximate, Budget, Organisation, Project
from tests.conftest import add_paragraph, check_json, edit, refused, write_tree

PROGRAMME = "content/programme.yaml"
ORGS = "content/organisations.yaml"
DOC = "content/documents/allegato.yaml"

RULES = """\
  rules:
    min_projects: 1
    max_projects: 4
"""


def findings(fsegen, folder, *extra: str) -> list[dict]:
    return check_json(fsegen, folder, *extra)[1]


def of_rule(found: list[dict], rule: str, severity: str | None = None) -> list[dict]:
    return [f for f in found if f["rule"] == rule and (severity is None or f["severity"] == severity)]


def add_rules(folder, text: str) -> None:
    """`call.rules` with `text` (YAML lines at the rules' indentation) added."""
    edit(folder, PROGRAMME, "  axis_name: inclusione sociale\n",
         "  axis_name: inclusione sociale\n" + RULES + text)


def budgets(folder, first: str, second: str) -> None:
    """Give the two projects budgets (YAML lines under `budget:`)."""
    edit(folder, ORGS, "    lead: unione\n", "    lead: unione\n    budget:\n" + first)
    edit(folder, ORGS, "    lead: coop\n", "    lead: coop\n    budget:\n" + second)


# --- coverage --------------------------------------------------------------------------------


def test_thematic_projects_may_share_a_district_when_the_call_says_so(small_programme, fsegen):
    edit(small_programme, ORGS, "    districts: [sud]", "    districts: [sud, nord]")
    assert of_rule(findings(fsegen, small_programme), "coverage")  # exactly-one by default
    add_rules(small_programme, "    coverage: at-least-one\n")
    assert not of_rule(findings(fsegen, small_programme), "coverage")


def test_at_least_one_still_wants_every_district_covered(small_programme, fsegen):
    add_rules(small_programme, "    coverage: at-least-one\n")
    edit(small_programme, ORGS, "    districts: [sud]", "    districts: [nord]")
    found = of_rule(findings(fsegen, small_programme), "coverage")
    assert [f["message"] for f in found] == [
        "district 'Valdarno Sud' is in no project: the territory is not fully covered"]
    edit(small_programme, PROGRAMME, "coverage: at-least-one", "coverage: none")
    assert not of_rule(findings(fsegen, small_programme), "coverage")


def test_a_project_over_the_whole_territory(small_programme, fsegen):
    edit(small_programme, ORGS, "    districts: [sud]", "    whole_territory: true")
    found = of_rule(findings(fsegen, small_programme), "coverage")
    assert found and "'nord' is covered twice" in found[0]["message"]
    assert found[0]["path"] == "projects.rete.whole_territory"
    add_rules(small_programme, "    coverage: at-least-one\n")
    assert not of_rule(findings(fsegen, small_programme), "coverage")


def test_a_project_says_where_it_works(small_programme, fsegen):
    edit(small_programme, ORGS, "    districts: [sud]\n", "")
    found = findings(fsegen, small_programme)
    assert any("`whole_territory: true`" in f["message"] for f in found), found


# --- counts ----------------------------------------------------------------------------------


def prose(folder, text: str) -> None:
    edit(folder, DOC, "      - 'Misure collegate:'", f"      - '{text}'")


def test_personalised_plans_are_no_count_of_projects(small_programme, fsegen):
    prose(small_programme, "Attiveremo almeno 60 progetti personalizzati e tre ambiti di intervento.")
    assert not of_rule(findings(fsegen, small_programme), "counts")


def test_a_count_where_the_noun_phrase_ends_is_checked_in_english_that_agrees(small_programme, fsegen):
    prose(small_programme, "I tre progetti del Programma.")
    found = of_rule(findings(fsegen, small_programme), "counts")
    assert [f["message"] for f in found] == ['prose says "tre progetti" but the content has 2 projects']
    edit(small_programme, ORGS, "  rete:\n    title: RETE\n    districts: [sud]\n    lead: coop\n", "")
    edit(small_programme, ORGS, "    districts: [nord]", "    districts: [nord, sud]")
    found = of_rule(findings(fsegen, small_programme), "counts")
    assert [f["message"] for f in found] == ['prose says "tre progetti" but the content has 1 project']


def test_the_call_s_own_words_are_counted(small_programme, fsegen):
    add_rules(small_programme, "")
    edit(small_programme, PROGRAMME, "  rules:\n",
         "  vocabulary:\n    district: {singular: zona-distretto, plural: zone-distretto}\n"
         "  rules:\n")
    prose(small_programme, "Il programma copre tre zone-distretto.")
    found = of_rule(findings(fsegen, small_programme), "counts")
    assert [f["message"] for f in found] == ['prose says "tre zone-distretto" but the content has 2 districts']


def test_a_count_inside_a_value_of_the_content_is_checked_and_never_silent(small_programme, fsegen):
    """A value cannot draw on the data ("Rete dei cinque Ambiti"): a count that disagrees is an
    error at the value, one that agrees today a warning (it will not follow the data)."""
    edit(small_programme, PROGRAMME, "  network: Rete dei Comuni del Valdarno",
         "  network: Rete dei cinque Ambiti del Valdarno")
    found = of_rule(findings(fsegen, small_programme), "counts")
    assert [(f["severity"], f["path"], f["message"]) for f in found] == [
        ("error", "programme.network", 'a value of the content says "cinque Ambiti" but the content has 2 districts')]
    edit(small_programme, PROGRAMME, "cinque Ambiti", "due Ambiti")
    found = of_rule(findings(fsegen, small_programme), "counts")
    assert [(f["severity"], f["path"]) for f in found] == [("warning", "programme.network")]


def test_collections_the_content_lacks_are_not_counted(small_programme, fsegen):
    prose(small_programme, "Hanno aderito 4 partner e 12 comuni.")
    assert not of_rule(findings(fsegen, small_programme), "counts")
    edit(small_programme, ORGS, "    lead: coop\n",
         "    lead: coop\n    partners:\n      - organisation: unione\n")
    found = of_rule(findings(fsegen, small_programme), "counts")
    assert [f["message"] for f in found] == ['prose says "4 partner" but the content has 0 partners or 1 partner']


# --- the call's levels and projects ---------------------------------------------------------


def test_a_call_without_programme_level_takes_one_project(small_programme, fsegen):
    edit(small_programme, PROGRAMME, "  axis_name: inclusione sociale\n",
         "  axis_name: inclusione sociale\n  programme_level: false\n")
    found = of_rule(findings(fsegen, small_programme), "call-projects", "error")
    assert found[0]["message"] == ("the call has no programme level (one project per application), "
                                   "and the content has 2 projects")
    assert found[0]["path"] == "projects.rete"


def test_a_call_with_programme_level_wants_the_programme_title(small_programme, fsegen):
    edit(small_programme, PROGRAMME, "  title: Programma territoriale Valdarno\n", "")
    found = of_rule(findings(fsegen, small_programme), "call-projects", "error")
    assert found and found[0]["message"] == "the programme has no title, and the call funds programmes"


def test_too_many_projects_in_english_that_agrees(small_programme, fsegen):
    add_rules(small_programme, "")
    edit(small_programme, PROGRAMME, "    max_projects: 4", "    max_projects: 1")
    found = of_rule(findings(fsegen, small_programme), "call-projects", "error")
    assert found[0]["message"] == "the programme has 2 projects; the call allows 1 to 1"


# --- budgets against the call ---------------------------------------------------------------

TOTAL_150 = "      total_cost: 150000\n      public_contribution: 130000\n"
LINES_100 = ("      lines:\n        - item: Personale\n          amount: 100000\n"
             "      public_contribution: 80000\n")


def test_public_share_over_the_cap(small_programme, fsegen):
    add_rules(small_programme, "    max_public_share: 80\n")
    budgets(small_programme, TOTAL_150, LINES_100)
    found = of_rule(findings(fsegen, small_programme), "call-budgets")
    assert [f["message"] for f in found] == [
        "the public share of 'ponte' is 86,7%, more than the call's maximum of 80,0% "
        "(a co-financing of at least 20,0%)"]
    assert found[0]["path"] == "projects.ponte.budget.public_contribution"


def test_contribution_and_cost_within_the_call_s_range(small_programme, fsegen):
    add_rules(small_programme, "    project_contribution: {min: 90000, max: 120000}\n"
                               "    project_cost: {max: 120000}\n")
    budgets(small_programme, TOTAL_150, LINES_100)
    messages = [f["message"] for f in of_rule(findings(fsegen, small_programme), "call-budgets")]
    assert "the contribution 'ponte' asks is 130.000,00 €, more than the call's maximum of 120.000,00 €" \
        in [m.replace("\u00a0", " ") for m in messages]
    assert "the total cost of 'ponte' is 150.000,00 €, more than the call's maximum of 120.000,00 €" \
        in [m.replace("\u00a0", " ") for m in messages]
    assert "the contribution 'rete' asks is 80.000,00 €, less than the call's minimum of 90.000,00 €" \
        in [m.replace("\u00a0", " ") for m in messages]


def test_a_budget_adds_up(small_programme, fsegen):
    budgets(small_programme,
            "      lines:\n        - item: Personale\n          amount: 100000\n"
            "      total_cost: 90000\n      public_contribution: 80000\n",
            "      total_cost: 100000\n      public_contribution: 80000\n"
            "      co_financing_by:\n        - organisation: unione\n"
            "          amount: 15000\n")
    messages = [f["message"].replace("\u00a0", " ") for f in of_rule(findings(fsegen, small_programme), "budgets")]
    assert "the total cost 90.000,00 € is not the sum of the lines, 100.000,00 €" in messages
    assert ("the co-financers pay 15.000,00 €, but the co-financing is 20.000,00 € (total cost "
            "less contribution)") in messages


def test_the_programme_s_total_is_its_projects(small_programme, fsegen):
    budgets(small_programme, TOTAL_150, LINES_100)
    edit(small_programme, PROGRAMME, "  network: Rete dei Comuni del Valdarno\n",
         "  network: Rete dei Comuni del Valdarno\n  budget:\n"
         "    total_cost: 250000\n    public_contribution: 200000\n")
    found = of_rule(findings(fsegen, small_programme), "budgets")
    assert [f["message"].replace("\u00a0", " ") for f in found] == [
        "the programme asks for 200.000,00 €, and its projects for 210.000,00 € in all"]


# --- partnership, roles, kinds ---------------------------------------------------------------


def test_at_least_one_public_body_counting_bodies_in_coordination(small_programme, fsegen):
    add_rules(small_programme, "    partnership:\n      - sector: pubblico\n"
                               "        min: 1\n"
                               "        roles: [capofila, partner, in coordinamento]\n")
    edit(small_programme, ORGS, "    lead: coop\n",
         "    lead: coop\n    partners:\n      - organisation: altra\n")
    edit(small_programme, ORGS, "  coop:\n", "  altra:\n    name: Altra Cooperativa\n"
         "    kind: cooperativa sociale\n  coop:\n")
    found = of_rule(findings(fsegen, small_programme), "call-partnership", "error")
    assert [f["message"] for f in found] == [
        "the partnership of 'rete' has 0 such bodies among its capofila and partner and in "
        "coordinamento members; the call wants at least 1 public body (call.rules.partnership[0])"]
    edit(small_programme, ORGS, "      - organisation: altra\n",
         "      - organisation: altra\n      - organisation: unione\n"
         "        participation: in coordinamento\n")
    assert not of_rule(findings(fsegen, small_programme), "call-partnership", "error")


def test_a_private_lead_where_the_call_wants_one(small_programme, fsegen):
    add_rules(small_programme, "    lead_sectors: [privato, terzo settore]\n")
    found = of_rule(findings(fsegen, small_programme), "call-partnership", "error")
    assert [f["path"] for f in found] == ["projects.ponte.lead"]
    assert "is pubblico; the call wants a lead that is privato or terzo settore" in found[0]["message"]


def test_third_sector_registration_and_accreditation_with_their_register(small_programme, fsegen):
    add_rules(small_programme, "    required_accreditations: [servizi al lavoro]\n"
                               "    third_sector_min_years: 3\n")
    edit(small_programme, PROGRAMME, "  axis_name: inclusione sociale\n",
         "  axis_name: inclusione sociale\n  deadline: 2023-03-31\n")
    edit(small_programme, ORGS, "    kind: cooperativa sociale\n",
         "    kind: cooperativa sociale\n    accreditations:\n      - area: servizi al lavoro\n"
         "        registry: Elenco regionale\n    third_sector:\n      registry: RUNTS\n"
         "      since: 2021-01-10\n")
    edit(small_programme, ORGS, "    lead: unione\n",
         "    lead: unione\n    partners:\n      - organisation: coop\n"
         "        role: servizi al lavoro\n")
    edit(small_programme, ORGS, "    lead: coop\n",
         "    lead: coop\n    partners:\n      - organisation: unione\n")
    found = of_rule(findings(fsegen, small_programme), "call-partnership", "error")
    assert {f["message"] for f in found} == {
        "the Third Sector partners of 'ponte' have less than 3 years of registration at 31/03/2023",
        "the Third Sector partners of 'rete' have less than 3 years of registration at 31/03/2023"}
    edit(small_programme, ORGS, "      since: 2021-01-10", "      since: 2019-01-10")
    assert not of_rule(findings(fsegen, small_programme), "call-partnership", "error")


def test_roles(small_programme, fsegen):
    edit(small_programme, PROGRAMME, "  promoter: unione\n",
         "  promoter: unione\n  referent: unione\n")
    edit(small_programme, ORGS, "    lead: coop\n",
         "    lead: coop\n    partners:\n      - organisation: coop\n"
         "      - organisation: unione\n        participation: in cordinamento\n")
    found = of_rule(findings(fsegen, small_programme), "roles")
    messages = {f["message"]: f for f in found}
    assert messages["the referente is the promoter itself"]["severity"] == "warning"
    assert messages["'coop' is already the lead of 'rete': a body takes part in a project once"][
        "path"] == "projects.rete.partners[0].organisation"
    unknown = next(f for f in found if "'in cordinamento' is not a way" in f["message"])
    assert unknown["severity"] == "warning" and "did you mean 'in coordinamento'?" in unknown["hint"]


def test_kinds_are_open_but_known_ones_carry_a_sector(small_programme, fsegen):
    edit(small_programme, ORGS, "    kind: cooperativa sociale", "    kind: cooperativa socale")
    found = of_rule(findings(fsegen, small_programme), "kinds")
    assert found[0]["severity"] == "warning"
    assert found[0]["message"] == ("'cooperativa socale' is not a kind the rules know, so its sector "
                                   "is unknown (did you mean 'cooperativa sociale'?)")
    edit(small_programme, ORGS, "    kind: cooperativa socale", "    kind: centro antiviolenza\n"
         "    sector: terzo settore")
    assert not of_rule(findings(fsegen, small_programme), "kinds")


# --- recipients, duration, dates -------------------------------------------------------------


def test_recipients_minimum(small_programme, fsegen):
    add_rules(small_programme, "    min_recipients: 60\n")
    edit(small_programme, ORGS, "    lead: unione\n", "    lead: unione\n    recipients: 40\n")
    found = of_rule(findings(fsegen, small_programme), "call-recipients")
    assert [(f["severity"], f["message"]) for f in found] == [
        ("error", "'ponte' plans 40 recipients; the call wants at least 60"),
        ("warning", "the recipients 'rete' plans are not recorded: the call's minimum of 60 cannot be checked")]


def test_duration(small_programme, fsegen):
    add_rules(small_programme, "    duration_months: {min: 12, max: 24}\n")
    edit(small_programme, ORGS, "    lead: unione\n",
         "    lead: unione\n    start: 2023-01-01\n    end: 2025-06-30\n")
    found = of_rule(findings(fsegen, small_programme), "call-duration")
    assert [(f["severity"], f["message"]) for f in found] == [
        ("error", "'ponte' lasts 30 months; the call allows 12 to 24"),
        ("warning", "the duration of 'rete' is not recorded: the call's limits cannot be checked")]


def test_a_call_without_publication_date_or_deadline_is_a_warning(small_programme, fsegen):
    found = of_rule(findings(fsegen, small_programme), "call-dates", "warning")
    assert [f["message"] for f in found] == [
        "the call's publication date is not recorded: the form's date cannot be checked against it",
        "the call's deadline is not recorded: the form's date cannot be checked against it"]


EXTENDED = """\
  published: 2023-01-10
  deadline: 2023-02-28
  extensions:
    - deadline: 2023-03-15
      act: {kind: decreto dirigenziale, number: '123', date: 2023-02-20}
"""


def test_a_deadline_extended_by_an_act(small_programme, fsegen):
    edit(small_programme, DOC, "title: Allegato tecnico", "kind: formulario\ntitle: Allegato tecnico")
    edit(small_programme, PROGRAMME, "  axis_name: inclusione sociale\n",
         "  axis_name: inclusione sociale\n" + EXTENDED)
    assert not of_rule(findings(fsegen, small_programme), "call-dates")  # 2 March, within the extension
    edit(small_programme, DOC, "date: 2023-03-02", "date: 2023-03-16")
    found = of_rule(findings(fsegen, small_programme), "call-dates")
    assert [f["message"] for f in found] == [
        "the form is dated 16/03/2023, after the call's deadline (extended) 15/03/2023"]
    edit(small_programme, PROGRAMME, "date: 2023-02-20", "date: 2023-03-20")
    found = of_rule(findings(fsegen, small_programme), "call-dates")
    assert "the act extending the deadline to 15/03/2023 is dated 20/03/2023" in found[0]["message"]


def test_extensions_come_in_order(small_programme, fsegen):
    edit(small_programme, PROGRAMME, "  axis_name: inclusione sociale\n",
         "  axis_name: inclusione sociale\n" + EXTENDED.replace("2023-03-15", "2023-02-15"))
    refused(fsegen(small_programme, "check"), "each extension must set a deadline later than the one before it")


# --- signatories -----------------------------------------------------------------------------


def test_a_document_without_signatory_is_a_warning(small_programme, fsegen):
    edit(small_programme, DOC, "signatory:\n  person: rossi\n  capacity: La Responsabile\n", "")
    found = of_rule(findings(fsegen, small_programme), "signatories")
    assert [(f["severity"], f["message"]) for f in found] == [
        ("warning", "document 'allegato' has no signatory: it prints no signature block")]


def test_a_delegation_recorded_once_on_the_person(small_programme, fsegen):
    edit(small_programme, ORGS, "    kind: unione di comuni\n",
         "    kind: unione di comuni\n    legal_representative: sindaco\n")
    edit(small_programme, ORGS, "people:\n", "people:\n  sindaco:\n    name: Mario Verdi\n")
    edit(small_programme, DOC, "  capacity: La Responsabile\n",
         "  capacity: Per il Presidente\n  on_behalf_of: unione\n")
    assert of_rule(findings(fsegen, small_programme), "signatories", "error")
    edit(small_programme, ORGS, "    honorific: Dott.ssa\n",
         "    honorific: Dott.ssa\n    gender: f\n    organisation: unione\n    delegation:\n"
         "      kind: decreto del Presidente\n      number: '7'\n      date: 2023-01-08\n")
    assert not of_rule(findings(fsegen, small_programme), "signatories")
    assert fsegen(small_programme, "build").exit_code == 0
    text = [p.text for p in docx.Document(str(small_programme / "output/allegato.docx")).paragraphs]
    assert text[-3:] == ["Per il Presidente", "Dott.ssa Anna Rossi",
                         "Delegata con decreto del Presidente n. 7 dell'8 gennaio 2023"]


# --- unknown and approximate amounts --------------------------------------------------------


def test_an_unknown_total_is_said_not_printed_and_never_zero(small_programme, fsegen):
    """A budget with only its contribution: the total and the co-financing are unknown, never 0;
    the sheet says so above a table that shows the contribution alone (no "—" to correct, no
    "presentato per importi complessivi" above a total that is missing)."""
    budgets(small_programme, "      public_contribution: 80000\n", LINES_100)
    write_tree(small_programme, {"content/documents/scheda.yaml": """\
        title: Scheda
        template: scheda-progetto.docx
        for_each: projects
        place: Firenze
        date: 2023-03-02
        sections:
          - id: budget
            title: PIANO FINANZIARIO
        """})
    found = of_rule(findings(fsegen, small_programme), "budgets")
    assert [(f["severity"], f["path"]) for f in found] == [("warning", "projects.ponte.budget")]
    assert fsegen(small_programme, "build").exit_code == 0  # a warning: said, not missing
    document = docx.Document(str(small_programme / "output/scheda-ponte.docx"))
    budget = next(t for t in document.tables if t.rows[0].cells[0].text == "Voce di spesa")
    rows = {r.cells[0].text: [c.text.replace("\u00a0", " ") for c in r.cells[1:]] for r in budget.rows}
    assert rows == {"Voce di spesa": ["Importo", "%"], "Contributo pubblico richiesto": ["80.000,00 €", "—"]}
    said = "\n".join(p.text for p in document.paragraphs)
    assert "Del piano finanziario è indicato il solo contributo pubblico richiesto" in said
    assert "importi complessivi" not in said
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "0,00 €" not in text.replace("80.000,00 €", "")


def test_a_draft_prints_a_dash_for_a_missing_fact(small_programme, fsegen):
    edit(small_programme, DOC, "      - list: measures\n",
         "      - list: measures\n      - 'Sigla: {{ promoter.short_name }}.'\n")
    refused(fsegen(small_programme, "build"), "a fact the content does not have", "--draft")
    assert fsegen(small_programme, "build", "--draft").exit_code == 0
    text = [p.text for p in docx.Document(str(small_programme / "output/allegato.docx")).paragraphs]
    assert "Sigla: —." in text
    assert "0,00" not in "\n".join(text)


def test_circa_amounts_are_approximate_and_italian_thousands_are_refused():
    budget = Budget(total_cost="circa 150000", public_contribution=120000)
    assert isinstance(budget.total, Approximate) and budget.total == 150000
    assert getattr(budget.co_financing, "approximate", False) and budget.co_financing == 30000
    assert getattr(budget.public_share, "approximate", False) and budget.public_share == 80
    assert not getattr(Budget(total_cost=150000, public_contribution=120000).total, "approximate", False)
    from pydantic import TypeAdapter, ValidationError
    with pytest.raises(ValidationError, match="is not 120000 euro"):
        TypeAdapter(Amount).validate_python("circa 120.000")
    assert TypeAdapter(Amount).validate_python("ca. 12000.50") == Approximate("12000.50")


def test_shapes_that_contradict_themselves_are_refused():
    from pydantic import ValidationError
    with pytest.raises(ValidationError, match="registration once"):
        Organisation(name="X", kind="cooperativa sociale", third_sector_since="2020-01-01",
                     third_sector={"registry": "RUNTS", "since": "2020-01-01"})
    with pytest.raises(ValidationError, match="lists no `districts`"):
        Project(title="X", lead="a", districts=["b"], whole_territory=True)
    assert Organisation(name="X", kind="impresa sociale").known_sector == "terzo settore"
    assert Organisation(name="X", kind="centro antiviolenza").known_sector is None
    assert Organisation(name="X", kind="altro", sector="privato").known_sector == "privato"


def test_districts_read_the_lombard_key_too(small_programme, fsegen):
    write_tree(small_programme, {"content/salute.yaml": """\
        organisations:
          ausl:
            name: Azienda USL Toscana sud est
            kind: AUSL
        """})
    edit(small_programme, ORGS, "    name: Valdarno Nord\n", "    name: Valdarno Nord\n    asst: ausl\n")
    edit(small_programme, ORGS, "    name: Valdarno Sud\n", "    name: Valdarno Sud\n    health_authority: ausl\n")
    assert not [f for f in findings(fsegen, small_programme) if f["severity"] == "error"]


def test_the_editor_schema_accepts_circa_for_amounts_only():
    import re

    from generator.content.schemas import content_file_schema

    defs = content_file_schema()["$defs"]
    amount = defs["BudgetLine"]["properties"]["amount"]["anyOf"][1]["pattern"]
    share = next(b for b in defs["CallRules"]["properties"]["max_public_share"]["anyOf"]
                 if "anyOf" in b or b.get("type") == "string")
    share_pattern = share["pattern"] if "pattern" in share else share["anyOf"][1]["pattern"]
    assert re.match(amount, "circa 150000") and re.match(amount, "120000.50")
    assert not re.match(amount, "molti")
    assert not re.match(share_pattern, "circa 80") and re.match(share_pattern, "80")


FORM = """\
    kind: formulario
    title: Formulario
    template: formulario-candidatura.docx
    place: Firenze
    date: 2023-03-02
    signatory:
      person: rossi
      capacity: La Responsabile
    sections:
      - id: budget
        title: PIANO FINANZIARIO
    """


def test_a_programme_total_submitted_before_the_projects_budgets(small_programme, fsegen):
    write_tree(small_programme, {"content/documents/formulario.yaml": FORM})
    edit(small_programme, PROGRAMME, "  network: Rete dei Comuni del Valdarno\n",
         "  network: Rete dei Comuni del Valdarno\n  budget:\n"
         "    total_cost: circa 250000\n    public_contribution: 200000\n")
    assert fsegen(small_programme, "build", "formulario").exit_code == 0
    document = docx.Document(str(small_programme / "output/formulario.docx"))
    [table] = document.tables
    rows = [[c.text.replace("\u00a0", " ") for c in r.cells] for r in table.rows]
    assert rows == [["Voce", "Importo", "%"],
                    ["Costo totale", "circa 250.000,00 €", "100,0%"],
                    ["Contributo pubblico richiesto", "200.000,00 €", "circa 80,0%"],
                    ["Cofinanziamento", "circa 50.000,00 €", "circa 20,0%"]]
    assert "Totale Programma" in [p.text for p in document.paragraphs]


SHEET = """\
    title: Scheda
    template: scheda-progetto.docx
    for_each: projects
    place: Firenze
    date: 2023-03-02
    sections:
      - id: territorio
        title: TERRITORIO
    """


def test_a_project_over_the_whole_territory_in_the_deliverables(small_programme, fsegen):
    write_tree(small_programme, {"content/documents/formulario.yaml": FORM.replace(
        "      - id: budget\n        title: PIANO FINANZIARIO\n",
        "      - id: contesto\n        title: CONTESTO\n      - id: progetti\n        title: PROGETTI\n"),
        "content/documents/scheda.yaml": SHEET})
    add_rules(small_programme, "    coverage: at-least-one\n")
    edit(small_programme, ORGS, "    districts: [sud]", "    whole_territory: true")
    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    form = docx.Document(str(small_programme / "output/formulario.docx"))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in form.tables]
    context, projects = tables
    assert context == [["Ambito territoriale", "ASST di riferimento", "Progetti"],
                       ["Valdarno Nord", "—", "PONTI; RETE"], ["Valdarno Sud", "—", "RETE"]]
    assert projects[2] == ["2", "RETE", "Cooperativa Sociale Il Ponte", "Intero territorio (valle dell'Arno)"]
    sheet = docx.Document(str(small_programme / "output/scheda-rete.docx"))
    summary, territory = [[[c.text for c in r.cells] for r in t.rows] for t in sheet.tables]
    assert ["Ambiti territoriali", "Intero territorio (valle dell'Arno)"] in summary
    assert [row[0] for row in territory] == ["Ambito", "Valdarno Nord", "Valdarno Sud"]


def test_a_condition_with_a_greater_than_sign_in_a_word_template(small_programme, fsegen):
    """Word stores `>` as `&gt;`: the template-fields reading sees the tag as docxtpl does."""
    add_paragraph(small_programme / "templates/integrazione-allegato-1.docx",
                  "{% if projects | length > 1 %}Più progetti.{% endif %}")
    found = findings(fsegen, small_programme)
    assert not of_rule(found, "template-fields"), found
    assert fsegen(small_programme, "build").exit_code == 0
    assert "Più progetti." in [p.text for p in docx.Document(
        str(small_programme / "output/allegato.docx")).paragraphs]
