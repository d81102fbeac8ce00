"""Handing in from the command line: sign a built PDF/A, verify it, and a Word file with
tracked changes between two revisions — the commands an office runs."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx

from tests.test_diff import NEW_NAME, OLD_NAME, ORGANISATIONS, git, make_repo
from tests.test_signing import PASSPHRASE, pki  # noqa: F401 - the throwaway CA fixture


def run(folder: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=folder, env=env,
                          capture_output=True, text=True)


def test_sign_a_built_pdf_then_verify_it(small_programme, pki, tmp_path, monkeypatch):  # noqa: F811
    assert run(small_programme, "build", "--format", "docx,pdf").returncode == 0
    root = tmp_path / "root.pem"
    root.write_bytes(pki.root_pem)
    other = tmp_path / "other.pem"
    other.write_bytes(pki.other_root_pem)
    env = dict(__import__("os").environ, FSEGEN_P12_PASS=PASSPHRASE)
    signed = run(small_programme, "sign", "output/allegato.pdf", "--p12", str(pki.p12),
                 "--passphrase-env", "FSEGEN_P12_PASS", env=env)
    assert signed.returncode == 0, signed.stderr
    assert "signed output/allegato.pdf" in signed.stdout
    verified = run(small_programme, "verify", "--trust", str(root))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    untrusted = run(small_programme, "verify", "--trust", str(other))
    assert untrusted.returncode == 1 and "allegato.pdf: signature" in untrusted.stderr
    data = bytearray((small_programme / "output/allegato.pdf").read_bytes())
    data[len(data) // 3] ^= 0x01
    (small_programme / "output/allegato.pdf").write_bytes(bytes(data))
    broken = run(small_programme, "verify", "--trust", str(root))
    assert broken.returncode == 1 and "allegato.pdf" in broken.stderr


def test_sign_needs_one_kind_of_key(small_programme):
    result = run(small_programme, "sign", "content/programme.yaml")
    assert result.returncode == 2 and "--p12 FILE or --pkcs11-module" in result.stderr


def test_diff_writes_word_files_with_tracked_changes(tmp_path):
    make_repo(tmp_path)
    people = tmp_path / ORGANISATIONS
    people.write_text(people.read_text(encoding="utf-8").replace(OLD_NAME, NEW_NAME), encoding="utf-8")
    git(tmp_path, "-c", "user.name=Ufficio FSE", "-c", "user.email=t@example.org", "commit", "-qam", "two")
    result = run(tmp_path, "diff", "HEAD~1", "HEAD", "--docx", "revisioni")
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "revisioni").iterdir())
    # the 7 application deliverables and the 6 progress reports are all signed by him
    assert "integrazione-allegato-1-revisioni.docx" in written and len(written) == 13
    data = (tmp_path / "revisioni/integrazione-allegato-1-revisioni.docx").read_bytes()
    body = docx.Document(io.BytesIO(data)).element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    inserted = "".join(t.text for ins in body.iter(f"{w}ins") for t in ins.iter(f"{w}t"))
    deleted = "".join(t.text for t in body.iter(f"{w}delText"))
    assert "Bianchi" in inserted and "Parravicini" in deleted
    assert {e.get(f"{w}author") for e in body.iter(f"{w}ins", f"{w}del")} == {"Ufficio FSE"}
