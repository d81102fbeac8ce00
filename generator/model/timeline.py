"""Facts with time: what changes in a programme's life, and each fact as it stood on a day.

A programme lives for years: a lead body is replaced, a body is renamed or merged into
another, a person takes or leaves an office, partners join and leave, measures start and
end. Each change carries its date, and every deliverable is rendered as of its own date
(generator/context/views.py reads these functions), so that the March form names the March
lead and the July annex tells the substitution.

Conventions, the same for every kind of change:

- a date of change (`replaced_on`, `renamed_on`, `merged_on`, `joined_on`, `left_on`) is
  the first day of the new state: a document dated that day already sees the change;
- a period (`since`, `until`) includes both days;
- a change whose date is not recorded counts as already happened (as the content reads
  today); the rules warn about it, since documents cannot be checked against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.messages import _
from generator.model.base import Id, Model, Text, ref

if TYPE_CHECKING:  # they hold FormerName and Role: imported only for the annotations
    from generator.model.bodies import Organisation, Person
    from generator.model.content import Content
    from generator.model.programme import Partner, Project


class FormerName(Model):
    """A name an organisation had before a change of name."""

    name: Text
    """The name it bore until `renamed_on` ("Consorzio Servizi Sociali dell'Alto Milanese")."""
    short_name: Text | None = None
    """Its short name then, when it differed from today's (absent: the same short name)."""
    renamed_on: dt.date
    """The first day of the next name (a document of that day uses the new one)."""


class Role(Model):
    """An office a person holds, or held, in an organisation, with its dates."""

    organisation: Id = ref("organisations")
    """The organisation."""
    position: Text
    """The office ("Sindaco metropolitano", "Direttore del Settore Lavoro")."""
    legal_representative: bool = False
    """True when the office makes the person the organisation's legal representative."""
    since: dt.date | None = None
    """First day in office, when known."""
    until: dt.date | None = None
    """Last day in office; absent while the person holds it."""


def in_force(since: dt.date | None, until: dt.date | None, day: dt.date) -> bool:
    """Whether a period (both days included; an open end is unbounded) contains `day`."""
    return (since is None or since <= day) and (until is None or day <= until)


def happened(change_day: dt.date | None, day: dt.date) -> bool:
    """Whether a change dated `change_day` (None: not recorded) has happened by `day`."""
    return change_day is None or change_day <= day


@dataclass(frozen=True)
class LeadOn:
    """A project's lead as it stood on a day, and the substitutions already told by then."""

    lead: str
    """The id of the lead body on that day."""
    replaced: list[int]
    """Indexes in `former_leads` of the substitutions that happened by that day."""


def lead_on(project: Project, day: dt.date) -> LeadOn:
    """Who led `project` on `day`: the first former lead not yet replaced, else the current one."""
    for index, former in enumerate(project.former_leads):
        if not happened(former.replaced_on, day):
            return LeadOn(former.organisation, list(range(index)))
    return LeadOn(project.lead, list(range(len(project.former_leads))))


def name_on(organisation: Organisation, day: dt.date) -> tuple[str, str | None, list[int]]:
    """(name, short name, indexes of the former names already left behind) on `day`."""
    for index, former in enumerate(organisation.former_names):
        if former.renamed_on > day:
            return former.name, former.short_name or organisation.short_name, list(range(index))
    return organisation.name, organisation.short_name, list(range(len(organisation.former_names)))


def partner_in_force(partner: Partner, day: dt.date) -> bool:
    """Whether a partner belonged to the partnership on `day`."""
    joined = partner.joined_on is None or partner.joined_on <= day
    return joined and not (partner.left_on is not None and partner.left_on <= day)


def merged_by(organisation: Organisation, day: dt.date) -> bool:
    """Whether the organisation had been merged into another by `day`."""
    return organisation.merged_on is not None and organisation.merged_on <= day


def representative_on(content: Content, organisation_id: str, day: dt.date) -> str | None:
    """The legal representative of an organisation on `day`: from the people's dated roles
    when any is recorded for it, otherwise its `legal_representative`."""
    recorded = [(person_id, role) for person_id, person in content.people.items()
                for role in person.roles
                if role.organisation == organisation_id and role.legal_representative]
    if not recorded:
        organisation = content.organisations.get(organisation_id)
        return organisation.legal_representative if organisation is not None else None
    holders = [person_id for person_id, role in recorded if in_force(role.since, role.until, day)]
    return holders[0] if holders else None


def position_on(person: Person, day: dt.date) -> str | None:
    """The office a person held on `day` (the first role in force), else their `position`."""
    if not person.roles:
        return person.position
    for role in person.roles:
        if in_force(role.since, role.until, day):
            return role.position
    return None


RELATED = {"former_leads": "lead", "former_names": "name", "former_partners": "partners"}
"""A finding about a change's record also concerns who speaks of the fact that changed."""


@dataclass(frozen=True)
class Change:
    """A dated change of a fact: what changed, what tells its story, where it is recorded."""

    subject: tuple
    """The path of the fact that changed (`projects.<id>.lead`)."""
    story: tuple
    """The path a deliverable reads when it tells the change (`projects.<id>.former_leads`)."""
    day: dt.date
    """The first day of the new state."""
    record: tuple
    """Where the change is recorded, for findings."""
    text: str
    """The change in a few words ("So.Le replaced as lead of 'wip'")."""


def changes(content: Content) -> list[Change]:
    """Every dated change a later deliverable that speaks of the fact must tell."""
    found = []
    for project_id, project in content.projects.items():
        base = ("projects", project_id)
        for index, former in enumerate(project.former_leads):
            if former.replaced_on is not None:
                found.append(Change(base + ("lead",), base + ("former_leads",), former.replaced_on,
                                    base + ("former_leads", index, "replaced_on"),
                                    _("the substitution of {body} as lead of {project}",
                                      body=former.organisation, project=project_id)))
        for index, partner in enumerate(project.partners):
            if partner.left_on is not None:
                found.append(Change(base + ("partners",), base + ("former_partners",), partner.left_on,
                                    base + ("partners", index, "left_on"),
                                    _("{body} leaving the partnership of {project}",
                                      body=partner.organisation, project=project_id)))
    for org_id, organisation in content.organisations.items():
        for index, former_name in enumerate(organisation.former_names):
            found.append(Change(("organisations", org_id, "name"),
                                ("organisations", org_id, "former_names"), former_name.renamed_on,
                                ("organisations", org_id, "former_names", index, "renamed_on"),
                                _("the change of name of {name}", name=former_name.name)))
    return found
