"""The index of a submission (*distinta*): a Word file listing each file handed in, its
SHA-256 and its signer, which the packet converts to PDF/A beside the files it lists."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

FONT = "Calibri"  # Carlito in LibreOffice, as the templates
WIDTHS = (0.8, 5.8, 4.0, 5.4)
"""Columns in cm: number, file and description, signature, SHA-256 (two lines of 32 digits)."""


@dataclass(frozen=True)
class Row:
    """One file of the submission, as the index lists it."""

    name: str
    """Its file name in the packet."""
    title: str
    """What it is."""
    signer: str
    """Who signed it, and how ("Anna Rossi (CAdES)"), or that it is not signed."""
    sha256: str
    """Its SHA-256, in hexadecimal."""


def distinta(heading: Sequence[str], rows: Sequence[Row], closing: str) -> bytes:
    """The index as .docx bytes: `heading` lines in bold, a table of the files, `closing`."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    document.styles["Normal"].font.name = FONT
    document.styles["Normal"].font.size = Pt(10)
    for line in heading:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    table = document.add_table(rows=1, cols=4)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("N.", "File e descrizione", "Firma", "Impronta SHA-256")):
        cell.paragraphs[0].add_run(text).bold = True
    for number, row in enumerate(rows, 1):
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].paragraphs[0].add_run(row.name).bold = True
        cells[1].add_paragraph(row.title)
        cells[2].text = row.signer
        run = cells[3].paragraphs[0].add_run(row.sha256)
        run.font.size = Pt(7)
        run.font.name = "Liberation Mono"
    table.autofit = False
    for column, width in enumerate(WIDTHS):  # the grid, which LibreOffice reads, and each cell
        table._tbl.tblGrid.gridCol_lst[column].w = Cm(width)
        for cell in table.columns[column].cells:
            cell.width = Cm(width)
    document.add_paragraph(closing)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
