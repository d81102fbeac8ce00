"""The preview answers the person using it, not another site's page: an `<img>` or a fetch that a
web page points at a download (which would start LibreOffice) is refused."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest


@pytest.fixture
def preview(small_programme):
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0", "--editor", "none"],
                               cwd=small_programme, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line + process.stderr.read()
        yield url.group()  # a download asked for before the first build waits for it
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def status(url: str, **headers: str) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_another_sites_page_cannot_make_the_preview_render(preview):
    download = preview + "d/allegato/docx"
    assert status(download, **{"Sec-Fetch-Site": "cross-site"}) == 403
    assert status(download, **{"Sec-Fetch-Site": "same-site"}) == 403  # another port of localhost
    assert status(download, Origin="http://evil.example") == 403
    assert status(download, **{"Sec-Fetch-Site": "same-origin"}) == 200  # the preview's own button
    assert status(download, **{"Sec-Fetch-Site": "none"}) == 200  # typed in the address bar
    assert status(preview, Origin=preview.rstrip("/")) == 200
    assert status(download) == 200  # a tool that sends neither header


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_stopping_the_preview_during_a_pdf_download_says_so_without_a_traceback(small_programme, tmp_path):
    import os
    import stat
    import threading
    import time

    from generator.rendering.pdf import find_soffice

    slow = tmp_path / "soffice-lento"
    slow.write_text(f'#!/bin/sh\nsleep 20\nexec "{find_soffice()}" "$@"\n')
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0", "--editor", "none"],
                               cwd=small_programme, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, FSEGEN_SOFFICE=str(slow)))
    url = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline()).group()
    answers: list[int] = []
    client = threading.Thread(target=lambda: answers.append(status(url + "d/allegato/pdf")))
    client.start()
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    client.join(30)
    assert process.returncode == 0 and "Traceback" not in errors and "CancelledError" not in errors, errors
