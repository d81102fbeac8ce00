"""Create the Word template of a deliverable: how the repository's templates are made.

The committed `templates/*.docx` are the source of truth that users open and
restyle in Word or LibreOffice; this script writes the repository's own versions,
so that a change to them is a reviewed change to this code. The file name chooses
the template built (see BUILDERS): the integration annex, the candidacy form, the
project sheet, the transmission letter or the declaration of partnership (one per partner). It refuses to overwrite an existing file:
to rebuild the repository's templates, remove them first (a programme office that
restyled its own copies keeps them, and compares with a new path, e.g.
/tmp/x/scheda-progetto.docx).

    rm templates/{integrazione-allegato-1,formulario-candidatura,scheda-progetto,lettera-trasmissione,dichiarazione-partenariato}.docx
    python scripts/make_templates.py templates/{integrazione-allegato-1,formulario-candidatura,scheda-progetto,lettera-trasmissione,dichiarazione-partenariato}.docx

No word of one region is written here: labels come from the call's vocabulary
(`call.vocabulary`: ambito or zona-distretto, ASST or AUSL...), sentences for a
missing fact from the macros of phrases.jinja, articles from the grammar filters.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from generator.rendering.docx import reproducible_zip
from generator.rendering.finishing import declare_language

FONT = "Calibri"  # Carlito, metric-compatible, stands in on Linux: page breaks match Word
TABLE_TEXT = "Testo tabella"  # paragraph style of table cells
DASH = "—"  # printed in a table cell for a fact the content does not have
INDENT = Cm(9)  # left indent of the signature block
WHEN = dt.datetime(2021, 10, 1)  # the templates' own dates: the same bytes every time


# --- document, styles, header ------------------------------------------------------------


def _font(style, size: float, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _page_field(paragraph, instruction: str = "PAGE") -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def new_document(tables: bool = False):
    """A4 page, Calibri styles, the header (Fascicolo, Pagina N) and an empty body."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = Cm(1.2)

    styles = document.styles
    _font(styles["Normal"], 11)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    for name in ("List Bullet", "List Number", "Header", "Title"):
        _font(styles[name], 11)
    heading = styles["Heading 1"]
    _font(heading, 11, bold=True)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True  # a heading never ends a page
    heading.paragraph_format.keep_together = True
    if tables:
        cell = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = styles["Normal"]
        cell.quick_style = True
        _font(cell, 10)
        cell.paragraph_format.space_before = Pt(2)
        cell.paragraph_format.space_after = Pt(2)
        cell.paragraph_format.line_spacing = 1.0

    header = section.header
    first = header.paragraphs[0]
    first.text = "{% if document.file_number %}Fascicolo {{ document.file_number }}{% endif %}"
    page = header.add_paragraph("Pagina ")
    _page_field(page, "PAGE")
    page.add_run(" di ")
    _page_field(page, "NUMPAGES")

    first_paragraph = document.paragraphs[0] if document.paragraphs else None
    if first_paragraph is not None:
        first_paragraph._p.getparent().remove(first_paragraph._p)
    declare_language(document)  # Italian: Word's proofing, the PDF's /Lang
    eu_visibility(document)
    return document


def eu_visibility(document) -> None:
    """At the top of the first page of a deliverable of an EU-funded operation: the Union's
    emblem (fsegen draws it) with the statement of the period beside it, in upright Calibri,
    vertically centred on the emblem; nothing when the EU does not fund the call."""
    paragraph(document, "{%p if funding %}")
    p = document.add_paragraph()
    p.paragraph_format.space_after = Pt(12)
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.keep_with_next = True
    p.add_run("{{ funding.emblem }}")  # the picture holds the clear space after the flag
    statement = p.add_run("{{ funding.statement }}")
    statement.bold = True
    statement.font.size = Pt(10)
    position = OxmlElement("w:position")  # raised to the middle of the emblem (half-points)
    position.set(qn("w:val"), "24")
    statement._r.get_or_add_rPr().sz.addprevious(position)  # w:position comes before w:sz
    paragraph(document, "{%p endif %}")


def save(document, path: Path, title: str) -> None:
    """The template with fixed properties and zip entry times: the same bytes every time."""
    properties = document.core_properties
    properties.author = properties.last_modified_by = "fsegen"
    properties.created = properties.modified = properties.last_printed = WHEN
    properties.revision = 1
    properties.title = title
    properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(reproducible_zip(buffer.getvalue()))


# --- paragraphs -----------------------------------------------------------------------------


def paragraph(document, text: str = "", style: str = "Normal", align=None, bold: bool = False,
              italic: bool = False):
    p = document.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if bold:  # never an explicit "not bold", which would override the style (Heading 1)
            run.bold = True
        if italic:
            run.italic = True
    if align is not None:
        p.alignment = align
    return p


def subject(document) -> None:
    """The OGGETTO line, when the document has a subject."""
    paragraph(document, "{%p if document.subject %}")
    line = paragraph(document)
    line.add_run("OGGETTO: ").bold = True
    line.add_run("{{ document.subject }}")
    paragraph(document, "{%p endif %}")


def title_block(document, lines: Sequence[str | tuple[str, str]]) -> None:
    """Bold centred lines, one paragraph broken by line breaks, kept on one page. A line given
    as (condition, text) is printed, with its line break, only when the condition holds."""
    title = paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.keep_together = True
    title.paragraph_format.keep_with_next = True
    closing = ""
    for index, line in enumerate(lines):
        condition, text = line if isinstance(line, tuple) else (None, line)
        opening = f"{{% if {condition} %}}" if condition else ""
        run = title.add_run(closing + opening + text)
        run.bold = True
        closing = "{% endif %}" if condition else ""
        if index < len(lines) - 1:
            run.add_break()
    if closing:
        title.add_run(closing)


def paragraph_loop(document, items: str, headings: bool) -> None:
    """`{%p for para in <items> %}` with a branch per paragraph style (headings optional)."""
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph(document, f"{{%p for para in {items} %}}")
    if headings:
        paragraph(document, '{%p if para.style == "heading" %}')
        paragraph(document, "{{r para.rich }}", style="Heading 1")
        paragraph(document, '{%p elif para.style == "bullet" %}')
    else:
        paragraph(document, '{%p if para.style == "bullet" %}')
    paragraph(document, "{{r para.rich }}", style="List Bullet", align=justify)
    paragraph(document, '{%p elif para.style == "number" %}')
    paragraph(document, "{{r para.rich }}", style="List Number", align=justify)
    paragraph(document, "{%p else %}")
    paragraph(document, "{{r para.rich }}", align=justify)
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p endfor %}")


def bullets(document, loop: str, text: str) -> None:
    """A bulleted list: `{%p for ... %}`, one List Bullet paragraph, `{%p endfor %}`."""
    paragraph(document, f"{{%p {loop} %}}")
    paragraph(document, text, style="List Bullet", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, "{%p endfor %}")


def label(document, text: str, italic: bool = False):
    """A bold (or italic) paragraph introducing a table or list, kept with it."""
    p = paragraph(document, text, bold=not italic, italic=italic)
    p.paragraph_format.space_before = Pt(12 if not italic else 6)
    p.paragraph_format.keep_with_next = True
    return p


def _kept(p, last: bool = False):
    """A paragraph of the signature block: never split, and kept with the next one."""
    p.paragraph_format.keep_together = True
    p.paragraph_format.keep_with_next = not last
    return p


def place_and_signature(document) -> None:
    """Place and date, then the signatory block under the right half of the page: one block
    that never splits across pages (each paragraph kept with the next); the act of
    delegation, recorded once on the person, under the name."""
    place = _kept(paragraph(document, "{{ document.place }}, {{ document.date | data_lunga }}"))
    place.paragraph_format.space_before = Pt(18)

    paragraph(document, "{%p if document.signatory %}")
    paragraph(document, "{%p if document.signatory.capacity %}")
    p = _kept(paragraph(document, "{{ document.signatory.capacity }}", align=WD_ALIGN_PARAGRAPH.CENTER))
    p.paragraph_format.left_indent = INDENT
    p.paragraph_format.space_before = Pt(12)
    paragraph(document, "{%p endif %}")
    p = _kept(paragraph(
        document,
        "{% if document.signatory.person.honorific %}{{ document.signatory.person.honorific }} "
        "{% endif %}{{ document.signatory.person.name }}",
        align=WD_ALIGN_PARAGRAPH.CENTER, bold=True))
    p.paragraph_format.left_indent = INDENT
    paragraph(document, "{%p if document.signatory.person.delegation %}")
    p = _kept(paragraph(document, "{{ phrases.delega(document.signatory.person) }}",
                        align=WD_ALIGN_PARAGRAPH.CENTER))
    p.paragraph_format.left_indent = INDENT
    for run in p.runs:
        run.font.size = Pt(9)
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p if document.signatory.clause %}")
    p = _kept(paragraph(document, "{{ document.signatory.clause }}", align=WD_ALIGN_PARAGRAPH.CENTER),
              last=True)
    p.paragraph_format.left_indent = INDENT
    for run in p.runs:
        run.font.size = Pt(9)
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p endif %}")


# --- tables ---------------------------------------------------------------------------------


class Bold(tuple):
    """A table row printed in bold (a total)."""


def or_dash(expression: str, shown: str | None = None) -> str:
    """`shown` (default `{{ expression }}`) when the fact is known, else an em dash."""
    shown = shown if shown is not None else f"{{{{ {expression} }}}}"
    return f"{{% if {expression} %}}{shown}{{% else %}}{DASH}{{% endif %}}"


def capitalised(expression: str) -> str:
    """The value with its first letter upper-cased, the rest untouched."""
    return f"{{{{ {expression}[:1] | upper }}}}{{{{ {expression}[1:] }}}}"


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_property(row, name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement(name))


def table(document, widths: Sequence[float], header: Sequence[str] | None = None,
          rows: Sequence[str | Sequence[str]] = (), right: Sequence[int] = (),
          center: Sequence[int] = (), labels: bool = False, together: bool = False):
    """A "Table Grid" table with fixed column widths (cm).

    `header` is a bold, shaded row repeated on every page. Each of `rows` is either a
    string, a `{%tr %}` tag given a row of its own, or the cells' texts (a `Bold` tuple
    for a total). Columns in `right` are right-aligned (amounts), in `center` centred;
    `labels` prints the first column in bold (a two-column sheet of facts); `together`
    keeps a short table on one page (each row kept with the next).
    """
    result = document.add_table(rows=0, cols=len(widths))
    result.style = document.styles["Table Grid"]
    result.autofit = False
    for column, width in zip(result._tbl.tblGrid.gridCol_lst, widths):
        column.w = Cm(width)

    def add(texts: Sequence[str], bold: bool = False, is_header: bool = False) -> None:
        row = result.add_row()
        _row_property(row, "w:cantSplit")
        if is_header:
            _row_property(row, "w:tblHeader")
        for index, (cell, text) in enumerate(zip(row.cells, texts)):
            cell.width = Cm(widths[index])
            p = cell.paragraphs[0]
            p.style = document.styles[TABLE_TEXT]
            if text:
                run = p.add_run(text)
                if bold or (labels and index == 0):
                    run.bold = True
            if together:
                p.paragraph_format.keep_with_next = True
            if index in right:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif index in center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if is_header:
                _shade(cell, "D9D9D9")

    if header is not None:
        add(header, bold=True, is_header=True)
    for row in rows:
        if isinstance(row, str):
            add([row] + [""] * (len(widths) - 1))
        else:
            add(row, bold=isinstance(row, Bold))
    if together:  # the last row is not kept with what follows the table
        for cell in result.rows[-1].cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = None
    return result


WORDS = "call.vocabulary"  # the call's words: districts, health authority, projects...


def budget_table(document, budget: str) -> None:
    """Voce di spesa | Importo | %: the lines (or a sentence saying only the totals were
    submitted), the total, contribution, co-financing and who pays it. An unknown figure is a
    missing fact ("—" in a draft), never 0."""
    paragraph(document, f"{{%p if not {budget}.itemised %}}")
    label(document, "{{ phrases.piano_per_totali() }}", italic=True)
    paragraph(document, "{%p endif %}")
    table(document, (9.5, 3.75, 2.75), ("Voce di spesa", "Importo", "%"), [
        f"{{%tr for line in {budget}.lines %}}",
        ("{{ line.item }}", "{{ line.amount | importo }}",
         f"{{{{ {budget}.shares[loop.index0] | percentuale }}}}"),
        "{%tr endfor %}",
        Bold(("Totale", f"{{{{ {budget}.total | importo }}}}",
              f"{{{{ {budget}.share({budget}.total) | percentuale }}}}")),
        ("Contributo pubblico richiesto", f"{{{{ {budget}.public_contribution | importo }}}}",
         f"{{{{ {budget}.public_share | percentuale }}}}"),
        ("Cofinanziamento", f"{{{{ {budget}.co_financing | importo }}}}",
         f"{{{{ {budget}.co_financing_share | percentuale }}}}"),
        f"{{%tr for payer in {budget}.co_financing_by %}}",
        ("di cui {{ payer.organisation.name }}{% if payer.form %} ({{ payer.form }}){% endif %}",
         "{{ payer.amount | importo }}", f"{{{{ {budget}.share(payer.amount) | percentuale }}}}"),
        "{%tr endfor %}",
    ], right=(1, 2), together=True)


def districts_table(document, districts: str) -> None:
    """District | its distretti or comuni (with residents) | health authority, in the call's words."""
    comuni = ("{% for c in d.municipalities %}{{ c.name }}{% if c.population %} "
              "({{ c.population | numero }}){% endif %}{% if not loop.last %}, {% endif %}{% endfor %}")
    heading = (f"{{% if {districts} | selectattr('comuni') | list %}}Comuni{{% else %}}"
               f"{{{{ {WORDS}.subdistrict.plural | maiuscola }}}}{{% endif %}}")
    table(document, (4.5, 7.5, 4.0), (f"{{{{ {WORDS}.district.singular | maiuscola }}}}", heading,
                                      f"{{{{ {WORDS}.health_authority.singular | maiuscola }}}}"), [
        f"{{%tr for d in {districts} %}}",
        ("{{ d.name }}{% if d.residents %} ({{ d.residents | numero }} abitanti){% endif %}",
         f"{{% if d.comuni %}}{comuni}{{% elif d.subdistricts %}}{{{{ d.subdistricts | elenco }}}}"
         f"{{% else %}}{DASH}{{% endif %}}",
         or_dash("d.health_authority", "{{ d.health_authority.name }}")),
        "{%tr endfor %}",
    ])


def sections_loop(document, extras: dict[str, Callable[[object], None]]) -> None:
    """Every section: its heading, its paragraphs, then what `extras[section.id]` adds."""
    paragraph(document, "{%p for section in sections %}")
    paragraph(document, "{{ section.title }}", style="Heading 1")
    paragraph_loop(document, "section.body", headings=False)
    for section_id, add in extras.items():
        paragraph(document, f'{{%p if section.id == "{section_id}" %}}')
        add(document)
        paragraph(document, "{%p endif %}")
    paragraph(document, "{%p endfor %}")


# --- the templates --------------------------------------------------------------------------


def build_annex(path: Path) -> None:
    """integrazione-allegato-1.docx: OGGETTO, title block, the body, signature."""
    document = new_document()
    subject(document)
    title_block(document, (
        ("programme.title", "{{ programme.title | upper }}"),
        ("not programme.title and projects | length == 1", "{{ (projects | first).title | upper }}"),
        "{{ call.name | upper }}",
        "A CURA {{ promoter | del | upper }}",
    ))
    paragraph_loop(document, "body", headings=True)
    place_and_signature(document)
    save(document, path, "Integrazione Allegato 1")


def _proponente(document) -> None:
    table(document, (5.0, 11.0), rows=[
        ("Ente proponente", "{{ promoter.name }}"),
        ("Codice fiscale", or_dash("promoter.fiscal_code")),
        ("Legale rappresentante",
         or_dash("promoter.legal_representative", "{{ promoter.legal_representative.name }}")),
        "{%tr if programme.referent %}",
        ("Ente referente", "{{ programme.referent.name }}"),
        "{%tr endif %}",
        ("Avviso", "{{ call.name }}"),
        "{%tr if call.approval %}",
        ("Approvato con", "{{ phrases.atto(call.approval) }}"),
        "{%tr endif %}",
        (f"{{{{ {WORDS}.operational_programme.full | maiuscola }}}}",
         "{{ call.operational_programme }}, {{ call.axis }}"
         "{% if call.axis_name %} ({{ call.axis_name }}){% endif %}"),
        ("Scadenza", or_dash("call.final_deadline", "{{ phrases.scadenza(call) }}")),
        "{%tr if call.ranking %}",
        ("Graduatoria", "approvata con {{ phrases.atto(call.ranking) }}"),
        "{%tr endif %}",
        "{%tr if programme.evaluation %}",
        ("Esito della valutazione", "{{ phrases.esito(programme.evaluation) }}"),
        "{%tr endif %}",
    ], labels=True)


def _rete(document) -> None:
    code = ("{% if row.organisation.fiscal_code %}{{ row.organisation.fiscal_code }}"
            "{% elif row.organisation.vat_number %}{{ row.organisation.vat_number }}"
            f"{{% else %}}{DASH}{{% endif %}}")
    table(document, (4.5, 3.2, 5.3, 3.0),
          ("Ente", "Tipologia", f"Ruolo {{{{ {WORDS}.programme.singular | maiuscola | nel }}}}",
           "Codice fiscale / P. IVA"), [
              "{%tr for row in network %}",
              ("{{ row.organisation.name }}", "{{ row.organisation.kind | maiuscola }}",
               '{{ row.roles | join("; ") }}', code),
              "{%tr endfor %}",
          ])


COVERING = ("{% for p in covering[d.id] %}{{ p.title }}"
            f"{{% if not loop.last %}}; {{% endif %}}{{% else %}}{DASH}{{% endfor %}}")
"""The projects that cover district `d` (thematic projects may share one)."""


def _contesto(document) -> None:
    projects = (f"{{% if call.rules and call.rules.coverage != 'exactly-one' %}}"
                f"{{{{ {WORDS}.project.plural | maiuscola }}}}{{% else %}}"
                f"{{{{ {WORDS}.project.singular | maiuscola }}}}{{% endif %}}")
    paragraph(document, "{%p if districts %}")
    table(document, (5.0, 4.0, 7.0), (f"{{{{ {WORDS}.district.full | maiuscola }}}}",
                                      f"{{{{ {WORDS}.health_authority.singular | maiuscola }}}} di riferimento",
                                      projects), [
        "{%tr for d in districts %}",
        ("{{ d.name }}{% if d.subdistricts %} ({{ d.subdistricts | elenco }})"
         '{% elif d.comuni %} ({{ d.comuni | length | quanti("comune", "comuni", "m") }}){% endif %}',
         or_dash("d.health_authority", "{{ d.health_authority.name }}"), COVERING),
        "{%tr endfor %}",
    ])
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p if synergies %}")
    label(document, "Sinergie istituzionali")
    bullets(document, "for s in synergies",
            '{{ s.organisation.name }}: {{ s.role }}{{ "." if loop.last else ";" }}')
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p if events %}")
    label(document, "Eventi")
    bullets(document, "for e in events",
            "{{ e.date | data }} – {{ e.kind }} «{{ e.title }}»"
            '{{ "." if loop.last else ";" }}')
    paragraph(document, "{%p endif %}")


def where(project: str) -> str:
    """Where the project works: its districts, or the whole territory."""
    return (f"{{% if {project}.whole_territory %}}Intero territorio ({{{{ programme.territory }}}})"
            f'{{% else %}}{{{{ {project}.districts | map(attribute="name") | elenco }}}}{{% endif %}}')


def _progetti(document) -> None:
    table(document, (1.0, 6.0, 4.5, 4.5),
          ("N.", f"{{{{ {WORDS}.project.singular | maiuscola }}}}", "Ente capofila",
           f"{{{{ {WORDS}.district.full_plural | maiuscola }}}}"), [
              "{%tr for p in projects %}",
              ("{{ loop.index }}", "{{ p.title }}", "{{ p.lead.name }}",
               where("p")),
              "{%tr endfor %}",
          ], center=(0,))


def _misure(document) -> None:
    fund_axis = (
        "{% if m.fund or m.axis %}"
        "{% if m.fund %}{{ m.fund }}{% endif %}{% if m.fund and m.axis %}, {% endif %}"
        "{% if m.axis %}{{ m.axis }}{% if m.axis_name %} ({{ m.axis_name }}){% endif %}{% endif %}"
        f"{{% else %}}{DASH}{{% endif %}}")
    table(document, (7.0, 2.5, 3.5, 3.0),
          ("Misura", "Livello", "Fondo / Asse", "Relazione con il Programma"), [
              "{%tr for m in measures %}",
              ("{{ m.name }}{% if m.short_name %} ({{ m.short_name }}){% endif %}",
               capitalised("m.level"), fund_axis, or_dash("m.relation", capitalised("m.relation"))),
              "{%tr endfor %}",
          ])


def _destinatari(document) -> None:
    paragraph(document, "{%p if programme.target_groups %}")
    bullets(document, "for group in programme.target_groups",
            '{{ group }}{{ "." if loop.last else ";" }}')
    paragraph(document, "{%p endif %}")


def _budget(document) -> None:
    paragraph(document, "{%p if totals.illustrative %}")
    label(document, "{{ phrases.importi_illustrativi() }}", italic=True)
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p for p in totals.projects %}")
    label(document, "{{ p.title }}")
    budget_table(document, "p.budget")
    paragraph(document, "{%p endfor %}")
    # The programme's total only when it says something the project tables do not: several
    # projects, or totals the programme submitted itself (never a copy of one project's table).
    paragraph(document, "{%p if totals.declared or totals.projects | length > 1 %}")
    label(document, f"Totale {{{{ {WORDS}.programme.singular | maiuscola }}}}")
    table(document, (9.5, 3.75, 2.75), ("Voce", "Importo", "%"), [
        Bold(("Costo totale", "{{ totals.total | importo }}",
              "{% if totals.total is not none %}100,0%{% else %}{{ totals.total }}{% endif %}")),
        ("Contributo pubblico richiesto", "{{ totals.public_contribution | importo }}",
         "{{ totals.public_share | percentuale }}"),
        ("Cofinanziamento", "{{ totals.co_financing | importo }}",
         "{{ totals.co_financing_share | percentuale }}"),
    ], right=(1, 2), together=True)
    paragraph(document, "{%p elif not totals.projects %}")
    paragraph(document, "{{ phrases.senza_piano_finanziario(none) }}", italic=True)
    paragraph(document, "{%p endif %}")


def _cronoprogramma(document) -> None:
    paragraph(document, "{%p if programme.timeline %}")
    table(document, (10.0, 3.0, 3.0), ("Fase", "Inizio", "Fine"), [
        "{%tr for phase in programme.timeline %}",
        ("{{ phase.name }}", "{{ phase.start | data }}", "{{ phase.end | data }}"),
        "{%tr endfor %}",
    ], center=(1, 2))
    paragraph(document, "{%p else %}")
    paragraph(document, "{{ phrases.senza_cronoprogramma() }}", italic=True)
    paragraph(document, "{%p endif %}")


def build_form(path: Path) -> None:
    """formulario-candidatura.docx: title, OGGETTO, sections with their tables, signature."""
    document = new_document(tables=True)
    title_block(document, (
        "FORMULARIO DI CANDIDATURA",
        ("programme.title", "{{ programme.title | upper }}"),
        ("not programme.title and projects | length == 1", "{{ (projects | first).title | upper }}"),
        "{{ call.name | upper }}",
        "A CURA {{ promoter | del | upper }}",
    ))
    subject(document)
    sections_loop(document, {
        "proponente": _proponente,
        "rete": _rete,
        "contesto": _contesto,
        "progetti": _progetti,
        "misure": _misure,
        "destinatari": _destinatari,
        "budget": _budget,
        "cronoprogramma": _cronoprogramma,
    })
    place_and_signature(document)
    save(document, path, "Formulario di candidatura")


def _project_summary(document) -> None:
    lead = ("{{ project.lead.name }}"
            "{% if project.lead.vat_number and project.lead.vat_number == project.lead.fiscal_code %}"
            ", CF/P. IVA {{ project.lead.vat_number }}"
            "{% elif project.lead.vat_number %}, P. IVA {{ project.lead.vat_number }}"
            "{% elif project.lead.fiscal_code %}, CF {{ project.lead.fiscal_code }}{% endif %}")
    members = ("{% for m in project.partners if m.participation == kind %}{{ m.organisation.name }}"
               "{% if m.role %} ({{ m.role }}){% endif %}{% if not loop.last %}; {% endif %}{% endfor %}")
    table(document, (4.5, 11.5), rows=[
        (f"{{{{ {WORDS}.project.singular | maiuscola }}}}", "{{ project.title }}"),
        ("Ente capofila", lead),
        (f"{{{{ {WORDS}.district.full_plural | maiuscola }}}}", where("project")),
        ("CUP", or_dash("project.cup")),
        "{%tr for kind in project.participations %}",
        ("{{ phrases.partecipanti(kind) }}", members),
        "{%tr endfor %}",
        "{%tr if not project.partners %}",
        ('{{ phrases.partecipanti("partner") }}', DASH),
        "{%tr endif %}",
        "{%tr if project.recipients is not none %}",
        ("Destinatari previsti", "{{ project.recipients | numero }}"),
        "{%tr endif %}",
        "{%tr if project.months %}",
        ("Durata", '{{ project.months | quanti("mese", "mesi", digits=true) }}'
                   "{% if project.start and project.end %} ({{ project.start | dal_giorno }} "
                   "{{ project.end | al_giorno }}){% endif %}"),
        "{%tr endif %}",
    ], labels=True)


def _project_territory(document) -> None:
    paragraph(document, "{%p set covered = districts if project.whole_territory else project.districts %}")
    paragraph(document, "{%p if covered | list %}")
    districts_table(document, "covered")
    paragraph(document, "{%p else %}")
    paragraph(document, "Intero territorio ({{ programme.territory }})")
    paragraph(document, "{%p endif %}")


def _project_budget(document) -> None:
    paragraph(document, "{%p if project.budget %}")
    paragraph(document, "{%p if project.budget.illustrative %}")
    label(document, "{{ phrases.importi_illustrativi() }}", italic=True)
    paragraph(document, "{%p endif %}")
    budget_table(document, "project.budget")
    paragraph(document, "{%p else %}")
    paragraph(document, "{{ phrases.senza_piano_finanziario(project) }}", italic=True)
    paragraph(document, "{%p endif %}")


PROGRAMME_LINE = (
    f"{{% if programme.title.lower().startswith({WORDS}.programme.singular.lower()) %}}"
    "{{ programme.title | upper }}"
    f"{{% else %}}{{{{ {WORDS}.programme.singular | upper }}}}: {{{{ programme.title | upper }}}}"
    "{% endif %}")
"""The programme's title under the project's, with the word of the level unless it has it."""


def build_sheet(path: Path) -> None:
    """scheda-progetto.docx (one file per project): title, summary, sections, signature."""
    document = new_document(tables=True)
    title_block(document, (
        f"SCHEDA {{{{ {WORDS}.project.singular | upper }}}}",
        "{{ project.title | upper }}",
        ("call.programme_level and programme.title", PROGRAMME_LINE),
    ))
    subject(document)
    _project_summary(document)
    sections_loop(document, {
        "territorio": _project_territory,
        "budget": _project_budget,
    })
    place_and_signature(document)
    save(document, path, "Scheda progetto")


def _addressee_block(document, loop: str, heading: str) -> None:
    """`heading`, then the addressees of `loop`, each a block of lines under the right half of
    the page."""

    def line(text: str, bold: bool = False) -> None:
        p = paragraph(document, text, bold=bold)
        p.paragraph_format.left_indent = INDENT
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.keep_with_next = True

    line(heading)
    paragraph(document, f"{{%p for a in {loop} %}}")
    line("{% if a.name %}{{ a.name }}{% else %}{{ a.organisation.name }}{% endif %}", bold=True)
    paragraph(document, "{%p if a.office %}")
    line("{{ a.office }}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p for row in a.address %}")
    line("{{ row }}")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p if a.attention %}")
    line("Alla c.a. {{ a.attention }}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p if a.pec %}")
    line("PEC: {{ a.pec }}")
    paragraph(document, "{%p endif %}")
    spacer = paragraph(document)
    spacer.paragraph_format.space_after = Pt(6)
    paragraph(document, "{%p endfor %}")


def _sender_block(document) -> None:
    """The letterhead: the promoting body, its address and PEC, as the content records them."""

    def line(text: str, bold: bool = False, size: float = 10) -> None:
        p = paragraph(document, text, bold=bold)
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.keep_with_next = True
        for run in p.runs:
            run.font.size = Pt(size)

    line("{{ promoter.name }}", bold=True, size=12)
    paragraph(document, "{%p for row in promoter.address %}")
    line("{{ row }}")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p if promoter.pec %}")
    line("PEC: {{ promoter.pec }}")
    paragraph(document, "{%p endif %}")
    spacer = paragraph(document)
    spacer.paragraph_format.space_after = Pt(12)


def build_letter(path: Path) -> None:
    """lettera-trasmissione.docx: the sender (letterhead), protocol, addressees (Spett.le, e
    p.c.), OGGETTO, body, the list of attachments, place and date, signature."""
    document = new_document()
    _sender_block(document)
    protocol = paragraph(document, "{% if document.protocol %}Prot. n. {{ document.protocol.number }} "
                                   "del {% if document.protocol.date %}{{ document.protocol.date | data }}"
                                   "{% else %}{{ document.date | data }}{% endif %}"
                                   "{% else %}Protocollo: vedi segnatura{% endif %}")
    protocol.paragraph_format.space_after = Pt(18)
    _addressee_block(document, "document.addressees", "Spett.le")
    paragraph(document, "{%p if document.copy_to %}")
    _addressee_block(document, "document.copy_to", "e p.c.")
    paragraph(document, "{%p endif %}")
    subject(document)
    paragraph_loop(document, "body", headings=True)
    paragraph(document, "{%p if attachments %}")
    label(document, "Allegati:")
    bullets(document, "for line in attachments", '{{ line }}{{ "." if loop.last else ";" }}')
    paragraph(document, "{%p endif %}")
    place_and_signature(document)
    save(document, path, "Lettera di trasmissione")


CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐: boxes ticked from the data
CHECKBOX_FONT = "Segoe UI Symbol"  # has both boxes in Word; LibreOffice substitutes DejaVu Sans
PARTICIPATION_KINDS = ("partner", "referente", "in coordinamento", "rete di supporto", "co-finanziatore")


def checkbox(document, ticked: str, text: str):
    """A line with a box, ticked when the Jinja expression `ticked` holds, then `text`."""
    p = paragraph(document)
    p.paragraph_format.left_indent = Cm(1)
    p.paragraph_format.space_after = Pt(2)
    box = p.add_run(f'{{{{ "{CHECKED}" if {ticked} else "{UNCHECKED}" }}}}')
    box.font.name = CHECKBOX_FONT
    p.add_run(" " + text)
    return p


def _declarant(document) -> None:
    """Il/La sottoscritto/a, the body and its identifiers, then DICHIARA."""
    paragraph(document, "{%p if signer %}")
    paragraph(document, (
        '{% if signer.gender == "f" %}La sottoscritta{% elif signer.gender == "m" %}Il sottoscritto'
        "{% else %}Il/La sottoscritto/a{% endif %} {{ signer.name }}"
        "{% if signer.fiscal_code %}, codice fiscale {{ signer.fiscal_code }}{% endif %}, in qualità di "
        "legale rappresentante di {{ organisation.name }}"
        "{% if organisation.fiscal_code %}, codice fiscale {{ organisation.fiscal_code }}{% endif %}"
        "{% if organisation.vat_number %}, partita IVA {{ organisation.vat_number }}{% endif %},"),
        align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, "{%p else %}")
    paragraph(document, "Legale rappresentante di {{ organisation.name }}: "
                        "{{ organisation.legal_representative }}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "DICHIARA", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def _adhesion(document) -> None:
    """The project joined and the way of taking part, ticked from the partner's participation."""
    paragraph(document, (
        f"di aderire al {{{{ {WORDS}.project.singular }}}} «{{{{ project.title }}}}»"
        "{% if project.cup %} (CUP {{ project.cup }}){% endif %}, di cui è capofila "
        "{{ project.lead.name }}, presentato in risposta all'{{ call.kind }} «{{ call.title }}»"
        "{% if call.operational_programme %} ({{ call.operational_programme }}){% endif %}, "
        "in qualità di:"), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    kinds = "[" + ", ".join(f'"{kind}"' for kind in PARTICIPATION_KINDS) + "]"
    paragraph(document, f"{{%p for kind in {kinds} %}}")
    checkbox(document, "item.participation == kind", "{{ kind }}")
    paragraph(document, "{%p endfor %}")
    paragraph(document, f"{{%p if item.participation not in {kinds} %}}")
    checkbox(document, "true", "{{ item.participation }}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p if item.role %}")
    paragraph(document, "con il ruolo di: {{ item.role }};", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, "{%p endif %}")


def _requirements(document) -> None:
    """The accreditations the call requires, ticked from the body's, then its other ones."""
    required = "call.rules.required_accreditations"
    paragraph(document, f"{{%p if (call.rules and {required}) or organisation.accredited_for %}}")
    paragraph(document, "di essere accreditato presso la Regione per:", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, "{%p if call.rules %}")
    paragraph(document, f"{{%p for area in {required} %}}")
    checkbox(document, "area in organisation.accredited_for", "{{ area }}")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p for area in organisation.accredited_for %}")
    paragraph(document, f"{{%p if not call.rules or area not in {required} %}}")
    checkbox(document, "true", "{{ area }}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p if organisation.third_sector_date %}")
    checkbox(document, "true", "di essere un ente del Terzo settore, iscritto dal "
                               "{{ organisation.third_sector_date | data_lunga }}")
    paragraph(document, "{%p endif %}")
    paragraph(document, (
        "e si impegna a realizzare le attività di propria competenza secondo quanto previsto dal "
        f"{{{{ {WORDS}.project.singular }}}} e a sottoscrivere l'accordo di partenariato con il capofila."),
        align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _representative_signature(document) -> None:
    """Place and date, then "Il Legale Rappresentante", the signer and the signature clause."""
    place = _kept(paragraph(document, "{{ document.place }}, {{ document.date | data_lunga }}"))
    place.paragraph_format.space_before = Pt(18)
    for text, bold in (("{% if document.signatory and document.signatory.capacity %}"
                        "{{ document.signatory.capacity }}{% else %}Il Legale Rappresentante{% endif %}", False),
                       ("{% if signer %}{% if signer.honorific %}{{ signer.honorific }} {% endif %}"
                        "{{ signer.name }}{% endif %}", True)):
        p = _kept(paragraph(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=bold))
        p.paragraph_format.left_indent = INDENT
    paragraph(document, "{%p if document.signatory and document.signatory.clause %}")
    p = _kept(paragraph(document, "{{ document.signatory.clause }}", align=WD_ALIGN_PARAGRAPH.CENTER),
              last=True)
    p.paragraph_format.left_indent = INDENT
    for run in p.runs:
        run.font.size = Pt(9)
    paragraph(document, "{%p endif %}")


def build_declaration(path: Path) -> None:
    """dichiarazione-partenariato.docx (one file per partner of each project: `for_each:
    projects.partners`): the declarant, the project joined, the boxes ticked from the partner's
    participation and its body's accreditations, the signature of its legal representative."""
    document = new_document()
    title_block(document, (
        "DICHIARAZIONE DI PARTENARIATO",
        f"{{{{ {WORDS}.project.singular | upper }}}} {{{{ project.title | upper }}}}",
    ))
    subject(document)
    _declarant(document)
    _adhesion(document)
    _requirements(document)
    paragraph_loop(document, "body", headings=True)
    _representative_signature(document)
    document.save(path)


BUILDERS: dict[str, Callable[[Path], None]] = {
    "lettera-trasmissione.docx": build_letter,
    "integrazione-allegato-1.docx": build_annex,
    "formulario-candidatura.docx": build_form,
    "scheda-progetto.docx": build_sheet,
    "dichiarazione-partenariato.docx": build_declaration,
}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python scripts/make_templates.py templates/NAME.docx [...]", file=sys.stderr)
        return 2
    paths = [Path(arg) for arg in argv[1:]]
    unknown = [p.name for p in paths if p.name not in BUILDERS]
    if unknown:
        print(f"no template named {unknown[0]}: use one of {', '.join(BUILDERS)}", file=sys.stderr)
        return 2
    existing = [p for p in paths if p.exists()]
    if existing:
        print(f"{existing[0]} exists: not overwriting a template users may have edited (remove "
              "it first to rebuild it)", file=sys.stderr)
        return 1
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        BUILDERS[path.name](path)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
