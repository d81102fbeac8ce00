"""Identifiers carry valid check digits: partita IVA, codice fiscale, CUP."""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

from generator.errors import Finding
from generator.model import Content
from generator.sources import SourceMap

CUP = re.compile(r"[A-Z]\d{2}[A-Z]\d{11}")


def _problem(value: str, module, label: str) -> str | None:
    try:
        module.validate(value)
    except StdnumError as error:
        return f"{value!r} is not a valid {label}: {error.message.lower().rstrip('.')}"
    return None


def identifiers(content: Content, sources: SourceMap) -> list[Finding]:
    """Partita IVA and codice fiscale checksums are valid; a CUP has the right format.

    Example: organisations.aspc-castano.vat_number: '05060480969' is not a valid partita IVA
    Fix: copy the number again from the body's official record (the checksum digit is wrong).
    """
    findings = []
    hint = "copy the number again from the body's official record (Agenzia delle Entrate)"
    for org_id, org in content.organisations.items():
        path = ("organisations", org_id)
        if org.vat_number is not None:
            problem = _problem(org.vat_number, iva, "partita IVA")
            if problem:
                findings.append(sources.finding(path + ("vat_number",), problem, hint))
        if org.fiscal_code is not None:
            numeric = org.fiscal_code.isdigit()
            problem = _problem(org.fiscal_code, iva if numeric else codicefiscale,
                               "codice fiscale" + (" (numeric, as for a body)" if numeric else ""))
            if problem:
                findings.append(sources.finding(path + ("fiscal_code",), problem, hint))
    for project_id, project in content.projects.items():
        if project.cup is not None and not CUP.fullmatch(project.cup):
            findings.append(sources.finding(
                ("projects", project_id, "cup"),
                f"{project.cup!r} is not a CUP (15 characters: letter, 2 digits, letter, 11 digits)",
                "copy the Codice Unico di Progetto as assigned by the CUP system"))
    return findings
