"""The example's deliverables read as correct Italian, in the office's words, laid out for print.

The example is built once; every deliverable is read back and scanned for mistakes of Italian
and for the tool's own wording (tests/italian.py); the filters' work is checked where it shows;
the Word layout (headings kept with what follows, the signature block in one piece, "Pagina N
di M") is read from the files and, once, from LibreOffice's PDF. The builds are the session's shared ones.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from generator.rendering.text import docx_to_text
from tests.italian import problems


@pytest.fixture
def built(built_example) -> Path:
    return built_example / "output"


def texts(folder: Path) -> dict[str, str]:
    return {p.stem: docx_to_text(p) for p in sorted(folder.glob("*.docx"))}


def test_no_mistake_of_italian_and_no_tool_wording_in_the_example(built):
    found = {name: problems(text) for name, text in texts(built).items()}
    assert len(found) == 14  # the annex, the form, five sheets, six progress reports, the claim
    assert {name: p for name, p in found.items() if p} == {}


def test_no_mistake_of_italian_in_the_piedmont_programme(built_programme):
    """(The three programmes of tests/test_programmes.py are scanned there.)"""
    found = {stem: problems(text) for stem, text in texts(built_programme("consorzio") / "output").items()}
    assert {stem: p for stem, p in found.items() if p} == {}


def test_the_scan_finds_what_it_looks_for():
    """Each pattern catches the mistake it names (so a clean scan means something)."""
    samples = ["uno ambiti", "1 reti", "il 8 gennaio", "l'1° luglio", "A.S.C..", "(A.L.I. (Autonomia))",
               "di il Comune", "del L'Orizzonte", "A CURA DI COMUNE DI LODI", "PROGRAMMA: PROGRAMMA X",
               "1\u00ba luglio", "Il cronoprogramma non è ancora definito nel contenuto del Programma."]
    for sample in samples:
        assert problems(sample), sample
    assert problems("l'8 gennaio, l'11 marzo, il 1° luglio; A.S.C.; (A.L.I. [Autonomia])") == []


def test_the_filters_write_the_example_s_italian(built):
    annex, form = texts(built)["integrazione-allegato-1"], texts(built)["formulario-candidatura"]
    sheet = texts(built)["scheda-progetto-ciao"]
    assert "A CURA DELLA CITTÀ METROPOLITANA DI MILANO" in annex  # del, from the data
    assert "quadro di riferimento delle politiche attive in materia di contrasto alla povertà e " \
           "inclusione lavorativa: il Reddito di cittadinanza e la Garanzia giovani." in annex
    assert "Il Programma è promosso dalla Città Metropolitana di Milano" in form
    assert "in risposta alla manifestazione di interesse per la presentazione" in form
    assert "promosso dalla Città Metropolitana di Milano. Ente capofila" in sheet
    assert "che comprende quattro distretti: Melzo, Cernusco sul Naviglio, Pioltello e Trezzo" in annex
    assert "Ruolo nel Programma" in form and "Ambito territoriale | ASST di riferimento | Progetto" in form
    assert "Il cronoprogramma di dettaglio sarà definito in fase di avvio delle attività." in form


def _fields(part) -> list[str]:
    return [f.get(qn("w:instr")).strip() for f in part._element.iter(qn("w:fldSimple"))]


def test_word_layout_of_every_deliverable(built):
    for path in built.glob("*.docx"):
        document = docx.Document(str(path))
        heading = document.styles["Heading 1"].paragraph_format
        assert heading.keep_with_next and heading.keep_together, path.name
        header = document.sections[0].header
        assert _fields(header) == ["PAGE", "NUMPAGES"], path.name
        stamped = header.paragraphs[0].text.startswith("BOZZA")  # a bozza: the stamp comes first
        words = "".join(t.text for t in header.paragraphs[2 if stamped else 1]._p.iter(qn("w:t")))
        assert words == "Pagina 1 di 1", path.name  # each field shows a placeholder result
        paragraphs = [p for p in document.paragraphs if p.text.strip()]
        block = paragraphs[-4:]
        assert block[0].text.startswith("Milano, ") and block[2].text == "Dott. Dario Parravicini"
        assert all(p.paragraph_format.keep_together for p in block), path.name
        assert [bool(p.paragraph_format.keep_with_next) for p in block] == [True, True, True, False]


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_libreoffice_numbers_the_pages_and_keeps_the_signature_together(pdf_example):
    """The PDF/A files LibreOffice made of the example's form and annex."""
    for name in ["formulario-candidatura", "integrazione-allegato-1"]:
        pages = [page.extract_text() for page in PdfReader(pdf_example / "output" / f"{name}.pdf").pages]
        count = len(pages)
        assert count > 1
        for number, text in enumerate(pages, start=1):
            assert f"Pagina {number} di {count}" in text, (name, number)
        last = pages[-1]
        for line in ["Per il Legale Rappresentante", "Dott. Dario Parravicini", "Firmato digitalmente"]:
            assert line in last, (name, line)
        assert "Milano, " in last
