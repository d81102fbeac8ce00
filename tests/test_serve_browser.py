"""`fsegen serve` in a real browser: headless Chromium driven by selenium, one server and one
browser for the module, on a copy of the example. Tests that edit the content put it back
and wait until the page shows it again, so each test starts from the example. All slow: a
browser, a server and live rebuilds."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import docx
import pytest
from selenium import webdriver  # a test dependency (pyproject.toml): never skipped
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import REPO, copy_example, edit, need_tool

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("serve-browser")]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("FSEGEN_TEST_ARTIFACTS", REPO / ".ci" / "artifacts"))
WAIT = 30
"""Seconds a condition may take (a rebuild takes about one; CI runs tests side by side)."""
ANNEX = "integrazione-allegato-1"
CIAO = "CIAO! Capacitazione, Inclusione, Attivazione Occupazione"
PROJECTS = ("ciao", "in-lav", "work-in-progress", "facciamo-squadra", "vulnerabilita")


@pytest.fixture(scope="module")
def programme(tmp_path_factory) -> Path:
    """The example as it was being written: its warnings not yet acknowledged (no `accept:`
    entries), the annex still a bozza."""
    root = copy_example(tmp_path_factory.mktemp("served"))
    (root / "content/accept.yaml").write_text("accept: []\n", encoding="utf-8")
    annex = root / f"content/documents/{ANNEX}.yaml"
    annex.write_text(annex.read_text(encoding="utf-8").replace("status: definitivo", "status: bozza"), encoding="utf-8")
    return root


def first_build(url: str) -> None:
    """Wait until the preview published its first build (it answers from the start, every page
    saying the first build is under way)."""
    import time

    for _attempt in range(WAIT * 10):
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            if 'data-generation="0"' not in response.read().decode("utf-8"):
                return
        time.sleep(0.1)
    raise AssertionError(f"no first build in {WAIT} s")


@pytest.fixture(scope="module")
def server(programme: Path):
    """`fsegen serve --port 0` in the programme folder; its address, read from its output."""
    log = programme.parent / "serve.log"
    with open(log, "w", encoding="utf-8") as errors:
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0"],
                                   cwd=programme, stdout=subprocess.PIPE, stderr=errors, text=True)
        try:
            line = process.stdout.readline()
            match = re.search(r"serving the preview on (http://127\.0\.0\.1:\d+/)", line)
            assert match, f"no address in {line!r}: {log.read_text(encoding='utf-8')}"
            first_build(match.group(1))
            yield match.group(1)
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=30)
    messages = log.read_text(encoding="utf-8")
    assert code == 0, messages
    assert "Traceback" not in messages
    assert messages.rstrip().endswith("stopped")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None or CHROMEDRIVER is None:
        need_tool("Chromium and its driver are not installed (.ci/run installs the Debian "
                    "packages chromium and chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1500,1100", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


def wait(browser, condition, message: str):
    """Wait for `condition`; the page part it looked at may be swapped by an update meanwhile."""
    return WebDriverWait(browser, WAIT, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda _: condition(), message)


def live(browser) -> None:
    """Wait until the page listens to the server's build events."""
    wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#live-state.ok"),
         "the page never connected to the server's events")


def open_annex(browser, server: str) -> None:
    browser.get(server + f"d/{ANNEX}")
    live(browser)


def items(browser) -> list[str]:
    """The numbered items of the document, read at once (an update may swap them any time)."""
    return browser.execute_script(
        "return [...document.querySelectorAll('article.docx ol > li')].map(li => li.innerText)")


def test_the_index_lists_every_deliverable_with_its_status_and_findings(browser, server):
    browser.get(server)
    live(browser)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.deliverables tbody tr")
    assert [row.get_attribute("data-id") for row in rows] == [
        "domanda-rimborso", "formulario-candidatura", ANNEX,
        *(f"relazione-intermedia-progetto-{p}" for p in PROJECTS),
        "relazione-intermedia", *(f"scheda-progetto-{p}" for p in PROJECTS)]
    annex = rows[2].text
    assert "Integrazione Allegato 1" in annex and "BOZZA" in annex and "7 warnings" in annex
    assert "0 errors" not in annex and "BOZZA" in rows[0].text
    browser.find_element(By.LINK_TEXT, "Integrazione Allegato 1").click()
    wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "h1.title"), "no deliverable page")
    assert browser.current_url == server + f"d/{ANNEX}"


def test_a_deliverable_reads_like_the_document_beside_its_findings(browser, server):
    open_annex(browser, server)
    assert browser.find_element(By.CSS_SELECTOR, "h1.title").text == "Integrazione Allegato 1"
    assert "Fascicolo 13.3\\2020\\36" in browser.find_element(By.CSS_SELECTOR, ".docx-header").text
    projects = items(browser)
    assert len(projects) == 5 and projects[0].startswith(f"Progetto {CIAO}")
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "article.docx h2")]
    assert headings[0].startswith("ANALISI E MAPPATURA DEL CONTESTO")
    assert "Dott. Dario Parravicini" in browser.find_element(By.CSS_SELECTOR, ".docx-body").text
    findings = browser.find_elements(By.CSS_SELECTOR, "aside li.finding.warning")
    assert len(findings) == 7
    assert any("content/projects.yaml:8" in f.text and "partnership of 'ciao'" in f.text for f in findings)
    # The partnership warning of CIAO highlights CIAO's item; a click on it focuses the finding.
    flagged = browser.find_element(By.CSS_SELECTOR, "article.docx ol > li.flagged.warning")
    assert flagged.text.startswith(f"Progetto {CIAO}")
    flagged.click()
    focused = wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "li.finding.focus"),
                   "clicking a highlighted paragraph focuses no finding")
    assert "partnership of 'ciao'" in focused[0].text


def test_hovering_a_paragraph_shows_the_content_file_and_line_it_came_from(browser, server,
                                                                           programme):
    open_annex(browser, server)
    item = browser.find_elements(By.CSS_SELECTOR, "article.docx ol > li")[1]
    ActionChains(browser).move_to_element(item).perform()
    badge = wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#source-badge.shown"),
                 "no source shown on hover")[0]
    document = (programme / "content/documents/integrazione-allegato-1.yaml").read_text(encoding="utf-8")
    list_line = document.splitlines().index("      - list: projects") + 1
    assert badge.text == (f"content/documents/{ANNEX}.yaml:{list_line} · content/projects.yaml:31")
    links = badge.find_elements(By.TAG_NAME, "a")
    assert links[0].get_attribute("href") == (
        f"vscode://file{(programme / 'content/documents').resolve()}/{ANNEX}.yaml:{list_line}:1")
    prose = browser.find_element(By.CSS_SELECTOR, "article.docx p[data-source]")
    ActionChains(browser).move_to_element(prose).perform()
    wait(browser, lambda: badge.text.startswith(f"content/documents/{ANNEX}.yaml:37"),
         "the badge does not follow the pointer")


def test_saving_a_new_project_title_updates_the_open_page_without_a_reload(browser, server,
                                                                          programme):
    open_annex(browser, server)
    browser.execute_script("window.fsegenNotReloaded = true")
    edit(programme, "content/projects.yaml", f"title: {CIAO}", f"title: {CIAO} e Lavoro")
    try:
        wait(browser, lambda: items(browser)[0].startswith(f"Progetto {CIAO} e Lavoro"),
             "the page did not show the new title")
        assert browser.execute_script("return window.fsegenNotReloaded") is True
    finally:
        edit(programme, "content/projects.yaml", f"title: {CIAO} e Lavoro", f"title: {CIAO}")
    wait(browser, lambda: items(browser)[0].startswith(f"Progetto {CIAO}. "),
         "the page did not come back to the old title")


def test_an_invalid_partita_iva_appears_among_the_findings_with_its_file_and_line(browser, server,
                                                                                 programme):
    open_annex(browser, server)
    organisations = programme / "content/organisations.yaml"
    edit(programme, "content/organisations.yaml", "vat_number: '05060480968'",
         "vat_number: '05060480969'")
    line = next(n for n, text in enumerate(organisations.read_text(encoding="utf-8").splitlines(), 1)
                if "05060480969" in text)
    try:
        found = wait(browser, lambda: [f for f in browser.find_elements(By.CSS_SELECTOR, "li.finding.error")
                                       if "partita IVA '05060480969'" in f.text],
                     "no finding for the wrong partita IVA")
        where = found[0].find_element(By.CSS_SELECTOR, ".where")
        assert re.fullmatch(rf"content/organisations\.yaml:{line}:\d+", where.text)
        assert where.get_attribute("href").startswith(f"vscode://file{organisations.resolve()}:{line}:")
        assert "stamped BOZZA" in browser.find_element(By.CSS_SELECTOR, "#live .note").text
        status, data, headers = fetch(server + "d/scheda-progetto-ciao/docx")  # as --draft builds it
        assert status == 200 and "scheda-progetto-ciao-BOZZA.docx" in headers["Content-Disposition"]
        assert "BOZZA" in docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    finally:
        edit(programme, "content/organisations.yaml", "'05060480969'", "'05060480968'")
    wait(browser, lambda: not browser.find_elements(By.CSS_SELECTOR, "li.finding.error"),
         "the finding stayed after the fix")


def test_a_content_that_does_not_build_shows_findings_and_keeps_the_last_good_rendering(
        browser, server, programme):
    open_annex(browser, server)
    edit(programme, "content/projects.yaml", "projects:\n", "projects:\n  ciao: [\n")
    try:
        failure = wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#live .failure"),
                       "the page does not say the content does not build")[0]
        assert "does not build now" in failure.text
        page = browser.find_element(By.ID, "live").text
        assert re.search(r"content/projects\.yaml:\d+", page) and "Traceback" not in page
        assert not browser.find_elements(By.CSS_SELECTOR, "article.docx")
        browser.find_element(By.CSS_SELECTOR, "a.last-good").click()
        wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "main.last-good article.docx"),
             "the last good rendering is not reachable")
        assert items(browser)[0].startswith(f"Progetto {CIAO}")
        browser.back()
    finally:
        edit(programme, "content/projects.yaml", "projects:\n  ciao: [\n", "projects:\n")
    wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#live article.docx"),
         "the document did not come back once fixed")


def test_many_open_tabs_share_one_connection_and_all_stay_live(browser, server, programme):
    """A browser opens at most six connections to a server: were each tab to hold its own
    event stream, the seventh tab would never load."""
    first = browser.current_window_handle
    try:
        for _ in range(7):
            browser.switch_to.new_window("tab")
            open_annex(browser, server)
        edit(programme, "content/projects.yaml", f"title: {CIAO}", f"title: {CIAO} bis")
        for handle in browser.window_handles:
            browser.switch_to.window(handle)
            wait(browser, lambda: items(browser)[0].startswith(f"Progetto {CIAO} bis"),
                 "a tab did not update")
    finally:
        edit(programme, "content/projects.yaml", f"title: {CIAO} bis", f"title: {CIAO}")
        for handle in browser.window_handles:
            if handle != first:
                browser.switch_to.window(handle)
                browser.close()
        browser.switch_to.window(first)
    open_annex(browser, server)
    wait(browser, lambda: items(browser)[0].startswith(f"Progetto {CIAO}. "), "not restored")


def test_a_screenshot_of_a_deliverable_is_kept(browser, server):
    open_annex(browser, server)
    ActionChains(browser).move_to_element(
        browser.find_element(By.CSS_SELECTOR, "article.docx ol > li.flagged")).perform()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "serve-integrazione-allegato-1.png"
    assert browser.save_screenshot(str(path))
    assert path.read_bytes().startswith(b"\x89PNG")


def fetch(url: str, host: str | None = None):
    """(status, body, headers) of a GET."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def test_download_docx_is_what_fsegen_build_writes(server, programme, fsegen, tmp_path):
    status, data, headers = fetch(server + "d/scheda-progetto-ciao/docx")
    assert status == 200
    assert headers["Content-Disposition"] == 'attachment; filename="scheda-progetto-ciao.docx"'
    shutil.copytree(programme / "content", tmp_path / "content")
    shutil.copytree(programme / "templates", tmp_path / "templates")
    assert fsegen(tmp_path, "build", "scheda-progetto-ciao").exit_code == 0
    assert data == (tmp_path / "output" / "scheda-progetto-ciao.docx").read_bytes()


@pytest.mark.needs_soffice
def test_download_pdf_is_a_pdfa(server):
    from generator.rendering.pdfa import pdfa_identification

    status, data, headers = fetch(server + f"d/{ANNEX}/pdf")
    assert status == 200, data[:300]
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'attachment; filename="{ANNEX}.pdf"'
    assert pdfa_identification(data) == ("2", "B")


def test_only_deliverables_are_served_and_only_to_a_loopback_host(server):
    assert fetch(server + f"d/{ANNEX}")[0] == 200
    for path in ("d/..%2f..%2fcontent%2fprojects.yaml", "d/projects.yaml", "content/projects.yaml",
                 "d/%2e%2e/docx", f"d/{ANNEX}/exe", "_/../../pyproject.toml"):
        status, body, _ = fetch(server + path)
        assert status == 404, path
        assert b"projects:" not in body
    # A page of another site that rebinds its name to 127.0.0.1 cannot read the preview.
    assert fetch(server, host="attacker.example")[0] == 400
    headers = fetch(server)[2]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_an_italian_office_reads_the_preview_in_italian(browser, tmp_path_factory):
    """A preview started where the locale is Italian: the page's labels, the script's own
    (the connection's state), the findings and their fields in the officer's words, and the
    first page, shown while the first build runs, which updates by itself."""
    from tests.conftest import italian, write_small_programme

    root = write_small_programme(tmp_path_factory.mktemp("italiano"))
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=italian())
    try:
        url = re.search(r"anteprima su (http://127\.0\.0\.1:\d+/)", process.stdout.readline()).group(1)
        browser.get(url)
        wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "table.deliverables tbody tr"),
             "the first build never showed by itself")
        live(browser)
        assert browser.find_element(By.ID, "live-state").text == "in diretta"
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "it"
        heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.deliverables th")]
        assert heads == ["Documento", "File", "Stato", "Segnalazioni"]
        assert "1 avviso" in browser.find_element(By.CSS_SELECTOR, "table.deliverables tbody tr").text
        browser.find_element(By.LINK_TEXT, "Allegato tecnico").click()
        wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "aside.findings li.finding"), "no findings")
        aside = browser.find_element(By.CSS_SELECTOR, "aside.findings").text
        assert "Questo documento (1)" in aside and "L'intero Programma" in aside
        assert "il legale rappresentante di Unione dei Comuni del Valdarno non è registrato" in aside
        assert "firmatario del documento allegato" in aside  # the field in words, not documents.allegato...
        assert browser.find_element(By.LINK_TEXT, "Scarica .docx")
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
