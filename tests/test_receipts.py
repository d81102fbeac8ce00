"""PEC receipts recorded with the sent deliverable (`fsegen receipt`), read back by `status`.

The receipts are real .eml files made here with Python's `email` package as PEC providers
write them (X-Ricevuta, X-Riferimento-Message-ID, a daticert.xml attachment); the example's
annex is sent once with `fsegen send` (its PDF/A by LibreOffice). A receipt that does not match
the sending is refused and nothing in sent/ or the content changes.
"""

from __future__ import annotations

import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml

from tests.conftest import copy_example, fsegen_in, refused

pytestmark = [pytest.mark.needs_soffice, pytest.mark.slow, pytest.mark.xdist_group("receipts")]

ANNEX = "content/documents/integrazione-allegato-1.yaml"
MESSAGE = "<opec21.20200721100200.12345.01@pec.cittametropolitana.mi.it>"
SUBJECT = "PG 123456/2020 - Integrazione Allegato 1°"


def receipt(kind: str = "accettazione", message: str = MESSAGE, day: str = "21/07/2020",
            subject: str = SUBJECT, delivered_to: str | None = None) -> bytes:
    """A PEC receipt as a provider sends it."""
    title = {"accettazione": "ACCETTAZIONE", "avvenuta-consegna": "CONSEGNA"}.get(kind, "AVVISO DI ERRORE")
    mail = EmailMessage()
    mail["From"] = "posta-certificata@pec.provider.it"
    mail["To"] = "protocollo@pec.cittametropolitana.mi.it"
    mail["Subject"] = f"{title}: {subject}"
    mail["Date"] = "Tue, 21 Jul 2020 10:02:11 +0200"
    mail["Message-ID"] = f"<{kind}.20200721@pec.provider.it>"
    mail["X-Ricevuta"] = kind
    mail["X-Riferimento-Message-ID"] = message
    mail.set_content(f"Ricevuta di {kind}: il messaggio \"{subject}\" è stato accettato dal sistema.")
    delivery = f"<consegna>{delivered_to}</consegna>" if delivered_to else ""
    daticert = (f'<?xml version="1.0" encoding="UTF-8"?><postacert tipo="{kind}" errore="nessuno">'
                "<intestazione><mittente>protocollo@pec.cittametropolitana.mi.it</mittente>"
                "<destinatari tipo=\"certificato\">lavoro@pec.regione.lombardia.it</destinatari>"
                f"<oggetto>{subject}</oggetto></intestazione><dati>"
                "<gestore-emittente>Provider PEC</gestore-emittente>"
                f'<data zona="+0200"><giorno>{day}</giorno><ora>10:02:11</ora></data>'
                f"<identificativo>opec.{kind}</identificativo><msgid>{message.replace('<', '&lt;').replace('>', '&gt;')}"
                f"</msgid>{delivery}</dati></postacert>")
    mail.add_attachment(daticert.encode("utf-8"), maintype="application", subtype="xml", filename="daticert.xml")
    return bytes(mail)


@pytest.fixture(scope="module")
def sent_example(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("receipts"))
    result = fsegen_in(root, "send", "integrazione-allegato-1", "--protocol", "PG 123456/2020",
                       "--date", "2020-07-21", "--via", "PEC")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def sent(sent_example, tmp_path) -> Path:
    folder = tmp_path / "programme"
    shutil.copytree(sent_example, folder)
    return folder


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted((folder / "sent").rglob("*"))
            if p.is_file()} | {ANNEX: (folder / ANNEX).read_bytes()}


def test_receipts_are_kept_recorded_and_shown(sent):
    accepted = write(sent, "accettazione.eml", receipt())
    delivered = write(sent, "consegna.eml", receipt("avvenuta-consegna", delivered_to="lavoro@pec.regione.it"))
    result = fsegen_in(sent, "receipt", "integrazione-allegato-1", str(accepted), str(delivered))
    assert result.exit_code == 0, result.output
    assert "recorded the ricevuta di accettazione of 2020-07-21 10:02" in result.output
    kept = sent / "sent/integrazione-allegato-1/ricevute"
    assert (kept / "accettazione.eml").read_bytes() == accepted.read_bytes()
    assert (kept / "consegna.eml").read_bytes() == delivered.read_bytes()
    recorded = yaml.safe_load((sent / ANNEX).read_text(encoding="utf-8"))["sent"]["receipts"]
    assert [(r["kind"], r["message_id"], r["sender"]) for r in recorded] == [
        ("accettazione", MESSAGE, "posta-certificata@pec.provider.it"),
        ("consegna", MESSAGE, "posta-certificata@pec.provider.it")]
    assert recorded[1]["recipient"] == "lavoro@pec.regione.it"
    line = next(x for x in fsegen_in(sent, "status").output.splitlines() if x.startswith("integrazione"))
    assert "ricevuta di accettazione 2020-07-21 10:02" in line
    assert "ricevuta di consegna 2020-07-21 10:02 (lavoro@pec.regione.it)" in line
    assert fsegen_in(sent, "check").exit_code == 0
    (kept / "consegna.eml").write_bytes(b"altered")
    refused(fsegen_in(sent, "check"), "ricevute/consegna.eml changed", "restore it from Git")


@pytest.mark.parametrize(("made", "said"), [
    (lambda: receipt(message="<another@pec.example.it>"), "refers to the message <another@pec.example.it>"),
    (lambda: receipt(day="20/07/2020"), "dated 2020-07-20, before the sending of 2020-07-21"),
    (lambda: receipt(subject="Altro messaggio"), "names neither the protocol PG 123456/2020"),
])
def test_a_receipt_of_another_message_is_refused_and_nothing_changes(sent, made, said):
    first = write(sent, "accettazione.eml", receipt())
    assert fsegen_in(sent, "receipt", "integrazione-allegato-1", str(first)).exit_code == 0
    before = state(sent)
    other = write(sent, "altra.eml", made())
    refused(fsegen_in(sent, "receipt", "integrazione-allegato-1", str(other)),
            "altra.eml is not a receipt of the message integrazione-allegato-1 was sent by", said, "(receipt)")
    assert state(sent) == before


def test_a_failure_notice_or_a_plain_mail_is_not_a_receipt(sent):
    before = state(sent)
    failed = write(sent, "errore.eml", receipt("errore-consegna"))
    refused(fsegen_in(sent, "receipt", "integrazione-allegato-1", str(failed)),
            "the message could not be delivered", code=2)
    plain = EmailMessage()
    plain["Subject"] = SUBJECT
    plain.set_content("ciao")
    refused(fsegen_in(sent, "receipt", "integrazione-allegato-1", str(write(sent, "mail.eml", bytes(plain)))),
            "is not a PEC receipt", code=2)
    refused(fsegen_in(sent, "receipt", "formulario-candidatura", str(failed)), "records no sending", code=2)
    assert state(sent) == before
