"""The EU's support as the deliverables must acknowledge it: period, fund, statement.

Documents of an operation funded by the EU carry the Union's emblem with a statement beside
it: for 2014-2020, the name "Unione europea" and the fund (Reg. (UE) 1303/2013, Annex XII,
2.2; Reg. di esecuzione (UE) 821/2014, art. 3-4); for 2021-2027, "Cofinanziato dall'Unione
europea" (Reg. (UE) 2021/1060, art. 47 and 50, Annex IX). Which applies is data of the call:
its period, read from the operational programme's name or from the fund when not given.
"""

from __future__ import annotations

import re
from typing import Literal

from generator.model.base import Model, Text

ProgrammingPeriod = Literal["2014-2020", "2021-2027"]

FUNDS: dict[str, tuple[str, ProgrammingPeriod | None]] = {
    "FSE": ("Fondo sociale europeo", "2014-2020"),
    "FSE+": ("Fondo sociale europeo Plus", "2021-2027"),
    "FESR": ("Fondo europeo di sviluppo regionale", None),
    "FEASR": ("Fondo europeo agricolo per lo sviluppo rurale", None),
    "FEAMP": ("Fondo europeo per gli affari marittimi e la pesca", "2014-2020"),
    "FEAMPA": ("Fondo europeo per gli affari marittimi, la pesca e l'acquacoltura", "2021-2027"),
    "FTG": ("Fondo per una transizione giusta", "2021-2027"),
    "IOG": ("Iniziativa a favore dell'occupazione giovanile", "2014-2020"),
}
"""The EU funds by their Italian acronym: the name in full, and the one period the acronym
belongs to (None: a fund of both periods, whose period the call must tell)."""

STATEMENT_2021 = "Cofinanziato dall'Unione europea"
"""The statement of Reg. (UE) 2021/1060, Annex IX, in Italian."""

_YEARS = re.compile(r"\b(2014|2021)\s*[-–/]\s*(?:20)?(20|27)\b")


class Visibility(Model):
    """How the deliverables acknowledge the EU's support: the Union's emblem, with the
    statement of the period beside it, at the top of their first page."""

    eu_funded: bool = True
    """False for a call no EU fund supports: its deliverables carry no emblem nor statement."""
    period: ProgrammingPeriod | None = None
    """The programming period, 2014-2020 or 2021-2027, which words the statement; when left
    out, read from `operational_programme` ("PR FSE+ Toscana 2021-2027") or from the fund
    (FSE+ is of 2021-2027, FSE of 2014-2020)."""
    fund_name: Text | None = None
    """The fund's name in full ("Fondo sociale europeo"), for a fund fsegen does not know by
    its acronym (docs/how-to/eu-visibility.md lists those it knows)."""
    statement: Text | None = None
    """The statement beside the emblem, when the programme's rules word it otherwise ("Finanziato
    dall'Unione europea"); by default "Cofinanziato dall'Unione europea" (2021-2027), or "Unione
    europea" and the fund's name (2014-2020)."""


def funding_period(visibility: Visibility, fund: str, operational_programme: str) -> ProgrammingPeriod | None:
    """The period: the one given, else the years in the operational programme's name, else the
    fund's own; None when nothing tells it."""
    if visibility.period is not None:
        return visibility.period
    found = _YEARS.search(operational_programme)
    if found:
        return "2014-2020" if found.group(1) == "2014" else "2021-2027"
    return FUNDS.get(_acronym(fund), ("", None))[1]


def fund_name(visibility: Visibility, fund: str) -> str | None:
    """The fund in full: the name given, else the known acronym's; None when unknown."""
    if visibility.fund_name is not None:
        return visibility.fund_name
    known = FUNDS.get(_acronym(fund))
    return known[0] if known else None


def statement(visibility: Visibility, period: ProgrammingPeriod | None, fund: str | None) -> str | None:
    """The statement beside the emblem; None when the period (or, for 2014-2020, the fund's
    name) is not known."""
    if visibility.statement is not None:
        return visibility.statement
    if period == "2021-2027":
        return STATEMENT_2021
    if period == "2014-2020" and fund:
        return f"Unione europea – {fund}"
    return None


def _acronym(fund: str) -> str:
    return fund.strip().upper().replace(" ", "")
