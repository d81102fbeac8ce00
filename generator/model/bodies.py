"""Bodies and people: every organisation and person named in the deliverables, once."""

from __future__ import annotations

import datetime as dt

from generator.model.base import Id, Model, OrganisationKind, Text, ref
from generator.model.timeline import FormerName, Role


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
    former_names: list[FormerName] = []
    """Names it had before, oldest first, each with the day the next name took over:
    deliverables dated before that day use the old name."""
    merged_into: Id | None = ref("organisations", default=None)
    """The body it was merged into (absorbed by), if it no longer exists on its own."""
    merged_on: dt.date | None = None
    """The day of the merger: a deliverable dated from then on may not present it as active."""



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
    roles: list[Role] = []
    """Offices held, with their dates (legal representative of..., director of...):
    each deliverable sees the office held on its own date."""
