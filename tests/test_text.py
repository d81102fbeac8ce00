"""Plain-text and Markdown renderings of .docx files (the Git textconv driver)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.rendering.text import (
    document_markdown,
    document_text,
    docx_to_markdown,
    docx_to_text,
)

REPO_ROOT = Path(__file__).parents[1]
ANNEX_TEXT = REPO_ROOT / "tests" / "reference" / "integrazione-allegato-1.totext.txt"
SPECIAL = "Costi & ricavi < 5 > 3 \"citati\" l'importo 100 € perché città è più"


# ----------------------------------------------------------------- helpers


def run_element(text: str, *, bold: bool = False, tag: str = "w:t") -> OxmlElement:
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    t = OxmlElement(tag)
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run


def simple_field(paragraph, instr: str, result: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instr)
    field.append(run_element(result))
    paragraph._p.append(field)


def complex_field(paragraph, instr: str, result: str) -> None:
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, result),
                       ("end", None)):
        if kind:
            run = OxmlElement("w:r")
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
            paragraph._p.append(run)
        elif text == instr:
            paragraph._p.append(run_element(instr, tag="w:instrText"))
        else:
            paragraph._p.append(run_element(text))


def set_numbering(paragraph, num_id: int, ilvl: int = 0) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num_id


def add_outline_list(document) -> int:
    """A two-level list (1., 2. / a), b)) of our own; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, fmt, text in ((0, "decimal", "%1."), (1, "lowerLetter", "%2)")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
    numbering.findall(qn("w:num"))[0].addprevious(abstract)
    return numbering.add_num(90).numId


def restarted_list_number(document, start: int = 1) -> int:
    """A new w:num over List Number's abstractNum, with a startOverride."""
    numbering = document.part.numbering_part.element
    list_number_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(list_number_num).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def add_xml(document, xml: str) -> None:
    """Block-level WordprocessingML (paragraphs, content controls) before the section end."""
    block = parse_xml(f'<w:body {nsdecls("w", "m")}>{xml}</w:body>')
    for child in list(block):
        document.element.body.sectPr.addprevious(child)


def run_xml(text: str = "", properties: str = "", inner: str = "") -> str:
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    content = f'<w:t xml:space="preserve">{text}</w:t>' if text else ""
    return f"<w:r>{rpr}{content}{inner}</w:r>"


def code_xml(code: str) -> str:
    return run_xml(inner=f'<w:instrText xml:space="preserve">{code}</w:instrText>')


def field_xml(code: str, result: str) -> str:
    """A complex field of runs: `code` and `result` are runs (code_xml for a plain code)."""
    def char(kind: str) -> str:
        return run_xml(inner=f'<w:fldChar w:fldCharType="{kind}"/>')

    return char("begin") + code + char("separate") + result + char("end")


def build_sample(path: Path) -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Fascicolo 1.2\\2024\\7"
    page = section.header.add_paragraph("Pagina ")
    simple_field(page, " PAGE ", "3")
    footer = section.footer.paragraphs[0]
    footer.add_run("Pagina ")
    complex_field(footer, " PAGE \\* MERGEFORMAT ", "3")
    footer.add_run(" di ")
    complex_field(footer, " NUMPAGES ", "9")
    footer.add_run(" - riservato")

    document.add_paragraph("OGGETTO: ").add_run("Allegato tecnico").bold = True
    title = document.add_paragraph()
    title.add_run("PRIMA RIGA").bold = True
    title._p.append(run_element("", bold=True))
    title.runs[-1].add_break()
    title.add_run("SECONDA RIGA").bold = True
    document.add_paragraph("")  # empty: skipped
    document.add_heading("Premessa", level=1)
    mixed = document.add_paragraph("Testo con ")
    mixed.add_run("grassetto").bold = True
    mixed.add_run(" ").bold = False
    mixed.add_run("e corsivo").italic = True
    mixed.add_run(".\tfine")
    document.add_paragraph(SPECIAL)

    document.add_paragraph("Primo", style="List Number")
    document.add_paragraph("Secondo", style="List Number")
    document.add_paragraph("Tra le liste.")
    restarted = restarted_list_number(document)
    for text in ("Terzo", "Quarto"):
        set_numbering(document.add_paragraph(text, style="List Number"), restarted)
    document.add_paragraph("Ripresa", style="List Number")  # the first list goes on
    from_five = restarted_list_number(document, start=5)
    set_numbering(document.add_paragraph("Da cinque", style="List Number"), from_five)
    document.add_paragraph("Punto elenco", style="List Bullet")

    outline = add_outline_list(document)
    for text, ilvl in (("Capo", 0), ("Sotto uno", 1), ("Sotto due", 1), ("Altro capo", 0),
                       ("Di nuovo sotto", 1)):
        set_numbering(document.add_paragraph(text), outline, ilvl)

    tracked = document.add_paragraph("Versione ")
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "1")
    inserted.set(qn("w:author"), "x")
    inserted.append(run_element("nuova"))
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "x")
    deleted.append(run_element("vecchia", tag="w:delText"))
    tracked._p.append(deleted)
    tracked._p.append(inserted)

    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Voce"
    table.cell(0, 1).text = "Importo"
    table.cell(1, 0).text = "Personale | sede"
    table.cell(1, 1).text = "10 €"
    table.cell(1, 1).add_paragraph("20 €")
    table.cell(2, 0).paragraphs[0].add_run("Totale").bold = True
    table.cell(2, 1).text = "30 €"
    document.add_paragraph("Dopo la tabella.")
    document.save(str(path))
    return path


EXPECTED_TEXT = f"""\
Fascicolo 1.2\\2024\\7
Pagina #
---
OGGETTO: Allegato tecnico
PRIMA RIGA
SECONDA RIGA

Premessa
Testo con grassetto e corsivo.\tfine
{SPECIAL}
1. Primo
2. Secondo
Tra le liste.
1. Terzo
2. Quarto
3. Ripresa
5. Da cinque
- Punto elenco
1. Capo
  a) Sotto uno
  b) Sotto due
2. Altro capo
  a) Di nuovo sotto
Versione nuova

Voce | Importo
Personale | sede | 10 € / 20 €
Totale | 30 €

Dopo la tabella.
---
Pagina # di # - riservato
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return build_sample(tmp_path / "sample.docx")


# ----------------------------------------------------------------- plain text


def test_text_of_a_small_document(sample):
    assert docx_to_text(sample) == EXPECTED_TEXT


def test_bytes_and_path_give_the_same_text(sample):
    assert docx_to_text(sample.read_bytes()) == docx_to_text(sample)
    assert docx_to_text(str(sample)) == docx_to_text(sample)


def test_an_open_document_reads_like_its_bytes(sample):
    """The build hands over the python-docx document docxtpl rendered, not its bytes."""
    assert document_text(docx.Document(str(sample))) == docx_to_text(sample)
    assert document_markdown(docx.Document(str(sample))) == docx_to_markdown(sample)


def test_fields_tracked_changes_hidden_text_and_content_controls(tmp_path):
    document = docx.Document()
    page_in_code = field_xml(  # a PAGE field in the code of an IF field: not shown
        code_xml(" IF ") + field_xml(code_xml(" PAGE "), run_xml("3")) + code_xml(' = 1 "a" "b" '),
        run_xml(" b"))
    add_xml(document, "".join([
        "<w:p>" + run_xml("Campo: ")
        + field_xml(code_xml(" REF nome "), run_xml("Mario") + run_xml(" Rossi"))
        + page_in_code + "</w:p>",
        "<w:p>" + run_xml("Pagina ") + field_xml(code_xml(" PAGE "), run_xml("3")) + run_xml(" di ")
        + '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>'
        + run_xml(" del ")
        + '<w:fldSimple w:instr=" DATE "><w:r><w:t>1/7/2020</w:t></w:r></w:fldSimple></w:p>',
        "<w:p>" + run_xml("Visibile") + run_xml(" nascosto", "<w:vanish/>")
        + run_xml(" mostrato", '<w:vanish w:val="0"/>') + "</w:p>",
        "<w:p>" + run_xml("Spostato ")
        + '<w:moveFrom w:id="1" w:author="a">' + run_xml("prima") + "</w:moveFrom>"
        + '<w:moveTo w:id="2" w:author="a">' + run_xml("dopo") + "</w:moveTo>"
        + '<w:del w:id="3" w:author="a"><w:r><w:tab/><w:delText>via</w:delText></w:r></w:del>'
        + "</w:p>",
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p>" + run_xml("In un controllo")
        + "</w:p></w:sdtContent></w:sdt>",
        '<w:p><w:hyperlink w:anchor="a">' + run_xml("collegamento") + "</w:hyperlink>"
        + "<w:sdt><w:sdtPr/><w:sdtContent>" + run_xml(" e campo") + "</w:sdtContent></w:sdt>"
        + "<w:r><w:pict><w:txbxContent><w:p>" + run_xml("casella") + "</w:p></w:txbxContent>"
        + "</w:pict></w:r>" + run_xml("A", inner="<w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t>")
        + "</w:p>",
    ]))
    document.save(str(tmp_path / "f.docx"))
    assert docx_to_text(tmp_path / "f.docx") == (
        "Campo: Mario Rossi b\nPagina # di # del 1/7/2020\nVisibile mostrato\nSpostato dopo\n"
        "In un controllo\ncollegamento e campoA\tB\nC\n")


def test_list_numbers_in_word_formats(tmp_path):
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (start, fmt, text) in enumerate(
            [(1, "upperRoman", "%1."), (1, "decimal", "%1.%2."), (3, "lowerLetter", "(%3)"),
             (1, "upperLetter", "%4)"), (1, "lowerRoman", "%5.")]))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80">'
                                  f"{levels}</w:abstractNum>"))
    plain = numbering.add_num(80).numId
    from_four = numbering.add_num(80)
    from_four.add_lvlOverride(ilvl=0).add_startOverride(4)
    for text, num, ilvl in (("Uno", plain, 0), ("Uno.uno", plain, 1), ("lettera", plain, 2),
                            ("lettera", plain, 2), ("Uno.due", plain, 1), ("Due", plain, 0),
                            ("Due.uno", plain, 1), ("maiuscola", plain, 3), ("romano", plain, 4),
                            ("Quattro", from_four.numId, 0)):
        set_numbering(document.add_paragraph(text), num, ilvl)
    numbered_style = document.add_paragraph("nessun numero", style="List Number")
    set_numbering(numbered_style, 0)  # numId 0: the style's numbering is taken away
    document.save(str(tmp_path / "n.docx"))
    assert docx_to_text(tmp_path / "n.docx").splitlines() == [
        "I. Uno", "  I.1. Uno.uno", "    (c) lettera", "    (d) lettera", "  I.2. Uno.due",
        "II. Due", "  II.1. Due.uno", "      A) maiuscola", "        i. romano", "IV. Quattro",
        "nessun numero"]


def test_document_without_header_or_footer(tmp_path):
    document = docx.Document()
    document.add_paragraph("Solo testo.")
    document.save(str(tmp_path / "plain.docx"))
    assert docx_to_text(tmp_path / "plain.docx") == "Solo testo.\n"
    assert docx_to_markdown(tmp_path / "plain.docx") == "Solo testo.\n"


def test_a_changed_sentence_is_one_changed_line(tmp_path):
    texts = []
    for sentence in ("Il progetto dura 12 mesi.", "Il progetto dura 18 mesi."):
        document = docx.Document()
        document.add_paragraph("Prima frase.")
        document.add_paragraph(sentence)
        document.add_paragraph("Ultima frase.")
        document.save(str(tmp_path / "d.docx"))
        texts.append(docx_to_text(tmp_path / "d.docx").splitlines())
    changed = [(a, b) for a, b in zip(*texts) if a != b]
    assert len(texts[0]) == len(texts[1])
    assert changed == [("Il progetto dura 12 mesi.", "Il progetto dura 18 mesi.")]


def test_each_distinct_header_once_in_section_order(tmp_path):
    document = docx.Document()
    first = document.sections[0]
    first.header.paragraphs[0].text = "Intestazione"
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "Prima pagina"
    document.add_heading("Titolo", 0)
    document.add_paragraph("Sezione uno")
    second = document.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Seconda sezione"
    document.add_paragraph("Sezione due")
    third = document.add_section()  # linked to the previous header: not repeated
    document.add_paragraph("Sezione tre")
    assert third.header.is_linked_to_previous
    document.save(str(tmp_path / "s.docx"))
    assert docx_to_text(tmp_path / "s.docx") == (
        "Intestazione\nPrima pagina\nSeconda sezione\n---\n"
        "Titolo\nSezione uno\nSezione due\nSezione tre\n")
    assert docx_to_markdown(tmp_path / "s.docx") == (
        "> Intestazione\n>\n> Prima pagina\n>\n> Seconda sezione\n\n---\n\n"
        "# Titolo\n\nSezione uno\n\nSezione due\n\nSezione tre\n")


# ----------------------------------------------------------------- Markdown


def test_markdown_of_a_small_document(sample):
    markdown = docx_to_markdown(sample)
    lines = markdown.splitlines()
    assert lines[:5] == ["> Fascicolo 1.2\\2024\\7", ">", "> Pagina #", "", "---"]
    assert lines[-3:] == ["---", "", "> Pagina # di # - riservato"]
    assert "OGGETTO: **Allegato tecnico**" in lines
    assert "**PRIMA RIGA**\\" in lines and "**SECONDA RIGA**" in lines
    assert "## Premessa" in lines
    assert "Testo con **grassetto** *e corsivo*.\tfine" in lines
    assert "Costi & ricavi \\< 5 > 3 \"citati\" l'importo 100 € perché città è più" in lines
    numbered = lines.index("1. Primo")
    assert lines[numbered:numbered + 2] == ["1. Primo", "2. Secondo"]
    # Adjacent lists stay apart: a list that follows another switches delimiter.
    restarted = lines.index("1. Terzo")
    assert lines[restarted:restarted + 5] == [
        "1. Terzo", "2. Quarto", "3) Ripresa", "5. Da cinque", "- Punto elenco"]
    assert lines[lines.index("1. Capo"):lines.index("1. Capo") + 5] == [
        "1. Capo", "   1. Sotto uno", "   2. Sotto due", "2. Altro capo", "   1. Di nuovo sotto"]
    assert "- Punto elenco" in lines
    assert "**" not in markdown.replace("**Allegato tecnico**", "").replace(
        "**PRIMA RIGA**", "").replace("**SECONDA RIGA**", "").replace(
        "**grassetto**", "").replace("**Totale**", "")
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")


def test_markdown_table(sample):
    lines = docx_to_markdown(sample).splitlines()
    start = lines.index("| Voce | Importo |")
    assert lines[start - 1] == "" and lines[start + 4] == ""
    assert lines[start:start + 4] == [
        "| Voce | Importo |",
        "| --- | --- |",
        "| Personale \\| sede | 10 €<br>20 € |",
        "| **Totale** | 30 € |",
    ]


def test_markdown_does_not_wrap_whitespace_in_markers(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, bold in (("Uno", True), (" ", False), ("due", True), ("  ", True), ("tre", False)):
        paragraph.add_run(text).bold = bold
    document.add_paragraph("- non un elenco")
    document.add_paragraph("12. non un numero")
    document.save(str(tmp_path / "b.docx"))
    assert docx_to_markdown(tmp_path / "b.docx") == (
        "**Uno due**  tre\n\n\\- non un elenco\n\n12\\. non un numero\n")


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize("content", [b"", b"plain text, not a zip", b"PK\x03\x04broken"])
def test_not_a_docx_is_a_value_error(tmp_path, content):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="not a Word document|not a .docx"):
        docx_to_text(path)
    with pytest.raises(ValueError, match="not a Word document|not a .docx"):
        docx_to_markdown(content)


def test_zip_without_document_is_a_value_error(tmp_path):
    import zipfile

    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValueError, match="empty.docx is not a .docx"):
        docx_to_text(path)


def test_missing_file_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        docx_to_text(tmp_path / "nowhere.docx")


# ----------------------------------------------------------------- the real deliverable


def test_the_example_annex_reads_as_its_reference_text(example, fsegen):
    """What `git diff` shows of the annex; the reference was made with the reader before
    python-docx. If the example changes on purpose: fsegen totext (the annex) > the file."""
    assert fsegen(example, "build", "--format", "docx,md").exit_code == 0
    annex = example / "output" / "integrazione-allegato-1.docx"
    assert docx_to_text(annex) == ANNEX_TEXT.read_text(encoding="utf-8")
    markdown = (example / "output" / "integrazione-allegato-1.md").read_text(encoding="utf-8")
    assert markdown == docx_to_markdown(annex, "integrazione-allegato-1")
    # the EU emblem, beside the .md with its alternative text, the statement as text
    assert markdown.splitlines()[6] == ("![Emblema dell'Unione europea](integrazione-allegato-1-1.png) "
                                        "**Unione europea – Fondo sociale europeo**")
    assert (example / "output" / "integrazione-allegato-1-1.png").read_bytes().startswith(b"\x89PNG")


def test_the_document_docxtpl_rendered_reads_like_the_file(example, fsegen, monkeypatch):
    """Reading the rendered document in memory (before it is saved) gives the file's text."""
    import generator.rendering.docx as rendering

    read: list[tuple[str, str]] = []
    write = rendering.docx_bytes  # the one place the rendered document becomes bytes

    def reading_write(document):
        read.append((document_text(document), document_markdown(document)))
        return write(document)

    monkeypatch.setattr(rendering, "docx_bytes", reading_write)
    assert fsegen(example, "build", "integrazione-allegato-1").exit_code == 0
    annex = example / "output" / "integrazione-allegato-1.docx"
    assert read == [(docx_to_text(annex), docx_to_markdown(annex))]


def test_the_built_deliverable(built_example):
    built = built_example / "output" / "integrazione-allegato-1.docx"
    text = docx_to_text(built)
    lines = text.splitlines()
    assert lines[:3] == ["Fascicolo 13.3\\2020\\36", "Pagina # di #", "---"]
    assert "Fascicolo 13.3\\2020\\36" in text
    assert any(line.startswith("1. Progetto CIAO!") for line in lines)
    assert any(line.startswith("5. Progetto VULNERABILITA'") for line in lines)
    assert any(line.startswith("- Interventi personalizzati") for line in lines)
    assert "Dott. Dario Parravicini" in lines
    assert "\n\nANALISI E MAPPATURA DEL CONTESTO TERRITORIALE" in text
    assert docx_to_text(built.read_bytes()) == text

    markdown = docx_to_markdown(built)
    assert markdown.startswith("> Fascicolo 13.3\\2020\\36\n>\n> Pagina # di #\n\n---\n\n")
    assert "**OGGETTO:** Integrazione Allegato 1°" in markdown
    assert "\n## ANALISI E MAPPATURA DEL CONTESTO TERRITORIALE" in markdown
    assert "**Dott. Dario Parravicini**" in markdown
