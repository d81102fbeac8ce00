"""Create the starting Word template of an annex, once.

The committed `templates/*.docx` are the source of truth that users open and
restyle in Word or LibreOffice; this script only wrote the first version. It
refuses to overwrite an existing file (pass a new path to compare).

    python scripts/make_templates.py templates/integrazione-allegato-1.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Calibri"  # Carlito, metric-compatible, stands in on Linux: page breaks match Word


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


def _page_field(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build(path: Path) -> None:
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
    heading.paragraph_format.keep_with_next = True

    header = section.header
    first = header.paragraphs[0]
    first.text = "{% if document.file_number %}Fascicolo {{ document.file_number }}{% endif %}"
    page = header.add_paragraph("Pagina ")
    _page_field(page)

    def paragraph(text: str = "", style: str = "Normal", align=None, bold: bool = False):
        p = document.add_paragraph(style=style)
        if text:
            p.add_run(text).bold = bold
        if align is not None:
            p.alignment = align
        return p

    first_paragraph = document.paragraphs[0] if document.paragraphs else None
    if first_paragraph is not None:
        first_paragraph._p.getparent().remove(first_paragraph._p)

    paragraph("{%p if document.subject %}")
    subject = paragraph()
    subject.add_run("OGGETTO: ").bold = True
    subject.add_run("{{ document.subject }}")
    paragraph("{%p endif %}")

    title = paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(12)
    for index, line in enumerate((
        "{{ programme.title | upper }}",
        "{{ call.title | upper }}",
        "A CURA DI {{ promoter.name | upper }}",
    )):
        run = title.add_run(line)
        run.bold = True
        if index < 2:
            run.add_break()

    paragraph("{%p for para in body %}")
    paragraph('{%p if para.style == "heading" %}')
    paragraph("{{r para.rich }}", style="Heading 1")
    paragraph('{%p elif para.style == "bullet" %}')
    paragraph("{{r para.rich }}", style="List Bullet", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph('{%p elif para.style == "number" %}')
    paragraph("{{r para.rich }}", style="List Number", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph("{%p else %}")
    paragraph("{{r para.rich }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph("{%p endif %}")
    paragraph("{%p endfor %}")

    place = paragraph("{{ document.place }}, {{ document.date | data_lunga }}")
    place.paragraph_format.space_before = Pt(18)

    paragraph("{%p if document.signatory %}")
    indent = Cm(9)
    paragraph("{%p if document.signatory.capacity %}")
    p = paragraph("{{ document.signatory.capacity }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.left_indent = indent
    p.paragraph_format.space_before = Pt(12)
    paragraph("{%p endif %}")
    p = paragraph(
        "{% if document.signatory.person.honorific %}{{ document.signatory.person.honorific }} "
        "{% endif %}{{ document.signatory.person.name }}",
        align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    p.paragraph_format.left_indent = indent
    paragraph("{%p if document.signatory.clause %}")
    p = paragraph("{{ document.signatory.clause }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.left_indent = indent
    for run in p.runs:
        run.font.size = Pt(9)
    paragraph("{%p endif %}")
    paragraph("{%p endif %}")

    document.save(path)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    path = Path(argv[1])
    if path.exists():
        print(f"{path} exists: not overwriting a template users may have edited", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    build(path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
