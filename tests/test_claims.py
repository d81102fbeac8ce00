"""Payment claims (domande di rimborso): real costs, unit costs, flat rates and lump sums,
computed from the monitoring figures and held within budget lines, totals and periods."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.content.loading import load_content
from generator.context.claims import claimed
from generator.rendering.text import docx_to_text
from tests.conftest import check_fails, check_json, edit, italian, refused, run_fsegen

CLAIM = "content/documents/domanda-rimborso.yaml"
CALL = "content/programme.yaml"


def claim_text(folder: Path, fsegen, doc: str = "domanda-rimborso") -> str:
    result = fsegen(folder, "build", doc)
    assert result.exit_code == 0, result.output
    return docx_to_text((folder / "output" / f"{doc}.docx").read_bytes()).replace("\u00a0", " ")


def test_the_example_claim_computes_each_option_from_the_figures(example, fsegen):
    content = load_content(example / "content").content
    ciao = {p: content.monitoring[p]["ciao"] for p in ("s1", "s2")}
    staff = sum(r.spent["Personale e coordinamento"] for r in ciao.values())
    plans = sum(r.achieved["progetti-personalizzati"] for r in ciao.values())
    traineeships = sum(r.achieved["tirocini"] for r in ciao.values())
    lines = claimed(content, content.documents["domanda-rimborso"], "ciao")
    assert lines["Personale e coordinamento"].amount == staff  # real costs
    assert lines["Percorsi personalizzati di inclusione attiva"].amount == plans * 1500  # unit cost
    assert lines["Servizi al lavoro e tirocini"].amount == traineeships * 1200
    assert lines["Comunicazione e valutazione"].amount == (staff * Decimal("0.15")).quantize(Decimal("0.01"))
    text = claim_text(example, fsegen)
    assert "DOMANDA DI RIMBORSO N. 1" in text
    assert f"Servizi al lavoro e tirocini | costo unitario standard | {traineeships} tirocini × 1.200,00 € |" in text
    assert "Comunicazione e valutazione | tasso forfettario | 15% di 52.300,00 € (Personale e coordinamento) | 7.845,00 € |" in text
    assert "Personale e coordinamento | costi reali | spese sostenute nei periodi | 52.300,00 € |" in text
    total = sum(sum(x.amount for x in claimed(content, content.documents["domanda-rimborso"], p).values())
                for p in content.projects)
    shown = f"{total:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert f"Importo richiesto | {shown} €" in text and f"Totale | {shown} € | 0,00 € |" in text


def test_a_claim_over_its_budget_line_is_refused(example, fsegen):
    edit(example, CALL, "      rate: 1200\n", "      rate: 4000\n")  # 24 traineeships of ciao: 96.000 €
    check_fails(fsegen, example, "claim-budgets", f"{CLAIM}:12",
                "project ciao, line Servizi al lavoro e tirocini: claims 96.000,00\u00a0€",
                "above its budget of 80.000,00\u00a0€", "24 tirocini × 4.000,00\u00a0€")
    before = sorted(p.name for p in (example / "output").iterdir()) if (example / "output").exists() else []
    refused(fsegen(example, "build"), "claim-budgets")
    after = sorted(p.name for p in (example / "output").iterdir()) if (example / "output").exists() else []
    assert after == before  # nothing written


def test_a_deviation_lets_a_line_exceed_its_budget_but_never_the_projects_total(example, fsegen):
    edit(example, CALL, "      rate: 1200\n", "      rate: 15000\n")  # ciao: 24 × 15.000 = 360.000 €
    edit(example, "content/projects.yaml", "    budget:\n", "    deviations:\n      - {line: Servizi al "
         "lavoro e tirocini, amount: 300000, act: Nota prot. 1 del 1/9/2021}\n    budget:\n")
    check_fails(fsegen, example, "claim-budgets", f"{CLAIM}:12",
                "project ciao: claims", "above its total budget of 400.000,00\u00a0€")
    _, found = check_json(fsegen, example, rule="claim-budgets")
    assert not any("line Servizi al lavoro e tirocini" in f["message"] and "ciao" in f["message"]
                   for f in found)  # within the line and its acknowledged deviation


def test_a_period_claimed_twice_or_before_it_ends_is_refused(example, fsegen):
    second = (example / CLAIM).read_text(encoding="utf-8").replace("number: 1", "number: 2") \
        .replace("periods: [s1, s2]", "periods: [s2, s3]").replace("date: 2021-10-29", "date: 2022-03-15")
    (example / "content/documents/domanda-rimborso-2.yaml").write_text(second, encoding="utf-8")
    check_fails(fsegen, example, "claim-periods", "content/documents/domanda-rimborso-2.yaml:14",
                "period s2 was already claimed by domanda-rimborso (claim 1)",
                "the claim is dated 15/03/2022, before period s3 ends (31/03/2022)")


def test_an_italian_office_reads_the_claim_findings_in_italian(example):
    second = (example / CLAIM).read_text(encoding="utf-8").replace("number: 1", "number: 2") \
        .replace("periods: [s1, s2]", "periods: [s2, s3]").replace("date: 2021-10-29", "date: 2022-03-15")
    (example / "content/documents/domanda-rimborso-2.yaml").write_text(second, encoding="utf-8")
    edit(example, CALL, "      rate: 15\n", "      rate: 45\n")
    refused_at_load = run_fsegen(example, "check", env=italian())
    assert "un tasso forfettario del 45 % supera il 40 % dei costi diretti del personale" in refused_at_load.stderr
    assert "non oltre il 40 %" in refused_at_load.stderr
    edit(example, CALL, "      rate: 45\n", "      rate: 15\n")
    result = run_fsegen(example, "check", "-v", env=italian())
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "il periodo s2 è già stato richiesto da domanda-rimborso (domanda n. 1)" in out
    assert "la domanda è datata 15/03/2022, prima della chiusura del periodo s3 (31/03/2022)" in out
    assert "already claimed" not in out


def test_a_second_claim_shows_what_was_claimed_before(example, fsegen):
    second = (example / CLAIM).read_text(encoding="utf-8").replace("number: 1", "number: 2") \
        .replace("periods: [s1, s2]", "periods: [s3]").replace("date: 2021-10-29", "date: 2022-04-29") \
        .replace("Domanda di rimborso n. 1", "Domanda di rimborso n. 2")
    (example / "content/documents/domanda-rimborso-2.yaml").write_text(second, encoding="utf-8")
    text = claim_text(example, fsegen, "domanda-rimborso-2")
    assert "DOMANDA DI RIMBORSO N. 2" in text
    assert "Personale e coordinamento | costi reali | spese sostenute nei periodi | 0,00 € | 52.300,00 € | 67.700,00 €" in text


def test_a_flat_rate_on_a_base_the_budgets_do_not_have_is_refused(example, fsegen):
    edit(example, CALL, "base: [Personale e coordinamento]", "base: [Personale]")
    check_fails(fsegen, example, "simplified-costs", f"{CALL}:51",
                "project ciao has no budget line 'Personale' (the flat rate's base)")


def test_a_flat_rate_above_the_regulations_or_on_its_own_line_is_refused(example, fsegen):
    edit(example, CALL, "      rate: 15\n", "      rate: 45\n")
    refused(fsegen(example, "check"), f"{CALL}:46", "a flat rate of 45 % is above the 40 % of direct staff costs")
    edit(example, CALL, "      rate: 45\n", "      rate: 15\n")
    edit(example, CALL, "base: [Personale e coordinamento]", "base: [Comunicazione e valutazione]")
    refused(fsegen(example, "check"), "reimburses 'Comunicazione e valutazione', which cannot also be its base")


def test_a_lump_sum_is_claimed_for_the_projects_that_delivered_it(example, fsegen):
    edit(example, CALL, """    altri-costi:
      kind: tasso forfettario
      name: Tasso forfettario sui costi diretti del personale
      line: Comunicazione e valutazione
      rate: 15
      base: [Personale e coordinamento]""", """    evento:
      kind: somma forfettaria
      name: Somma forfettaria per il piano di comunicazione realizzato
      line: Comunicazione e valutazione
      amount: 6000
      act: Avviso, art. 12""")
    edit(example, CLAIM, "  periods: [s1, s2]\n", "  periods: [s1, s2]\n  lump_sums: {evento: [ciao]}\n")
    text = claim_text(example, fsegen)
    assert "Comunicazione e valutazione | somma forfettaria | risultato conseguito | 6.000,00 € |" in text
    assert "Comunicazione e valutazione | somma forfettaria | risultato non ancora conseguito | 0,00 € |" in text
    assert "Somma forfettaria per il piano di comunicazione realizzato | somma forfettaria | Comunicazione e valutazione | 6.000,00 € | Avviso, art. 12" in text
    edit(example, CLAIM, "{evento: [ciao]}", "{evento: [ciao], altri-costi: [in-lav]}")
    check_fails(fsegen, example, "claim-periods", f"{CLAIM}:15", "'altri-costi' is not a lump sum of the call")
