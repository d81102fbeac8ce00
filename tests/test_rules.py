"""One failing fixture per rule: rule id, file, line and exit 1; and the output formats."""

from __future__ import annotations

import re

from tests.conftest import check_fails, check_json, edit, refused, write_tree

ORGS = "content/organisations.yaml"
DOC = "content/documents/allegato.yaml"


def test_the_small_programme_passes(small_programme, fsegen):
    result = fsegen(small_programme, "check")
    assert result.exit_code == 0, result.output


def test_references(small_programme, fsegen):
    edit(small_programme, ORGS, "    lead: coop", "    lead: cop")
    check_fails(fsegen, small_programme, "references", f"{ORGS}:25", "did you mean 'coop'")


def test_identifiers(small_programme, fsegen):
    edit(small_programme, ORGS, "    kind: cooperativa sociale",
         "    kind: cooperativa sociale\n    vat_number: '05060480969'")
    check_fails(fsegen, small_programme, "identifiers", f"{ORGS}:8", "partita IVA '05060480969': its cifra di controllo")


def test_identifiers_cup_format(small_programme, fsegen):
    edit(small_programme, ORGS, "    lead: coop", "    lead: coop\n    cup: ABC")
    check_fails(fsegen, small_programme, "identifiers", f"{ORGS}:26", "is not a CUP")


def test_coverage_district_in_no_project(small_programme, fsegen):
    edit(small_programme, ORGS, "  sud:\n", "  est:\n    name: Valdarno Est\n  sud:\n")
    check_fails(fsegen, small_programme, "coverage", f"{ORGS}:15", "'Valdarno Est' is in no project")


def test_coverage_district_in_two_projects(small_programme, fsegen):
    edit(small_programme, ORGS, "    districts: [sud]", "    districts: [sud, nord]")
    check_fails(fsegen, small_programme, "coverage", f"{ORGS}:24", "covered twice")


def test_counts_typed_number_contradicting_data(small_programme, fsegen):
    edit(small_programme, DOC, "{{ projects | length | in_lettere }} progetti:", "tre progetti:")
    check_fails(fsegen, small_programme, "counts", f"{DOC}:13", 'prose says "tre progetti"',
                "{{ projects | length | in_lettere }}")


def test_counts_typed_digits(small_programme, fsegen):
    edit(small_programme, DOC, "{{ projects | length | in_lettere }} progetti:",
         "due progetti\n        e 3 proposte progettuali:")
    findings = check_fails(fsegen, small_programme, "counts", f"{DOC}:14", '"3 proposte progettuali"')
    assert any(f["severity"] == "warning" and f["line"] == 13 for f in findings)


def test_dates_annex_before_the_form(small_programme, fsegen):
    write_tree(small_programme, {"content/documents/formulario.yaml": """\
        kind: formulario
        title: Formulario
        template: integrazione-allegato-1.docx
        place: Firenze
        date: 2023-04-01
        sections:
          - title: PROGETTI
        """})
    edit(small_programme, DOC, "title: Allegato tecnico", "kind: integrazione\nintegrates: formulario\ntitle: Allegato tecnico")
    check_fails(fsegen, small_programme, "dates", f"{DOC}:7", "before the document it integrates")


def test_dates_event_cited_in_the_future(small_programme, fsegen):
    write_tree(small_programme, {"content/events.yaml": """\
        events:
          tavolo:
            date: 2024-01-10
            kind: incontro
            title: Tavolo di avvio
        """})
    edit(small_programme, DOC, "'Misure collegate:'", "'Dopo il {{ events.tavolo.kind }}:'")
    check_fails(fsegen, small_programme, "dates", f"{DOC}:16", "after the document's own date")


def test_lead_substitution_former_is_current(small_programme, fsegen):
    edit(small_programme, ORGS, "    lead: coop", "    lead: coop\n    former_leads:\n      - organisation: coop\n        replaced_on: 2022-01-01")
    check_fails(fsegen, small_programme, "lead-substitutions", f"{ORGS}:27", "both the current and a former lead")


def test_lead_substitution_without_date_is_a_warning(small_programme, fsegen):
    edit(small_programme, ORGS, "    lead: coop", "    lead: coop\n    former_leads:\n      - organisation: unione")
    assert fsegen(small_programme, "check").exit_code == 0
    check_fails(fsegen, small_programme, "lead-substitutions", f"{ORGS}:27", "replaced_on", strict=True)


def test_replaced_lead_named_as_lead_after_substitution(small_programme, fsegen):
    edit(small_programme, ORGS, "    lead: coop", "    lead: coop\n    former_leads:\n      - organisation: unione\n        replaced_on: 2022-01-01")
    edit(small_programme, ORGS, "    lead: unione", "    lead: coop")  # it leads nothing else in 2023
    edit(small_programme, DOC, "'Misure collegate:'", "'Ente capofila: {{ organisations.unione.name }}.'")
    check_fails(fsegen, small_programme, "replaced-leads", f"{DOC}:16", "named as lead")


def test_signatory_who_is_not_the_legal_representative(small_programme, fsegen):
    edit(small_programme, ORGS, "    kind: unione di comuni",
         "    kind: unione di comuni\n    legal_representative: bianchi")
    edit(small_programme, ORGS, "people:\n", "people:\n  bianchi:\n    name: Marco Bianchi\n")
    check_fails(fsegen, small_programme, "signatories", f"{DOC}:6", "legal representative is Marco Bianchi")


def test_signatory_with_recorded_delegation_passes(small_programme, fsegen):
    edit(small_programme, ORGS, "    kind: unione di comuni",
         "    kind: unione di comuni\n    legal_representative: bianchi")
    edit(small_programme, ORGS, "people:\n", "people:\n  bianchi:\n    name: Marco Bianchi\n")
    edit(small_programme, DOC, "  capacity: La Responsabile", "  capacity: La Responsabile\n  delegation: Decreto n. 12 del 01/02/2023")
    assert check_json(fsegen, small_programme, rule="signatories") == (0, [])


def test_requests_unanswered(small_programme, fsegen):
    edit(small_programme, DOC, "sections:", "requests:\n  - id: progetti\n    text: Elencare i progetti\nsections:")
    check_fails(fsegen, small_programme, "requests", f"{DOC}:10", "'progetti' is answered by no section")


def test_requests_section_not_in_the_integrated_form(small_programme, fsegen):
    write_tree(small_programme, {"content/documents/formulario.yaml": """\
        kind: formulario
        title: Formulario
        template: integrazione-allegato-1.docx
        place: Firenze
        date: 2023-01-01
        sections:
          - title: CONTESTO
        """})
    edit(small_programme, DOC, "title: Allegato tecnico", "kind: integrazione\nintegrates: formulario\ntitle: Allegato tecnico")
    check_fails(fsegen, small_programme, "requests", f"{DOC}:12", "'PROGETTI' is not a section of formulario")


def test_one_name(small_programme, fsegen):
    edit(small_programme, ORGS, "  coop:\n", "  unione-bis:\n    name: UNIONE dei comuni del Valdarno\n    kind: unione di comuni\n  coop:\n")
    check_fails(fsegen, small_programme, "one-name", f"{ORGS}:5", "same name as organisations.unione")


def test_call_rules_number_of_projects(small_programme, fsegen):
    edit(small_programme, "content/programme.yaml", "  axis_name: inclusione sociale",
         "  axis_name: inclusione sociale\n  rules:\n    min_projects: 3\n    max_projects: 6")
    check_fails(fsegen, small_programme, "call-projects", f"{ORGS}:17", "has 2 projects; the call allows 3 to 6")


def test_call_rules_contribution_over_the_maximum(small_programme, fsegen):
    edit(small_programme, "content/programme.yaml", "  axis_name: inclusione sociale",
         "  axis_name: inclusione sociale\n  rules:\n    max_contribution: 100000")
    edit(small_programme, ORGS, "    lead: unione", "    lead: unione\n    budget:\n      public_contribution: 90000\n"
         "      lines:\n        - item: Personale\n          amount: 100000")
    edit(small_programme, ORGS, "    lead: coop", "    lead: coop\n    budget:\n      public_contribution: 20000\n"
         "      lines:\n        - item: Personale\n          amount: 20000")
    check_fails(fsegen, small_programme, "call-contribution", "content/programme.yaml:9",
                "110.000,00\u00a0€ of public contribution, more than the area's maximum of 100.000,00\u00a0€")


def test_call_rules_lead_kind_and_missing_partnership_facts(small_programme, fsegen):
    edit(small_programme, "content/programme.yaml", "  axis_name: inclusione sociale",
         "  axis_name: inclusione sociale\n  rules:\n    lead_kinds: [comune, unione di comuni]\n"
         "    required_accreditations: [servizi al lavoro]")
    findings = check_fails(fsegen, small_programme, "call-partnership", f"{ORGS}:25",
                           "is a cooperativa sociale")
    assert any(f["severity"] == "warning" and "accredited for servizi al lavoro" in f["message"]
               for f in findings)


def test_glossary(small_programme, fsegen):
    edit(small_programme, DOC, "'Misure collegate:'", "'Misure collegate alla ASL:'")
    check_fails(fsegen, small_programme, "glossary", f"{DOC}:16", "acronym 'ASL'")


def test_rendered_output_none(small_programme, fsegen):
    edit(small_programme, DOC, "'Misure collegate:'", "'Misure collegate: None'")
    check_fails(fsegen, small_programme, "rendered-output", f"{DOC}:1", "empty value")


def test_github_format_annotates_the_line(small_programme, fsegen):
    edit(small_programme, ORGS, "    lead: coop", "    lead: cop")
    result = fsegen(small_programme, "check", "--format", "github")
    assert result.exit_code == 1
    lines = [l for l in result.stdout.splitlines() if l.startswith("::")]
    assert re.fullmatch(r"::error file=content/organisations\.yaml,line=25,col=5,title=references::"
                        r"organisations has no item 'cop' \(hint: did you mean 'coop'\?.*\)", lines[0]), lines


def test_text_format_groups_by_file_with_hints(small_programme, fsegen):
    edit(small_programme, ORGS, "    lead: coop", "    lead: cop")
    refused(fsegen(small_programme, "check"), "content/organisations.yaml:25:5: error: organisations has no "
            "item 'cop'", "hint: did you mean 'coop'?")


def test_build_refuses_on_errors_and_draft_stamps_bozza(small_programme, fsegen):
    import docx

    edit(small_programme, DOC, "{{ projects | length | in_lettere }} progetti:", "tre progetti:")
    assert fsegen(small_programme, "build").exit_code == 1
    assert not (small_programme / "output").exists()
    result = fsegen(small_programme, "build", "--draft")
    assert result.exit_code == 0, result.output
    built = docx.Document(str(small_programme / "output/allegato.docx"))
    assert built.sections[0].header.paragraphs[0].text.startswith("BOZZA")
    clean = small_programme / "clean"
    edit(small_programme, DOC, "tre progetti:", "{{ projects | length | in_lettere }} progetti:")
    assert fsegen(small_programme, "build", "--out", str(clean)).exit_code == 0
    # a new document is a bozza, stamped without --draft; a definitivo one is not
    assert docx.Document(str(clean / "allegato.docx")).sections[0].header.paragraphs[0].text.startswith("BOZZA")
    edit(small_programme, DOC, "place: Firenze", "place: Firenze\nstatus: definitivo")
    write_tree(small_programme, {"content/accept.yaml": """\
        accept:
          - {rule: signatories, path: documents.allegato.signatory, reason: delega agli atti,
             who: Ufficio, date: 2023-03-01}
          - {rule: call-dates, path: call, reason: date nel bando, who: Ufficio, date: 2023-03-01}
          - {rule: call-projects, path: call, reason: regole nel bando, who: Ufficio, date: 2023-03-01}
        """})
    result = fsegen(small_programme, "build", "--out", str(clean), "-v")
    assert result.exit_code == 0, result.output
    assert not docx.Document(str(clean / "allegato.docx")).sections[0].header.paragraphs[0].text.startswith("BOZZA")


def test_templates_rule(small_programme, fsegen):
    edit(small_programme, DOC, "template: integrazione-allegato-1.docx", "template: integrazione-allegato.docx")
    check_fails(fsegen, small_programme, "templates", f"{DOC}:2",
                "did you mean 'integrazione-allegato-1.docx'?")


# Tried on the example as a new user would.

def test_removing_a_project_from_the_example_fails_with_what_to_fix(example, fsegen):
    path = example / "content/projects.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  in-lav:")
    end = text.index("  work-in-progress:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    refused(fsegen(example, "check"),
            "content/territory.yaml:15:3: error: district 'Garbagnate Milanese' is in no project",
            "add it to the `districts:` of the project that covers it")


def test_changing_a_vat_digit_in_the_example_fails(example, fsegen):
    edit(example, ORGS, "vat_number: '05060480968'", "vat_number: '05060480967'")
    refused(fsegen(example, "check"), "content/organisations.yaml:51:5: error: partita IVA '05060480967': its "
            "cifra di controllo (the last digit, 7) does not match the first ten digits", "copy the number again")


def test_dating_the_annex_before_the_form_fails(example, fsegen):
    edit(example, "content/documents/integrazione-allegato-1.yaml", "date: 2020-07-20", "date: 2020-03-01")
    refused(fsegen(example, "check"), "content/documents/integrazione-allegato-1.yaml:11:1: error: dated "
            "01/03/2020, before the document it integrates (formulario-candidatura, 09/03/2020)")


def test_the_counts_rule_reads_the_numbers_in_lettere_writes():
    from generator.checks.counts import NUMBER
    from generator.templating.filters.formatting import number_words

    assert {number_words(n): n for n in range(21)}.items() <= NUMBER.items()
