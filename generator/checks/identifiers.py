"""Identifiers carry valid check digits: partita IVA, codice fiscale, CUP.

python-stdnum decides whether a number is valid; the message is ours, and says which
part of the number is wrong in the terms of the Agenzia delle Entrate: the length, the
numero di matricola, the codice dell'ufficio provinciale, the carattere di controllo,
and for a person's codice fiscale the part (surname, name, year, month or day of birth,
codice catastale of the place of birth) that cannot be.
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

from generator.errors import Finding
from generator.messages import Message, _
from generator.model import Content
from generator.sources import SourceMap

CUP = re.compile(r"[A-Z]\d{2}[A-Z]\d{11}")
HINT = _("copy the number again from the body's official record (the Agenzia delle Entrate's "
         "check of a partita IVA, or the body's own acts)")
OMOCODIA = "0123456789LMNPQRSTUV"
"""A digit of a person's codice fiscale, or the letter that replaces it in a homocode."""

PERSON_PARTS = (
    (range(0, 3), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", _("the surname (characters 1-3) must be letters")),
    (range(3, 6), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", _("the name (characters 4-6) must be letters")),
    (range(6, 8), OMOCODIA, _("the year of birth (characters 7-8) must be two digits")),
    (range(8, 9), "ABCDEHLMPRST", _("the month of birth (character 9) must be one of the letters "
                                    "A B C D E H L M P R S T")),
    (range(9, 11), OMOCODIA, _("the day of birth (characters 10-11) must be two digits")),
    (range(11, 12), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", _("the codice catastale of the place of birth "
                                                    "(characters 12-15) must start with a letter")),
    (range(12, 15), OMOCODIA, _("the codice catastale of the place of birth (characters 12-15) "
                                "must end with three digits")),
    (range(15, 16), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", _("the carattere di controllo (character 16) "
                                                    "must be a letter")),
)


def numeric_problem(value: str, label: str) -> Message | None:
    """What is wrong with an 11-digit partita IVA (or a body's numeric codice fiscale)."""
    number = iva.compact(value)
    said = f"{label} {value!r}"
    try:  # InvalidLength and InvalidComponent are kinds of InvalidFormat: they come first
        iva.validate(number)
    except InvalidLength:
        return _("{number} has {count} digits instead of 11", number=said, count=len(number))
    except InvalidComponent:
        return _("{number} has {office} as codice dell'ufficio provinciale (digits 8-10), which is no "
                 "office of the Agenzia delle Entrate (001-100, 120, 121, 888 or 999)", number=said,
                 office=number[7:10])
    except InvalidFormat:
        if not number.isdigit():
            return _("{number} has characters that are not digits: it is 11 digits", number=said)
        return _("{number} has a numero di matricola (digits 1-7) of all zeros, which the Agenzia "
                 "delle Entrate never assigns", number=said)
    except InvalidChecksum:
        return _("{number}: its cifra di controllo (the last digit, {digit}) does not match the first "
                 "ten digits, so one of them is mistyped", number=said, digit=number[-1])
    except StdnumError as error:
        return _("{number} is not valid: {reason}", number=said, reason=_reason(error))
    return None


def person_problem(value: str) -> Message | None:
    """What is wrong with a person's 16-character codice fiscale."""
    code = codicefiscale.compact(value)
    label = f"codice fiscale {value!r}"
    try:
        codicefiscale.validate(code)
    except InvalidLength:
        return _("{number} has {count} characters: a person's has 16 (and a body's, 11 digits)",
                 number=label, count=len(code))
    except InvalidFormat:
        for positions, allowed, what in PERSON_PARTS:
            if any(code[i] not in allowed for i in positions):
                return _("{number}: {what}", number=label, what=what)
        return _("{number} is not in the form of a codice fiscale", number=label)
    except InvalidChecksum:
        return _("{number}: its carattere di controllo (the 16th, {character}) does not match the first "
                 "15 characters, so one of them is mistyped", number=label, character=code[15])
    except InvalidComponent:
        return _("{number}: the date of birth it encodes (characters 7-11, {part}) does not exist: the "
                 "day is 01-31 for men and 41-71 for women", number=label, part=code[6:11])
    except StdnumError as error:
        return _("{number} is not valid: {reason}", number=label, reason=_reason(error))
    return None


def _reason(error: StdnumError) -> str:
    """What python-stdnum says is wrong: the `message` of its error's class."""
    return str(getattr(error, "message", error)).lower().rstrip(".")


def fiscal_code_problem(value: str) -> Message | None:
    """A codice fiscale: 11 digits for a body, 16 characters for a person."""
    if iva.compact(value).isdigit():
        return numeric_problem(value, "codice fiscale")
    return person_problem(value)


def identifiers(content: Content, sources: SourceMap) -> list[Finding]:
    """Partita IVA and codice fiscale are valid (length, office code, check digit); a CUP has the right form.

    Example: organisations.aspc-castano.vat_number: partita IVA '05060480969': its cifra di controllo
        (the last digit, 9) does not match the first ten digits, so one of them is mistyped
    Fix: copy the number again from the body's official record (the Agenzia delle Entrate's check).
    """
    findings = []
    for org_id, org in content.organisations.items():
        path = ("organisations", org_id)
        if org.vat_number is not None:
            problem = numeric_problem(org.vat_number, "partita IVA")
            if problem:
                findings.append(sources.finding(path + ("vat_number",), problem, HINT))
        if org.fiscal_code is not None:
            problem = fiscal_code_problem(org.fiscal_code)
            if problem:
                findings.append(sources.finding(path + ("fiscal_code",), problem, HINT))
    for person_id, person in content.people.items():
        if person.fiscal_code is not None:
            problem = person_problem(person.fiscal_code)
            if problem:
                findings.append(sources.finding(("people", person_id, "fiscal_code"), problem, HINT))
    for project_id, project in content.projects.items():
        if project.cup is not None and not CUP.fullmatch(project.cup):
            findings.append(sources.finding(
                ("projects", project_id, "cup"),
                _("{cup!r} is not a CUP (15 characters: letter, 2 digits, letter, 11 digits)",
                  cup=project.cup),
                _("copy the Codice Unico di Progetto as assigned by the CUP system")))
    return findings
