"""The call for proposals: its acts and deadlines, its own words, and its rules as data."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from generator.messages import _
from generator.model.base import Amount, Count, Gender, Id, Model, Percentage, Text, ref
from generator.model.bodies import Act
from generator.model.claims import SimplifiedCost
from generator.model.funding import ProgrammingPeriod, Visibility, fund_name, funding_period, statement
from generator.model.kinds import LEAD, OrganisationKind, Participation, Sector
from generator.model.unfilled import OptionalDate


class Term(Model):
    """A word of the call, in its forms: what the region calls a district, a health authority..."""

    singular: Text
    """The word as it reads before a name or in a sentence ("ambito", "zona-distretto", "ASST")."""
    plural: Text
    """Its plural ("ambiti", "zone-distretto", "ASST")."""
    long: Text | None = None
    """The full form in headings and labels ("ambito territoriale"); defaults to `singular`."""
    long_plural: Text | None = None
    """The full plural ("ambiti territoriali"); defaults to `plural`."""
    gender: Gender | None = None
    """m or f, when the article guessed from the word is wrong."""

    @property
    def full(self) -> str:
        """The full singular form: `long`, else `singular`."""
        return self.long or self.singular

    @property
    def full_plural(self) -> str:
        """The full plural form: `long_plural`, else `plural`."""
        return self.long_plural or self.plural


class Vocabulary(Model):
    """The words of the call and its region, which templates and phrases print instead of
    any region's own: the defaults are Lombardy's (the example's call)."""

    district: Term = Term(singular="ambito", plural="ambiti", long="ambito territoriale",
                          long_plural="ambiti territoriali", gender="m")
    """The territorial unit of social planning: ambito (Lombardia), zona-distretto (Toscana),
    ambito territoriale sociale (Marche, Puglia), distretto sociosanitario..."""
    subdistrict: Term = Term(singular="distretto", plural="distretti", gender="m")
    """What a district is divided into, when it is (`districts.*.subdistricts`)."""
    health_authority: Term = Term(singular="ASST", plural="ASST", gender="f")
    """The local health authority a district refers to: ASST (Lombardia), AUSL, ASL, ASP."""
    partnership: Term = Term(singular="partenariato", plural="partenariati", gender="m")
    """The form of a project's partnership: partenariato, ATS (associazione temporanea di
    scopo), ATI, rete."""
    programme: Term = Term(singular="programma", plural="programmi", gender="m")
    """What the call funds at its top level: programma, progetto, intervento."""
    project: Term = Term(singular="progetto", plural="progetti", long="progetto territoriale",
                         long_plural="progetti territoriali", gender="m")
    """A project of the programme."""
    operational_programme: Term = Term(singular="programma operativo",
                                       plural="programmi operativi", gender="m")
    """What funds the call: programma operativo (2014-2020), programma regionale (2021-2027)."""
    fiscal_code: Term = Term(singular="codice fiscale", plural="codici fiscali", gender="m")
    """The words for a body's codice fiscale, in labels and sentences alike ("C.F." if the
    call's forms say so): one wording in every deliverable."""
    vat_number: Term = Term(singular="partita IVA", plural="partite IVA", gender="f")
    """The words for a body's partita IVA ("P. IVA" if the call's forms say so)."""


class Extension(Model):
    """A later deadline set by an act (proroga)."""

    deadline: dt.date
    """The new last day for submitting."""
    act: Act
    """The act that extended the deadline."""


class AmountRange(Model):
    """Lowest and highest amount the call allows, in euro; either may be left out."""

    min: Amount | None = None
    """The lowest amount allowed."""
    max: Amount | None = None
    """The highest amount allowed."""


class CountRange(Model):
    """Fewest and most the call allows; either may be left out."""

    min: Count | None = None
    """The fewest allowed."""
    max: Count | None = None
    """The most allowed."""


class PartnershipRequirement(Model):
    """At least `min` bodies of each project's partnership are of a kind or of a sector."""

    min: Count = Field(default=1, ge=1)
    """How many such bodies at least."""
    kind: OrganisationKind | None = None
    """The kind they must be (cooperativa sociale); any kind when absent."""
    sector: Sector | None = None
    """The sector they must be in (pubblico, privato, terzo settore); any when absent."""
    roles: list[Participation] = [LEAD, "partner"]
    """Which members count: capofila (the lead), partner, in coordinamento..."""


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
    coverage: Literal["exactly-one", "at-least-one", "none"] = "exactly-one"
    """How projects cover the districts: each district in exactly one project (exactly-one),
    in at least one, thematic projects overlapping (at-least-one), or no constraint (none)."""
    project_contribution: AmountRange | None = None
    """Lowest and highest public contribution one project may ask for."""
    project_cost: AmountRange | None = None
    """Lowest and highest total cost of one project."""
    max_public_share: Percentage | None = None
    """Highest share of a project's cost the public contribution may cover, in percent (80:
    a co-financing of at least 20%)."""
    lead_kinds: list[OrganisationKind] = []
    """Kinds of body that may lead a project (a Comune, single or associated)."""
    lead_sectors: list[Sector] = []
    """Sectors a lead may belong to (privato, terzo settore), when the call says it so."""
    partnership: list[PartnershipRequirement] = []
    """Composition each project's partnership must have (at least one public body...)."""
    required_accreditations: list[Text] = []
    """Accreditations at least one partner of every project must hold."""
    third_sector_min_years: Count | None = None
    """Years since registration the Third Sector partner of every project must have at the
    deadline."""
    min_recipients: Count | None = None
    """Fewest recipients (destinatari) each project must plan to reach."""
    duration_months: CountRange | None = None
    """Shortest and longest duration of a project, in months."""


class Call(Model):
    """The call for proposals (bando / manifestazione di interesse) the programme answers."""

    kind: Text
    """Kind of call ("manifestazione di interesse", "avviso pubblico")."""
    title: Text
    """Title of the call, with or without its kind: "Manifestazione di interesse per ..." or
    just "Servizi di accompagnamento al lavoro" (headings then read `name`)."""
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
    approval: Act | None = None
    """The act that approved the call."""
    published: OptionalDate = None
    """Date the call was published (DA COMPILARE while it is not known)."""
    deadline: OptionalDate = None
    """Last day for submitting, as first published (DA COMPILARE while it is not known)."""
    extensions: list[Extension] = []
    """Later deadlines, each set by its act, in order (the last one is the deadline in force)."""
    ranking: Act | None = None
    """The act that approved the ranking of the applications (graduatoria)."""
    programme_level: bool = True
    """False for a call with no programme level (one project per application): the project's
    title is the application's, and the form has no programme totals."""
    vocabulary: Vocabulary = Vocabulary()
    """The call's and region's words for districts, health authorities, partnerships...;
    the defaults are Lombardy's."""
    rules: CallRules | None = None
    """The call's own requirements, checked by `fsegen check`."""
    simplified_costs: dict[Id, SimplifiedCost] = {}
    """The simplified cost options the call uses (unit costs, flat rates, lump sums), by id: each
    reimburses one budget line in the payment claims (domande di rimborso)."""
    visibility: Visibility = Visibility()
    """How the deliverables acknowledge the EU's support (the emblem and the statement of the
    period beside it): whether the EU funds the call, its period, the fund's name, the wording."""

    @model_validator(mode="after")
    def _extensions_follow(self) -> Call:
        dates = ([self.deadline] if self.deadline else []) + [e.deadline for e in self.extensions]
        if any(later <= earlier for earlier, later in zip(dates, dates[1:])):
            raise ValueError(_("each extension must set a deadline later than the one before it "
                               "(list them in order, after `deadline:`)"))
        return self

    @property
    def final_deadline(self) -> dt.date | None:
        """The deadline in force: the last extension's, else the first deadline."""
        return self.extensions[-1].deadline if self.extensions else self.deadline

    @property
    def period(self) -> ProgrammingPeriod | None:
        """The programming period (2014-2020 or 2021-2027): `visibility.period`, else read from
        the operational programme's name or the fund; None when nothing tells it."""
        return funding_period(self.visibility, self.fund, self.operational_programme)

    @property
    def fund_name(self) -> str | None:
        """The fund's name in full ("Fondo sociale europeo Plus"); None for an unknown acronym."""
        return fund_name(self.visibility, self.fund)

    @property
    def eu_statement(self) -> str | None:
        """The statement beside the EU emblem ("Cofinanziato dall'Unione europea"); None when the
        EU does not fund the call, or when its period (or fund) is not known."""
        if not self.visibility.eu_funded:
            return None
        return statement(self.visibility, self.period, self.fund_name)

    @property
    def name(self) -> str:
        """The call as a heading names it: its title when that begins with its kind, else the
        kind and the quoted title (Avviso pubblico "Servizi di accompagnamento al lavoro")."""
        if self.title.lower().startswith(self.kind.lower()):
            return self.title
        return f'{self.kind[:1].upper()}{self.kind[1:]} "{self.title}"'
