"""Italian words the formatting and grammar filters share: locale, numbers, lists, punctuation.

A leaf under both `generator.templating.filters.formatting` (dates, amounts, the filter registry) and
`generator.templating.filters.grammar` (articles, agreement), so that the registry of filters can hold
both without an import cycle. It imports nothing of ours.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from generator.messages import _

LOCALE = "it_IT"

DAYS_AND_SMALL_COUNTS = (
    "zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci",
    "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto",
    "diciannove", "venti", "ventuno", "ventidue", "ventitré", "ventiquattro", "venticinque",
    "ventisei", "ventisette", "ventotto", "ventinove", "trenta", "trentuno")
"""The words of 0-31, what deliverables print most (days, counts of projects): without
num2words, which imports its fifty languages (a tenth of a small check); a test holds them
equal to what it gives."""


def as_date(value: object, filter_name: str) -> datetime.date:
    """Dates only: a string like "2020-07-20" would be a content bug to surface."""
    # datetime.datetime is a subclass of date; keep only its calendar day.
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(
        _("{filter_name}: expected a date, got {name} {value!r}; write dates in the YAML as YYYY-MM-DD "
          "without quotes", filter_name=filter_name, name=type(value).__name__, value=value)
    )


def _fix_tre_accent(words: str) -> str:
    """Put the accent back on compounds ending in "tre" ("ventitre" -> "ventitré").

    num2words 0.5.14 drops it for some numbers (123, 2023). Only the last word
    is a compound: a standalone "tre" ("un milione e tre") keeps no accent.
    """
    head, sep, last = words.rpartition(" ")
    if last.endswith("tre") and len(last) > len("tre"):
        last = last[:-3] + "tré"
    return head + sep + last


def number_words(value: object) -> str:
    """Italian words for a count, as legal texts repeat numbers in letters.

    num2words 0.5.14 contracts the "io" of diciotto after cento: 118 gives
    "centodicotto" (also 218..918, 1118, 118000); no Italian numeral contains
    "dicotto", so it is put back ("centodiciotto").
    """
    if isinstance(value, bool):
        raise TypeError(_("in_lettere: expected a whole number, got a boolean {value!r}", value=value))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("in_lettere: expected a whole number, got {value!r}", value=value))
        value = int(value)
    if not isinstance(value, int):
        raise TypeError(
            _("in_lettere: expected a whole number, got {name} {value!r}", name=type(value).__name__,
              value=value)
        )
    if value < 0:
        raise ValueError(_("in_lettere: negative numbers are not supported, got {value}", value=value))
    if value < len(DAYS_AND_SMALL_COUNTS):
        return DAYS_AND_SMALL_COUNTS[value]
    from num2words import num2words  # imports every language it has: only large numbers pay

    return _fix_tre_accent(num2words(value, lang="it")).replace("dicotto", "diciotto")


def join_words(items: Iterable[object], last: str = "e") -> str:
    """Italian enumeration: "a, b e c" (or "a, b o c" with last="o")."""
    if isinstance(items, (str, bytes)):
        # A bare string would otherwise be split into its letters.
        raise TypeError(_("elenco: expected a list, got a string {items!r}", items=items))
    words = [str(item) for item in items]
    if not words:
        # An empty enumeration would leave a hole in a sentence of the deliverable.
        raise ValueError(_("elenco: the list is empty; guard the sentence with {{% if ... %}}"))
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def final_mark(text: object, mark: str = ".") -> str:
    """The text ending with one mark: "A.S.C." + "." stays "A.S.C.", never "A.S.C..".

    A final "." is kept before ";" (it closes an abbreviation: "S.p.A.;"); a
    final ";", "," or ":" is replaced, as the list decides its own separator;
    "?", "!" and "…" already end a sentence.
    """
    separators = (";", ",", ":")
    if mark not in (".", *separators):
        raise ValueError(_("mark must be one of ., ;, ,, :; got {mark!r}", mark=mark))
    body = str(text).rstrip()
    if not body:
        raise ValueError(_("punto: the text is empty"))
    if body.endswith(mark) or (mark == "." and body.endswith(("!", "?", "…"))):
        return body
    if body.endswith(separators):
        body = body[:-1].rstrip()
    return body + mark


def parenthesised(text: object) -> str:
    """The text in round brackets, its own brackets made square, as Italian nests them:
    "A.L.I. (Autonomia, Lavoro)" -> "(A.L.I. [Autonomia, Lavoro])", never "((...))"."""
    body = str(text).strip()
    if not body:
        raise ValueError(_("tra_parentesi: the text is empty"))
    return "(" + body.translate(_SQUARE) + ")"


_SQUARE = str.maketrans("()", "[]")


def sentence_case(text: object) -> str:
    """First letter in upper case, the rest untouched: "l'ATS" -> "L'ATS".

    Jinja's own `capitalize` lowers every other letter ("L'ats").
    """
    body = str(text)
    for index, char in enumerate(body):
        if char.isalpha():
            return body[:index] + char.upper() + body[index + 1:]
    return body
