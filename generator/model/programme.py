"""The programme and what it is made of: districts, projects, measures, events, networks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import AliasChoices, Field, model_validator

from generator.messages import _
from generator.model.base import Amount, ArticleForm, Count, Gender, Id, Model, Text, ref
from generator.model.budget import Budget
from generator.model.kinds import Participation
from generator.model.monitoring import Deviation, Quantity


class Phase(Model):
    """A phase of a timeline (cronoprogramma)."""

    name: Text
    """What happens in the phase."""
    start: dt.date
    """First day."""
    end: dt.date
    """Last day."""


class Evaluation(Model):
    """How the evaluators judged the application, once the ranking is out."""

    score: Decimal | None = Field(default=None, ge=0)
    """Points awarded."""
    max_score: Decimal | None = Field(default=None, gt=0)
    """Points available."""
    rank: Count | None = None
    """Position in the ranking."""
    ranked: Count | None = None
    """How many applications the ranking holds."""
    granted: Amount | None = None
    """Public contribution granted, in euro."""
    outcome: Text | None = None
    """The outcome in the ranking's words ("ammesso e finanziato", "ammesso non finanziato")."""


class Programme(Model):
    """The programme of intervention submitted to the call (for a call with no programme level,
    the application that holds its one project)."""

    title: Text | None = None
    """Title of the programme ("Programma di intervento territoriale"); a call with no
    programme level has none (the project's title is the application's)."""
    promoter: Id = ref("organisations")
    """The body that promotes and submits the programme."""
    referent: Id | None = ref("organisations", default=None)
    """The body the region refers to for the programme (ente referente), when it is not the
    promoter (an Ufficio di Piano for a Comune, a consortium for its members)."""
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
    budget: Budget | None = None
    """The programme's own totals, when they were submitted before (or besides) the projects'
    budgets: the form prints them as the programme's total."""
    evaluation: Evaluation | None = None
    """The outcome of the evaluation (score, rank, amount granted), once known."""


class Comune(Model):
    """A municipality of a district."""

    name: Text
    """Its name ("Figline e Incisa Valdarno")."""
    population: Count | None = Field(default=None, le=10_000_000)
    """Residents, when the form gives them."""


class District(Model):
    """A district of social planning: ambito territoriale (the district of a piano di zona),
    zona-distretto, ambito territoriale sociale, as the call calls it (`call.vocabulary`)."""

    name: Text
    """Name of the district ("Alto Milanese", "Garbagnate Milanese")."""
    designation: Text | None = None
    """How the name reads after the word "Ambito": "del Visconteo", "dell'Alto Milanese",
    "Sud-est Milano". Defaults to "di " + name."""
    health_authority: Id | None = ref("organisations", default=None,
                                      validation_alias=AliasChoices("health_authority", "asst"))
    """The health authority the district refers to (an ASST in Lombardy, an AUSL in Toscana,
    an ASL elsewhere); `asst:` is read too."""
    subdistricts: list[Text] = []
    """The distretti the district groups (Adda Martesana: Melzo, Pioltello...)."""
    comuni: list[Comune | Text] = []
    """The municipalities of the district: names, or `{name, population}`."""
    population: Count | None = Field(default=None, le=100_000_000)
    """Residents of the district, when known as a whole (else the sum of its comuni's)."""
    gender: Gender | None = None
    """Grammatical gender of the name, when the guessed article is wrong."""
    article: ArticleForm | None = None
    """The definite article of the name, overriding any guess."""

    @property
    def of_name(self) -> str:
        """The name as it reads after "Ambito" ("del Visconteo")."""
        return self.designation or f"di {self.name}"

    @property
    def municipalities(self) -> list[Comune]:
        """The comuni as items with a `name` (and `population` when given)."""
        return [Comune(name=c) if isinstance(c, str) else c for c in self.comuni]

    @property
    def residents(self) -> int | None:
        """`population`, else the sum of the comuni's when every one is known, else None."""
        if self.population is not None:
            return self.population
        known = [c.population for c in self.municipalities]
        if not known or any(p is None for p in known):
            return None
        return sum(p for p in known if p is not None)


class LeadChange(Model):
    """An earlier lead body of a project and why it changed."""

    organisation: Id = ref("organisations")
    """The body first identified as lead."""
    replaced_on: dt.date | None = None
    """Date of the substitution, when known."""
    reason: Text | None = None
    """Why it was replaced, when the documents say it."""


class Partner(Model):
    """A body taking part in a project besides its lead, how, and what it does."""

    organisation: Id = ref("organisations")
    """The body."""
    participation: Participation = "partner"
    """How it takes part: partner (the default), referente, in coordinamento, rete di
    supporto, co-finanziatore, or the call's own words."""
    role: Text | None = None
    """What it does in the project ("formazione e servizi al lavoro")."""
    joined_on: dt.date | None = None
    """The day it joined, when it joined after the partnership was formed."""
    left_on: dt.date | None = None
    """The day it left the partnership (from that day it is a former partner)."""


class Project(Model):
    """A project of the programme: territorial (over its districts) or thematic (over the
    whole territory, or over districts other projects also cover)."""

    title: Text
    """Title of the project, as submitted ("CIAO! Capacitazione, Inclusione, ...")."""
    area: Text | None = None
    """Name of the area the project covers, when it has one ("Adda Martesana")."""
    districts: list[Id] = ref("districts", default=[])
    """The districts it aggregates; the first is the one the lead belongs to."""
    whole_territory: bool = False
    """True for a project over the programme's whole territory (then no `districts`)."""
    lead: Id = ref("organisations")
    """The current lead body (ente capofila)."""
    former_leads: list[LeadChange] = []
    """Lead bodies identified earlier and then replaced, oldest first."""
    cup: str | None = None
    """Codice Unico di Progetto, when assigned (15 characters)."""
    partners: list[Partner] = []
    """The bodies taking part besides the lead: partners, bodies in coordination, the
    support network, co-financers."""
    target_groups: list[Text] = []
    """Who the project addresses, each a phrase."""
    recipients: Count | None = None
    """How many recipients (destinatari) the project plans to reach."""
    start: dt.date | None = None
    """First day of the project's activities, when set."""
    end: dt.date | None = None
    """Last day of the project's activities, when set."""
    duration_months: Count | None = None
    """Duration in months, when stated instead of dates."""
    budget: Budget | None = None
    """The project's budget (piano finanziario)."""
    targets: dict[Id, Quantity] = ref("indicators", default={})
    """Planned target by indicator id (`partecipanti: 75`): what progress reports measure."""
    deviations: list[Deviation] = []
    """Acknowledged deviations from the budget (spending above a line's budget)."""
    gender: Gender | None = None
    """Grammatical gender of the title, when the guessed article is wrong."""
    article: ArticleForm | None = None
    """The definite article of the title, overriding any guess."""

    @model_validator(mode="after")
    def _territory(self) -> Project:
        if self.whole_territory and self.districts:
            raise ValueError(_("a project over the whole territory lists no `districts` "
                               "(remove them, or `whole_territory: true`)"))
        if not self.whole_territory and not self.districts:
            raise ValueError(_("say where the project works: `districts: [...]`, or "
                               "`whole_territory: true`"))
        if self.start and self.end and self.end < self.start:
            raise ValueError(_("the project ends before it starts: check `start` and `end`"))
        return self

    @property
    def participations(self) -> list[str]:
        """The ways bodies take part in it besides the lead, each once, in order of appearance
        (`partner`, `in coordinamento`...), for templates that group them."""
        return list(dict.fromkeys(p.participation for p in self.partners))

    @property
    def months(self) -> int | None:
        """Duration in months: `duration_months`, else from `start` to `end` (a month begun
        counts), else unknown."""
        if self.duration_months is not None:
            return self.duration_months
        if self.start and self.end:
            return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + (
                1 if self.end.day >= self.start.day else 0)
        return None

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
    gender: Gender | None = None
    """Grammatical gender of the name, when the guessed article is wrong."""
    article: ArticleForm | None = None
    """The definite article of the name, overriding any guess ("la" for "la DUL")."""
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
