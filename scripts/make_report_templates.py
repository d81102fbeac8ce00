"""Create the starting Word templates of the progress reports, the same bytes every time.

    python scripts/make_report_templates.py templates/relazione-programma.docx
    python scripts/make_report_templates.py templates/relazione-progetto.docx
    python scripts/make_report_templates.py templates/domanda-rimborso.docx

Like scripts/make_templates.py (whose styles, header and tables they share), this only
writes a first version, and refuses to overwrite a template users may have edited. The
file is reproducible (fixed properties and zip entry times), so writing it again into a
new path gives the committed bytes until someone restyles the committed one in Word.

Every figure comes from `report` (generator/context/progress.py): targets, values, percentages,
residuals and shares are computed, the charts are drawn by fsegen where the template
prints `{{ report.charts.targets }}` or `{{ report.charts.spending }}`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from make_templates import (
    DASH,
    Bold,
    label,
    new_document,
    paragraph,
    place_and_signature,
    save,
    sections_loop,
    subject,
    table,
    title_block,
)

REPORT_ILLUSTRATIVE = ("Dati illustrativi: target, valori raggiunti e spese di questo esempio non "
                       "sono quelli di un programma reale.")


def known(expression: str, shown: str) -> str:
    """`shown` when `expression` is not None (a zero is a figure), else an em dash."""
    return f"{{% if {expression} is not none %}}{shown}{{% else %}}{DASH}{{% endif %}}"


def quantity(expression: str) -> str:
    return known(expression, f"{{{{ {expression} | numero }}}}")


def share(expression: str) -> str:
    return known(expression, f"{{{{ {expression} | percentuale }}}}")


INDICATOR = ("{{ row.indicator.name }}{% if row.indicator.code %} ({{ row.indicator.code }})"
             "{% endif %} – {{ row.indicator.unit }}")


def indicators_table(document, rows: str = "report.indicators", first: str = INDICATOR,
                     loop: str = "row", heading: str = "Indicatore") -> None:
    """Indicatore | Target | Ultimo periodo | Cumulato | % del target."""
    table(document, (6.6, 2.3, 2.3, 2.4, 2.4),
          (heading, "Target", "Ultimo periodo", "Cumulato", "% del target"), [
              f"{{%tr for {loop} in {rows} %}}",
              (first, quantity(f"{loop}.target"), quantity(f"{loop}.last"),
               quantity(f"{loop}.achieved"), share(f"{loop}.percentage")),
              "{%tr endfor %}",
          ], right=(1, 2, 3, 4))


def expenditure_table(document) -> None:
    """Voce | Budget | Nel periodo | Cumulata | Residuo | % speso, and the total."""
    def amounts(row: str) -> tuple[str, ...]:
        return (f"{{{{ {row}.budget | importo }}}}", f"{{{{ {row}.last | importo }}}}",
                f"{{{{ {row}.spent | importo }}}}", f"{{{{ {row}.residual | importo }}}}",
                share(f"{row}.percentage"))

    table(document, (4.2, 2.6, 2.3, 2.5, 2.6, 1.8),
          ("Voce di spesa", "Budget", "Ultimo periodo", "Spesa cumulata", "Residuo", "% speso"), [
              "{%tr for row in report.expenditure %}",
              ("{{ row.label }}",) + amounts("row"),
              "{%tr endfor %}",
              Bold(("Totale",) + amounts("report.total")),
          ], right=(1, 2, 3, 4, 5), together=True)
    paragraph(document, "{%p for row in report.expenditure if row.deviation %}")
    paragraph(document, "Per la voce «{{ row.label }}» è riconosciuto uno scostamento fino a "
                        "{{ row.deviation | importo }} oltre il budget.", italic=True)
    paragraph(document, "{%p endfor %}")


def chart(document, name: str) -> None:
    """The chart, centred in a paragraph of its own below the table (fsegen draws it), with
    space above and below, single line spacing (a proportional one lets LibreOffice draw the
    picture over the table above), never split from itself."""
    p = paragraph(document, f"{{{{ report.charts.{name} }}}}", align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.keep_with_next = False
    p.paragraph_format.keep_together = True
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(12)


def sources_table(document) -> None:
    """Periodo | Progetto | File | Fogli e righe | Dati al, and the files' SHA-256."""
    paragraph(document, "{%p if report.sources %}")
    table(document, (3.3, 3.6, 3.9, 3.0, 2.2), ("Periodo", "Progetto", "File", "Fogli e righe",
                                               "Dati al"), [
        "{%tr for s in report.sources %}",
        ("{{ s.period.name }}", "{{ s.project.title }}", "{{ s.file }}",
         "{% if s.sheet %}{{ s.sheet }}, {% endif %}"
         "{% if s.rows is not none %}{{ s.rows | numero }} righe totalizzate"
         f"{{% elif s.row %}}riga {{{{ s.row }}}}{{% else %}}{DASH}{{% endif %}}",
         "{{ s.date | data }}"),
        "{%tr endfor %}",
    ])
    paragraph(document, "{%p for f in report.sources | selectattr('sha256') | map(attribute='file') "
                        "| unique %}")
    label(document, "Impronta SHA-256 di {{ f }}: {{ (report.sources | selectattr('file', 'equalto', f) "
                    "| first).sha256 }}", italic=True)
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p else %}")
    paragraph(document, "Nessun dato di monitoraggio per i periodi della relazione.", italic=True)
    paragraph(document, "{%p endif %}")


def notes(document) -> None:
    paragraph(document, "{%p if report.illustrative %}")
    label(document, REPORT_ILLUSTRATIVE, italic=True)
    paragraph(document, "{%p endif %}")


def _indicators(document) -> None:
    paragraph(document, "{%p if report.indicators %}")
    indicators_table(document)
    chart(document, "targets")
    paragraph(document, "{%p else %}")
    paragraph(document, "Nessun indicatore con target o valori per i periodi della relazione.",
              italic=True)
    paragraph(document, "{%p endif %}")


def breakdowns(document) -> None:
    """For each indicator with a breakdown: Ripartizione | Categoria | Partecipanti | %."""
    paragraph(document, "{%p for b in report.breakdowns %}")
    label(document, "{{ b.indicator.name }}: {{ b.total | numero }} {{ b.indicator.unit }}")
    table(document, (4.4, 6.0, 3.0, 2.6), ("Ripartizione", "Categoria", "Valore", "Quota"), [
        "{%tr for r in b.rows %}",
        ("{{ r.dimension }}",
         "{{ r.label }}", "{{ r.value | numero }}", "{{ r.percentage | percentuale }}"),
        "{%tr endfor %}",
    ], right=(2, 3))
    paragraph(document, "{%p else %}")
    paragraph(document, "Nessuna ripartizione dei partecipanti per i periodi della relazione "
                        "(i dati non sono stati importati da un foglio di una riga per partecipante).",
              italic=True)
    paragraph(document, "{%p endfor %}")


def _spending(document) -> None:
    paragraph(document, "{%p if report.expenditure %}")
    expenditure_table(document)
    chart(document, "spending")
    paragraph(document, "{%p else %}")
    paragraph(document, "Nessun piano finanziario a cui riferire la spesa.", italic=True)
    paragraph(document, "{%p endif %}")


def _by_project(document) -> None:
    """The programme's indicators project by project, then spending by project."""
    paragraph(document, "{%p for row in report.indicators %}")
    label(document, INDICATOR)
    indicators_table(document, "row.projects", "{{ part.project.title }}", loop="part",
                     heading="Progetto")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p if report.projects %}")
    label(document, "Spesa per progetto")

    def amounts(row: str) -> tuple[str, ...]:
        return (f"{{{{ {row}.budget | importo }}}}", f"{{{{ {row}.spent | importo }}}}",
                f"{{{{ {row}.residual | importo }}}}", share(f"{row}.percentage"))

    table(document, (4.6, 2.6, 2.6, 2.6, 1.7, 1.9),
          ("Progetto", "Budget", "Spesa cumulata", "Residuo", "% speso", "Quota"), [
              "{%tr for row in report.projects %}",
              ("{{ row.label }}",) + amounts("row") + ("{{ row.share | percentuale }}",),
              "{%tr endfor %}",
              Bold(("Totale Programma",) + amounts("report.total") + ("100,0%",)),
          ], right=(1, 2, 3, 4, 5), together=True)
    paragraph(document, "{%p endif %}")


def _summary(document, programme: bool) -> None:
    span = ("{{ report.periods | map(attribute='name') | elenco }} "
            "({{ report.start | data }} – {{ report.end | data }})")
    rows = [("Programma", "{{ programme.title }}"), ("Ente proponente", "{{ promoter.name }}")]
    if not programme:
        rows = [("Progetto", "{{ project.title }}"), ("Ente capofila", "{{ project.lead.name }}"),
                ("Durata del progetto",
                 known("project.start", "{{ project.start | dal_giorno }}")
                 + known("project.end", " {{ project.end | al_giorno }}"))]
    rows += [("Periodi rendicontati", span),
             ("Avanzamento della spesa", "{{ report.total.spent | importo }} su "
                                         "{{ report.total.budget | importo }} "
                                         f"({share('report.total.percentage')})")]
    table(document, (4.5, 11.5), rows=rows, labels=True)


NARRATIVE = ("attivita", "criticita", "prossime-attivita")
"""Sections of the report's account in prose (generator/checks/reports.py asks for them)."""


def _nothing(document) -> None:
    """A section of prose: the template knows its id and adds nothing to its paragraphs."""


def build(path: Path, programme: bool) -> None:
    document = new_document(tables=True)
    title_block(document, (
        "RELAZIONE {{ report.stage | upper }} DI MONITORAGGIO",
        # (a title that opens with the call's word for a project is not prefixed by it again)
        "{{ programme.title | upper }}" if programme else "{{ phrases.titolo_progetto(project, capitals=true) }}",
        "{{ phrases.finanziamento(call) }}",
    ))
    subject(document)
    _summary(document, programme)
    notes(document)
    extras: dict[str, Callable[[object], None]] = {"indicatori": _indicators, "spesa": _spending,
                                                   "fonti": sources_table,
                                                   "partecipanti": breakdowns}
    for narrative in NARRATIVE:  # prose only: the section's own paragraphs, nothing added
        extras[narrative] = _nothing
    if programme:
        extras["progetti"] = _by_project
    sections_loop(document, extras)
    place_and_signature(document)
    save(document, path, "Relazione di monitoraggio")


CLAIM_ILLUSTRATIVE = ("Dati illustrativi: spese, unità e opzioni di costo semplificato di questo "
                      "esempio non sono quelli di un programma reale.")


def _claim_summary(document) -> None:
    """Progetto | Richiesto ora | Già richiesto | Cumulato | Budget | Residuo, and the total."""
    def amounts(row: str) -> tuple[str, ...]:
        return (f"{{{{ {row}.amount | importo }}}}", f"{{{{ {row}.previous | importo }}}}",
                f"{{{{ {row}.cumulated | importo }}}}", f"{{{{ {row}.budget | importo }}}}",
                f"{{{{ {row}.residual | importo }}}}")

    table(document, (3.4, 2.6, 2.6, 2.6, 2.6, 2.6),  # "12.000.000,00 €" in bold on one line
          ("Progetto", "Richiesto", "Già richiesto", "Cumulato", "Budget", "Residuo"), [
              "{%tr for p in claim.projects %}",
              ("{{ p.project.title }}",) + amounts("p.total"),
              "{%tr endfor %}",
              Bold(("Totale",) + amounts("claim.total")),
          ], right=(1, 2, 3, 4, 5), together=True)
    table(document, (8.0, 8.0), rows=[
        ("Importo richiesto a costi reali", "{{ claim.real | importo }}"),
        ("Importo richiesto con opzioni di costo semplificato", "{{ claim.simplified | importo }}"),
    ], labels=True)


def _claim_detail(document) -> None:
    """For each project: Voce | Modalità | Calcolo | Richiesto | Già richiesto | Residuo."""
    paragraph(document, "{%p for p in claim.projects %}")
    label(document, "{{ p.project.title }}")
    table(document, (3.2, 2.2, 3.6, 2.6, 2.6, 2.6),  # "999.999,99 €" in bold on one line
          ("Voce di spesa", "Modalità", "Calcolo", "Richiesto", "Già richiesto", "Residuo"), [
              "{%tr for line in p.lines %}",
              ("{{ line.label }}", "{{ line.method }}", "{{ line.basis }}",
               "{{ line.amount | importo }}", "{{ line.previous | importo }}",
               "{{ line.residual | importo }}"),
              "{%tr endfor %}",
              Bold(("Totale progetto", DASH, DASH, "{{ p.total.amount | importo }}",
                    "{{ p.total.previous | importo }}", "{{ p.total.residual | importo }}")),
          ], right=(3, 4, 5), together=True)
    paragraph(document, "{%p endfor %}")


def _claim_options(document) -> None:
    """Opzione | Tipo | Voce | Parametro | Atto."""
    paragraph(document, "{%p if claim.options %}")
    table(document, (4.4, 2.8, 3.4, 3.4, 2.0), ("Opzione", "Tipo", "Voce di spesa", "Parametro", "Atto"), [
        "{%tr for o in claim.options %}",
        ("{{ o.name }}", "{{ o.kind }}", "{{ o.line }}", "{{ o.parameter }}",
         f"{{% if o.act %}}{{{{ o.act }}}}{{% else %}}{DASH}{{% endif %}}"),
        "{%tr endfor %}",
    ])
    paragraph(document, "{%p else %}")
    paragraph(document, "L'avviso non prevede opzioni di costo semplificato: tutte le voci sono "
                        "rendicontate a costi reali.", italic=True)
    paragraph(document, "{%p endif %}")


def build_claim(path: Path) -> None:
    """domanda-rimborso.docx: a payment claim of the programme, project by project."""
    document = new_document(tables=True)
    title_block(document, (
        "DOMANDA DI RIMBORSO N. {{ claim.number }}",
        "{{ programme.title | upper }}",
        "{{ phrases.finanziamento(call) }}",
    ))
    subject(document)
    table(document, (4.5, 11.5), rows=[
        ("Programma", "{{ programme.title }}"), ("Beneficiario", "{{ promoter.name }}"),
        ("Periodi", "{{ claim.periods | map(attribute='name') | elenco }} "
                    "({{ claim.start | data }} – {{ claim.end | data }})"),
        ("Importo richiesto", "{{ claim.total.amount | importo }}"),
    ], labels=True)
    paragraph(document, "{%p if claim.illustrative %}")
    label(document, CLAIM_ILLUSTRATIVE, italic=True)
    paragraph(document, "{%p endif %}")
    sections_loop(document, {"riepilogo": _claim_summary, "dettaglio": _claim_detail,
                             "opzioni": _claim_options})
    place_and_signature(document)
    save(document, path, "Domanda di rimborso")


BUILDERS: dict[str, Callable[[Path], None]] = {
    "relazione-programma.docx": lambda path: build(path, programme=True),
    "relazione-progetto.docx": lambda path: build(path, programme=False),
    "domanda-rimborso.docx": build_claim,
}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or Path(argv[1]).name not in BUILDERS:
        print(f"usage: python {argv[0]} templates/NAME.docx (NAME: "
              f"{', '.join(BUILDERS)})", file=sys.stderr)
        return 2
    path = Path(argv[1])
    if path.exists():
        print(f"{path} exists: not overwriting a template users may have edited", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    BUILDERS[path.name](path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
