"""Deliverables: which template renders each, its heading data and its text blocks."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Tag, model_validator

from generator.messages import _
from generator.model.base import Id, Model, TemplateName, Text, ref
from generator.model.lifecycle import Sent, Status
from generator.model.monitoring import ReportScope
from generator.model.unfilled import PlannedDate

CollectionName = Literal[
    "projects", "measures", "districts", "organisations", "events", "networks", "synergies"
]


class ListBlock(Model):
    """A list generated from data, never typed: each item phrased by a macro."""

    list: CollectionName
    """The collection listed."""
    select: builtins.list[Id] | None = None  # `list` is the field above
    """Ids of the items to list, in order; all items when absent."""
    where: dict[str, str | int | bool] = {}
    """Keep only items whose fields equal these values (`level: regionale`)."""
    numbered: bool = False
    """A numbered list instead of a bulleted one."""
    phrase: Id | None = None
    """Macro of `templates/phrases.jinja` that phrases one item; defaults to the collection name."""


def _block_kind(value: Any) -> str:
    return "prose" if isinstance(value, str) else "list"


Block = Annotated[
    Annotated[str, Tag("prose")] | Annotated[ListBlock, Tag("list")],
    Discriminator(_block_kind),
]
"""Prose (a small Markdown subset, with `{{ }}` for facts) or a generated list."""


class Section(Model):
    """A titled section of a deliverable."""

    id: Id | None = None
    """Name a template uses to place tables or other content in this section."""
    answers: list[Id] = []
    """Ids of the evaluators' requests (the document's `requests`) this section answers."""
    title: Text
    """Section heading, as the form names it."""
    body: list[Block] = []
    """Its paragraphs and lists, in order."""


class Signatory(Model):
    """Who signs a deliverable and in which capacity."""

    person: Id = ref("people")
    """The person who signs."""
    capacity: Text | None = None
    """Line above the name ("Per il Legale Rappresentante")."""
    on_behalf_of: Id | None = ref("organisations", default=None)
    """The organisation signed for."""
    clause: Text | None = None
    """Line under the name: the digital-signature clause."""
    delegation: Text | None = None
    """The act delegating the signatory, when not the legal representative itself."""


class Request(Model):
    """A request of the evaluators that an annex answers."""

    id: Id
    """Name the answering section refers to."""
    text: Text
    """What was requested."""


class Addressee(Model):
    """Who a letter is written to: a recorded organisation, or a recipient written out."""

    organisation: Id | None = ref("organisations", default=None)
    """The body written to, by id (its name is printed)."""
    name: Text | None = None
    """The recipient as printed, when it is not a recorded organisation (or is named otherwise)."""
    office: Text | None = None
    """The office or directorate ("Direzione Generale Politiche sociali")."""
    attention: Text | None = None
    """"Alla cortese attenzione di": the person or role ("Dott.ssa Maria Rossi")."""
    address: list[Text] = []
    """The postal address, one line each ("Piazza Città di Lombardia, 1", "20124 Milano")."""
    pec: Text | None = None
    """The certified e-mail address (PEC) the letter is sent to."""

    @model_validator(mode="after")
    def _named(self) -> Addressee:
        if self.organisation is None and self.name is None:
            raise ValueError(_("an addressee needs `organisation:` (an id of organisations) or `name:`"))
        return self


class Protocol(Model):
    """The registration of a document in the body's protocol register."""

    number: Text
    """Protocol number, as the register gives it ("2020/0123456"); quote it in YAML."""
    date: dt.date | None = None
    """Date of registration; the document's date when absent."""


class DocumentAttachment(Model):
    """A deliverable of this programme attached to a document."""

    document: Id = ref("documents")
    """Its document id: its title is listed, once per file for a per-project document."""


def _attachment_kind(value: Any) -> str:
    return "attachment-text" if isinstance(value, str) else "attachment-document"


Attachment = Annotated[
    Annotated[Text, Tag("attachment-text")] | Annotated[DocumentAttachment, Tag("attachment-document")],
    Discriminator(_attachment_kind),
]
"""An attachment: `document: <id>` for a deliverable of the programme, or its title as text."""


class Document(Model):
    """A deliverable: which template renders it, its heading data and its text."""

    kind: Literal["formulario", "integrazione", "scheda", "relazione", "lettera", "altro"] = "altro"
    """Kind of deliverable: candidacy form, integration annex, project sheet, report, letter."""
    for_each: Literal["projects"] | None = None
    """Render one file per item of this collection, named <document id>-<item id>."""
    title: Text
    """Short title, used in listings and in the file's properties."""
    template: TemplateName
    """File name of the Word template in the templates folder (`formulario.docx`)."""
    subject: Text | None = None
    """The OGGETTO line."""
    file_number: Text | None = None
    """Fascicolo (file classification number), printed in the header."""
    place: Text
    """Place of signature ("Milano")."""
    date: PlannedDate
    """Date of the document; DA COMPILARE while it is not known (it then stands in as the call's
    deadline, and the deliverable prints DA COMPILARE)."""
    signatory: Signatory | None = None
    """Who signs it."""
    integrates: Id | None = ref("documents", default=None)
    """The document this one integrates or answers."""
    requests: list[Request] = []
    """The evaluators' requests this document answers, each answered by a section."""
    intro: list[Block] = []
    """Paragraphs before the first section."""
    sections: list[Section] = []
    """The titled sections, in order."""
    report: ReportScope | None = None
    """For a progress report (relazione): its stage and the reporting periods it covers."""
    addressees: list[Addressee] = []
    """Who a letter is addressed to ("Spett.le"), in order; a `lettera` needs one."""
    copy_to: list[Addressee] = []
    """Who receives a copy for information ("e p.c.")."""
    protocol: Protocol | None = None
    """Its protocol number and date, once registered (a letter without one reads
    "Protocollo: vedi segnatura", the number the register stamps on it)."""
    attachments: list[Attachment] = []
    """What the document transmits or encloses ("Allegati"), in order."""

    status: Status | None = None
    """bozza (the default: stamped BOZZA, facts may be missing), definitivo (final: no missing
    fact, illustrative figure, stand-in sentence or unacknowledged warning) or inviato (sent:
    record `sent:` with `fsegen send`)."""
    date_assumed: bool = False
    """True while `date` is a placeholder (the real date is not known yet): a definitivo
    document needs its real date."""
    sent: Sent | None = None
    """Once sent: date, protocol and channel. Its files are archived under sent/ and never
    rebuilt (`fsegen send` records both)."""

    @model_validator(mode="after")
    def _letter_has_addressees(self) -> Document:
        if self.kind == "lettera" and not self.addressees:
            raise ValueError(_("a lettera needs `addressees:` (who it is written to)"))
        return self

    @property
    def effective_status(self) -> str:
        """The status in force: inviato once `sent` is recorded, else `status` (bozza by default)."""
        return "inviato" if self.sent is not None else (self.status or "bozza")
