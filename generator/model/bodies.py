"""Bodies and people: every organisation and person named in the deliverables, once."""

from __future__ import annotations

import datetime as dt

from pydantic import model_validator

from generator.messages import _
from generator.model.base import ArticleForm, Gender, Id, Model, Number, Text, ref
from generator.model.kinds import KINDS, OrganisationKind, Sector
from generator.model.timeline import FormerName, Role


class Act(Model):
    """An administrative act: a decree, resolution or determination, with its number and date."""

    kind: Text
    """What act it is, as it is cited ("decreto dirigenziale", "delibera di Giunta regionale",
    "decreto sindacale")."""
    number: Text | None = None
    """Its number as cited ("12345/2020", "n. 7" is written 7)."""
    date: dt.date
    """Its date."""
    issuer: Id | None = ref("organisations", default=None)
    """The body that adopted it, when the citation names it."""
    subject: Text | None = None
    """What it decides, when the deliverables say it ("approvazione dell'avviso")."""


class Delegation(Act):
    """The act by which a person may sign for a body: recorded once, printed under the name."""

    organisation: Id | None = ref("organisations", default=None)
    """The body the person signs for under this act; defaults to the person's organisation."""


class ThirdSector(Model):
    """A body's registration in a register of the Third Sector."""

    registry: Text
    """The register ("RUNTS", "Albo regionale delle cooperative sociali, sezione A")."""
    since: dt.date
    """Date of registration; the years a call requires are counted from it to the deadline."""
    number: Text | None = None
    """Registration number, when the deliverables cite it."""


class Accreditation(Model):
    """A regional accreditation and the register that records it."""

    area: Text
    """What the body is accredited for, as the call names it ("formazione", "servizi al lavoro")."""
    registry: Text | None = None
    """The register or list ("Albo regionale degli operatori accreditati per i servizi al lavoro")."""
    number: Text | None = None
    """Number of the registration."""
    since: dt.date | None = None
    """Date of the accreditation."""


class Organisation(Model):
    """A body named in the deliverables, recorded once."""

    name: Text
    """Full name as it appears in deliverables ("Azienda Sociale Sud Est Milano")."""
    short_name: Text | None = None
    """Acronym or short name used in prose ("ASSEMI", "So.Le")."""
    kind: OrganisationKind
    """Legal or institutional kind, in the call's words (comune, azienda speciale, impresa
    sociale...): any words; the rules know the kinds in docs/reference/kinds.md, with their sector."""
    sector: Sector | None = None
    """pubblico, privato or terzo settore: needed only for a kind the rules do not know."""
    fiscal_code: str | None = None
    """Codice fiscale: 11 digits for a body, 16 characters for a person; checksum-validated."""
    address: list[Text] = []
    """Its postal address, one line each ("Via Vivaio, 1", "20122 Milano"): a letter's
    letterhead prints it."""
    pec: Text | None = None
    """Its certified e-mail address (PEC), printed in a letter's letterhead."""
    vat_number: str | None = None
    """Partita IVA (11 digits, checksum-validated)."""
    part_of: Id | None = ref("organisations", default=None)
    """The organisation this one belongs to (a directorate of the Città Metropolitana)."""
    legal_representative: Id | None = ref("people", default=None)
    """The person who legally represents the organisation."""
    accreditations: list[Text | Accreditation] = []
    """Regional accreditations held: the area as the call names it ("formazione", "servizi al
    lavoro"), or `{area, registry, number, since}` when the register is cited."""
    third_sector: ThirdSector | None = None
    """For a Third Sector body: its registration (registry and date); the call's years of
    experience are counted from the date."""
    third_sector_since: dt.date | None = None
    """Shorthand for `third_sector.since` when the register is not recorded."""
    gender: Gender | None = None
    """Grammatical gender of the name, when the article guessed from its first word is wrong."""
    number: Number | None = None
    """Grammatical number of the name (p for "Centri per l'impiego")."""
    article: ArticleForm | None = None
    """The definite article of the name, overriding any guess ("la" for "la Sercop")."""
    former_names: list[FormerName] = []
    """Names it had before, oldest first, each with the day the next name took over:
    deliverables dated before that day use the old name."""
    merged_into: Id | None = ref("organisations", default=None)
    """The body it was merged into (absorbed by), if it no longer exists on its own."""
    merged_on: dt.date | None = None
    """The day of the merger: a deliverable dated from then on may not present it as active."""

    @model_validator(mode="after")
    def _one_registration(self) -> Organisation:
        if self.third_sector is not None and self.third_sector_since is not None:
            raise ValueError(_("give the Third Sector registration once: `third_sector:` (registry "
                               "and since) or the shorthand `third_sector_since:`, not both"))
        return self

    @property
    def accredited_for(self) -> list[str]:
        """The areas the body is accredited for ("formazione", "servizi al lavoro")."""
        return [a if isinstance(a, str) else a.area for a in self.accreditations]

    @property
    def third_sector_date(self) -> dt.date | None:
        """Since when the body is in the Third Sector (registration date), if recorded."""
        return self.third_sector.since if self.third_sector else self.third_sector_since

    @property
    def known_sector(self) -> str | None:
        """The body's sector: its own `sector`, else the one of its kind, else unknown (None)."""
        if self.sector is not None:
            return self.sector
        known = KINDS.get(self.kind)
        return known[0] if known else None


class Person(Model):
    """A person who signs or is named in deliverables."""

    name: Text
    """First name and surname ("Dario Parravicini")."""
    honorific: Text | None = None
    """Title written before the name ("Dott.", "Dott.ssa", "Ing.")."""
    fiscal_code: str | None = None
    """Codice fiscale of the person (16 characters, checksum-validated): a signature certificate
    that carries one (`TINIT-...`) must carry this one."""
    gender: Gender | None = None
    """m or f, for the words that agree with the person ("delegato", "delegata")."""
    position: Text | None = None
    """Office held, when the deliverables state it."""
    organisation: Id | None = ref("organisations", default=None)
    """The organisation the person works for."""
    delegation: Delegation | None = None
    """The act that lets the person sign for a body they do not legally represent; printed in
    the signature block of every deliverable they sign ("delegato con decreto n. ... del ...")."""
    roles: list[Role] = []
    """Offices held, with their dates (legal representative of..., director of...):
    each deliverable sees the office held on its own date."""
