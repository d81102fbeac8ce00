"""Whether a signature's certificate is the signatory the deliverable declares.

An evaluating office checks that a file is signed by the person who, by the file's own
signature block, signs it: the legal representative or the delegate the content names. A
qualified certificate names its holder in its subject: the common name ("Mario Rossi",
"ROSSI MARIO"), or given name and surname; an Italian one carries the holder's codice fiscale
as `serialNumber` ("TINIT-RSSMRA80A01H501U", ETSI EN 319 412-1; older ones "IT:..." or the
bare code). The names are compared as words, in any order, without accents or case; the
codice fiscale, when the certificate carries one and the person's is recorded, must be
the same. Nothing here prints: the problems are sentences for a refusal or a finding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.messages import _

FISCAL_CODE = re.compile(r"^(?:TINIT-|IT:)?([A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z]"
                         r"[0-9LMNPQRSTUV]{3}[A-Z])$")


@dataclass(frozen=True)
class Declared:
    """Who a deliverable's file declares signs it (the content's person)."""

    output: str
    """The file's output id (`dichiarazione-partenariato-ripartire-pellicano`)."""
    name: str
    """The person's name as the content records it."""
    fiscal_code: str | None
    """The person's codice fiscale, when recorded."""
    person: str | None = None
    """The person's id under `people:`."""


@dataclass(frozen=True)
class Holder:
    """Who a certificate says holds it."""

    name: str
    """Its common name, or given name and surname."""
    fiscal_code: str | None
    """The codice fiscale in its subject's serialNumber, if any."""


def holder(certificate: bytes) -> Holder:
    """The holder named by a DER certificate's subject."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    subject = x509.load_der_x509_certificate(certificate).subject

    def first(oid: x509.ObjectIdentifier) -> str:
        found = subject.get_attributes_for_oid(oid)
        return str(found[0].value) if found else ""

    name = first(NameOID.COMMON_NAME) or f"{first(NameOID.GIVEN_NAME)} {first(NameOID.SURNAME)}".strip()
    code = None
    for attribute in subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        match = FISCAL_CODE.match(str(attribute.value).strip().upper())
        if match:
            code = match.group(1)
    return Holder(name or subject.rfc4514_string(), code)


def _words(name: str) -> list[str]:
    """The words of a name, sorted: no accents, no case, no punctuation, no codice fiscale."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    kept = " ".join(t for t in re.split(r"[\s/,;]+", plain) if not FISCAL_CODE.match(t.upper()))
    return sorted(w for w in re.split(r"[^a-z]+", kept.casefold()) if w)


def identity_problems(certificate: bytes, declared: Declared) -> list[str]:
    """Why the certificate is not the declared signatory's: another name, another codice fiscale."""
    found = holder(certificate)
    problems: list[str] = []
    if _words(found.name) != _words(declared.name):
        problems.append(_("the certificate is {holder}'s, but {output} declares that {name} signs it",
                          holder=found.name, output=declared.output, name=declared.name))
    if found.fiscal_code and declared.fiscal_code \
            and found.fiscal_code != declared.fiscal_code.strip().upper():
        problems.append(_("the certificate carries the codice fiscale {fiscal_code}, but {name}'s is "
                          "{declared}", fiscal_code=found.fiscal_code, name=declared.name,
                          declared=declared.fiscal_code.upper()))
    return problems
