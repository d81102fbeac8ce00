"""Documents are signed by the legal representative or a recorded delegate."""

from __future__ import annotations

from generator.errors import WARNING, Finding
from generator.model import Content
from generator.sources import SourceMap


def signatories(content: Content, sources: SourceMap) -> list[Finding]:
    """The signatory is the legal representative, or a delegate whose delegation is recorded.

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
        representative = organisation.legal_representative
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
