"""Word files "con revisioni": tracked changes between two renderings, checked for real.

Accept-all must give the newer document and reject-all the older one. That is checked
twice: by resolving the revisions in the XML here (accept: drop `w:del`, unwrap `w:ins`;
reject: the inverse; rows and paragraph marks too) and by LibreOffice itself through its
UNO API (tests/lo_redlines.py, run by Debian's /usr/bin/python3 with python3-uno) against
one soffice for the whole module. The example is rendered before and after a content
edit by the real CLI, once per module (on one xdist worker). The example's renderings and
LibreOffice's verdicts are slow; the small pairs built here are the fast core.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import uuid
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from generator.errors import FsegenError
from generator.rendering.pdf import find_soffice
from generator.rendering.redline import RedlineError, tracked_changes
from tests.conftest import copy_example, edit

pytestmark = pytest.mark.xdist_group("redline")

LO_SCRIPT = Path(__file__).with_name("lo_redlines.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python, where python3-uno installs `uno`
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
AUTHOR = "Ufficio FSE"
DATE = datetime(2024, 5, 2, 9, 30)


# ----------------------------------------------------------------- reading the result


def document_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def with_document_xml(data: bytes, root) -> bytes:
    """The same .docx with another word/document.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            is_body = info.filename == "word/document.xml"
            target.writestr(info, etree.tostring(root) if is_body else source.read(info))
    return out.getvalue()


def resolve(data: bytes, accept: bool) -> bytes:
    """Accept (or reject) every revision by editing the XML, as Word would."""
    root = document_xml(data)
    gone, kept = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    for row in [r for r in root.iter(f"{W}tr") if r.find(f"{W}trPr/{gone}") is not None]:
        row.getparent().remove(row)
    for paragraph in reversed([p for p in root.iter(f"{W}p")
                               if p.find(f"{W}pPr/{W}rPr/{gone}") is not None]):
        following = paragraph.getnext()  # a paragraph without its mark joins the next one
        if following is not None and following.tag == f"{W}p":
            start = 1 if following.find(f"{W}pPr") is not None else 0
            for offset, child in enumerate(c for c in paragraph if c.tag != f"{W}pPr"):
                following.insert(start + offset, child)
            paragraph.getparent().remove(paragraph)
    for change in list(root.iter(f"{W}pPrChange")):  # a new style or layout
        ppr = change.getparent()
        if not accept:
            for child in [c for c in ppr if c.tag not in (f"{W}rPr", f"{W}sectPr")]:
                ppr.remove(child)
            for offset, child in enumerate(change.find(f"{W}pPr")):
                ppr.insert(offset, child)
        if change.getparent() is ppr:
            ppr.remove(change)
    for mark in list(root.iter(gone, kept)):
        parent = mark.getparent()
        if mark.tag == kept and parent.tag not in (f"{W}rPr", f"{W}trPr"):
            for child in list(mark):
                mark.addprevious(child)
        parent.remove(mark)
    for deleted in root.iter(f"{W}delText"):
        deleted.tag = f"{W}t"
    return with_document_xml(data, root)


def normal(text: str) -> str:
    return " ".join(text.split())


def outline(data: bytes) -> list[str]:
    """Every non-empty paragraph (with its style) and every table row of the body, in order."""
    lines = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            if normal(block.text):
                lines.append(f"[{block.style.name}] {normal(block.text)}")
        else:
            lines += [" | ".join(normal(c.text) for c in row.cells) for row in block.rows]
    return lines


def assert_accept_and_reject(old: bytes, new: bytes, redlined: bytes) -> None:
    assert outline(resolve(redlined, accept=True)) == outline(new)
    assert outline(resolve(redlined, accept=False)) == outline(old)


def revisions(data: bytes) -> list:
    return list(document_xml(data).iter(f"{W}ins", f"{W}del"))


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))


def changes_in(paragraph) -> list[tuple[str, str]]:
    """(ins|del|r, text) of a paragraph's children, in order."""
    return [(c.tag[len(W):], text_of(c)) for c in paragraph if c.tag != f"{W}pPr"]


def mark_of(paragraph) -> list[str]:
    """How the paragraph mark is tracked: [], ["ins"] or ["del"]."""
    return [m.tag[len(W):] for m in paragraph.findall(f"{W}pPr/{W}rPr/*")
            if m.tag in (f"{W}ins", f"{W}del")]


# ----------------------------------------------------------------- small documents


def make(*blocks) -> bytes:
    """A python-docx document: "text with **bold**" or (text, style) paragraphs, [[cells]]
    tables, then a closing paragraph (Word's last paragraph mark cannot be tracked)."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, list):
            table = document.add_table(rows=0, cols=len(block[0]))
            for values in block:
                for cell, value in zip(table.add_row().cells, values):
                    cell.text = value
            continue
        text, style = block if isinstance(block, tuple) else (block, None)
        paragraph = document.add_paragraph(style=style)
        for index, piece in enumerate(text.split("**")):
            if piece:
                paragraph.add_run(piece).bold = index % 2 == 1
    document.add_paragraph("Il Responsabile del procedimento")
    return save(document)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


PNG = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
       + png_chunk(b"IDAT", zlib.compress(b"\x00\xc0\x00\x00")) + png_chunk(b"IEND", b""))


def with_link_and_image() -> bytes:
    """A paragraph with a hyperlink, a picture, then the closing paragraph."""
    document = docx.Document()
    paragraph = document.add_paragraph("Vedi il")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), document.part.relate_to("https://fse.example.org/", RT.HYPERLINK,
                                                 is_external=True))
    link.append(paragraph.add_run(" sito")._r)
    paragraph._p.append(link)
    document.add_picture(io.BytesIO(PNG))
    document.add_paragraph("Il Responsabile del procedimento")
    return save(document)


NUMBER, BULLET = "List Number", "List Bullet"
SMALL_PAIRS = {
    "words": (make("Il progetto **CIAO** è attivo dal 2020 nel territorio."),
              make("Il progetto **CIAO!** è attivo dal 2021 nel territorio.")),
    "paragraphs": (make("Premessa.", "Paragrafo che sarà tolto.", "Conclusione."),
                   make("Premessa.", "Conclusione.", "Paragrafo aggiunto in fondo.")),
    "lists": (make("Progetti:", ("CIAO;", NUMBER), ("IN-LAV;", NUMBER),
                   ("WORK IN PROGRESS.", NUMBER), "Misure:", ("Dote unica lavoro.", BULLET)),
              make("Progetti:", ("CIAO;", NUMBER), ("WORK IN PROGRESS.", NUMBER),
                   "Misure:", ("Dote unica lavoro;", BULLET), ("Garanzia giovani.", BULLET))),
    "table": (make("Rete:", [["Ente", "Ruolo"], ["Comune di Milano", "capofila"],
                             ["ASST Nord", "partner"], ["So.Le", "partner"]]),
              make("Rete:", [["Ente", "Ruolo"], ["Comune di Milano", "partner operativo"],
                             ["Cooperativa Il Ponte", "partner"], ["ASST Nord", "partner"]])),
    "style": (make(("Misure regionali", "Heading 1"), "Testo **in grassetto**.", "Fine."),
              make(("Misure regionali", BULLET), "Testo in grassetto.", "Fine.")),
    "links": (with_link_and_image(), make()),
}


def redline(pair: tuple[bytes, bytes]) -> bytes:
    return tracked_changes(*pair, author=AUTHOR, date=DATE)


@pytest.mark.parametrize("name", SMALL_PAIRS)
def test_accept_gives_the_new_document_and_reject_the_old(name):
    result = redline(SMALL_PAIRS[name])
    assert revisions(result)
    assert_accept_and_reject(*SMALL_PAIRS[name], result)


def test_changed_words_are_tracked_with_their_run_formatting():
    paragraph = document_xml(redline(SMALL_PAIRS["words"])).find(f"{W}body/{W}p")
    assert changes_in(paragraph) == [
        ("r", "Il progetto "), ("r", "CIAO"), ("ins", "!"), ("r", " è attivo dal "),
        ("del", "2020"), ("ins", "2021"), ("r", " nel territorio.")]
    bold = [c.find(f".//{W}rPr/{W}b").get(f"{W}val", "1") for c in paragraph if c.tag != f"{W}pPr"]
    assert bold == ["0", "1", "1", "0", "0", "0", "0"]  # "!" was typed in the bold run


def test_every_change_has_author_date_and_a_unique_id():
    marks = list(document_xml(redline(SMALL_PAIRS["style"])).iter(
        f"{W}ins", f"{W}del", f"{W}pPrChange"))
    assert marks and {m.get(f"{W}author") for m in marks} == {AUTHOR}
    assert {m.get(f"{W}date") for m in marks} == {"2024-05-02T09:30:00"}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(set(ids)) == len(ids)
    rome = timezone(timedelta(hours=2))
    aware = tracked_changes(*SMALL_PAIRS["words"], author=AUTHOR,
                            date=datetime(2024, 5, 2, 11, 30, tzinfo=rome))
    assert {m.get(f"{W}date") for m in revisions(aware)} == {"2024-05-02T09:30:00Z"}


def test_inserted_and_deleted_paragraphs_carry_their_paragraph_marks():
    paragraphs = document_xml(redline(SMALL_PAIRS["paragraphs"])).findall(f"{W}body/{W}p")
    assert [(text_of(p), mark_of(p)) for p in paragraphs] == [
        ("Premessa.", []), ("Paragrafo che sarà tolto.", ["del"]), ("Conclusione.", []),
        ("Paragrafo aggiunto in fondo.", ["ins"]), ("Il Responsabile del procedimento", [])]
    assert changes_in(paragraphs[1]) == [("del", "Paragrafo che sarà tolto.")]
    assert changes_in(paragraphs[3]) == [("ins", "Paragrafo aggiunto in fondo.")]


def test_list_items_keep_their_list_style():
    styled = {text_of(p): (p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"), mark_of(p))
              for p in document_xml(redline(SMALL_PAIRS["lists"])).iter(f"{W}p")
              if p.find(f"{W}pPr/{W}pStyle") is not None}
    assert styled["IN-LAV;"] == ("ListNumber", ["del"])
    assert styled["Garanzia giovani."] == ("ListBullet", ["ins"])
    assert styled["CIAO;"] == ("ListNumber", [])


def test_a_paragraph_before_an_inserted_one_ends_with_its_deletion():
    # LibreOffice would merge a final insertion with the inserted paragraph after it, and
    # rejecting both would join "Dote unica lavoro." to the next paragraph.
    root = document_xml(redline(SMALL_PAIRS["lists"]))
    changed = next(p for p in root.iter(f"{W}p") if "Dote unica lavoro" in text_of(p))
    assert changes_in(changed) == [("r", "Dote unica lavoro"), ("ins", ";"), ("del", ".")]
    retyped = document_xml(redline((make("Misure"), make("Misure regionali", "Nuova misura."))))
    assert changes_in(retyped.find(f"{W}body/{W}p")) == [("ins", "Misure regionali"),
                                                        ("del", "Misure")]


def test_table_cells_and_rows():
    rows = document_xml(redline(SMALL_PAIRS["table"])).findall(f"{W}body/{W}tbl/{W}tr")
    marks = [[m.tag[len(W):] for m in r.findall(f"{W}trPr/*")] for r in rows]
    assert marks == [[], [], ["ins"], [], ["del"]]
    assert [text_of(r) for r in rows[2:]] == ["Cooperativa Il Pontepartner", "ASST Nordpartner",
                                             "So.Lepartner"]
    assert rows[2].find(f".//{W}ins/{W}r/{W}t") is not None
    assert rows[4].find(f".//{W}t") is None  # a deleted row's text is all deleted text
    assert rows[4].find(f".//{W}del/{W}r/{W}delText") is not None
    role = rows[1].findall(f"{W}tc")[1].find(f"{W}p")
    assert changes_in(role) == [("del", "capofila"), ("ins", "partner operativo")]


def test_a_new_style_is_a_tracked_property_change_and_new_bold_a_tracked_word():
    # Not a paragraph deleted and inserted again: LibreOffice takes the same text deleted
    # and inserted for a move, and rejecting that move gives the next paragraph a bullet.
    paragraphs = document_xml(redline(SMALL_PAIRS["style"])).findall(f"{W}body/{W}p")
    heading = paragraphs[0].find(f"{W}pPr")
    assert [heading.find(f"{W}pStyle").get(f"{W}val"), mark_of(paragraphs[0])] == ["ListBullet", []]
    change = heading.find(f"{W}pPrChange")
    assert change.get(f"{W}author") == AUTHOR and change.get(f"{W}id")
    assert change.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"
    assert changes_in(paragraphs[1]) == [("r", "Testo "), ("del", "in grassetto"),
                                         ("ins", "in grassetto"), ("r", ".")]


def test_deleted_content_keeps_its_link_and_image():
    result = redline(SMALL_PAIRS["links"])
    with zipfile.ZipFile(io.BytesIO(result)) as archive:
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        blip = next(document_xml(result).iter(f"{A}blip")).get(qn("r:embed"))
        assert archive.read(f"word/{targets[blip]}") == PNG
    link = document_xml(result).find(f".//{W}hyperlink")
    assert targets[link.get(qn("r:id"))] == "https://fse.example.org/"
    assert link.find(f"{W}del/{W}r/{W}delText").text == " sito"


def test_identical_renderings_give_no_revisions_and_the_same_bytes():
    assert revisions(redline((SMALL_PAIRS["lists"][1], SMALL_PAIRS["lists"][1]))) == []
    assert redline(SMALL_PAIRS["lists"]) == redline(SMALL_PAIRS["lists"])


def test_settings_are_the_newer_documents():
    result = redline(SMALL_PAIRS["table"])
    with zipfile.ZipFile(io.BytesIO(result)) as redlined, \
            zipfile.ZipFile(io.BytesIO(SMALL_PAIRS["table"][1])) as new:
        assert redlined.read("word/settings.xml") == new.read("word/settings.xml")


# ----------------------------------------------------------------- unusable inputs


def with_revision(data: bytes) -> bytes:
    root = document_xml(data)
    run = root.find(f"{W}body/{W}p/{W}r")
    wrapper = etree.Element(f"{W}ins", {f"{W}id": "1", f"{W}author": "Word"})
    run.addprevious(wrapper)
    wrapper.append(run)
    return with_document_xml(data, root)


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "ciao")
    return buffer.getvalue()


@pytest.mark.parametrize(("old", "new", "message"), [
    (b"not a zip file", make("x"), "the older file is not a readable Word .docx"),
    (make("x"), zip_without_document(), "the newer file is not a Word .docx"),
    (with_revision(make("x")), make("y"), "the older document already has tracked changes"),
    (make("x"), with_revision(make("y")), "the newer document already has tracked changes"),
])
def test_unusable_inputs(old, new, message):
    with pytest.raises(RedlineError, match=message) as caught:
        tracked_changes(old, new, author=AUTHOR, date=DATE)
    assert isinstance(caught.value, FsegenError)


def test_renderings_of_different_templates_are_refused(built_example):
    form = (built_example / "output/formulario-candidatura.docx").read_bytes()
    with pytest.raises(RedlineError, match="not made from the same Word template.*Testotabella"):
        tracked_changes(form, make("x"), author=AUTHOR, date=DATE)


# ----------------------------------------------------------------- the example, rendered twice


EDITS = [  # a project renamed, a sentence reworded, the districts of a deleted project moved
    ("content/projects.yaml", "title: IN -LAV\n", "title: IN-LAV - INCLUSIONE AL LAVORO\n"),
    ("content/documents/integrazione-allegato-1.yaml", "si ritiene importante sviluppare",
     "si ritiene utile approfondire"),
    ("content/projects.yaml", "districts: [adda-martesana]",
     "districts: [adda-martesana, cinisello-balsamo, sesto-san-giovanni]"),
]
NEW_MEASURE = """\
  assegno-inclusione:
    name: Assegno di inclusione
    short_name: ADI
    summary: sostegno economico e percorso di inclusione sociale e lavorativa
    level: nazionale
    policy: contrasto alla povertà
    relation: quadro di riferimento
"""
COMPARED = ["formulario-candidatura", "integrazione-allegato-1", "scheda-progetto-in-lav",
            "scheda-progetto-facciamo-squadra"]


@pytest.fixture(scope="module")
def example_pair(tmp_path_factory) -> dict[str, tuple[bytes, bytes]]:
    """Deliverable id -> (before, after) the edits: a project renamed, one deleted (rows and
    list items go), a national measure added, a sentence of prose reworded."""
    before = copy_example(tmp_path_factory.mktemp("before"))
    after = copy_example(tmp_path_factory.mktemp("after"))
    for name, old, new in EDITS:
        edit(after, name, old, new)
    projects = after / "content/projects.yaml"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(text[:text.index("  vulnerabilita:")], encoding="utf-8")
    report = after / "content/documents/relazione-intermedia-progetto.yaml"  # and its own texts
    report.write_text(re.sub(r"      vulnerabilita:\n(?:(?: {8}.*)?\n)*", "", report.read_text(encoding="utf-8")),
                      encoding="utf-8")
    shutil.rmtree(after / "content/monitoring")  # its figures would name a project now gone
    with (after / "content/measures.yaml").open("a", encoding="utf-8") as measures:
        measures.write(NEW_MEASURE)
    builds = [subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=folder,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for folder in (before, after)]  # in parallel: each takes a few seconds
    for build in builds:
        _, stderr = build.communicate(timeout=300)
        assert build.returncode == 0, stderr
    return {name: ((before / "output" / f"{name}.docx").read_bytes(),
                   (after / "output" / f"{name}.docx").read_bytes()) for name in COMPARED}


@pytest.fixture(scope="module")
def example_redlined(example_pair) -> dict[str, bytes]:
    return {name: redline(pair) for name, pair in example_pair.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", COMPARED)
def test_example_accept_gives_the_new_rendering_and_reject_the_old(example_pair,
                                                                    example_redlined, name):
    assert revisions(example_redlined[name])
    assert_accept_and_reject(*example_pair[name], example_redlined[name])


@pytest.mark.slow
def test_example_annex_shows_each_edit_where_a_reviewer_looks(example_redlined):
    root = document_xml(example_redlined["integrazione-allegato-1"])
    styled = [(p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"), mark_of(p), text_of(p))
              for p in root.iter(f"{W}p") if mark_of(p)]
    assert [(style, mark) for style, mark, _ in styled] == [("ListNumber", ["del"]),
                                                            ("ListBullet", ["ins"])]
    assert styled[0][2].startswith("Progetto VULNERABILITA' - FORME INNOVATIVE")
    assert styled[1][2].startswith("Assegno di inclusione, sostegno economico")
    words = [(c.tag[len(W):], text_of(c)) for c in root.iter(f"{W}ins", f"{W}del")
             if c.getparent().tag == f"{W}p"]
    for expected in [("del", "importante sviluppare"), ("ins", "utile approfondire"),
                     ("del", "cinque"), ("ins", "quattro"), ("del", " -LAV"),
                     ("ins", "-LAV - INCLUSIONE AL LAVORO")]:  # " -" alone is not kept
        assert expected in words


@pytest.mark.slow
def test_example_form_deletes_and_inserts_table_rows(example_redlined):
    rows: dict[str, list[str]] = {"ins": [], "del": []}
    for row in document_xml(example_redlined["formulario-candidatura"]).iter(f"{W}tr"):
        for kind, texts in rows.items():
            if row.find(f"{W}trPr/{W}{kind}") is not None:
                texts.append(text_of(row))
    assert any("VULNERABILITA" in text for text in rows["del"])
    assert any("Assegno di inclusione" in text for text in rows["ins"])


# ----------------------------------------------------------------- LibreOffice's own verdict


class LibreOffice:
    """One soffice of our own (private profile and HOME), listening on a private pipe."""

    def __init__(self, folder: Path):
        self.folder, self.pipe = folder, f"fsegen_redline_{uuid.uuid4().hex}"
        (folder / "home").mkdir()
        self.process = subprocess.Popen(
            [find_soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}",
             "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             "--nolockcheck", f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, HOME=str(folder / "home")), cwd=folder, start_new_session=True)

    def run(self, jobs: list[tuple[Path, str, Path]]) -> list[dict]:
        """(docx, accept|reject|keep, .txt or .pdf out) -> revision counts before and after."""
        spec = [{"docx": str(d), "mode": m, "out": str(o)} for d, m, o in jobs]
        result = subprocess.run([SYSTEM_PYTHON, str(LO_SCRIPT), self.pipe, json.dumps(spec)],
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    def stop(self) -> None:
        """End the soffice we started: its own process group, nothing else."""
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def lines(path: Path) -> list[str]:
    """Non-empty lines, whitespace normalised (LibreOffice writes a BOM and list labels)."""
    text = path.read_text(encoding="utf-8-sig")
    return [normal(line) for line in text.splitlines() if normal(line)]


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    uno = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    if uno.returncode != 0:  # a real dependency, like LibreOffice: fail, never skip
        pytest.fail(f"{SYSTEM_PYTHON} cannot import uno: apt-get install -y python3-uno")
    office = LibreOffice(tmp_path_factory.mktemp("libreoffice"))
    yield office
    office.stop()


@pytest.mark.slow
@pytest.mark.needs_soffice
@pytest.mark.parametrize("name", [*SMALL_PAIRS, *COMPARED])
def test_libreoffice_accepts_to_the_new_text_and_rejects_to_the_old(libreoffice, example_pair,
                                                                     name):
    old, new = SMALL_PAIRS[name] if name in SMALL_PAIRS else example_pair[name]
    folder = libreoffice.folder
    for label, data in (("redlined", redline((old, new))), ("new", new), ("old", old)):
        (folder / f"{name}-{label}.docx").write_bytes(data)
    jobs = [("redlined", "accept", "accepted"), ("redlined", "reject", "rejected"),
            ("new", "keep", "new"), ("old", "keep", "old")]
    counts = libreoffice.run([(folder / f"{name}-{source}.docx", mode, folder / f"{name}-{out}.txt")
                              for source, mode, out in jobs])
    text = {out: lines(folder / f"{name}-{out}.txt") for _, _, out in jobs}
    assert counts[0]["before"] > 0 and counts[0]["after"] == 0 and counts[1]["after"] == 0
    assert text["new"] != text["old"]
    assert text["accepted"] == text["new"]
    assert text["rejected"] == text["old"]


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_libreoffice_converts_the_redlined_file_to_pdf(libreoffice, example_redlined):
    source = libreoffice.folder / "annex-redlined.docx"
    source.write_bytes(example_redlined["integrazione-allegato-1"])
    pdf = libreoffice.folder / "annex-redlined.pdf"
    [counts] = libreoffice.run([(source, "keep", pdf)])
    assert counts["before"] > 0
    text = normal("".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "utile approfondire" in text and "VULNERABILITA" in text  # shown with the changes
