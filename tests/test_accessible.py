"""Signable and publishable: every deliverable declares Italian; every PDF of the example and of
the test programmes is PDF/A-2b, identified as PDF/UA-1, tagged, `/Lang it-IT`, with alternative
text on every figure; and its pages read well: none but the last under a quarter full, nothing
drawn over a picture, a budget table on the page of its heading, a chart below its table with
space of its own. Everything is read from the built files (pypdf, pdfplumber, pdftoppm's page
images); LibreOffice converts for real.

Measured on LibreOffice 7.4: its tagged export gives each picture a Figure element with its
alternative text and box, but draws the picture itself as an artifact (no marked content in the
Figure); so a picture is counted against the Figure elements, and found on the page by its box.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from tests.pdfcheck import CM, pages, structure

pytestmark = [pytest.mark.xdist_group("pdf")]

PROGRAMMES = ["consorzio", "esino", "lodigiano", "maremma"]
EMBLEM_ALT = "Emblema dell'Unione europea"


def declared_languages(path: Path) -> dict[str, str | None]:
    """The languages a .docx declares: its styles' default, its settings', its properties'."""
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("word/styles.xml").decode()
        settings = archive.read("word/settings.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.DOTALL)
    found = {"styles": re.search(r'<w:lang w:val="([^"]+)"', defaults.group(0) if defaults else ""),
             "settings": re.search(r'<w:themeFontLang w:val="([^"]+)"', settings),
             "core": re.search(r"<dc:language>([^<]+)</dc:language>", core)}
    return {name: match.group(1) if match else None for name, match in found.items()}


ITALIAN = {"styles": "it-IT", "settings": "it-IT", "core": "it-IT"}


def test_every_template_and_every_deliverable_of_the_example_declares_italian(built_example):
    templates = sorted((Path(__file__).resolve().parents[1] / "templates").glob("*.docx"))
    assert len(templates) == 8  # the five of make_templates.py, the three of make_report_templates.py
    for path in templates + sorted((built_example / "output").glob("*.docx")):
        assert declared_languages(path) == ITALIAN, path.name


@pytest.mark.parametrize("name", PROGRAMMES)
def test_every_deliverable_of_the_test_programmes_declares_italian(name, built_programme):
    built = sorted((built_programme(name) / "output").glob("*.docx"))
    assert built
    for path in built:
        assert declared_languages(path) == ITALIAN, path.name


def test_properties_come_from_the_content(built_example):
    with zipfile.ZipFile(built_example / "output" / "scheda-progetto-ciao.docx") as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "<dc:title>Scheda progetto</dc:title>" in core
    assert "<dc:creator>Città Metropolitana di Milano</dc:creator>" in core
    assert ("<cp:keywords>FSE; POR-FSE Regione Lombardia; Programma di intervento territoriale; CIAO! "
            "Capacitazione, Inclusione, Attivazione Occupazione; scheda-progetto-ciao</cp:keywords>") in core


def pdfs_of(folder: Path) -> list[Path]:
    found = sorted((folder / "output").glob("*.pdf"))
    assert found and len(found) == len(list((folder / "output").glob("*.docx")))
    return found


def accessible(path: Path) -> None:
    """The PDF is accessible PDF/A-2b as the issue asks, read from the file itself."""
    found = structure(path)
    assert found.pdfa == ("2", "B") and found.pdfua == "1", path.name
    assert found.lang == "it-IT" and found.marked and found.display_title and found.title, path.name
    assert found.tags["/Document"] == 1 and found.tags["/P"] + found.tags["/Standard"] > 0, path.name
    if "/Table" in found.tags:
        assert found.tags["/TH"] > 0, path.name  # header rows are marked
    assert found.figures and found.images == len(found.figures), (path.name, found.figures)
    assert all(alt.strip() for alt, _ in found.figures), path.name
    assert found.figures[0][0] == EMBLEM_ALT, path.name  # first on the first page
    for alt, _ in found.figures[1:]:
        assert alt.startswith("Grafico") and re.search(r"\d", alt), alt  # a chart states its figures


def well_laid_out(path: Path) -> None:
    laid = pages(path)
    for page in laid[:-1]:
        assert page.fill >= 0.25, f"{path.name}: page {page.number} is {page.fill:.0%} full"
    for page in laid:
        assert page.overlaps == [], f"{path.name}: page {page.number}: {page.overlaps[:3]}"


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_every_pdf_of_the_example_is_accessible_and_reads_well(pdf_example):
    found = pdfs_of(pdf_example)
    assert len(found) == 14
    for path in found:
        accessible(path)
        well_laid_out(path)


@pytest.mark.slow
@pytest.mark.needs_soffice
@pytest.mark.parametrize("name", PROGRAMMES)
def test_every_pdf_of_the_test_programmes_is_accessible_and_reads_well(name, pdf_programme):
    for path in pdfs_of(pdf_programme(name)):
        accessible(path)
        well_laid_out(path)


def lines_of(page) -> list[tuple[float, str]]:
    """(top, text) of each line of body text of a pdfplumber page."""
    return [(line["top"], line["text"]) for line in page.extract_text_lines()]


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_the_form_of_five_projects_keeps_each_budget_table_with_its_heading(pdf_example):
    """The form of the example (five projects): no page but the last under a quarter full, and
    each project's budget table on the page of its heading, never chained to the next."""
    path = pdf_example / "output" / "formulario-candidatura.pdf"
    laid = pages(path)
    assert len(laid) <= 6 and all(page.fill >= 0.25 for page in laid[:-1]), [p.fill for p in laid]
    titles = ["CIAO! Capacitazione, Inclusione, Attivazione Occupazione", "IN -LAV",
              "WORK IN PROGRESS - PERCORSI DI INCLUSIONE IN COSTRUZIONE"]
    with pdfplumber.open(str(path)) as pdf:
        budget_pages = [page for page in pdf.pages if "Voce di spesa" in (page.extract_text() or "")]
        assert budget_pages
        for title in titles:
            page = next(p for p in budget_pages if any(t == title for _, t in lines_of(p)))
            lines = lines_of(page)
            heading = next(top for top, text in lines if text == title)
            assert any(text.startswith("Voce di spesa") and top > heading for top, text in lines), title


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_a_report_places_each_chart_below_its_table_with_space_of_its_own(pdf_example):
    path = pdf_example / "output" / "relazione-intermedia.pdf"
    charts = [box for alt, box in structure(path).figures if alt.startswith("Grafico")]
    assert len(charts) == 2
    with pdfplumber.open(str(path)) as pdf:
        placed = [(page, image) for page in pdf.pages for image in page.images
                  if image["x1"] - image["x0"] > 10 * CM]
        assert len(placed) == 2
        for page, image in placed:
            rules_above = [r["bottom"] for r in page.lines + page.rects if r["bottom"] <= image["top"] + 1]
            if rules_above:  # the table above ends before the chart, with room between
                assert image["top"] - max(rules_above) >= 6, (page.page_number, image["top"], max(rules_above))


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_the_page_images_show_the_emblem_where_the_pdf_places_it(pdf_example, tmp_path):
    """pdftoppm draws the first page; the emblem's box (its Figure's) is reflex blue there."""
    from PIL import Image

    path = pdf_example / "output" / "integrazione-allegato-1.pdf"
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(path),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    alt, (x0, y0, x1, y1) = structure(path).figures[0]
    assert alt == EMBLEM_ALT
    height = image.height  # 72 dpi: one pixel a point; PDF space counts from the bottom
    flag_right = x0 + (y1 - y0) * 1.5
    centre = (round((x0 + flag_right) / 2), round(height - (y0 + y1) / 2))
    blue = image.getpixel(centre)
    assert abs(blue[0] - 0x00) < 40 and abs(blue[1] - 0x33) < 40 and abs(blue[2] - 0x99) < 40, blue


def test_no_table_of_the_example_ends_keeping_with_what_follows(built_example):
    """The last rendered row of every table keeps with nothing, though the template keeps each
    row of a short table with the next and ends it with a loop row (the budget tables)."""
    import docx
    from docx.oxml.ns import qn

    seen = 0
    for path in sorted((built_example / "output").glob("*.docx")):
        for table in docx.Document(str(path)).element.body.iter(qn("w:tbl")):
            seen += 1
            rows = table.findall(qn("w:tr"))
            assert not list(rows[-1].iter(qn("w:keepNext"))), path.name
            if len(rows) > 2 and list(rows[0].iter(qn("w:keepNext"))):  # a table kept together
                assert all(list(row.iter(qn("w:keepNext"))) for row in rows[:-1]), path.name
    assert seen > 50


def test_the_markdown_of_a_report_shows_its_pictures_beside_it(pdf_example):
    """Each picture of the Word file is a .png beside the .md, linked with its alternative text."""
    output = pdf_example / "output"
    markdown = (output / "relazione-intermedia.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[([^\]]+)\]\((relazione-intermedia-\d\.png)\)", markdown)
    assert [alt.split(":")[0] for alt, _ in links] == [EMBLEM_ALT, "Grafico a barre", "Grafico"]
    assert "Persone prese in carico 243 su 375" in links[1][0]
    with zipfile.ZipFile(output / "relazione-intermedia.docx") as archive:
        media = sorted(archive.read(n) for n in archive.namelist() if n.startswith("word/media/"))
    assert sorted((output / name).read_bytes() for _, name in links) == media
    manifest = (output / "manifest.json").read_text(encoding="utf-8")
    assert all(f'"{name}"' in manifest for _, name in links)
