"""Documents are signed, by the legal representative or a delegate whose act is recorded."""

from __future__ import annotations

import datetime as dt

from generator.errors import WARNING, Finding
from generator.messages import _
from generator.model import Content, Organisation, Person
from generator.model.timeline import in_force, representative_on
from generator.sources import SourceMap
from generator.templating.filters.formatting import short_date


def signatories(content: Content, sources: SourceMap) -> list[Finding]:
    """A deliverable has a signatory: the legal representative, or a delegate with a recorded act.

    The delegation is recorded once, on the person (`delegation:` with the act's kind, number
    and date); a document without signatory is a warning.

    Both on the document's date: the legal representative is the one in office then (the
    people's `roles`, when recorded), and a signatory whose recorded office there had ended
    cannot sign.

    Example: documents.integrazione-allegato-1.signatory: Dario Parravicini signs for Città Metropolitana di
        Milano, whose legal representative is Giuseppe Sala, and no delegation is recorded
    Fix: record the act of delegation on the person (`people.ID.delegation: {kind, number, date}`), or have
        the legal representative sign; give every deliverable a `signatory:`.
    """
    findings = []
    for doc_id, document in content.documents.items():
        signatory = document.signatory
        path = ("documents", doc_id, "signatory")
        if signatory is None:
            findings.append(sources.finding(
                ("documents", doc_id), _("document {id!r} has no signatory: it prints no signature "
                                         "block", id=doc_id),
                _("add `signatory:` (person, capacity, on_behalf_of)"), severity=WARNING))
            continue
        if signatory.person is None:
            continue  # the body's legal representative signs: entitled by definition
        org_id = signatory.on_behalf_of or content.programme.promoter
        organisation = content.organisations.get(org_id)
        person = content.people.get(signatory.person)
        if organisation is None or person is None:
            continue  # an unresolved reference: the references rule reports it
        out_of_office = _out_of_office(sources, path, person, organisation, org_id, document.date)
        if out_of_office is not None:
            findings.append(out_of_office)
            continue
        representative = representative_on(content, org_id, document.date)
        delegated = person.delegation is not None and \
            (person.delegation.organisation or person.organisation) == org_id
        if representative == signatory.person or signatory.delegation or delegated:
            continue
        findings.append(_not_entitled(content, sources, path, person, organisation, org_id,
                                      representative))
    return findings


def _not_entitled(content: Content, sources: SourceMap, path: tuple, person: Person,
                  organisation: Organisation, org_id: str, representative: str | None) -> Finding:
    """Why a signatory who neither represents the body nor holds its delegation cannot sign."""
    if person.delegation is not None:
        return sources.finding(
            path, _("{person} signs for {body}, but the delegation recorded is for another body",
                    person=person.name, body=organisation.name),
            _("set `delegation.organisation: {id}` on the person, or sign for the body of the "
              "delegation", id=org_id))
    if representative is None:
        return sources.finding(
            path, _("the legal representative of {body} is not recorded, and no delegation of {person} "
                    "is: the signatory cannot be checked", body=organisation.name, person=person.name),
            _("add `legal_representative:` to organisations.{id}, and `delegation:` to the person if "
              "someone else signs", id=org_id), severity=WARNING)
    lead = content.people.get(representative)
    return sources.finding(
        path, _("{person} signs for {body}, whose legal representative is {representative}, and no "
                "delegation is recorded", person=person.name, body=organisation.name,
                representative=lead.name if lead else representative),
        _("record the act of delegation on the person (`delegation:`), or have the legal "
          "representative sign"))


def _out_of_office(sources: SourceMap, path: tuple, person: Person, organisation: Organisation,
                   org_id: str, day: dt.date) -> Finding | None:
    """A signatory whose recorded offices in the body had all ended (or not begun) on `day`."""
    roles = [role for role in person.roles if role.organisation == org_id]
    if not roles or any(in_force(role.since, role.until, day) for role in roles):
        return None
    ended = max((role.until for role in roles if role.until), default=None)
    message = _("{person} signs for {body} on {day}, when no office of theirs there is recorded",
                person=person.name, body=organisation.name, day=short_date(day))
    if ended:
        message = _("{message} (the last ended on {day})", message=message, day=short_date(ended))
    return sources.finding(path, message,
                           _("have the person in office sign, or correct the dates of the roles"))
