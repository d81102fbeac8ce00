"""The live preview without a browser: the HTML made from the rendered Word document, where
each paragraph came from, which findings concern which deliverable, editor links, and the
command's behaviour (extras missing, loopback, a bad --editor). The browser tests are in
test_serve_browser.py. The previews of the example are made once, on one xdist worker."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from generator.errors import UsageError
from generator.folders import Folders
from generator.pipeline import render_all
from generator.rendering.html import document_html
from generator.serve.preview import Previewer
from tests.conftest import copy_example, edit, refused, write_tree

pytestmark = pytest.mark.xdist_group("serve")

ANNEX = "integrazione-allegato-1"


def preview_of_example(root: Path, acknowledged: bool = True):
    copy_example(root)
    if not acknowledged:
        (root / "content/accept.yaml").write_text("accept: []\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # files are named as from the programme folder, as fsegen serve runs
        return Previewer(Folders()).build()


@pytest.fixture(scope="module")
def example_preview(tmp_path_factory):
    return preview_of_example(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def unacknowledged_preview(tmp_path_factory):
    """The example with its `accept:` entries removed: its twelve warnings are live."""
    return preview_of_example(tmp_path_factory.mktemp("unacknowledged"), acknowledged=False)


def tags(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def test_the_annex_reads_as_its_word_file(example_preview):
    html = example_preview.pages[ANNEX].html
    header = re.search(r'<header class="docx-header">(.*?)</header>', html).group(1)
    assert "Fascicolo 13.3\\2020\\36" in header and "{%" not in html  # the rendered header
    assert tags(html, r'<li [^>]*value="(\d+)"') == ["1", "2", "3", "4", "5"]  # the bullets have none
    headings = tags(html, r'<h2 [^>]*>(.*?)</h2>')
    assert headings[0] == "ANALISI E MAPPATURA DEL CONTESTO TERRITORIALE DI RIFERIMENTO E SINERGIE ISTITUZIONALI"
    assert re.search(r'<p [^>]*margin-left:255\.1pt[^>]*><strong>Dott\. Dario Parravicini</strong></p>', html)
    assert "<strong>profilazione</strong>" in html  # the prose's own **bold**
    assert 'style="box-sizing:border-box;width:595.3pt;padding:34.0pt 70.8pt' in html  # A4, its margins


def test_every_list_restarts_at_one_as_in_word(small_programme):
    edit(small_programme, "content/documents/allegato.yaml", "      - list: measures\n",
         "      - list: measures\n      - list: projects\n        numbered: true\n")
    html = Previewer(Folders(small_programme / "content", small_programme / "templates")
                     ).build().pages["allegato"].html
    assert tags(html, r'<li [^>]*value="(\d+)"') == ["1", "2", "1", "2"]
    assert re.search(r'<ul><li[^>]*><strong>Programma GOL</strong>.*?</li></ul><ol type="1"><li', html)


def test_tables_keep_their_header_rows_shading_and_widths(example_preview):
    html = example_preview.pages["formulario-candidatura"].html
    assert '<table class="docx-table grid"><colgroup><col style="width:141.8pt">' in html
    assert re.search(r'<th style="background:#D9D9D9">.*?Ente</strong>', html)


def test_merged_cells_hidden_text_fields_and_escaping():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "wide"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "tall"
    table.cell(1, 0).text = "<script>alert('x')</script> & \"y\""
    paragraph = document.add_paragraph("shown ")
    paragraph.add_run("hidden").font.hidden = True
    paragraph._p.append(parse_xml(
        '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'))
    html = document_html(document)
    assert re.search(r'<td colspan="2"[^>]*>.*?wide', html)
    assert re.search(r'<td rowspan="2"[^>]*>.*?tall', html)
    assert html.count("<td") == 2 + 3 + 2  # 9 cells, two of them covered by a merge
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"y\"" in html and "<script" not in html
    assert "shown 7" in html and "hidden" not in html


def test_each_paragraph_carries_where_it_came_from_and_the_file_keeps_no_mark(example_preview, example):
    html = example_preview.pages[ANNEX].html
    paths = tags(html, r'data-path="([^"]*)"')
    assert paths[:3] == [f"documents.{ANNEX}.intro[0]", f"documents.{ANNEX}.sections[0].title",
                         f"documents.{ANNEX}.sections[0].body[0]"]
    assert f"documents.{ANNEX}.sections[0].body[1] projects.ciao" in paths
    assert 'data-source="content/documents/integrazione-allegato-1.yaml:48"' in html
    # A template that prints section.title itself: the heading is found by its text.
    form = example_preview.pages["formulario-candidatura"].html
    assert re.search(r'<h2 [^>]*data-path="documents\.formulario-candidatura\.sections\[0\]\.title"', form)
    outcome = render_all(Folders(example / "content", example / "templates"))
    with zipfile.ZipFile(io.BytesIO(outcome.files[f"{ANNEX}.docx"])) as archive:
        assert not any(b"_fsegen_" in archive.read(name) for name in archive.namelist())


def test_the_preview_counts_what_check_counts(example_preview, example, fsegen):
    result = fsegen(example, "check")
    assert result.output.strip() == "14 deliverables checked, 0 errors, 0 warnings, 12 acknowledged (fsegen status)"
    assert example_preview.acknowledged == 12 and example_preview.findings == []
    assert all(page.errors == page.warnings == 0 for page in example_preview.pages.values())
    assert example_preview.pages[ANNEX].status == "definitivo"  # as check judges it


def test_findings_go_to_the_deliverables_they_concern(unacknowledged_preview):
    example_preview = unacknowledged_preview
    pages = example_preview.pages
    sheets = [p for p in pages if p.startswith("scheda-progetto-")]
    for sheet in sheets:
        assert any(f.path == "documents.scheda-progetto.signatory" for _, f in pages[sheet].findings)
    partnership = {sheet for sheet in sheets
                   if any(f.path == "projects.ciao" for _, f in pages[sheet].findings)}
    assert partnership == {"scheda-progetto-ciao"}
    annex = pages[ANNEX]
    number = next(n for n, f in annex.findings if f.path == "projects.ciao")
    assert re.search(rf'<li [^>]*class="flagged warning" data-findings="f{number}"', annex.html)
    assert example_preview.general == [] and annex.warnings == 7
    # The annex is definitivo: warnings left about it refuse it, as check says.
    assert [f.rule for _, f in annex.findings if f.severity == "error"] == ["definitivo"]


def test_a_finding_about_no_single_deliverable_concerns_the_whole_programme(example):
    edit(example, "content/organisations.yaml", "vat_number: '05060480968'", "vat_number: '05060480969'")
    preview = Previewer(Folders(example / "content", example / "templates")).build()
    [(_, finding)] = [(n, f) for n, f in preview.general if f.rule == "identifiers"]
    assert finding.file == str(Path("content/organisations.yaml")) or finding.file.endswith(
        "content/organisations.yaml")
    assert finding.line and not preview.failed and preview.pages[ANNEX].html


def test_a_deliverable_that_cannot_render_keeps_its_findings_and_the_others_render(small_programme):
    write_tree(small_programme, {"content/documents/rotto.yaml": """\
        title: Documento rotto
        template: integrazione-allegato-1.docx
        place: Firenze
        date: 2023-03-02
        intro:
          - Il programma di {{ programme.nessuno }}.
        """})
    preview = Previewer(Folders(small_programme / "content", small_programme / "templates")).build()
    assert preview.pages["rotto"].html is None
    assert any("nessuno" in f.message and f.file.endswith("rotto.yaml") for _, f in preview.pages["rotto"].findings)
    assert preview.pages["allegato"].html and not preview.failed


def test_content_that_cannot_load_is_findings_never_an_exception(small_programme):
    edit(small_programme, "content/organisations.yaml", "projects:\n", "projects: [\n")
    preview = Previewer(Folders(small_programme / "content", small_programme / "templates")).build()
    assert preview.failed and preview.pages == {}
    assert any(f.file and f.file.endswith("organisations.yaml") and f.line for _, f in preview.general)


def test_a_changed_phrase_is_seen_by_the_next_build(small_programme):
    previewer = Previewer(Folders(small_programme / "content", small_programme / "templates"))
    assert "Progetto PONTI" in previewer.build().pages["allegato"].html
    edit(small_programme, "templates/phrases.jinja", "{{ word }} {% endif %}",
         "Iniziativa {% endif %}")
    html = previewer.build().pages["allegato"].html
    assert "Iniziativa PONTI" in html and "Progetto PONTI" not in html


def test_editor_links_open_only_text_files_of_the_programme(tmp_path):
    from generator.serve.runner import Editor, editor_template

    (tmp_path / "content").mkdir()
    editor = Editor(editor_template("vscode"), tmp_path, [tmp_path / "content", tmp_path / "templates"])
    assert editor("content/a b.yaml", 12, 3) == f"vscode://file{tmp_path}/content/a%20b.yaml:12:3"
    assert editor("templates/scheda.docx", 1) is None
    assert editor("../secret.yaml", 1) is None and editor("/etc/passwd", 1) is None
    assert Editor(editor_template("none"), tmp_path, [tmp_path]).__call__("content/a.yaml", 1) is None
    assert editor_template("idea") == "idea://open?file={path}&line={line}"
    for bad in ("vscode://{file}", "no-path-here", "x{path}{"):
        with pytest.raises(UsageError):
            editor_template(bad)


def test_a_bad_editor_is_a_usage_error(small_programme, fsegen):
    refused(fsegen(small_programme, "serve", "--editor", "vscode://{file}"), "--editor", code=2)


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_serve_without_its_extra_says_how_to_install_it(small_programme):
    result = run_python("""
        import sys
        sys.modules["watchfiles"] = None  # as if `pip install fsegen` without [serve]
        from generator.cli import main
        main(["serve"])
        """, small_programme)
    assert result.returncode == 1
    assert "fsegen serve needs watchfiles" in result.stderr and "pip install 'fsegen[serve]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_and_build_do_not_import_the_server(small_programme):
    result = run_python("""
        import sys
        from click.testing import CliRunner
        from generator.cli import main
        for command in (["check"], ["build"]):
            assert CliRunner().invoke(main, command).exit_code == 0, command
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("starlette", "uvicorn", "watchfiles")))
        """, small_programme)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_listening_beyond_loopback_warns(small_programme):
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--host", "0.0.0.0",
                                "--port", "0"], cwd=small_programme, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    assert re.match(r"serving the preview on http://127\.0\.0\.1:\d+/", line)
    assert "warning: listening on 0.0.0.0: anyone who can reach this machine" in errors
    assert process.returncode == 0 and "Traceback" not in errors


def test_pages_keep_the_last_good_rendering_when_the_content_stops_building(unacknowledged_preview):
    example_preview = unacknowledged_preview
    from generator.errors import Finding
    from generator.serve import pages
    from generator.serve.preview import Preview

    good = {output_id: pages.Good(page, 0.0, 1) for output_id, page in example_preview.pages.items()}
    broken = Preview(findings=[Finding("YAML: <img src=x onerror=alert(1)>", file="content/projects.yaml",
                                       line=3, column=5)], failed=True)
    broken.general = list(enumerate(broken.findings))
    view = pages.View(2, broken, good, tuple(example_preview.pages), 0.0)
    link = lambda finding: f"vscode://file/x/{finding.file}:{finding.line}"  # noqa: E731
    index = pages.index_page(view, link)
    assert "The content does not build now" in index and index.count("not rebuilt") == 14
    assert '<a class="where" href="vscode://file/x/content/projects.yaml:3">' in index
    page = pages.deliverable_page(view, ANNEX, link)
    assert '<a class="last-good" href="/d/integrazione-allegato-1/last-good">' in page
    assert '<a class="where" href="vscode://file/x/content/projects.yaml:3">content/projects.yaml:3:5</a>' in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "article" not in page and 'class="button disabled">Download .docx' in page
    last = pages.last_good_page(view, ANNEX, link)
    assert "<article class=\"docx\"" in last and 'id="live"' not in last  # a snapshot: never swapped
    current = pages.deliverable_page(pages.View(1, example_preview, good, view.order, 0.0), ANNEX, link)
    assert current.count('data-show="f') >= 1 and "Download PDF/A</a>" in current


@pytest.mark.slow
def test_serve_answers_at_once_and_shows_the_first_build_when_it_is_done(example):
    """No silent wait: the address is printed and served as soon as the server is up (on the
    example, long before its first build), every page saying the first build is under way; the
    build then shows by itself (the page's script swaps the live part on the `built` event)."""
    import time
    import urllib.request

    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0"], cwd=example,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "FSEGEN_LANGUAGE": "it"})
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group()
        first = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
        answered = time.monotonic() - started
        assert 'data-generation="0"' in first and "Preparazione della prima anteprima" in first
        assert '<html lang="it">' in first
        deliverable = urllib.request.urlopen(url + "d/integrazione-allegato-1", timeout=30).read().decode()
        assert 'data-generation="0"' in deliverable  # a deliverable's page too, not a 404
        for _attempt in range(600):
            page = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
            if 'data-generation="1"' in page:
                break
            time.sleep(0.1)
        assert "14 documenti; prodotto alle" in page and "Integrazione Allegato 1" in page
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    assert answered < 10, f"the first page came {answered:.1f} s after starting"
    assert "prima produzione: 14 documenti" in errors and "Traceback" not in errors
