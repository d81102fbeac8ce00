"""What was sent stays as sent: fsegen send archives, builds never rewrite, checks report changes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from generator.content.loading import load_content
from generator.pipeline.writing import write_folder
from generator.rendering.pdfa import pdfa_identification
from tests.conftest import copy_example, edit, fsegen_in, refused

pytestmark = pytest.mark.xdist_group("sent")  # one worker builds and sends the annex once

ANNEX = "content/documents/integrazione-allegato-1.yaml"
ORGS = "content/organisations.yaml"
SENT = Path("sent/integrazione-allegato-1")
DOCX = SENT / "integrazione-allegato-1.docx"
PDF = SENT / "integrazione-allegato-1.pdf"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sent_once(tmp_path_factory) -> Path:
    """The example whose annex was built as PDF/A and then sent (one LibreOffice run for the module)."""
    folder = copy_example(tmp_path_factory.mktemp("sent") / "programme")
    built = fsegen_in(folder, "build", "integrazione-allegato-1", "--format", "docx,pdf")
    assert built.exit_code == 0, built.output
    result = fsegen_in(folder, "send", "integrazione-allegato-1", "--protocol", "PG 123456/2020",
                       "--date", "2020-07-21", "--via", "PEC")
    assert result.exit_code == 0, result.output
    (folder / "send-output.txt").write_text(result.output, encoding="utf-8")
    return folder


@pytest.fixture
def sent(sent_once, tmp_path) -> Path:
    """A copy of the sent example, safe to modify."""
    folder = tmp_path / "programme"
    shutil.copytree(sent_once, folder)
    return folder


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_send_archives_the_pdfa_and_docx_with_their_hashes_and_records_the_sending(sent, fsegen):
    said = (sent / "send-output.txt").read_text(encoding="utf-8")
    assert f"archived {DOCX}" in said and f"archived {PDF}" in said
    assert f"integrazione-allegato-1.pdf: {Path('output/integrazione-allegato-1.pdf')}" in said
    record = json.loads((sent / SENT / "sent.json").read_text(encoding="utf-8"))
    assert (record["protocol"], record["date"], record["via"]) == ("PG 123456/2020", "2020-07-21", "PEC")
    assert record["document_date"] == "2020-07-20"
    assert {e["file"]: e["sha256"] for e in record["files"]} == {
        "integrazione-allegato-1.docx": sha(sent / DOCX), "integrazione-allegato-1.pdf": sha(sent / PDF),
        "metadati.xml": sha(sent / SENT / "metadati.xml")}
    metadata = (sent / SENT / "metadati.xml").read_text(encoding="utf-8")  # Allegato 5, with the protocol
    assert "<NumeroDocumento>PG 123456/2020</NumeroDocumento>" in metadata
    assert "<DataRegistrazione>2020-07-21</DataRegistrazione>" in metadata
    assert f"<Impronta>{sha(sent / PDF)}</Impronta>" in metadata
    assert sha(sent / PDF) == sha(sent / "output/integrazione-allegato-1.pdf")  # the PDF built (and signed)
    assert pdfa_identification(sent / PDF) == ("2", "B")
    assert "templates" in record and "integrazione-allegato-1.docx" in record["templates"]
    content = load_content(sent / "content").content
    document = content.documents["integrazione-allegato-1"]
    assert document.effective_status == "inviato" and document.sent.protocol == "PG 123456/2020"
    text = (sent / ANNEX).read_text(encoding="utf-8")
    assert "status: inviato" in text and 'protocol: "PG 123456/2020"' in text
    assert "# Definitivo: ogni fatto" in text  # every other line kept
    line = next(x for x in fsegen(sent, "status").output.splitlines() if x.startswith("integrazione"))
    assert line.split()[1] == "inviato" and "protocol PG 123456/2020 of 2020-07-21, PEC" in line


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_a_sent_deliverable_survives_a_content_edit_byte_identical_and_the_edit_is_reported(sent, fsegen):
    archived = sha(sent / DOCX), sha(sent / PDF)
    assert fsegen(sent, "build", "integrazione-allegato-1", "--format", "docx,pdf,md").exit_code == 0
    assert sha(sent / "output/integrazione-allegato-1.docx") == archived[0]
    assert sha(sent / "output/integrazione-allegato-1.pdf") == archived[1]  # never converted again
    assert "**OGGETTO:** Integrazione Allegato 1°" in (sent / "output/integrazione-allegato-1.md").read_text(encoding="utf-8")
    built = sha(sent / "output/integrazione-allegato-1.docx")

    edit(sent, ORGS, "name: ATS Città Metropolitana di Milano", "name: ATS della Città Metropolitana di Milano")
    result = fsegen(sent, "check", "--format", "json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout) if f["rule"] == "sent"]
    assert [(f["file"], f["line"], f["path"]) for f in found] == [
        (ANNEX, 183, "documents.integrazione-allegato-1.sent")]
    assert ("""~ "territorio, nonché l'ATS Città Metropolitana di" -> "territorio, nonché l'ATS della """
            """Città Metropolitana di\"""") in found[0]["message"]
    assert "fsegen diff --sent integrazione-allegato-1" in found[0]["hint"]
    assert fsegen(sent, "build").exit_code == 1
    assert fsegen(sent, "build", "--draft").exit_code == 0  # a draft build still takes it as sent
    assert sha(sent / "output/integrazione-allegato-1.docx") == built
    assert (sha(sent / DOCX), sha(sent / PDF)) == archived

    diff = fsegen(sent, "diff", "--sent", "integrazione-allegato-1", "--docx", "revisioni")
    assert diff.exit_code == 0, diff.output
    assert "--- sent/integrazione-allegato-1 (protocol PG 123456/2020)/integrazione-allegato-1" in diff.output
    assert any(line.startswith("+") and "l'ATS della Città" in line for line in diff.output.splitlines())
    assert (sent / "revisioni/integrazione-allegato-1-revisioni.docx").is_file()

    # dated after the sending, the change leaves what was sent as it was
    edit(sent, ORGS, "    short_name: ATS Milano\n", "    short_name: ATS Milano\n    former_names:\n"
         "      - name: ATS Città Metropolitana di Milano\n        renamed_on: 2021-01-01\n")
    assert fsegen(sent, "check", "--strict").exit_code == 0
    assert fsegen(sent, "build").exit_code == 0
    assert sha(sent / "output/integrazione-allegato-1.docx") == archived[0]


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_a_template_change_that_alters_a_sent_deliverable_is_reported(sent, fsegen):
    import docx

    template = sent / "templates" / "integrazione-allegato-1.docx"
    document = docx.Document(str(template))
    document.styles["Normal"].font.size = docx.shared.Pt(13)  # the layout, not the text
    document.save(str(template))
    result = fsegen(sent, "check", "--format", "json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout) if f["rule"] == "sent"]
    assert len(found) == 1
    assert "its template changed (integrazione-allegato-1.docx), so its layout would" in found[0]["message"]


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_the_archive_is_checked_against_its_hashes_and_its_record(sent, fsegen):
    data = bytearray((sent / PDF).read_bytes())
    data[-10] ^= 1
    (sent / PDF).write_bytes(bytes(data))
    edit(sent, ANNEX, 'protocol: "PG 123456/2020"', 'protocol: "PG 123457/2020"')
    result = fsegen(sent, "check", "--format", "json")
    messages = [f["message"] for f in json.loads(result.stdout) if f["rule"] == "sent"]
    assert result.exit_code == 1
    assert any(m.endswith("integrazione-allegato-1.pdf changed since it was archived") for m in messages)
    assert any("the archive records protocol PG 123456/2020 of 2020-07-21, the content protocol "
               "PG 123457/2020" in m for m in messages)


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_sending_twice_is_refused_and_an_archive_without_its_record_is_reported(sent, fsegen):
    refused(fsegen(sent, "send", "integrazione-allegato-1"), "was already sent")
    text = (sent / ANNEX).read_text(encoding="utf-8")
    (sent / ANNEX).write_text(text[:text.index("# Inviato il")].replace("status: inviato", "status: definitivo"),
                              encoding="utf-8")
    result = fsegen(sent, "check", "--format", "json")
    found = [f for f in json.loads(result.stdout) if f["rule"] == "sent"]
    assert result.exit_code == 1
    assert "archives a sent deliverable, but documents.integrazione-allegato-1 does not record its " \
           "sending" in found[0]["message"]


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_a_sending_recorded_by_hand_is_archived_by_send(example, fsegen):
    edit(example, ANNEX, "status: definitivo\n", "sent:\n  date: 2020-07-22\n  protocol: 4567\n")
    result = fsegen(example, "check", "--format", "json")
    found = [f for f in json.loads(result.stdout) if f["rule"] == "sent"]
    assert result.exit_code == 1 and "is recorded as sent, but" in found[0]["message"]
    assert "fsegen send integrazione-allegato-1" in found[0]["hint"]
    assert fsegen(example, "send", "integrazione-allegato-1", "--protocol", "9999").exit_code == 2
    result = fsegen(example, "send", "integrazione-allegato-1")
    assert result.exit_code == 0, result.output
    assert "converted to PDF/A now" in result.output and "recorded sent:" not in result.output
    assert json.loads((example / SENT / "sent.json").read_text())["protocol"] == "4567"
    assert fsegen(example, "check", "--strict").exit_code == 0


def test_a_bozza_with_missing_facts_cannot_be_sent(example, fsegen):
    before = (example / "content/documents/formulario-candidatura.yaml").read_text(encoding="utf-8")
    # the terminal shows the same finding about seven bodies once, naming them
    refused(fsegen(example, "send", "formulario-candidatura", "--protocol", "1", "--date", "2020-03-09"),
            "formulario-candidatura is definitivo, but organisations.7 organisations (cmm, ",
            "fill organisations.cmm.fiscal_code", "formulario-candidatura is definitivo, but its date is assumed")
    assert not (example / "sent").exists()
    assert (example / "content/documents/formulario-candidatura.yaml").read_text(encoding="utf-8") == before


def test_send_refuses_wrong_usage(example, fsegen):
    assert "give the protocol and the date of sending" in fsegen(example, "send", "integrazione-allegato-1").output
    refused(fsegen(example, "send", "scheda-progetto-ciao", "--protocol", "1", "--date", "2020-03-09"),
            "send the whole document (fsegen send scheda-progetto", code=2)
    refused(fsegen(example, "send", "integrazione-allegato-1", "--protocol", "1", "--date", "2020-07-01"),
            "before the document's own date 2020-07-20", code=2)
    refused(fsegen(example, "build", "--out", "sent/x"), "would overwrite the sent folder", code=2)


def test_an_archive_is_written_whole_once_and_never_touched_again(tmp_path):
    folder = tmp_path / "sent" / "doc"
    (tmp_path / "sent" / ".fsegen-new.doc.killed").mkdir(parents=True)  # left by a killed run
    write_folder(folder, {"a.docx": b"uno", "sent.json": b"{}"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.docx", "sent.json"]
    assert [p.name for p in (tmp_path / "sent").iterdir() if not p.name.startswith(".fsegen-lock")] == ["doc"]
    from generator.errors import OutputError

    with pytest.raises(OutputError, match="already exists: what was archived there stays as it is"):
        write_folder(folder, {"a.docx": b"due"})
    assert (folder / "a.docx").read_bytes() == b"uno"


def test_an_archive_that_names_files_outside_its_folder_is_refused(example, fsegen):
    """sent/ comes by pull request like the content: it may not make a build copy another file."""
    (example / "secret.txt").write_text("password", encoding="utf-8")
    edit(example, ANNEX, "status: definitivo\n", "sent:\n  date: 2020-07-22\n  protocol: '1'\n")
    folder = example / SENT
    folder.mkdir(parents=True)
    entry = {"file": "../../secret.txt", "deliverable": "integrazione-allegato-1", "format": "docx",
             "sha256": "0" * 64, "size": 8}
    record = {"protocol": "1", "date": "2020-07-22", "files": [entry]}
    (folder / "sent.json").write_text(json.dumps(record), encoding="utf-8")
    result = fsegen(example, "build", "--draft", "-v")
    assert "not a plain file of the folder" in result.output
    assert not any("password" in p.read_text(errors="replace") for p in (example / "output").glob("*"))
    assert not (example / "output/integrazione-allegato-1.docx").exists()  # sent: never rebuilt
    entry["file"] = "integrazione-allegato-1.docx"
    (folder / "sent.json").write_text(json.dumps(record), encoding="utf-8")
    (folder / "integrazione-allegato-1.docx").symlink_to(example / "secret.txt")
    result = fsegen(example, "check")
    assert result.exit_code == 1 and "integrazione-allegato-1.docx leads outside" in result.output
