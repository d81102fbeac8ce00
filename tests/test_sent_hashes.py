"""What was sent can change only with a reviewed change of the content: `fsegen send` records the
SHA-256 of every archived file in the document's `sent:`, and check compares the archive with it
(sent.json lives in the archive itself, so a file changed together with its hash there is caught)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow  # each test sends the annex (a PDF/A conversion)
ANNEX = "content/documents/integrazione-allegato-1.yaml"
SENT = Path("sent/integrazione-allegato-1")


@pytest.fixture
def sent(example, fsegen) -> Path:
    assert fsegen(example, "build", "integrazione-allegato-1", "--format", "docx,pdf").exit_code == 0
    result = fsegen(example, "send", "integrazione-allegato-1", "--protocol", "PG 1/2020",
                    "--date", "2020-07-21")
    assert result.exit_code == 0, result.output
    return example


def recorded(folder: Path) -> dict[str, str]:
    return yaml.safe_load((folder / ANNEX).read_text(encoding="utf-8"))["sent"]["files"]


@pytest.mark.needs_soffice
def test_send_records_the_hash_of_every_file_sent_and_a_forged_archive_fails(sent, fsegen):
    files = recorded(sent)
    assert set(files) == {"integrazione-allegato-1.docx", "integrazione-allegato-1.pdf", "metadati.xml"}
    for name, digest in files.items():
        assert hashlib.sha256((sent / SENT / name).read_bytes()).hexdigest() == digest
    assert fsegen(sent, "check").exit_code == 0
    # The PDF altered together with its own hash in sent.json: the archive agrees with itself...
    pdf = sent / SENT / "integrazione-allegato-1.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% altered\n")
    record = json.loads((sent / SENT / "sent.json").read_text(encoding="utf-8"))
    for entry in record["files"]:
        if entry["file"] == pdf.name:
            entry["sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    (sent / SENT / "sent.json").write_text(json.dumps(record), encoding="utf-8")
    # ...but not with the content, reviewed in Git.
    for command in ("check", "build"):
        result = fsegen(sent, command)
        assert result.exit_code == 1 and "differs from the hash the content records" in result.output


@pytest.mark.needs_soffice
def test_a_sending_recorded_without_hashes_is_warned_and_sealed_by_send(sent, fsegen):
    text = (sent / ANNEX).read_text(encoding="utf-8")
    start = text.index("  files:")
    (sent / ANNEX).write_text(text[:start], encoding="utf-8")  # as a sending of an earlier fsegen
    result = fsegen(sent, "check", "--format", "json")
    [warning] = [f for f in json.loads(result.stdout) if f["rule"] == "sent"]
    assert warning["severity"] == "warning" and "records no hash" in warning["message"]
    sealed = fsegen(sent, "send", "integrazione-allegato-1")
    assert sealed.exit_code == 0 and "recorded the SHA-256 of the 3 files" in sealed.output
    assert set(recorded(sent)) == {"integrazione-allegato-1.docx", "integrazione-allegato-1.pdf",
                                   "metadati.xml"}
    assert fsegen(sent, "check").exit_code == 0
    again = fsegen(sent, "send", "integrazione-allegato-1")
    assert again.exit_code == 1 and "already sent" in again.output


@pytest.mark.needs_soffice
def test_a_pdf_send_converts_itself_carries_allegato_5_like_a_built_one(example, fsegen):
    from generator.rendering.pdfa import pdfa_identification
    from generator.rendering.xmp import read_metadata

    assert fsegen(example, "build").exit_code == 0  # no PDF in output/: send converts it
    result = fsegen(example, "send", "integrazione-allegato-1", "--protocol", "PG 2/2020", "--date", "2020-07-21")
    assert result.exit_code == 0 and "converted to PDF/A now" in result.output, result.output
    pdf = (example / SENT / "integrazione-allegato-1.pdf").read_bytes()
    assert read_metadata(pdf)["Identificativo"] == "integrazione-allegato-1"
    assert pdfa_identification(pdf) == ("2", "B")
