"""The content model: one pydantic class per concept of an FSE programme.

The schema is the documentation: every field carries a docstring, and the JSON
Schema for editors is exported from these classes (`fsegen schema`). Keys are
English, values Italian. Collections are mappings from an id (lowercase letters,
digits, `-` and `_`) to an item, so other items refer to them by id; a field
that holds such a reference is declared with `ref("collection")`, and both the
reference check and the template views read that declaration.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Annotated, Any, Literal, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field,
                      StringConstraints, Tag)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
"""An identifier: lowercase letters, digits, `-` and `_`; safe as a file name."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""Non-empty Italian text as it appears in deliverables."""

TemplateName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*\.docx$")]
"""The file name of a Word template in the templates folder: no folder, no `..`, no path."""


def _amount(value: Any) -> Decimal:
    """Euro and cents, exactly as typed; refuses what an Italian office could mistype."""
    if isinstance(value, bool):
        raise ValueError("yes/no/true/false is not an amount: write the number in euro, e.g. 120000")
    text = str(value).strip()
    if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", text):
        raise ValueError(f"{text} is not {text.replace('.', '')} euro: in YAML a dot is the decimal "
                         f"point, not a thousands separator; write {text.replace('.', '')}")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else text)
    except (InvalidOperation, ValueError):
        raise ValueError(f"{text!r} is not an amount: write a number in euro, e.g. 120000.50") from None
    if not number.is_finite() or number.adjusted() >= 12:
        raise ValueError(f"{text} is not a plausible amount in euro (a thousand billion or more): "
                         "check the digits")
    if number.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(f"{text} has more than two decimals: amounts are euro and cents "
                         "(round it to the cent)")
    return number


def _count(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("yes/no/true/false is not a number (YAML reads yes as true): write the "
                         "count, e.g. 7")
    return value


Amount = Annotated[Decimal, Field(ge=0), BeforeValidator(_amount)]
"""An amount in euro: a plain number (120000 or 120000.50), at most two decimals."""

Count = Annotated[int, Field(ge=0, le=1_000_000), BeforeValidator(_count)]
"""A whole number of things (projects, years, networks), never yes/no."""


def apportion(amounts: list[Decimal], digits: int = 1) -> list[Decimal]:
    """Percentages of `amounts` over their sum, rounded to `digits` decimals so that they add
    up to exactly 100 (largest remainder: the units lost to rounding go to the largest
    remainders, first come first served on ties). All zero when the sum is zero."""
    total = sum(amounts, Decimal(0))
    if not total:
        return [Decimal(0) for _ in amounts]
    unit = Decimal(1).scaleb(-digits)
    exact = [amount * 100 / total for amount in amounts]
    floors = [value.quantize(unit, rounding=ROUND_FLOOR) for value in exact]
    missing = int((Decimal(100) - sum(floors, Decimal(0))) / unit)
    by_remainder = sorted(range(len(amounts)), key=lambda i: floors[i] - exact[i])
    for index in by_remainder[:missing]:
        floors[index] += unit
    return floors


def ref(collection: str, **kwargs: Any) -> Any:
    """A field holding the id (or ids) of an item of `collection`."""
    return Field(json_schema_extra={"ref": collection}, **kwargs)


class Model(BaseModel):
    """Strict base: unknown keys are errors, field docstrings become descriptions."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, str_strip_whitespace=False
    )


OrganisationKind = Literal[
    "comune",
    "unione di comuni",
    "città metropolitana",
    "provincia",
    "regione",
    "ministero",
    "ente pubblico",
    "ufficio",
    "organismo",
    "azienda speciale",
    "azienda speciale consortile",
    "azienda consortile",
    "consorzio",
    "consorzio socio-assistenziale",
    "ATS",
    "ASST",
    "ASL",
    "azienda sanitaria",
    "agenzia",
    "centro per l'impiego",
    "ente del terzo settore",
    "cooperativa sociale",
    "associazione",
    "fondazione",
    "ente accreditato",
    "ente di formazione",
    "scuola",
    "università",
    "impresa",
    "organizzazione sindacale",
    "organizzazione datoriale",
    "altro",
]


class Organisation(Model):
    """A body named in the deliverables, recorded once."""

    name: Text
    """Full name as it appears in deliverables ("Azienda Sociale Sud Est Milano")."""
    short_name: Text | None = None
    """Acronym or short name used in prose ("ASSEMI", "So.Le")."""
    kind: OrganisationKind
    """Legal or institutional kind (comune, azienda speciale, ATS, ASST, agenzia...)."""
    fiscal_code: str | None = None
    """Codice fiscale: 11 digits for a body, 16 characters for a person; checksum-validated."""
    vat_number: str | None = None
    """Partita IVA (11 digits, checksum-validated)."""
    part_of: Id | None = ref("organisations", default=None)
    """The organisation this one belongs to (a directorate of the Città Metropolitana)."""
    legal_representative: Id | None = ref("people", default=None)
    """The person who legally represents the organisation."""
    accreditations: list[Text] = []
    """Regional accreditations held, as the call names them ("formazione", "servizi al lavoro")."""
    third_sector_since: dt.date | None = None
    """For a Third Sector body: since when it has worked in the field (for the call's
    experience requirement)."""



class Person(Model):
    """A person who signs or is named in deliverables."""

    name: Text
    """First name and surname ("Dario Parravicini")."""
    honorific: Text | None = None
    """Title written before the name ("Dott.", "Dott.ssa", "Ing.")."""
    position: Text | None = None
    """Office held, when the deliverables state it."""
    organisation: Id | None = ref("organisations", default=None)
    """The organisation the person works for."""


class CallRules(Model):
    """What the call requires of a programme, kept as data so that it is checked."""

    min_projects: Count | None = None
    """Fewest projects a programme may hold."""
    max_projects: Count | None = None
    """Most projects a programme may hold."""
    max_contribution: Amount | None = None
    """Maximum public contribution for the programme's territorial area, in euro."""
    total_budget: Amount | None = None
    """The call's whole endowment, in euro (for reference)."""
    areas: Count | None = Field(default=None, ge=1)
    """How many territorial areas share the endowment."""
    lead_kinds: list[OrganisationKind] = []
    """Kinds of body that may lead a project (a Comune, single or associated)."""
    required_accreditations: list[Text] = []
    """Accreditations at least one partner of every project must hold."""
    third_sector_min_years: Count | None = None
    """Years of experience the Third Sector partner of every project must have."""


class Call(Model):
    """The call for proposals (bando / manifestazione di interesse) the programme answers."""

    kind: Text
    """Kind of call ("manifestazione di interesse", "avviso pubblico")."""
    title: Text
    """Title of the call, without its kind."""
    operational_programme: Text
    """The operational programme that funds the call ("POR-FSE Lombardia 2014-2020")."""
    fund: Text
    """The EU fund ("FSE", "FSE+")."""
    axis: Text
    """Priority axis ("Asse II")."""
    axis_name: Text | None = None
    """Name of the axis ("inclusione sociale e lotta alla povertà")."""
    issuer: Id | None = ref("organisations", default=None)
    """The body that published the call."""
    published: dt.date | None = None
    """Date the call was published."""
    deadline: dt.date | None = None
    """Last day for submitting a programme."""
    rules: CallRules | None = None
    """The call's own requirements, checked by `fsegen check`."""


class Phase(Model):
    """A phase of a timeline (cronoprogramma)."""

    name: Text
    """What happens in the phase."""
    start: dt.date
    """First day."""
    end: dt.date
    """Last day."""


class Programme(Model):
    """The programme of intervention submitted to the call."""

    title: Text
    """Title of the programme ("Programma di intervento territoriale")."""
    promoter: Id = ref("organisations")
    """The body that promotes and submits the programme."""
    network: Text
    """Name of the territorial network that promotes it ("Rete territoriale della ...")."""
    territory: Text
    """The territory it covers, as prose says it ("provincia di Milano")."""
    priorities: list[Text] = []
    """The call's priorities the programme pursues, each a phrase."""
    target_groups: list[Text] = []
    """Who the programme addresses, each a phrase."""
    timeline: list[Phase] = []
    """Phases of the programme, in order."""


class District(Model):
    """An ambito territoriale: the district of a piano di zona."""

    name: Text
    """Name of the district ("Alto Milanese", "Garbagnate Milanese")."""
    designation: Text | None = None
    """How the name reads after the word "Ambito": "del Visconteo", "dell'Alto Milanese",
    "Sud-est Milano". Defaults to "di " + name."""
    asst: Id | None = ref("organisations", default=None)
    """The health authority the district refers to (an ASST in Lombardy, an ASL elsewhere)."""
    subdistricts: list[Text] = []
    """The distretti the district groups (Adda Martesana: Melzo, Pioltello...)."""

    @property
    def of_name(self) -> str:
        """The name as it reads after "Ambito" ("del Visconteo")."""
        return self.designation or f"di {self.name}"


class LeadChange(Model):
    """An earlier lead body of a project and why it changed."""

    organisation: Id = ref("organisations")
    """The body first identified as lead."""
    replaced_on: dt.date | None = None
    """Date of the substitution, when known."""
    reason: Text | None = None
    """Why it was replaced, when the documents say it."""


class Partner(Model):
    """A body in a project's partnership and its role."""

    organisation: Id = ref("organisations")
    """The partner body."""
    role: Text
    """What it does in the project."""


class BudgetLine(Model):
    """One line of a budget."""

    item: Text
    """Cost item ("Personale", "Servizi al lavoro")."""
    amount: Amount
    """Cost in euro."""


class Budget(Model):
    """A project's budget."""

    illustrative: bool = False
    """True when the figures are examples, not the submitted ones: deliverables say so."""
    lines: list[BudgetLine] = Field(min_length=1)
    """Cost items; their sum is the project's total cost."""
    public_contribution: Amount
    """Contribution requested from the call, in euro."""

    @property
    def total(self) -> Decimal:
        """Total cost: the sum of the lines."""
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def co_financing(self) -> Decimal:
        """The part of the total not covered by the public contribution."""
        return self.total - self.public_contribution

    def share(self, amount: Decimal) -> Decimal:
        """`amount` as a percentage of the total, unrounded (0 when the total is 0); tables use
        `shares`, `public_share` and `co_financing_share`, which add up to 100."""
        return amount * 100 / self.total if self.total else Decimal(0)

    @property
    def shares(self) -> list[Decimal]:
        """Each line's percentage of the total, to one decimal, adding up to exactly 100."""
        return apportion([line.amount for line in self.lines])

    @property
    def public_share(self) -> Decimal:
        """The public contribution's percentage, to one decimal (with co-financing: 100)."""
        return apportion([self.public_contribution, self.co_financing])[0]

    @property
    def co_financing_share(self) -> Decimal:
        """The co-financing's percentage, to one decimal (with the public share: 100)."""
        return apportion([self.public_contribution, self.co_financing])[1]


class Project(Model):
    """A territorial project of the programme."""

    title: Text
    """Title of the project, as submitted ("CIAO! Capacitazione, Inclusione, ...")."""
    area: Text | None = None
    """Name of the area the project covers, when it has one ("Adda Martesana")."""
    districts: list[Id] = ref("districts", min_length=1)
    """The districts (ambiti) it aggregates; the first is the one the lead belongs to."""
    lead: Id = ref("organisations")
    """The current lead body (ente capofila)."""
    former_leads: list[LeadChange] = []
    """Lead bodies identified earlier and then replaced, oldest first."""
    cup: str | None = None
    """Codice Unico di Progetto, when assigned (15 characters)."""
    partners: list[Partner] = []
    """The partnership besides the lead body."""
    target_groups: list[Text] = []
    """Who the project addresses, each a phrase."""
    budget: Budget | None = None
    """The project's budget (piano finanziario)."""


class Synergy(Model):
    """An institutional body involved in the programme and its role."""

    organisation: Id = ref("organisations")
    """The body involved."""
    role: Text
    """Its role in the programme, as a phrase."""


class Event(Model):
    """A meeting, workshop or other dated event the deliverables cite."""

    date: dt.date
    """When it took place."""
    kind: Text
    """Kind of event ("workshop", "seminario", "incontro").."""
    title: Text
    """Its title, as announced."""
    participants: list[Id] = ref("organisations", default=[])
    """Bodies that took part."""


class Network(Model):
    """A set of local networks the programme works with (the gender-violence networks)."""

    name: Text
    """Name of the networks ("Contrasto alla violenza di genere")."""
    count: Count
    """How many such networks are active on the territory."""
    coordinator: Id | None = ref("organisations", default=None)
    """The body in agreement with which the programme relates to them."""


class Component(Model):
    """An instrument or action a measure consists of."""

    name: Text
    """Name of the instrument ("dote impresa", "Patto per il lavoro")."""
    description: Text | None = None
    """What it offers, as a phrase."""


class Measure(Model):
    """A regional or national measure the programme integrates with."""

    name: Text
    """Name of the measure."""
    short_name: Text | None = None
    """Acronym ("DUL", "RdC")."""
    summary: Text | None = None
    """What the measure does, as a phrase that follows its name."""
    level: Literal["europea", "nazionale", "regionale", "metropolitana", "comunale"]
    """Level of government that runs it."""
    fund: Text | None = None
    """Fund that finances it ("FSE")."""
    operational_programme: Text | None = None
    """Operational programme that funds it ("POR-FSE Lombardia")."""
    axis: Text | None = None
    """Priority axis ("Asse I", "Asse II")."""
    axis_name: Text | None = None
    """Name of the axis ("occupazione", "inclusione sociale")."""
    policy: Text | None = None
    """Policy field it belongs to ("inclusione sociale", "politiche del lavoro")."""
    promoter: Id | None = ref("organisations", default=None)
    """Body that runs it, when it is not the level's government."""
    components: list[Component] = []
    """The instruments or actions it consists of."""
    components_label: Text | None = None
    """What its components are called in prose ("strumenti", "azioni di inclusione attiva")."""
    relation: Text | None = None
    """How the programme relates to it ("complementare", "a sostegno del Programma")."""


CollectionName = Literal[
    "projects", "measures", "districts", "organisations", "events", "networks", "synergies"
]


class ListBlock(Model):
    """A list generated from data, never typed: each item phrased by a macro."""

    list: CollectionName
    """The collection listed."""
    select: list[Id] | None = None
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
    Union[Annotated[str, Tag("prose")], Annotated[ListBlock, Tag("list")]],
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


class Document(Model):
    """A deliverable: which template renders it, its heading data and its text."""

    kind: Literal["formulario", "integrazione", "scheda", "relazione", "altro"] = "altro"
    """Kind of deliverable: candidacy form, integration annex, project sheet, report."""
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
    date: dt.date
    """Date of the document."""
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


class Content(Model):
    """Everything under `content/`: one programme and the facts it rests on."""

    programme: Programme
    """The programme submitted."""
    call: Call
    """The call it answers."""
    organisations: dict[Id, Organisation] = {}
    """Every body named anywhere, once."""
    people: dict[Id, Person] = {}
    """Signatories and other persons named."""
    districts: dict[Id, District] = {}
    """The districts (ambiti) of the territory."""
    projects: dict[Id, Project] = {}
    """The territorial projects."""
    synergies: list[Synergy] = []
    """Institutional bodies involved and their roles."""
    events: dict[Id, Event] = {}
    """Dated events the deliverables cite."""
    networks: dict[Id, Network] = {}
    """Local networks the programme relates to."""
    measures: dict[Id, Measure] = {}
    """Regional and national measures the programme integrates with."""
    documents: dict[Id, Document] = {}
    """The deliverables, one file each under `content/documents/`."""
    glossary: dict[str, Text] = {}
    """Acronyms and Italian terms used in prose, with their meaning."""



def output_ids(content: Content) -> dict[str, list[str]]:
    """Document id -> the output ids (file stems) it produces: itself, or one per item."""
    result = {}
    for doc_id, document in content.documents.items():
        if document.for_each is None:
            result[doc_id] = [doc_id]
        else:
            result[doc_id] = [f"{doc_id}-{item_id}" for item_id in getattr(content, document.for_each)]
    return result
