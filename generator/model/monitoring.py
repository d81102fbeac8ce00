"""Monitoring after the grant: indicators and targets, reporting periods, what each project
achieved and spent per period, and the scope of a progress report.

The plan is written by hand (`indicators`, `periods`, each project's `start`, `end`,
`targets` and acknowledged `deviations`); what was achieved and spent is imported from the
office's spreadsheet by `fsegen import monitoring` into `content/monitoring/*.yaml`
(`monitoring`), so that it is reviewed in Git like everything else. Percentages are never
stored: reports compute them (`percentage`), so that a typed one cannot drift.

ESF+ common indicator codes (`COMMON_INDICATORS`) are the codes of the common output
(EECO) and result (EECR) indicators of the ESF+ strand under shared management, as
programmes and SFC2021 number them after Annex I of Regulation (EU) 2021/1057; the names
below paraphrase that annex in English (the Italian name printed in reports is the
indicator's own `name`). A code starting with EEC must be one of them; any other code is a
programme-specific indicator, taken as written.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from generator.messages import _
from generator.model.base import Amount, Id, Model, Text, decimals, ref

COMMON_INDICATORS: dict[str, str] = {
    "EECO01": "total number of participants",
    "EECO02": "unemployed, including long-term unemployed",
    "EECO03": "long-term unemployed",
    "EECO04": "inactive",
    "EECO05": "employed, including self-employed",
    "EECO06": "children below 18 years of age",
    "EECO07": "young people aged between 18 and 29 years",
    "EECO08": "participants aged 55 and above",
    "EECO09": "with lower secondary education or less (ISCED 0-2)",
    "EECO10": "with upper secondary (ISCED 3) or post-secondary education (ISCED 4)",
    "EECO11": "with tertiary education (ISCED 5 to 8)",
    "EECO12": "participants with disabilities",
    "EECO13": "third-country nationals",
    "EECO14": "participants with a foreign background",
    "EECO15": "minorities (including marginalised communities such as Roma)",
    "EECO16": "homeless or affected by housing exclusion",
    "EECO17": "participants from rural areas",
    "EECO18": "public administrations or public services supported",
    "EECO19": "micro, small and medium-sized enterprises supported",
    "EECR01": "participants engaged in job searching upon leaving",
    "EECR02": "participants in education or training upon leaving",
    "EECR03": "participants gaining a qualification upon leaving",
    "EECR04": "participants in employment, including self-employment, upon leaving",
    "EECR05": "participants in employment, including self-employment, six months after leaving",
    "EECR06": "participants with an improved labour market situation six months after leaving",
}
"""ESF+ common indicators (Regulation (EU) 2021/1057, Annex I): code -> what it counts."""


def _quantity(value: Any) -> Any:
    """A count or measure as typed: never yes/no, never an Italian thousands separator."""
    if isinstance(value, bool):
        raise ValueError(_("yes/no/true/false is not a quantity: write the number, e.g. 75"))
    text = str(value).strip()
    if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", text):
        raise ValueError(_("{text} is not {digits}: in YAML a dot is the decimal point, not a "
                           "thousands separator; write {digits}", text=text, digits=text.replace(".", "")))
    try:
        number = Decimal(repr(value) if isinstance(value, float) else text)
    except (InvalidOperation, ValueError):
        raise ValueError(_("{text!r} is not a number: write it with digits, e.g. 75 or 12.5",
                           text=text)) from None
    if not number.is_finite() or number.adjusted() >= 9:
        raise ValueError(_("{text} is not a plausible quantity: check the digits", text=text))
    if decimals(number) > 2:
        raise ValueError(_("{text} has more than two decimals", text=text))
    return number


Quantity = Annotated[Decimal, Field(ge=0), BeforeValidator(_quantity)]
"""A count or measure (persons, traineeships, hours): a plain number, at most two decimals."""


def _code(value: str) -> str:
    if value.upper().startswith("EEC") and value not in COMMON_INDICATORS:
        raise ValueError(_("{value!r} is not an ESF+ common indicator code (they are EECO01-EECO19 "
                           "and EECR01-EECR06, in capitals)", value=value))
    return value


IndicatorCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=20),
                          AfterValidator(_code)]
"""An ESF+ common indicator code (EECO01...EECR06) or a programme-specific one."""


def percentage(part: Decimal | None, whole: Decimal | None, digits: int = 1) -> Decimal | None:
    """`part` as a percentage of `whole`, rounded half up to `digits` decimals; None when
    either is unknown or the whole is zero (a table prints a dash, never a typed figure)."""
    if part is None or whole is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-digits),
                                                          rounding=ROUND_HALF_UP)


MEASURES = frozenset({"ore", "giorni", "mesi", "anni", "settimane", "euro", "€", "%", "percentuale",
                      "km", "kg", "metri", "mq", "punti"})
"""Units of quantities that can have decimals; any other unit counts people or things."""


class Indicator(Model):
    """An indicator the programme monitors: what is counted, in which unit, and how."""

    name: Text
    """Name as reports print it ("Partecipanti presi in carico")."""
    unit: Text
    """Unit of measure, plural ("persone", "tirocini", "ore")."""
    definition: Text
    """What is counted and when, so every project counts the same way."""
    code: IndicatorCode | None = None
    """ESF+ common indicator code (EECO01, EECR04...) or the programme's own code."""
    kind: Literal["realizzazione", "risultato"] = "realizzazione"
    """Output (realizzazione) or result (risultato) indicator."""
    part_of: Id | None = ref("indicators", default=None)
    """An indicator whose count includes this one's (employed participants are participants):
    its total may never be smaller."""
    target: Quantity | None = None
    """The programme's own target, when the call or the grant sets one; otherwise reports use
    the sum of the projects' targets."""

    @property
    def counts(self) -> bool:
        """Whether it counts people or things (whole numbers only), as its unit says: hours,
        days, euro or a percentage can have decimals."""
        return " ".join(self.unit.casefold().split()) not in MEASURES


class Period(Model):
    """A reporting period (semestre, annualità) that monitoring data refers to."""

    name: Text
    """Name as reports print it ("I semestre di attività")."""
    start: dt.date
    """First day."""
    end: dt.date
    """Last day."""


class Deviation(Model):
    """An acknowledged deviation: spending on a budget line allowed above its budget."""

    line: Text
    """The budget line, exactly as its `item` in the project's budget."""
    amount: Amount
    """How much the line may exceed its budget, in euro."""
    act: Text
    """The act that acknowledges it ("Nota Regione Lombardia prot. ... del ...")."""
    date: dt.date | None = None
    """Date of the act."""


class Source(Model):
    """Where a project's figures for a period come from."""

    file: Text
    """The monitoring file they were imported from ("monitoraggio-2021.xlsx")."""
    sheet: Text | None = None
    """Its sheet, for a workbook."""
    row: int | None = Field(default=None, ge=1)
    """Its row (as the spreadsheet numbers it)."""
    date: dt.date
    """The date the figures were taken (dati al...)."""
    illustrative: bool = False
    """True when the figures are examples, not real monitoring data: reports say so."""
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """The SHA-256 of the file imported, so the figures can be traced to one version of it."""
    rows: int | None = Field(default=None, ge=0)
    """For figures totalled at import from a sheet of one row per participant or per
    expense: how many rows they total (`row` is then left out)."""


class Breakdown(Model):
    """An indicator's value in a period broken down as the regulation asks: by gender, age band
    at entry and labour-market status at entry (ids of the call's period's catalogue,
    generator/model/common_indicators.py). Each breakdown adds up to the value."""

    gender: dict[str, Quantity] = {}
    """Gender id (F, M; NB in 2021-2027) -> participants."""
    age: dict[str, Quantity] = {}
    """Age band id ("meno-di-25", "25-54", "oltre-54" in 2014-2020) -> participants."""
    status: dict[str, Quantity] = {}
    """Status at entry (disoccupato, inattivo, occupato) -> participants."""


class Record(Model):
    """What one project achieved and spent in one reporting period."""

    source: Source
    """Where the figures come from."""
    achieved: dict[Id, Quantity] = ref("indicators", default={})
    """Value achieved in the period, by indicator id (not cumulated)."""
    spent: dict[str, Amount] = {}
    """Expenditure in the period, by budget line (its `item`), in euro (not cumulated)."""
    breakdowns: dict[Id, Breakdown] = ref("indicators", default={})
    """By indicator id: its value in the period by gender, age and status (computed at import
    from one row per participant)."""


class ReportScope(Model):
    """What a progress report (relazione) covers."""

    stage: Literal["intermedia", "finale"]
    """An intermediate or the final report."""
    periods: list[Id] = ref("periods", min_length=1)
    """The reporting periods it covers, oldest first; figures are cumulated over them."""
