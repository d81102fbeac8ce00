"""Values as an office types them in a sheet of one row per participant or expense: dates
as date cells, Excel serial numbers or text; "Sì/No" answers in any case; amounts in euro."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from generator.importing.spreadsheets import Cell, as_date, as_number, as_text
from generator.messages import _
from generator.model.base import decimals

YES = frozenset({"sì", "si", "s", "x", "vero", "true", "1", "yes", "y"})
NO = frozenset({"no", "n", "falso", "false", "0", "-"})


def as_day(cell: Cell) -> dt.date:
    """A date: a date cell, an Excel serial number (44197 is 01/01/2021) or text as 15/07/2021."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) or (
            isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 5):
        serial = float(value)
        if not 20000 <= serial <= 80000:
            raise ValueError(_("{value} is not a date (an Excel date number is 20000-80000)", value=value))
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(serial))
    if cell.empty:
        raise ValueError(_("empty"))
    return as_date(cell)


def age_on(born: dt.date, day: dt.date) -> int:
    """Age in whole years on `day` of a person born on `born`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def as_amount(cell: Cell, decimal: str) -> Decimal:
    """An amount in euro ("1.250,50" with a decimal comma): never negative, at most two decimals,
    under a billion (a larger one is a typing slip)."""
    number = as_number(cell, decimal)
    if number < 0 or decimals(number) > 2 or number.adjusted() >= 9:
        raise ValueError(_("{number} is not an amount in euro (negative, more than two decimals or "
                           "implausible)", number=number))
    return number


def answer(cell: Cell) -> bool | None:
    """A "Sì/No" answer (an empty cell is No); None for anything else."""
    if cell.empty:
        return False
    if cell.value is True or cell.value is False:
        return bool(cell.value)
    text = as_text(cell).casefold().rstrip(".")
    return True if text in YES else False if text in NO else None


def span(project: Any) -> str:
    """A project's dates, dd/mm/yyyy-dd/mm/yyyy ("?" for one not known)."""
    start = f"{project.start:%d/%m/%Y}" if project.start else "?"
    end = f"{project.end:%d/%m/%Y}" if project.end else "?"
    return f"{start}-{end}"
