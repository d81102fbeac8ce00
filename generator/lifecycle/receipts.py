"""PEC receipts: the certified e-mail's proof that the sent message left and arrived.

After sending by PEC, the sender's provider returns a *ricevuta di accettazione* and the
recipient's a *ricevuta di avvenuta consegna*: e-mails (.eml) whose headers say what they are
(`X-Ricevuta`), which message they refer to (`X-Riferimento-Message-ID`), and whose
`daticert.xml` attachment repeats it in a form machines read (the rules of DPR 68/2005 and
DM 2 novembre 2005). `fsegen receipt DOC FILE.eml...` reads them with Python's `email`
package (and `daticert.xml` with defusedxml: the file comes from outside), checks that they
are receipts of the message DOC was sent by, keeps them under `sent/DOC/ricevute/` and
records each (kind, date, sender, message id, file, SHA-256) under the document's `sent:`.
A receipt that does not match (another message, a failure notice, a date before the
sending, another subject) is refused: nothing in sent/ or the content changes.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import json
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from generator.content.loading import load_content
from generator.errors import ContentError, Finding, OutputError, UsageError
from generator.folders import Folders
from generator.lifecycle.send import document_named, record_under_sent
from generator.messages import Message, _
from generator.model import Document, Receipt
from generator.pipeline.archive import sha256
from generator.pipeline.writing import write_file

Kind = Literal["accettazione", "consegna"]
KINDS: dict[str, Kind] = {"accettazione": "accettazione", "avvenuta-consegna": "consegna"}
"""X-Ricevuta values of the receipts kept, and their kind."""
FAILURES = {"non-accettazione": _("the provider did not accept the message"),
            "errore-consegna": _("the message could not be delivered"),
            "preavviso-errore-consegna": _("the message has not been delivered yet (a warning of failure)"),
            "presa-in-carico": _("the recipient's provider took the message in charge (not a delivery)"),
            "rilevazione-virus": _("the message was refused for a virus")}


@dataclass(frozen=True)
class Read:
    """A receipt as read from its .eml, before it is checked against the sending."""

    path: Path
    data: bytes
    kind: Kind
    date: dt.datetime
    sender: str
    message_id: str
    subject: str
    recipient: str | None


def read_receipt(path: Path) -> Read:
    """The receipt in the .eml at `path`; a UsageError when it is not a PEC receipt kept here."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(_("cannot read {path}: {problem}", path=path,
                           problem=str(error.strerror or error))) from error
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    kind = str(message.get("X-Ricevuta", "")).strip()
    if kind in FAILURES:
        raise UsageError(_("{name} is not a receipt of a message sent: {failures} (X-Ricevuta: {kind}); "
                           "send it again", name=path.name, failures=FAILURES[kind], kind=kind))
    if kind not in KINDS:
        raise UsageError(_("{name} is not a PEC receipt of acceptance or delivery (no X-Ricevuta "
                           "header); give the .eml the provider sent, saved whole", name=path.name))
    cert = _daticert(message)
    referred = cert.get("msgid") or str(message.get("X-Riferimento-Message-ID", "")).strip()
    if not referred:
        raise UsageError(_("{name} does not say which message it is a receipt of", name=path.name))
    date = _date(cert, message, path)
    subject = cert.get("oggetto") or re.sub(r"^\s*(ACCETTAZIONE|CONSEGNA)\s*:\s*", "",
                                            str(message.get("Subject", "")), flags=re.I)
    sender = email.utils.parseaddr(str(message.get("From", "")))[1] or str(message.get("From", ""))
    return Read(path, data, KINDS[kind], date, sender, referred, subject.strip(),
                cert.get("consegna") if KINDS[kind] == "consegna" else None)


def _daticert(message: EmailMessage) -> dict[str, str]:
    """What `daticert.xml` says, when the receipt carries it (msgid, oggetto, consegna, giorno, ora)."""
    import defusedxml.ElementTree as SafeET

    for part in message.walk():
        if part.get_filename() == "daticert.xml":
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            try:
                root = SafeET.fromstring(payload)
            except Exception:  # noqa: BLE001 (a damaged daticert: the headers still say it)
                return {}
            found = {e.tag: (e.text or "").strip() for e in root.iter() if isinstance(e.tag, str)}
            zone = next((e.get("zona") for e in root.iter("data")), None)
            return found | ({"zona": zone} if zone else {})
    return {}


def _date(cert: dict[str, str], message: EmailMessage, path: Path) -> dt.datetime:
    if "giorno" in cert and "ora" in cert:
        zone = cert.get("zona", "+0000")
        try:
            return dt.datetime.strptime(f"{cert['giorno']} {cert['ora']} {zone}", "%d/%m/%Y %H:%M:%S %z")
        except ValueError:
            pass
    try:
        return email.utils.parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError) as error:
        raise UsageError(_("{name} has no date one can read", name=path.name)) from error


def mismatches(read: Read, document: Document, document_id: str, others: list[str]) -> list[Message]:
    """Why a receipt is not one of the message `document_id` was sent by (empty: it is)."""
    sent = document.sent
    assert sent is not None
    found = []
    if read.date.date() < sent.date:
        found.append(_("it is dated {date:%Y-%m-%d}, before the sending of {isoformat}", date=read.date,
                       isoformat=sent.date.isoformat()))
    wanted = [w for w in (sent.protocol, document.subject, document.title) if w]
    if not any(_plain(w) in _plain(read.subject) for w in wanted):
        found.append(_("its subject {subject!r} names neither the protocol {protocol} nor the document "
                       "({value})", subject=read.subject, protocol=sent.protocol,
                       value=document.subject or document.title))
    if others and read.message_id not in others:
        found.append(_("it refers to the message {message_id}, the receipts recorded to {others}",
                       message_id=read.message_id, others=others[0]))
    boxes = [a.pec.casefold() for a in document.addressees if a.pec]
    if read.recipient and boxes and read.recipient.casefold() not in boxes:
        found.append(_("it was delivered to {recipient}, which is none of the addressees' PEC ({join})",
                       recipient=read.recipient, join=', '.join(boxes)))
    return found


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def record_receipts(folders: Folders, document_id: str, paths: list[Path]) -> list[Receipt]:
    """Check the receipts in `paths` against the sending of `document_id`, keep them under
    sent/<document>/ricevute/ and record them under its `sent:`; all or none."""
    loaded = load_content(folders.content)
    document = document_named(loaded.content, document_id)
    if document.sent is None:
        raise UsageError(_("{document_id} records no sending: record it first (fsegen send {document_id} "
                           "--protocol N --date YYYY-MM-DD --via PEC), then its receipts",
                           document_id=document_id))
    folder = Path(folders.archive) / document_id / "ricevute"
    reads = [read_receipt(path) for path in paths]
    known = [r.message_id for r in document.sent.receipts]
    problems: list[Finding] = []
    receipts: list[Receipt] = []
    for read in reads:
        wrong = mismatches(read, document, document_id, known or [reads[0].message_id])
        problems += [Finding(_("{name} is not a receipt of the message {document_id} was sent by: {why}",
                               name=read.path.name, document_id=document_id, why=why),
                             file=str(read.path), rule="receipt",
                             hint=_("give the receipts of that message (or correct `sent:`)"))
                     for why in wrong]
        name = _name(read, folder, [r.file for r in document.sent.receipts] + [r.file for r in receipts])
        receipts.append(Receipt(kind=read.kind, date=read.date, sender=read.sender,
                                message_id=read.message_id, recipient=read.recipient, file=name,
                                sha256=sha256(read.data)))
    if problems:
        raise ContentError(problems, _("no receipt recorded: {count} problem(s)", count=len(problems)))
    for read, receipt in zip(reads, receipts):
        write_file(folder / receipt.file, read.data)
    try:
        record_under_sent(folders.content, document_id, _lines(receipts, bool(document.sent.receipts)))
    except OutputError:
        for receipt in receipts:
            (folder / receipt.file).unlink(missing_ok=True)
        raise
    return receipts


def _name(read: Read, folder: Path, taken: list[str]) -> str:
    """`accettazione.eml`, `consegna.eml`, then `consegna-2.eml`... (the next free name)."""
    number = 1
    while True:
        name = f"{read.kind}.eml" if number == 1 else f"{read.kind}-{number}.eml"
        if name not in taken and not (folder / name).exists():
            return name
        number += 1


def _lines(receipts: list[Receipt], more: bool) -> list[str]:
    """The YAML lines of the receipts, under `receipts:` (a new key, or more items of it)."""
    lines = [] if more else ["  receipts:  # ricevute PEC, in sent/<documento>/ricevute/ (fsegen receipt)"]
    for receipt in receipts:
        lines += [f"    - kind: {receipt.kind}", f"      date: {receipt.date.isoformat()}",
                  f"      sender: {json.dumps(receipt.sender)}",
                  f"      message_id: {json.dumps(receipt.message_id)}"]
        if receipt.recipient:
            lines.append(f"      recipient: {json.dumps(receipt.recipient)}")
        lines += [f"      file: {receipt.file}", f"      sha256: {receipt.sha256}"]
    return lines
