"""Deliverables: which template renders each, its heading data and its text blocks."""

from __future__ import annotations

import builtins
import datetime as dt
import difflib
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Tag, model_validator

from generator.messages import _
from generator.model.base import Id, Model, TemplateName, Text, ref
from generator.model.claims import ClaimScope
from generator.model.lifecycle import Sent, Status
from generator.model.monitoring import ReportScope
from generator.model.unfilled import PlannedDate

CollectionName = Literal[
    "projects", "measures", "districts", "organisations", "events", "networks", "synergies"
]

EachName = Literal[
    "projects", "projects.partners", "organisations", "districts", "measures", "events", "networks",
    "people", "indicators", "periods",
]
"""What a per-item document is written for: any collection by id, or `projects.partners`
(each body taking part in each project: one file per partner of a project)."""


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
    """Its paragraphs and lists, in order; in a per-item document, those every file shares."""
    for_item: dict[Id, list[Block]] = {}
    """In a per-item document (`for_each`): each file's own paragraphs, by the id of its item
    (a partner's `<project id>-<organisation id>`), printed after `body` in that file only: what
    one project did, the problems it met."""


class Signatory(Model):
    """Who signs a deliverable and in which capacity."""

    person: Id | None = ref("people", default=None)
    """The person who signs."""
    legal_representative: bool = False
    """Instead of `person`: the legal representative in office on the document's date of
    `on_behalf_of`, or, for a per-partner or per-organisation document, of this file's body
    (each partner's declaration signed by its own representative)."""
    capacity: Text | None = None
    """Line above the name ("Per il Legale Rappresentante")."""
    on_behalf_of: Id | None = ref("organisations", default=None)
    """The organisation signed for."""
    clause: Text | None = None
    """Line under the name: the digital-signature clause."""
    delegation: Text | None = None
    """The act delegating the signatory, when not the legal representative itself."""

    @model_validator(mode="after")
    def _one_signer(self) -> Signatory:
        if (self.person is None) == (not self.legal_representative):
            raise ValueError(_("a signatory is one person: `person:` or `legal_representative: true`"),
                             _("give `person: <id of people>`, or `legal_representative: true` for the "
                               "body's legal representative on the document's date, not both"))
        return self


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


def _relative_path(value: str) -> str:
    parts = value.split("/")
    if not value or value.startswith("/") or "\\" in value or ":" in value or ".." in parts or "" in parts:
        raise ValueError(_("{value!r} is not a path inside the programme folder", value=value),
                         _("write it from the programme folder, with / between folders "
                           "(allegati/statuto.pdf): no absolute path, no .., no \\"))
    return value


AttachedPath = Annotated[str, AfterValidator(_relative_path)]
"""A file's path from the programme folder (`allegati/statuto.pdf`): no absolute path, no `..`."""


class FileAttachment(Model):
    """A file handed in with a document that fsegen does not make (a statute, an identity
    document, a signed agreement): `fsegen packet` puts it in the submission."""

    file: AttachedPath
    """Its path from the programme folder (the folder of content/): `allegati/statuto.pdf`."""
    title: Text
    """What it is, as the list of attachments and the packet's index say it."""


def _attachment_kind(value: Any) -> str:
    if isinstance(value, str):
        return "attachment-text"
    return "attachment-file" if isinstance(value, dict) and "file" in value else "attachment-document"


Attachment = Annotated[
    Annotated[Text, Tag("attachment-text")] | Annotated[DocumentAttachment, Tag("attachment-document")]
    | Annotated[FileAttachment, Tag("attachment-file")],
    Discriminator(_attachment_kind),
]
"""An attachment: `document: <id>` for a deliverable of the programme, `{file, title}` for a file
handed in with it, or its title as text."""


class Metadata(Model):
    """What the metadata of a document kept by a public body say beyond the content's facts
    (Linee guida AgID sulla formazione, gestione e conservazione dei documenti informatici,
    Allegato 5): written into each PDF/A's XMP and into the packet's `metadati.xml`."""

    type: Text | None = None
    """Tipologia documentale ("Dichiarazione di partenariato"); by default from `kind`."""
    confidential: bool = False
    """Riservato: whether the document holds confidential data."""
    version: Text = "1"
    """Versione del documento; quote it in YAML ("2")."""
    recipients: list[Id] = ref("organisations", default=[])
    """The bodies it is addressed to (destinatari); by default the letter's addressees, else the
    body that issued the call."""


class ForEach(Model):
    """The items a per-item document is written for, and which of them."""

    items: EachName
    """The collection (`organisations`, `districts`...), or `projects.partners`."""
    where: dict[str, str | int | bool] = {}
    """Keep only items whose fields equal these values (`kind: cooperativa sociale`,
    `participation: partner`)."""

    @model_validator(mode="after")
    def _known_fields(self) -> ForEach:
        fields = item_fields(self.items)
        unknown = [key for key in self.where if key not in fields]
        if unknown:
            close = difflib.get_close_matches(unknown[0], fields, n=1)
            listed = _("fields of {items}: {fields}", items=self.items, fields=", ".join(fields))
            hint = _("did you mean {close!r}? {then}", close=close[0], then=listed) if close else listed
            raise ValueError(_("{items} have no field {field!r}", items=self.items, field=unknown[0]), hint)
        return self


def item_fields(items: str) -> list[str]:
    """The fields of the items of `items` (a collection name, or `projects.partners`)."""
    from generator.model.bodies import Organisation, Person
    from generator.model.monitoring import Indicator, Period
    from generator.model.programme import District, Event, Measure, Network, Partner, Project

    classes: dict[str, type[Model]] = {
        "projects": Project, "projects.partners": Partner, "organisations": Organisation,
        "districts": District, "measures": Measure, "events": Event, "networks": Network,
        "people": Person, "indicators": Indicator, "periods": Period}
    return list(classes[items].model_fields)


def _for_each_kind(value: Any) -> str:
    return "each-name" if isinstance(value, str) else "each-items"


Each = Annotated[
    Annotated[EachName, Tag("each-name")] | Annotated[ForEach, Tag("each-items")],
    Discriminator(_for_each_kind),
]
"""A collection name (`for_each: projects.partners`), or `{items, where}` to keep some items."""


class Document(Model):
    """A deliverable: which template renders it, its heading data and its text."""

    kind: Literal["formulario", "integrazione", "scheda", "relazione", "domanda", "lettera",
                  "altro"] = "altro"
    """Kind of deliverable: candidacy form, integration annex, project sheet, report, payment
    claim (domanda di rimborso), letter."""
    for_each: Each | None = None
    """Render one file per item: of a collection (`projects`, `organisations`, `districts`...),
    named <document id>-<item id>, or per partner of each project (`projects.partners`), named
    <document id>-<project id>-<organisation id>; `{items: organisations, where: {kind: comune}}`
    keeps the items whose fields have those values."""
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
    claim: ClaimScope | None = None
    """For a payment claim (domanda di rimborso): its number, the periods whose costs it claims
    and the lump sums due."""
    addressees: list[Addressee] = []
    """Who a letter is addressed to ("Spett.le"), in order; a `lettera` needs one."""
    copy_to: list[Addressee] = []
    """Who receives a copy for information ("e p.c.")."""
    protocol: Protocol | None = None
    """Its protocol number and date, once registered (a letter without one reads
    "Protocollo: vedi segnatura", the number the register stamps on it)."""
    attachments: list[Attachment] = []
    """What the document transmits or encloses ("Allegati"), in order: deliverables, files, titles."""
    metadata: Metadata = Metadata()
    """Its document type, confidentiality, version and recipients, for the metadata of
    Allegato 5 (the rest comes from the content: identifier, date, subject, bodies, protocol)."""

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
    def each(self) -> ForEach | None:
        """`for_each` in its long form (None for a document written once)."""
        if self.for_each is None or isinstance(self.for_each, ForEach):
            return self.for_each
        return ForEach(items=self.for_each)

    @property
    def effective_status(self) -> str:
        """The status in force: inviato once `sent` is recorded, else `status` (bozza by default)."""
        return "inviato" if self.sent is not None else (self.status or "bozza")
