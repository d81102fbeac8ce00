"""Measure how long an open page of `fsegen serve` takes to show a saved change.

Usage: python benchmarks/serve_latency.py [--saves 10] [--edit prose|title]
Starts `fsegen serve` on a copy of the example and a headless Chromium on the annex's page,
then saves an edit again and again, timing each save to the moment the page shows it
(watch, rebuild, event, fetch and swap): `prose` (the default) rewrites a paragraph of the
annex's own prose (only the annex is made again), `title` a project's title (every
deliverable that names the project is). The server's own build times are printed too;
the machine's load average is printed first, since other processes slow every number down.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[1]
TITLE = "CIAO! Capacitazione, Inclusione, Attivazione Occupazione"
PARAGRAPH = "si ritiene utile, completare le informazioni"
"""Words of the annex's introduction (content/documents/integrazione-allegato-1.yaml)."""
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")


def first_item(browser) -> str:
    return browser.execute_script(
        "const li = document.querySelector('article.docx ol > li'); return li ? li.innerText : ''")


def article_text(browser) -> str:
    return browser.execute_script(
        "const a = document.querySelector('article.docx'); return a ? a.innerText : ''")


def edits(root: Path, kind: str):
    """(file, its text, a function of the save's number -> (new text, what the page shows))."""
    if kind == "title":
        projects = root / "content" / "projects.yaml"
        text = projects.read_text(encoding="utf-8")
        return projects, lambda n: (text.replace(f"title: {TITLE}", f"title: {TITLE} {n}"),
                                    lambda b: first_item(b).startswith(f"Progetto {TITLE} {n}."))
    annex = root / "content" / "documents" / "integrazione-allegato-1.yaml"
    text = annex.read_text(encoding="utf-8")
    assert PARAGRAPH in text, "the annex's introduction changed: update PARAGRAPH"
    return annex, lambda n: (text.replace(PARAGRAPH, PARAGRAPH.replace("utile", f"utile ({n + 1})")),
                             lambda b: f"utile ({n + 1})" in article_text(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--edit", choices=("prose", "title"), default="prose",
                        help="what each save changes (default: a paragraph of the annex's prose)")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "templates", root / "templates")
        log = open(root / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115 - read at the end
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0"],
                                  cwd=root, stdout=subprocess.PIPE, stderr=log, text=True)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for flag in (*FLAGS, f"--user-data-dir={root / 'chromium'}"):
            options.add_argument(flag)
        browser = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
        try:
            url = re.search(r"http://\S+", server.stdout.readline()).group(0)
            browser.get(url + "d/integrazione-allegato-1")
            WebDriverWait(browser, 30).until(lambda b: b.find_elements("css selector", "#live-state.ok"))
            file, edit = edits(root, args.edit)
            seconds = []
            for save in range(args.saves):
                text, shown = edit(save)
                time.sleep(0.3)  # the watcher's last batch is over
                started = time.monotonic()
                file.write_text(text, encoding="utf-8")
                WebDriverWait(browser, 60, poll_frequency=0.005).until(shown)
                seconds.append(time.monotonic() - started)
        finally:
            browser.quit()
            server.send_signal(signal.SIGINT)
            server.wait(30)
        log.seek(0)
        builds = [float(s) for s in re.findall(r"changed: \d+ deliverable\(s\) in ([\d.]+) s", log.read())]
    print(f"save -> page shows it, {len(seconds)} saves ({args.edit}): min {min(seconds):.2f} s, "
          f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s")
    print(f"of which the rebuild: min {min(builds):.2f} s, median {statistics.median(builds):.2f} s, "
          f"max {max(builds):.2f} s")


if __name__ == "__main__":
    main()
