"""The life of a deliverable: its status, what was sent, and the warnings acknowledged.

A deliverable is a `bozza` (draft: stamped BOZZA, facts may be missing) until the
office declares it `definitivo` (final: every fact it prints is there, no figure is
illustrative, no sentence stands in for a fact, every warning about it is fixed or
acknowledged), and `inviato` once sent (`sent:` records date, protocol and channel;
its files are archived under `sent/` and never rebuilt).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, StringConstraints

from generator.model.base import Model, Text

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A file's SHA-256, as 64 lowercase hexadecimal digits."""
SentName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*\.(docx|pdf|pdf\.p7m|xml)$")]

Status = Literal["bozza", "definitivo", "inviato"]
"""bozza (draft), definitivo (final, ready to send), inviato (sent)."""

STATUSES: tuple[str, ...] = ("bozza", "definitivo", "inviato")


def _protocol(value: Any) -> Any:
    """A protocol number typed as a plain number (12345) is read as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


ReceiptName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*\.eml$")]


class Receipt(Model):
    """A receipt of the certified e-mail (PEC) the document was sent by: the provider's
    acceptance (*ricevuta di accettazione*) or the recipient's delivery (*di consegna*),
    recorded by `fsegen receipt`, its .eml kept under sent/<document>/ricevute/."""

    kind: Literal["accettazione", "consegna"]
    """Acceptance by the sender's provider, or delivery into the recipient's mailbox."""
    date: dt.datetime
    """When the provider issued it (the receipt's own date and time)."""
    sender: Text
    """Who issued it (the provider's address, `posta-certificata@...`)."""
    message_id: Text
    """The Message-ID of the message sent, which the receipt refers to."""
    recipient: Text | None = None
    """For a delivery: the mailbox it was delivered into."""
    file: ReceiptName
    """The .eml under sent/<document>/ricevute/."""
    sha256: Sha256
    """The .eml's SHA-256: the file can change only with a reviewed change of this line."""


class Sent(Model):
    """How and when a deliverable was sent."""

    date: dt.date
    """Date of sending (the protocol's date)."""
    protocol: Annotated[Text, BeforeValidator(_protocol)]
    """The protocol number it was sent under ("PG 0123456/2020")."""
    via: Text | None = None
    """The channel: "PEC", the call's platform ("Bandi online")..."""
    files: dict[SentName, Sha256] = {}
    """The SHA-256 of each file archived under sent/<document>/, written by `fsegen send`: the
    archive can change only with a reviewed change of these lines."""
    receipts: list[Receipt] = []
    """The PEC receipts of the message it was sent by (acceptance, delivery), recorded by
    `fsegen receipt`."""


class Acceptance(Model):
    """A warning the programme office has read and acknowledges, with the reason."""

    rule: Text
    """The id of the rule that gives the warning (`signatories`, `call-partnership`...)."""
    path: Text
    """The field path of the warning, as reported (`documents.formulario-candidatura.signatory`);
    `*` stands for any characters (`projects.*`)."""
    reason: Text
    """Why the warning stands: what is known, what is not, who decided."""
    who: Text
    """Who acknowledges it (name and office)."""
    date: dt.date
    """When it was acknowledged."""


NEEDED: dict[str, frozenset[str]] = {
    "Organisation": frozenset({"fiscal_code", "legal_representative"}),
    "District": frozenset({"health_authority"}),
    "Programme": frozenset({"timeline", "priorities", "target_groups"}),
    "Project": frozenset({"partners", "budget"}),
    "Call": frozenset({"deadline", "published"}),
}
"""Fields whose absence means "not known yet", so that a final deliverable printing a
stand-in for them ("—", a sentence) is not final. Other optional fields mean "none" when
absent (a national measure has no fund, a project before admission has no CUP)."""

WITHOUT_LEGAL_PERSONALITY = frozenset({"organismo", "ufficio", "centro per l'impiego"})
"""Kinds of body that have no codice fiscale or legal representative of their own."""


def needed(model: Any, field: str) -> bool:
    """Whether `field` of this content item is a fact a final deliverable cannot lack."""
    name = type(model).__name__
    if field not in NEEDED.get(name, ()):
        return False
    if name == "Organisation":
        return model.kind not in WITHOUT_LEGAL_PERSONALITY and model.part_of is None
    return True
