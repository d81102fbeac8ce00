"""Italian formatting helpers, registered as Jinja filters for the templates.

Template authors write `{{ scadenza | data_lunga }}` or `{{ budget | importo }}`
and get the form an Italian public document expects, so no template has to
spell out date patterns, number grouping or currency placement itself.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import overload

from babel.core import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from generator.messages import _
from generator.templating.filters.grammar import FIRST_OF_MONTH, GRAMMAR_FILTERS
from generator.templating.filters.words import LOCALE, as_date, join_words, number_words

__all__ = ["FILTERS", "LOCALE", "amount", "grouped", "join_words", "long_date", "month_year",
           "number_words", "percent", "short_date"]

_CENT = Decimal("0.01")


def long_date(value: datetime.date) -> str:
    """Date in words for running text: "20 luglio 2020"; the first of the month is "1°"
    (the degree sign, as `il_giorno` writes it: see grammar.FIRST_OF_MONTH)."""
    day = as_date(value, "data_lunga")
    if getattr(day, "unfilled", False):
        return str(day)  # DA COMPILARE
    text = format_date(day, "long", locale=LOCALE)
    return FIRST_OF_MONTH + text[1:] if day.day == 1 else text


def short_date(value: datetime.date) -> str:
    """Numeric date for tables: "20/07/2020".

    Babel's "short" format has a two-digit year, which official documents avoid.
    """
    day = as_date(value, "data")
    return str(day) if getattr(day, "unfilled", False) else format_date(day, "dd/MM/yyyy", locale=LOCALE)


def month_year(value: datetime.date) -> str:
    """Month and year for running text: "giugno 2019"."""
    day = as_date(value, "mese_anno")
    return str(day) if getattr(day, "unfilled", False) else format_date(day, "LLLL yyyy", locale=LOCALE)


def _as_decimal(value: object, filter_name: str) -> Decimal:
    """Exact decimal for money and percentages, so float noise never shows.

    Floats go through repr(), the shortest string that round-trips, so that
    0.1 + 0.2 becomes 0.30000000000000004 and rounds to 0.30, and 2.675
    stays 2.675 instead of 2.67499999... Strings use Python syntax ("1234.5").
    """
    if isinstance(value, bool):
        raise TypeError(_("{filter_name}: expected a number, got a boolean {value!r}",
                          filter_name=filter_name, value=value))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(
                _("{filter_name}: {value!r} is not a number; write it with a decimal point and no "
                  "thousands separator, e.g. 1234.50", filter_name=filter_name, value=value)
            ) from None
    else:
        raise TypeError(
            _("{filter_name}: expected a number, got {name} {value!r}", filter_name=filter_name,
              name=type(value).__name__, value=value)
        )
    if not number.is_finite():
        raise ValueError(_("{filter_name}: expected a finite number, got {value!r}",
                           filter_name=filter_name, value=value))
    return number


def _round_half_up(number: Decimal, exponent: Decimal) -> Decimal:
    """Round as accountants do (half up), and never print "-0,00"."""
    rounded = number.quantize(exponent, rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _approximately(value: object, text: str) -> str:
    """"circa " before a value the content marks as approximate (`circa 150000`)."""
    return f"circa {text}" if getattr(value, "approximate", False) else text


@overload
def amount(value: int | float | Decimal | str) -> str: ...


@overload
def amount(value: None) -> None: ...


def amount(value: int | float | Decimal | str | None) -> str | None:
    """Euro amount: "1.234,50 €", rounded half up to the cent; "circa 150.000,00 €" for an
    amount the content gives as approximate.

    The space before "€" is a NO-BREAK SPACE (U+00A0), as babel's Italian data
    gives it, so Word never wraps the symbol onto its own line. An unknown amount
    (None) stays unknown, never 0: printing it is a missing fact, an error unless
    the build is a draft, which prints "—".
    """
    if value is None:
        return None
    cents = _round_half_up(_as_decimal(value, "importo"), _CENT)
    return _approximately(value, _euro(cents))


def percent(value: int | float | Decimal | str | None, digits: int = 1) -> str | None:
    """Percentage from a percentage number: 12.5 -> "12,5%" (not 0.125); "circa 12,5%" for
    an approximate one; an unknown one (None) stays unknown, as for `importo`."""
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise ValueError(_("percentuale: digits must be a whole number >= 0, got {digits!r}", digits=digits))
    if value is None:
        return None
    number = _round_half_up(_as_decimal(value, "percentuale"), Decimal(1).scaleb(-digits))
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _approximately(value, _decimal(number, pattern) + "%")


@functools.lru_cache(maxsize=4096)
def _euro(cents: Decimal) -> str:
    """Babel's Italian euro amount, once per amount (a table repeats them; babel takes 50 µs)."""
    return format_currency(cents, "EUR", locale=_italian())


@functools.lru_cache(maxsize=4096)
def _decimal(number: Decimal, pattern: str) -> str:
    return format_decimal(number, format=pattern, locale=_italian())


@functools.cache
def _italian() -> Locale:
    """The locale parsed once (babel parses a locale's name at every call)."""
    return Locale.parse(LOCALE)


def grouped(value: int | Decimal | None) -> str | None:
    """A count or quantity with Italian digit grouping: 23412 -> "23.412", 12.5 -> "12,5" (at
    most two decimals, rounded half up); "circa 23.000" for an approximate one; None stays
    unknown, as for `importo`."""
    if value is None:
        return None
    number = _round_half_up(_as_decimal(value, "numero"), _CENT)
    return _approximately(value, _decimal(number, "#,##0.##"))


# Jinja filter names are Italian: the template authors are Italian policy officers.
# One registry: these and the grammar's (articles, agreement, dates with their article).
FILTERS: dict[str, Callable[..., str | None]] = {
    "data_lunga": long_date,
    "data": short_date,
    "mese_anno": month_year,
    "in_lettere": number_words,
    "importo": amount,
    "percentuale": percent,
    "numero": grouped,
    "elenco": join_words,
    **GRAMMAR_FILTERS,
}
