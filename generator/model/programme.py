"""The call, the programme and what it is made of: districts, projects, budgets, measures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field

from generator.model.base import Amount, Count, Id, Model, OrganisationKind, Text, apportion, ref


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
    joined_on: dt.date | None = None
    """The day it joined, when it joined after the partnership was formed."""
    left_on: dt.date | None = None
    """The day it left the partnership (from that day it is a former partner)."""


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

    @property
    def former_partners(self) -> list[Partner]:
        """Partners that left (`left_on`); each deliverable sees those gone by its date."""
        return [partner for partner in self.partners if partner.left_on is not None]


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
    since: dt.date | None = None
    """First day the measure was in force, when known (a deliverable dated before may not cite it)."""
    until: dt.date | None = None
    """Last day in force, once it ended (a later deliverable that cites it must say so)."""
