"""Italian formatting helpers, registered as Jinja filters for the templates.

Template authors write `{{ scadenza | data_lunga }}` or `{{ budget | importo }}`
and get the form an Italian public document expects, so no template has to
spell out date patterns, number grouping or currency placement itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "it_IT"

_CENT = Decimal("0.01")


def _as_date(value: object, filter_name: str) -> datetime.date:
    """Dates only: a string like "2020-07-20" would be a content bug to surface."""
    # datetime.datetime is a subclass of date; keep only its calendar day.
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(
        f"{filter_name}: expected a date, got {type(value).__name__} {value!r}; "
        "write dates in the YAML as YYYY-MM-DD without quotes"
    )


def long_date(value: datetime.date) -> str:
    """Date in words for running text: "20 luglio 2020"; the first of the month is "1º"."""
    day = _as_date(value, "data_lunga")
    text = format_date(day, "long", locale=LOCALE)
    return "1º" + text[1:] if day.day == 1 else text


def short_date(value: datetime.date) -> str:
    """Numeric date for tables: "20/07/2020".

    Babel's "short" format has a two-digit year, which official documents avoid.
    """
    return format_date(_as_date(value, "data"), "dd/MM/yyyy", locale=LOCALE)


def _fix_tre_accent(words: str) -> str:
    """Put the accent back on compounds ending in "tre" ("ventitre" -> "ventitré").

    num2words 0.5.14 drops it for some numbers (123, 2023). Only the last word
    is a compound: a standalone "tre" ("un milione e tre") keeps no accent.
    """
    head, sep, last = words.rpartition(" ")
    if last.endswith("tre") and len(last) > len("tre"):
        last = last[:-3] + "tré"
    return head + sep + last


def month_year(value: datetime.date) -> str:
    """Month and year for running text: "giugno 2019"."""
    return format_date(_as_date(value, "mese_anno"), "LLLL yyyy", locale=LOCALE)


def number_words(value: int) -> str:
    """Italian words for a count, as legal texts repeat numbers in letters."""
    if isinstance(value, bool):
        raise TypeError(f"in_lettere: expected a whole number, got a boolean {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"in_lettere: expected a whole number, got {value!r}")
        value = int(value)
    if not isinstance(value, int):
        raise TypeError(
            f"in_lettere: expected a whole number, got {type(value).__name__} {value!r}"
        )
    if value < 0:
        raise ValueError(f"in_lettere: negative numbers are not supported, got {value}")
    from num2words import num2words  # imports every language it has: only prose that counts pays

    return _fix_tre_accent(num2words(value, lang="it"))


def _as_decimal(value: object, filter_name: str) -> Decimal:
    """Exact decimal for money and percentages, so float noise never shows.

    Floats go through repr(), the shortest string that round-trips, so that
    0.1 + 0.2 becomes 0.30000000000000004 and rounds to 0.30, and 2.675
    stays 2.675 instead of 2.67499999... Strings use Python syntax ("1234.5").
    """
    if isinstance(value, bool):
        raise TypeError(f"{filter_name}: expected a number, got a boolean {value!r}")
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
                f"{filter_name}: {value!r} is not a number; "
                "write it with a decimal point and no thousands separator, e.g. 1234.50"
            ) from None
    else:
        raise TypeError(
            f"{filter_name}: expected a number, got {type(value).__name__} {value!r}"
        )
    if not number.is_finite():
        raise ValueError(f"{filter_name}: expected a finite number, got {value!r}")
    return number


def _round_half_up(number: Decimal, exponent: Decimal) -> Decimal:
    """Round as accountants do (half up), and never print "-0,00"."""
    rounded = number.quantize(exponent, rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def amount(value: int | float | Decimal | str) -> str:
    """Euro amount: "1.234,50 €", rounded half up to the cent.

    The space before "€" is a NO-BREAK SPACE (U+00A0), as babel's Italian data
    gives it, so Word never wraps the symbol onto its own line.
    """
    cents = _round_half_up(_as_decimal(value, "importo"), _CENT)
    return format_currency(cents, "EUR", locale=LOCALE)


def percent(value: int | float | Decimal | str, digits: int = 1) -> str:
    """Percentage from a percentage number: 12.5 -> "12,5%" (not 0.125)."""
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise ValueError(f"percentuale: digits must be a whole number >= 0, got {digits!r}")
    number = _round_half_up(_as_decimal(value, "percentuale"), Decimal(1).scaleb(-digits))
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(number, format=pattern, locale=LOCALE) + "%"


def number(value: int | float | Decimal | str) -> str:
    """A count or measure in Italian: 1234 -> "1.234", 12.5 -> "12,5" (at most two decimals)."""
    rounded = _round_half_up(_as_decimal(value, "numero"), _CENT)
    return format_decimal(rounded, format="#,##0.##", locale=LOCALE)


def join_words(items: Iterable[object], last: str = "e") -> str:
    """Italian enumeration: "a, b e c" (or "a, b o c" with last="o")."""
    if isinstance(items, (str, bytes)):
        # A bare string would otherwise be split into its letters.
        raise TypeError(f"elenco: expected a list, got a string {items!r}")
    words = [str(item) for item in items]
    if not words:
        # An empty enumeration would leave a hole in a sentence of the deliverable.
        raise ValueError("elenco: the list is empty; guard the sentence with {% if ... %}")
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


# Jinja filter names are Italian: the template authors are Italian policy officers.
FILTERS: dict[str, Callable[..., str]] = {
    "data_lunga": long_date,
    "data": short_date,
    "mese_anno": month_year,
    "in_lettere": number_words,
    "importo": amount,
    "percentuale": percent,
    "numero": number,
    "elenco": join_words,
}
