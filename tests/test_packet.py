"""The submission packet (`fsegen packet DOC`), on the example's annex, with real components.

The annex is built as PDF/A by LibreOffice once, signed with a throwaway CA's certificate in the
name of its declared signatory (Dario Parravicini) as a CAdES envelope or inside the PDF; the
packet's folder, zip, index (its PDF/A read back with pdftotext) and metadata are read back and
compared with the files' own hashes. Each refusal leaves no packet behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.rendering.pdfa import pdfa_identification
from tests.conftest import copy_example, edit, refused, run_fsegen
from tests.test_cades import PASSPHRASE, new_ca

pytestmark = [pytest.mark.needs_soffice, pytest.mark.slow, pytest.mark.xdist_group("packet")]

ANNEX = "content/documents/integrazione-allegato-1.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory, ca_keys) -> Path:
    """The example with its annex built as docx and PDF/A, and the keys. Read-only."""
    root = copy_example(tmp_path_factory.mktemp("packet"))
    result = run_fsegen(root, "build", "--format", "docx,pdf", "integrazione-allegato-1")
    assert result.returncode == 0, result.stdout + result.stderr
    for key in ca_keys.iterdir():
        shutil.copy(key, root / key.name)
    return root


@pytest.fixture(scope="module")
def ca_keys(tmp_path_factory) -> Path:
    authority = new_ca()
    keys = tmp_path_factory.mktemp("keys")
    (keys / "root.pem").write_bytes(authority.pem)
    authority.issue(keys, "Dario Parravicini")
    authority.issue(keys, "Mario Bianchi")
    return keys


@pytest.fixture
def folder(built, tmp_path) -> Path:
    subprocess.run(["cp", "-a", f"{built}/.", str(tmp_path)], check=True)
    return tmp_path


def fsegen(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return run_fsegen(folder, *args, env=dict(os.environ, FSEGEN_TEST_PASS=PASSPHRASE))


def sign(folder: Path, who: str = "dario-parravicini", *args: str) -> None:
    result = fsegen(folder, "sign", "output/integrazione-allegato-1.pdf", "--p12", f"{who}.p12",
                    "--passphrase-env", "FSEGEN_TEST_PASS", *args)
    assert result.returncode == 0, result.stderr


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_packet_of_the_annex_with_its_index_and_hashes(folder):
    sign(folder, "dario-parravicini", "--cades")
    made = fsegen(folder, "packet", "integrazione-allegato-1", "--trust", "root.pem")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "integrazione-allegato-1.pdf.p7m: signed by Dario Parravicini (CAdES)" in made.stdout
    packet = folder / "packet/integrazione-allegato-1"
    assert sorted(p.name for p in packet.iterdir()) == [
        "distinta.pdf", "integrazione-allegato-1.pdf.p7m", "metadati.xml"]
    envelope = (packet / "integrazione-allegato-1.pdf.p7m").read_bytes()
    assert envelope == (folder / "output/integrazione-allegato-1.pdf.p7m").read_bytes()
    assert pdfa_identification(packet / "distinta.pdf") == ("2", "B")
    index = subprocess.run(["pdftotext", "-raw", str(packet / "distinta.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "DISTINTA DEI DOCUMENTI TRASMESSI" in index and "integrazione-allegato-1.pdf.p7m" in index
    assert "Dario Parravicini (CAdES)" in index
    assert sha(envelope) in index.replace("\n", "").replace(" ", "")
    metadata = etree.fromstring((packet / "metadati.xml").read_bytes())
    [document] = metadata.findall("DocumentoInformatico")
    assert document.get("file") == "integrazione-allegato-1.pdf.p7m"
    assert document.findtext("IdDoc/ImprontaCrittograficaDelDocumento/Impronta") == sha(envelope)
    assert document.findtext("IdDoc/ImprontaCrittograficaDelDocumento/Algoritmo") == "SHA-256"
    assert document.findtext("ChiaveDescrittiva/Oggetto") == "Integrazione Allegato 1°"
    assert document.findtext("Verifica/FirmatoDigitalmente") == "true"
    assert document.findtext("Riservato") == "false"
    roles = {s.findtext("Ruolo"): s for s in document.findall("Soggetti/Soggetto")}
    assert roles["Autore"].findtext("PF/Nominativo") == "Dario Parravicini"
    assert roles["Mittente"].findtext("PG/Denominazione") == "Città Metropolitana di Milano"
    with zipfile.ZipFile(folder / "packet/integrazione-allegato-1.zip") as archive:
        assert {i.filename: archive.read(i) for i in archive.infolist()} == {
            f"integrazione-allegato-1/{p.name}": p.read_bytes() for p in packet.iterdir()}
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_pdf_signed_inside_goes_in_as_it_is(folder):
    sign(folder)
    assert fsegen(folder, "packet", "integrazione-allegato-1").returncode == 0
    signed = (folder / "output/integrazione-allegato-1.pdf").read_bytes()
    assert (folder / "packet/integrazione-allegato-1/integrazione-allegato-1.pdf").read_bytes() == signed


def test_refused_when_the_annex_is_unsigned(folder):
    refused(fsegen(folder, "packet", "integrazione-allegato-1"),
            "output/integrazione-allegato-1.pdf: error: integrazione-allegato-1.pdf: it is not signed",
            "hint: sign it: fsegen sign output/integrazione-allegato-1.pdf", "was not made")
    assert not (folder / "packet").exists()


def test_refused_when_signed_by_someone_else(folder):
    sign(folder, "mario-bianchi", "--cades", "--force")
    refused(fsegen(folder, "packet", "integrazione-allegato-1"),
            "the certificate is Mario Bianchi's, but integrazione-allegato-1 declares that Dario Parravicini "
            "signs it", "(signatory)")
    assert not (folder / "packet").exists()


def test_refused_when_the_pdf_is_not_of_today_s_content(folder):
    sign(folder, "dario-parravicini", "--cades")
    edit(folder, ANNEX, "Su questo punto specifico", "Su questo specifico punto")
    refused(fsegen(folder, "packet", "integrazione-allegato-1"),
            "there is no PDF/A of the deliverable as the content renders it today",
            "fsegen build --format pdf")
    assert not (folder / "packet").exists()


def test_refused_when_a_bozza_before_anything_is_rendered(folder):
    edit(folder, ANNEX, "status: definitivo", "status: bozza")
    shown = refused(fsegen(folder, "packet", "integrazione-allegato-1"),
                    f"{ANNEX}:", "integrazione-allegato-1 cannot go in a packet: it is a bozza")
    assert "(packet)" in shown
    assert not (folder / "packet").exists()


def test_an_attached_file_goes_in_and_a_missing_one_is_refused(folder):
    sign(folder, "dario-parravicini", "--cades")
    text = (folder / ANNEX).read_text(encoding="utf-8")
    (folder / ANNEX).write_text(text + "attachments:\n  - file: allegati/statuto.pdf\n"
                                "    title: Statuto della Città Metropolitana\n", encoding="utf-8")
    line = text.count("\n") + 2
    refused(fsegen(folder, "packet", "integrazione-allegato-1"),
            f"{ANNEX}:{line}:", "the attachment allegati/statuto.pdf is missing",
            "paths are from the programme folder")
    assert not (folder / "packet").exists()
    (folder / "allegati").mkdir()
    (folder / "allegati/statuto.pdf").write_bytes(b"%PDF-1.4 statuto\n")
    built = fsegen(folder, "build", "--format", "docx,pdf", "integrazione-allegato-1")  # the list changed
    assert built.returncode == 0, built.stderr
    sign(folder, "dario-parravicini", "--cades")
    made = fsegen(folder, "packet", "integrazione-allegato-1")
    assert made.returncode == 0, made.stderr
    assert "statuto.pdf: not signed" in made.stdout
    assert (folder / "packet/integrazione-allegato-1/statuto.pdf").read_bytes() == b"%PDF-1.4 statuto\n"


def test_a_path_outside_the_programme_is_refused(folder):
    text = (folder / ANNEX).read_text(encoding="utf-8")
    (folder / ANNEX).write_text(text + "attachments:\n  - file: ../segreto.pdf\n    title: X\n", encoding="utf-8")
    refused(fsegen(folder, "packet", "integrazione-allegato-1"), "is not a path inside the programme folder",
            "no absolute path, no ..")


def test_the_pdfa_carries_allegato_5_in_its_xmp_signed_or_not(folder):
    from generator.rendering.xmp import NAMESPACE, read_metadata

    pdf = (folder / "output/integrazione-allegato-1.pdf").read_bytes()
    found = read_metadata(pdf)
    assert found["Identificativo"] == "integrazione-allegato-1"
    assert found["Oggetto"] == "Integrazione Allegato 1°"
    assert found["DataRegistrazione"] == "2020-07-20" and found["TipoRegistro"] == "Nessuno"
    assert (found["Autore"], found["Mittente"], found["Destinatario"]) == (
        "Dario Parravicini", "Città Metropolitana di Milano", "Regione Lombardia")
    assert (found["TipologiaDocumentale"], found["Riservato"], found["VersioneDelDocumento"]) == (
        "Integrazione documentale", "false", "1")
    assert pdfa_identification(pdf) == ("2", "B")
    xmp = pdf[pdf.rindex(b"<x:xmpmeta"):pdf.rindex(b"</x:xmpmeta>")]
    assert f"<pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>".encode() in xmp
    assert xmp.count(b"<pdfaProperty:name>") == len(found)  # each property described, as PDF/A asks
    sign(folder)
    signed = (folder / "output/integrazione-allegato-1.pdf").read_bytes()
    assert read_metadata(signed) == found and pdfa_identification(signed) == ("2", "B")
    last = signed[signed.rindex(b"<x:xmpmeta"):]
    assert b"agid:Oggetto=" in last and b"ns0:" not in last  # pyHanko's packet keeps the declared prefix


def test_metadata_the_content_gives_and_a_protocol(folder):
    from generator.rendering.xmp import read_metadata

    edit(folder, ANNEX, "status: definitivo", "status: definitivo\nmetadata:\n  type: Integrazione al "
         "formulario\n  confidential: true\n  version: '2'\nprotocol:\n  number: PG 0123/2020\n  date: 2020-07-21")
    built = fsegen(folder, "build", "--format", "docx,pdf", "integrazione-allegato-1")
    assert built.returncode == 0, built.stderr
    found = read_metadata((folder / "output/integrazione-allegato-1.pdf").read_bytes())
    assert (found["TipologiaDocumentale"], found["Riservato"], found["VersioneDelDocumento"]) == (
        "Integrazione al formulario", "true", "2")
    assert (found["TipoRegistro"], found["NumeroDocumento"], found["DataRegistrazione"]) == (
        "Protocollo Ordinario", "PG 0123/2020", "2020-07-21")


def test_refused_when_the_pdf_is_not_the_one_built(folder):
    sign(folder)
    pdf = folder / "output/integrazione-allegato-1.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% another file put in its place\n")
    refused(fsegen(folder, "packet", "integrazione-allegato-1"), "it is not the file built (or signed) there")
    assert not (folder / "packet").exists()
