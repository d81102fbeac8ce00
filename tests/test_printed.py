"""What a template prints, as the rules read it: the same whether evaluated or rendered, and the
same words as the Word file read back."""

from __future__ import annotations

import collections
import re

import pytest

from generator.folders import Folders
from generator.pipeline import Options, check, render_all
from generator.rendering.printed import printed_text
from tests.conftest import REPO

pytestmark = pytest.mark.xdist_group("printed")  # the example rendered once, on one worker


@pytest.fixture(scope="module")
def rendered():
    return render_all(Folders(REPO / "content", REPO / "templates"), Options(lenient=True), keep=True)


def words(text: str) -> collections.Counter:
    """Its words, numbers left out (list labels and page numbers are Word's, not printed)."""
    return collections.Counter(w for w in re.findall(r"\w+", text) if not w.isdigit())


def test_every_deliverable_prints_the_words_of_its_word_file(rendered):
    assert len(rendered.products) == 14
    for output_id, product in rendered.products.items():
        assert words(product.printed) == words(product.text), output_id
        assert "Dario Parravicini" in product.printed


def test_check_reads_what_the_build_prints(rendered):
    """check evaluates the templates without Word files; its text is the build's, line for line."""
    checked = check(Folders(REPO / "content", REPO / "templates"), Options(lenient=True))
    assert {i: r.text for i, r in checked.outputs.items()} == \
        {i: p.printed for i, p in rendered.products.items()}


def test_paragraphs_tables_tabs_and_breaks_read_as_lines():
    xml = ('<w:body><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="3"/></w:tabs></w:pPr>'
           '<w:r><w:t>Ciao &amp;</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">mondo</w:t></w:r></w:p>'
           '<w:p/><w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>'
           '<w:p><w:del><w:r><w:delText>tolto</w:delText></w:r></w:del><w:r><w:t>fine</w:t><w:br/>'
           '<w:t>riga</w:t></w:r></w:p><w:p><mc:AlternateContent><mc:Choice><w:t>scelta</w:t></mc:Choice>'
           '<mc:Fallback><w:t>scelta</w:t></mc:Fallback></mc:AlternateContent></w:p></w:body>')
    assert printed_text([xml]) == "Ciao &\tmondo\na / b |\nfine\nriga\nscelta\n"
    assert printed_text([]) == ""
