"""Documents are signed, by the legal representative or a delegate whose act is recorded."""

from __future__ import annotations

import datetime as dt
import re

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


REPRESENTATIVE = re.compile(r"^\s*(?:il|la|l')?\s*legale\s+rappresentante\s*$", re.IGNORECASE)
"""A signature line that says the signatory is the legal representative (not "Per il ...")."""


def delegations(content: Content, sources: SourceMap) -> list[Finding]:
    """A delegate signs as a delegate, under an act dated before the document that cites it.

    The signature block prints the act of delegation under the name: an act dated after the
    document cannot have let the person sign it. And a person who is not the legal
    representative on the document's date (a delegate) never signs as "Il Legale
    Rappresentante", but "Per il Legale Rappresentante", "Il Delegato"...

    Example: documents.formulario.date: the delegation of Giulia Rossini (decreto del Presidente n. 12
        of 01/05/2024) is dated after formulario (22/04/2024), which cites it
    Fix: correct the date of the act or of the document; write the capacity of a delegate ("Per il
        Legale Rappresentante").
    """
    findings = []
    for doc_id, document in content.documents.items():
        signatory = document.signatory
        if signatory is None or signatory.person is None:
            continue  # no signature block, or the legal representative signs: no delegate
        person = content.people.get(signatory.person)
        if person is None:
            continue
        act = person.delegation
        if act is not None and act.date > document.date:
            what = f"{act.kind} n. {act.number}" if act.number else act.kind
            findings.append(sources.finding(
                ("documents", doc_id, "date"),
                _("the delegation of {person} ({act} of {date}) is dated after {document} ({day}), which "
                  "cites it", person=person.name, act=what, date=short_date(act.date), document=doc_id,
                  day=short_date(document.date)),
                _("correct the date of the act or of the document")))
        org_id = signatory.on_behalf_of or content.programme.promoter
        representative = representative_on(content, org_id, document.date)
        delegate = act is not None or (representative is not None and representative != signatory.person)
        if signatory.capacity and REPRESENTATIVE.match(signatory.capacity) and delegate:
            findings.append(sources.finding(
                ("documents", doc_id, "signatory", "capacity"),
                _('{person} signs {document} as "{capacity}", but is a delegate, not the legal '
                  "representative", person=person.name, document=doc_id, capacity=signatory.capacity.strip()),
                _('write the capacity of a delegate ("Per il Legale Rappresentante", "Il Delegato")')))
    return findings
