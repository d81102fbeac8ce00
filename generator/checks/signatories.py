"""Documents are signed by the legal representative or a recorded delegate."""

from __future__ import annotations

from generator.errors import WARNING, Finding
from generator.formatting import short_date
from generator.model import Content
from generator.model.timeline import in_force, representative_on
from generator.sources import SourceMap


def signatories(content: Content, sources: SourceMap) -> list[Finding]:
    """The signatory is the legal representative, or a delegate whose delegation is recorded.

    Both on the document's date: the legal representative is the one in office then (the
    people's `roles`, when recorded), and a signatory whose recorded office there had ended
    cannot sign.

    Example: documents.integrazione-allegato-1.signatory: Dario Parravicini signs for Città Metropolitana di
        Milano, whose legal representative is Giuseppe Sala, and no delegation is recorded
    Fix: record the delegation (`delegation: Decreto ... del ...`) or have the legal representative sign.
    """
    findings = []
    for doc_id, document in content.documents.items():
        signatory = document.signatory
        if signatory is None:
            continue
        path = ("documents", doc_id, "signatory")
        org_id = signatory.on_behalf_of or content.programme.promoter
        organisation = content.organisations.get(org_id)
        person = content.people.get(signatory.person)
        if organisation is None or person is None:
            continue  # an unresolved reference: the references rule reports it
        roles = [role for role in person.roles if role.organisation == org_id]
        if roles and not any(in_force(role.since, role.until, document.date) for role in roles):
            ended = max((role.until for role in roles if role.until), default=None)
            findings.append(sources.finding(
                path, f"{person.name} signs for {organisation.name} on {short_date(document.date)}, "
                      "when no office of theirs there is recorded"
                      + (f" (the last ended on {short_date(ended)})" if ended else ""),
                "have the person in office sign, or correct the dates of the roles"))
            continue
        representative = representative_on(content, org_id, document.date)
        if representative == signatory.person or signatory.delegation:
            continue
        if representative is None:
            findings.append(sources.finding(
                path, f"the legal representative of {organisation.name} is not recorded, and "
                      f"no delegation of {person.name} is: the signatory cannot be checked",
                f"add `legal_representative:` to organisations.{org_id}, and `delegation:` "
                "to the signatory if someone else signs", severity=WARNING))
            continue
        lead = content.people.get(representative)
        findings.append(sources.finding(
            path, f"{person.name} signs for {organisation.name}, whose legal representative is "
                  f"{lead.name if lead else representative}, and no delegation is recorded",
            "record the act of delegation in `delegation:`, or have the legal representative sign"))
    return findings
