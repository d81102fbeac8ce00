"""Dated facts agree with each other: changes in order, periods that hold, ends recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from generator.errors import Finding
from generator.messages import Message, _
from generator.model import Content
from generator.sources import KeyPath, SourceMap
from generator.templating.filters.formatting import short_date


def timeline(content: Content, sources: SourceMap) -> list[Finding]:
    """Dated facts are consistent: changes in order, periods that end after they start.

    Substitutions of a lead and changes of name are listed oldest first with increasing dates;
    a role, a partnership or a measure does not end before it starts; a merger has both its
    body and its date; a body merged into another is no longer a project's lead or partner; a
    legal representative has one office at a time.

    Example: projects.work-in-progress.former_leads[1].replaced_on: 01/03/2020 is before the
        previous substitution (15/06/2020): list the former leads oldest first
    Fix: correct the date, or the order of the entries (oldest first).
    """
    findings = []
    for project_id, project in content.projects.items():
        base = ("projects", project_id)
        findings += _in_order(sources, base + ("former_leads",),
                              [former.replaced_on for former in project.former_leads], "replaced_on",
                              _("substitution"))
        for index, partner in enumerate(project.partners):
            findings += _period(sources, base + ("partners", index), partner.joined_on,
                                partner.left_on, "joined_on", "left_on")
        findings += _merged_participants(content, sources, project_id)
    for org_id, organisation in content.organisations.items():
        base = ("organisations", org_id)
        findings += _in_order(sources, base + ("former_names",),
                              [former.renamed_on for former in organisation.former_names],
                              "renamed_on", _("change of name"))
        if (organisation.merged_into is None) != (organisation.merged_on is None):
            findings.append(sources.finding(
                base, _("{name}: a merger needs both `merged_into` and `merged_on`", name=organisation.name),
                _("record the body it was merged into and the day of the merger")))
        elif organisation.merged_into == org_id:
            findings.append(sources.finding(base + ("merged_into",),
                                            _("{name} cannot be merged into itself", name=organisation.name),
                                            _("name the body that absorbed it")))
    for measure_id, measure in content.measures.items():
        findings += _period(sources, ("measures", measure_id), measure.since, measure.until,
                            "since", "until")
    return findings + _roles(content, sources)


def _in_order(sources: SourceMap, path: KeyPath, days: list[dt.date | None], field: str,
              what: Message) -> list[Finding]:
    """Changes listed oldest first: dated ones increasing, an undated one never after a dated one."""
    findings = []
    previous: dt.date | None = None
    for index, day in enumerate(days):
        if day is None:
            if previous is not None:
                findings.append(sources.finding(
                    path + (index,), _("a {what} with no date after one dated {date}: its place in time "
                                       "is unknown", what=what, date=short_date(previous)),
                    _("add `{field}:`, or list it first", field=field)))
            continue
        if previous is not None and day <= previous:
            findings.append(sources.finding(
                path + (index, field), _("{date} is not after the previous {what} ({previous}): list them "
                                         "oldest first", date=short_date(day), what=what,
                                         previous=short_date(previous)),
                _("correct the date or the order")))
        previous = day
    return findings


def _period(sources: SourceMap, path: KeyPath, start: dt.date | None, end: dt.date | None,
            start_field: str, end_field: str) -> list[Finding]:
    if start is not None and end is not None and end < start:
        return [sources.finding(path + (end_field,),
                                _("ends on {end}, before it starts ({field} {start})", end=short_date(end),
                                  field=start_field, start=short_date(start)),
                                _("correct one of the two dates"))]
    return []


def _merged_participants(content: Content, sources: SourceMap, project_id: str) -> list[Finding]:
    """A body merged into another no longer leads a project, nor is its partner."""
    project = content.projects[project_id]
    findings = []
    lead = content.organisations.get(project.lead)
    if lead is not None and lead.merged_on is not None:
        findings.append(sources.finding(
            ("projects", project_id, "lead"),
            _("the lead {name} was merged into {other} on {date}", name=lead.name, other=lead.merged_into,
              date=short_date(lead.merged_on)),
            _("record the substitution: the body that took over as `lead`, the merged one in "
              "`former_leads` with `replaced_on`")))
    for index, partner in enumerate(project.partners):
        body = content.organisations.get(partner.organisation)
        if body is None or body.merged_on is None:
            continue
        if partner.left_on is None or partner.left_on > body.merged_on:
            findings.append(sources.finding(
                ("projects", project_id, "partners", index),
                _("the partner {name} was merged into {other} on {date}, but has not left the partnership "
                  "by then", name=body.name, other=body.merged_into, date=short_date(body.merged_on)),
                _("give it `left_on:` (at the latest the day of the merger), and add the body that took "
                  "over if it did")))
    return findings


def _roles(content: Content, sources: SourceMap) -> list[Finding]:
    """Roles that end after they start; one legal representative at a time, and the current one
    the organisation names."""
    findings = []
    holders: dict[str, list[tuple[str, int, dt.date | None, dt.date | None]]] = {}
    for person_id, person in content.people.items():
        for index, role in enumerate(person.roles):
            path = ("people", person_id, "roles", index)
            findings += _period(sources, path, role.since, role.until, "since", "until")
            if role.legal_representative:
                holders.setdefault(role.organisation, []).append((person_id, index, role.since,
                                                                   role.until))
    for org_id, spans in holders.items():
        findings += _overlaps(sources, org_id, spans)
        organisation = content.organisations.get(org_id)
        current = [person for person, _index, _since, until in spans if until is None]
        named = organisation.legal_representative if organisation is not None else None
        if named is not None and current and named not in current:
            findings.append(sources.finding(
                ("organisations", org_id, "legal_representative"),
                _("the legal representative recorded is {named}, but the roles make {current} the one in "
                  "office", named=named, current=current[0]),
                _("make the two agree (close the old role with `until:`, or correct "
                  "`legal_representative`)")))
    return findings


def _overlaps(sources: SourceMap, org_id: str,
              spans: Iterable[tuple[str, int, dt.date | None, dt.date | None]]) -> list[Finding]:
    ordered = sorted(spans, key=lambda span: span[2] or dt.date.min)
    findings = []
    for (person, _index, _since, until), (other, index, since, _until) in zip(ordered, ordered[1:]):
        if until is None or (since is not None and since <= until):
            start = short_date(since) if since else _("an unknown date")
            findings.append(sources.finding(
                ("people", other, "roles", index),
                _("{other} is legal representative of {body} from {start}, while {person} still is",
                  other=other, body=org_id, start=start, person=person),
                _("close the role of {person} (`until:` the day before)", person=person)))
    return findings
