"""Italian formatting filters: exact strings, since they land in official documents."""

import datetime
from decimal import Decimal

import pytest

from generator.templating.filters.formatting import (
    FILTERS,
    amount,
    grouped,
    in_words,
    join_words,
    long_date,
    month_year,
    number_words,
    percent,
    short_date,
)
from generator.templating.filters.grammar import GRAMMAR_FILTERS

NBSP = "\u00a0"


# --- dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2020, 7, 20), "20 luglio 2020"),
        (datetime.date(2021, 1, 1), "1\u00b0 gennaio 2021"),  # the degree sign, as il_giorno
        (datetime.date(2027, 12, 31), "31 dicembre 2027"),
        (datetime.datetime(2020, 7, 20, 23, 59), "20 luglio 2020"),
    ],
)
def test_long_date(value, expected):
    assert long_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2020, 7, 20), "20/07/2020"),
        (datetime.date(2021, 1, 5), "05/01/2021"),
        (datetime.datetime(2003, 2, 9, 8, 0), "09/02/2003"),
    ],
)
def test_short_date_has_four_digit_year(value, expected):
    assert short_date(value) == expected


@pytest.mark.parametrize("func", [long_date, short_date])
@pytest.mark.parametrize("value", ["2020-07-20", 20200720, None])
def test_dates_refuse_non_dates(func, value):
    with pytest.raises(TypeError, match="expected a date"):
        func(value)


# --- numbers in words ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "zero"),
        (1, "uno"),
        (3, "tre"),
        (5, "cinque"),
        (7, "sette"),
        (13, "tredici"),
        (23, "ventitré"),
        (33, "trentatré"),
        (103, "centotré"),
        (123, "centoventitré"),
        (1003, "milletré"),
        (2023, "duemilaventitré"),
        (1_000_003, "un milione e tre"),
        (1_000_023, "un milione e ventitré"),
        (5.0, "cinque"),
        # num2words 0.5.14 writes "centodicotto": no Italian numeral contains "dicotto"
        (118, "centodiciotto"),
        (218, "duecentodiciotto"),
        (918, "novecentodiciotto"),
        (1118, "millecentodiciotto"),
        (118_000, "centodiciottomila"),
    ],
)
def test_number_words(value, expected):
    assert number_words(value) == expected


def test_the_words_of_days_and_small_counts_are_num2words_own():
    """0-31 come from a table (num2words costs a tenth of a small check to import): the
    very words num2words gives, its missing accent on "ventitré" put back."""
    from num2words import num2words

    from generator.templating.filters.words import DAYS_AND_SMALL_COUNTS

    assert len(DAYS_AND_SMALL_COUNTS) == 32
    assert list(DAYS_AND_SMALL_COUNTS) == [
        num2words(n, lang="it").replace("ventitre", "ventitré") for n in range(32)]


def test_number_words_never_ends_in_unaccented_compound_tre():
    for n in range(4, 3000):
        words = number_words(n)
        last = words.split(" ")[-1]
        assert not (last.endswith("tre") and last != "tre"), (n, words)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (True, TypeError, "boolean"),
        (False, TypeError, "boolean"),
        (-1, ValueError, "negative"),
        (2.5, ValueError, "whole number"),
        ("5", TypeError, "whole number"),
        (Decimal("5"), TypeError, "whole number"),
        (None, TypeError, "whole number"),
    ],
)
def test_number_words_refuses(value, error, message):
    with pytest.raises(error, match=message):
        number_words(value)


# --- amounts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, f"1.234,50{NBSP}€"),
        (0, f"0,00{NBSP}€"),
        (Decimal("1700000"), f"1.700.000,00{NBSP}€"),
        (0.1 + 0.2, f"0,30{NBSP}€"),
        ("2.675", f"2,68{NBSP}€"),
        (2.675, f"2,68{NBSP}€"),
        (0.005, f"0,01{NBSP}€"),
        (" 1234.5 ", f"1.234,50{NBSP}€"),
        (-1234.5, f"-1.234,50{NBSP}€"),
        (-0.001, f"0,00{NBSP}€"),
        (999, f"999,00{NBSP}€"),
    ],
)
def test_amount(value, expected):
    assert amount(value) == expected


def test_amount_uses_no_break_space_before_euro():
    text = amount(10)
    assert text[-2:] == f"{NBSP}€"
    assert " " not in text


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (True, TypeError),
        ([1], TypeError),  # None is an unknown amount: see test_approximate_and_unknown_values
        ("1.234,50", ValueError),
        ("mille", ValueError),
        ("NaN", ValueError),
        (float("inf"), ValueError),
    ],
)
def test_amount_refuses(value, error):
    with pytest.raises(error, match="importo"):
        amount(value)


# --- percentages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((12.5,), "12,5%"),
        ((12,), "12,0%"),
        ((12.25,), "12,3%"),
        ((Decimal("33.333"), 2), "33,33%"),
        (("40", 0), "40%"),
        ((1234.5,), "1.234,5%"),
        ((0.1 + 0.2, 2), "0,30%"),
    ],
)
def test_percent(args, expected):
    assert percent(*args) == expected


@pytest.mark.parametrize("digits", [-1, 1.5, True])
def test_percent_refuses_bad_digits(digits):
    with pytest.raises(ValueError, match="digits"):
        percent(10, digits)


def test_percent_refuses_non_numbers():
    with pytest.raises(TypeError, match="percentuale"):
        percent([12])


# --- lists ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "last", "expected"),
    [
        (["a"], "e", "a"),
        (["a", "b"], "e", "a e b"),
        (["a", "b", "c"], "e", "a, b e c"),
        (["Lazio", "Puglia", "Sicilia", "Veneto"], "e", "Lazio, Puglia, Sicilia e Veneto"),
        (["a", "b", "c"], "o", "a, b o c"),
        ((1, 2, 3), "e", "1, 2 e 3"),
        ((x for x in ["x", "y"]), "o", "x o y"),
    ],
)
def test_join_words(items, last, expected):
    assert join_words(items, last=last) == expected


def test_join_words_default_conjunction_is_e():
    assert join_words(["a", "b"]) == "a e b"


def test_join_words_refuses_bare_string():
    with pytest.raises(TypeError, match="elenco"):
        join_words("abc")


# --- filter table --------------------------------------------------------


def test_filters_table():
    """One registry: formatting's own filters and the grammar's, none shadowing another."""
    own = {
        "data_lunga": long_date,
        "data": short_date,
        "mese_anno": month_year,
        "in_lettere": in_words,
        "importo": amount,
        "percentuale": percent,
        "numero": grouped,
        "elenco": join_words,
    }
    assert own | GRAMMAR_FILTERS == FILTERS
    assert not set(own) & set(GRAMMAR_FILTERS)


class Circa(Decimal):
    """What the model gives for an amount typed "circa 150000"."""

    approximate = True


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (amount, Circa("150000"), f"circa 150.000,00{NBSP}€"),
        (percent, Circa("80"), "circa 80,0%"),
        (grouped, Circa("23000"), "circa 23.000"),
        (grouped, 23412, "23.412"),
        (grouped, Decimal("1234.5"), "1.234,5"),
        (amount, None, None),
        (percent, None, None),
        (grouped, None, None),
    ],
)
def test_approximate_and_unknown_values(function, value, expected):
    """An approximate amount says so; an unknown one stays unknown (never "0,00 €")."""
    assert function(value) == expected


def test_filters_work_in_jinja():
    import jinja2

    env = jinja2.Environment()
    env.filters.update(FILTERS)
    template = env.from_string(
        "{{ d | data_lunga }}; {{ d | data }}; {{ n | in_lettere }}; "
        "{{ x | importo }}; {{ p | percentuale(2) }}; {{ r | elenco('o') }}"
    )
    out = template.render(
        d=datetime.date(2023, 3, 3), n=2023, x=1234.5, p=7.5, r=["FSE+", "FESR"]
    )
    assert out == (
        f"3 marzo 2023; 03/03/2023; duemilaventitré; 1.234,50{NBSP}€; 7,50%; FSE+ o FESR"
    )


def test_join_words_refuses_empty_list():
    # An empty enumeration would leave a hole in a sentence of the deliverable.
    with pytest.raises(ValueError, match="empty"):
        join_words([])


def test_month_year():
    assert month_year(datetime.date(2019, 6, 21)) == "giugno 2019"
