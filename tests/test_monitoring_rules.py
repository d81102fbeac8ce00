"""The monitoring rules, one failing fixture each: rule id, file, line, and what it says.

A small programme of two projects, two periods and one progress report; each test breaks
one fact of it.
"""

from __future__ import annotations

import pytest

from tests.conftest import check_fails, check_json, edit, refused, write_tree

ORGS = "content/organisations.yaml"
PLAN = "content/plan.yaml"
FIGURES = "content/monitoring/foglio.yaml"
REPORT = "content/documents/relazione.yaml"

MONITORING = {
    PLAN: """\
        indicators:
          partecipanti:
            name: Partecipanti
            unit: persone
            code: EECO01
            definition: Persone che hanno iniziato un percorso.
          occupati:
            name: Occupati
            unit: persone
            code: EECR04
            kind: risultato
            part_of: partecipanti
            definition: Partecipanti con un lavoro alla conclusione.
        periods:
          p1: {name: I semestre, start: 2023-01-01, end: 2023-06-30}
          p2: {name: II semestre, start: 2023-07-01, end: 2023-12-31}
        """,
    FIGURES: """\
        monitoring:
          p1:
            ponte:
              source: {file: foglio.xlsx, row: 2, date: 2023-07-10}
              achieved: {partecipanti: 10, occupati: 2}
              spent: {"Personale": 5000}
          p2:
            ponte:
              source: {file: foglio.xlsx, row: 3, date: 2024-01-10}
              achieved: {partecipanti: 12, occupati: 4}
              spent: {"Personale": 6000}
        """,
    REPORT: """\
        kind: relazione
        title: Relazione intermedia
        template: relazione-programma.docx
        place: Firenze
        date: 2024-01-31
        report: {stage: intermedia, periods: [p1, p2]}
        sections:
          - title: SINTESI
            body:
              - La spesa è il {{ report.total.percentage | percentuale }} del budget.
          - id: attivita
            title: ATTIVITÀ SVOLTE
            body:
              - Il progetto ha preso in carico le persone segnalate dai servizi.
          - id: indicatori
            title: INDICATORI
          - id: criticita
            title: CRITICITÀ E AZIONI CORRETTIVE
            body:
              - Le conclusioni dei percorsi si concentrano nel secondo anno.
          - id: prossime-attivita
            title: PROSSIME ATTIVITÀ
            body:
              - Il progetto proseguirà le prese in carico.
        """,
}
PONTE = """    lead: unione
    start: 2023-01-01
    end: 2024-12-31
    targets: {partecipanti: 40, occupati: 10}
    budget:
      public_contribution: 20000
      lines:
        - item: Personale
          amount: 20000"""


@pytest.fixture
def monitored(small_programme):
    write_tree(small_programme, MONITORING)
    edit(small_programme, ORGS, "    lead: unione", PONTE)
    return small_programme


def test_the_monitored_programme_passes(monitored, fsegen):
    result = fsegen(monitored, "check")
    assert result.exit_code == 0, result.output
    assert "(monitoring-" not in result.output and "(report-" not in result.output


def test_figures_dated_before_the_project_started(monitored, fsegen):
    edit(monitored, ORGS, "    start: 2023-01-01", "    start: 2023-08-01")
    check_fails(fsegen, monitored, "monitoring-dates", f"{FIGURES}:4", "figures dated 10/07/2023, "
                "before project ponte started (01/08/2023)")


def test_figures_for_a_period_after_the_project_ended(monitored, fsegen):
    edit(monitored, ORGS, "    end: 2024-12-31", "    end: 2023-06-30")
    check_fails(fsegen, monitored, "monitoring-dates", f"{FIGURES}:8",
                "figures for period p2, after project ponte ended (30/06/2023)")


def test_figures_dated_after_the_report(monitored, fsegen):
    edit(monitored, REPORT, "date: 2024-01-31", "date: 2024-01-05")
    check_fails(fsegen, monitored, "monitoring-dates", f"{FIGURES}:9",
                "figures dated 10/01/2024 are used by relazione, dated 05/01/2024")


def test_a_report_covering_a_period_not_begun(monitored, fsegen):
    edit(monitored, REPORT, "date: 2024-01-31", "date: 2023-06-30")
    check_fails(fsegen, monitored, "monitoring-dates", f"{REPORT}:6",
                "covers period p2, which begins on 01/07/2023")


def test_spending_above_a_line_budget(monitored, fsegen):
    edit(monitored, FIGURES, '{"Personale": 6000}', '{"Personale": 16000}')
    check_fails(fsegen, monitored, "monitoring-spending", f"{FIGURES}:11",
                "spent on 'Personale' up to period p2, above its budget of 20.000,00", "deviations:")


def test_an_acknowledged_deviation_allows_it(monitored, fsegen):
    edit(monitored, FIGURES, '{"Personale": 6000}', '{"Personale": 16000}')
    edit(monitored, ORGS, "    end: 2024-12-31", "    end: 2024-12-31\n    deviations:\n"
         "      - {line: Personale, amount: 1500, act: Nota prot. 77 del 2023-12-01}")
    assert check_json(fsegen, monitored, rule="monitoring-spending") == (0, [])


def test_spending_on_a_line_the_budget_lacks(monitored, fsegen):
    edit(monitored, FIGURES, '{"Personale": 6000}', '{"Personale": 6000, "Affitti": 10}')
    check_fails(fsegen, monitored, "monitoring-spending", f"{FIGURES}:11",
                "ponte has no budget line 'Affitti'")


def test_a_part_totalling_more_than_its_whole(monitored, fsegen):
    edit(monitored, FIGURES, "{partecipanti: 12, occupati: 4}", "{partecipanti: 12, occupati: 21}")
    check_fails(fsegen, monitored, "monitoring-totals", f"{FIGURES}:10",
                "project ponte totals 23 persone for 'Occupati' up to period p2, more than the 22 of "
                "'Partecipanti' it is part of")


def test_overlapping_periods(monitored, fsegen):
    edit(monitored, PLAN, "start: 2023-07-01", "start: 2023-06-01")
    check_fails(fsegen, monitored, "monitoring-totals", f"{PLAN}:16",
                "period p2 begins on 01/06/2023, before period p1 ends (30/06/2023)")


def test_reported_but_never_planned_and_planned_but_never_reported(monitored, fsegen):
    edit(monitored, ORGS, "    targets: {partecipanti: 40, occupati: 10}", "    targets: {occupati: 10}")
    code, found = check_json(fsegen, monitored, rule="monitoring-coverage")
    assert code == 0 and len(found) == 1
    assert found[0]["severity"] == "warning" and found[0]["file"] == FIGURES and found[0]["line"] == 5
    assert "reports 'Partecipanti', which it never planned" in found[0]["message"]
    edit(monitored, ORGS, "    targets: {occupati: 10}", "    targets: {occupati: 10, partecipanti: 4}")
    edit(monitored, FIGURES, "{partecipanti: 10, occupati: 2}", "{partecipanti: 10}")
    edit(monitored, FIGURES, "{partecipanti: 12, occupati: 4}", "{partecipanti: 12}")
    _, found = check_json(fsegen, monitored, rule="monitoring-coverage")
    assert [f["message"] for f in found] == [
        "project ponte plans 10 persone for 'Occupati' but no period reports it"]
    assert fsegen(monitored, "check", "--strict").exit_code == 1


def test_a_percentage_typed_in_a_report(monitored, fsegen):
    edit(monitored, REPORT, "{{ report.total.percentage | percentuale }}", "55,0%")
    check_fails(fsegen, monitored, "report-percentages", f"{REPORT}:10", "'55,0%'",
                "report.total.percentage")


def test_an_unknown_indicator_in_the_figures(monitored, fsegen):
    edit(monitored, FIGURES, "{partecipanti: 10, occupati: 2}", "{partecipanti: 10, ocupati: 2}")
    check_fails(fsegen, monitored, "references", f"{FIGURES}:5", "did you mean 'occupati'")


def test_an_unknown_esf_code_is_refused(monitored, fsegen):
    edit(monitored, PLAN, "code: EECR04", "code: EECR09")
    refused(fsegen(monitored, "check"), f"{PLAN}:10:5:", "not an ESF+ common indicator code")


def test_a_thousands_separator_in_a_target_is_refused(monitored, fsegen):
    edit(monitored, ORGS, "targets: {partecipanti: 40,", "targets: {partecipanti: 1.500,")
    refused(fsegen(monitored, "check"), "1.500 is not 1500")


def test_a_final_report_before_a_project_ends_and_targets_short_of_the_programme(monitored, fsegen):
    edit(monitored, REPORT, "stage: intermedia", "stage: finale")
    edit(monitored, PLAN, "    code: EECO01\n", "    code: EECO01\n    target: 50\n")
    code, found = check_json(fsegen, monitored)
    assert code == 0
    found = {f["rule"]: f for f in found if f["rule"].startswith("monitoring")}
    assert found["monitoring-dates"]["severity"] == "warning"
    assert "the final report is dated 31/01/2024, before project ponte ends (31/12/2024)" \
        in found["monitoring-dates"]["message"]
    assert (found["monitoring-coverage"]["file"], found["monitoring-coverage"]["line"]) == (PLAN, 6)
    assert "add up to 40 persone, less than the programme's target of 50" \
        in found["monitoring-coverage"]["message"]
