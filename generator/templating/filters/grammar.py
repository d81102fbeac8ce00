"""Italian grammar helpers, registered as Jinja filters for the templates.

A template that glues words together writes "il ATS", "uno ambiti" or
"A.S.C.." unless something knows Italian agreement: these filters choose the
article, the articulated preposition, the number word and the final stop, so
that `{{ ente | del }}` reads "dell'ATS" in an official act without a hand edit.

A leaf module: it imports nothing from `generator` but `generator.templating.filters.words`;
`generator.templating.filters.formatting.FILTERS` registers these filters with the others.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from babel.dates import format_date

from generator.messages import _
from generator.templating.filters.words import (
    LOCALE,
    as_date,
    final_mark,
    join_words,
    number_words,
    parenthesised,
    sentence_case,
)

# --- articles --------------------------------------------------------------

# The seven definite articles, in the order of every row of _CONTRACTED.
ARTICLES = ("il", "lo", "l'", "la", "i", "gli", "le")

_CONTRACTED = {
    "di": ("del", "dello", "dell'", "della", "dei", "degli", "delle"),
    "a": ("al", "allo", "all'", "alla", "ai", "agli", "alle"),
    "da": ("dal", "dallo", "dall'", "dalla", "dai", "dagli", "dalle"),
    "in": ("nel", "nello", "nell'", "nella", "nei", "negli", "nelle"),
    "su": ("sul", "sullo", "sull'", "sulla", "sui", "sugli", "sulle"),
}
# Written today as two words ("con il", "per la"): col/coi/pel are dated.
_SEPARATE = ("con", "per", "tra", "fra")

# Article by gender, number and how the next word starts (see _onset):
# "vowel" (l'Ambito, gli Ambiti), "strong" (lo Stato, gli studenti: s + consonant,
# z, gn, ps, pn, x, y, semivowel i) or "plain" (il Comune, i Centri).
_DEFINITE = {
    ("m", "s"): {"vowel": "l'", "strong": "lo", "plain": "il"},
    ("m", "p"): {"vowel": "gli", "strong": "gli", "plain": "i"},
    ("f", "s"): {"vowel": "l'", "strong": "la", "plain": "la"},
    ("f", "p"): {"vowel": "le", "strong": "le", "plain": "le"},
}
# Indefinite article (and the number one): un ambito, uno studente, un'azienda.
_INDEFINITE = {
    "m": {"vowel": "un", "strong": "uno", "plain": "un"},
    "f": {"vowel": "un'", "strong": "una", "plain": "una"},
}


def _group(words: str, *fields: str | None) -> dict[str, Any]:
    return dict.fromkeys(words.split(), fields)


# Head nouns that open the names of bodies, programmes and measures, lower case.
# A name is "il Comune di Melzo" because of its first word; -a nouns that are
# masculine (programma, sistema) must be listed, as the fallback guesses by ending.
_HEADS: dict[str, tuple[str, str]] = {
    **_group(
        "comune ambito distretto consorzio ministero ufficio centro tavolo istituto "
        "piano programma progetto patto reddito sistema stato studio gruppo ente "
        "servizio dipartimento settore assessorato osservatorio comitato "
        "coordinamento organismo sportello nucleo fondo bando avviso decreto "
        "accordo protocollo collegio consiglio politecnico segretariato tema", "m", "s"),
    **_group(
        "città azienda zona unione cooperativa fondazione associazione regione "
        "provincia cabina direzione agenzia rete società impresa comunità scuola "
        "università camera garanzia dote area commissione giunta conferenza "
        "prefettura procura questura misura iniziativa struttura casa", "f", "s"),
    **_group("centri servizi comuni ambiti enti istituti uffici distretti consorzi "
             "tavoli sportelli", "m", "p"),
    **_group("aziende cooperative associazioni fondazioni reti regioni province "
             "scuole imprese zone aree agenzie unioni misure", "f", "p"),
}

# Acronyms: gender, number and, where the rule in _sound would misread it, the
# sound the article follows instead.
_ACRONYMS: dict[str, tuple[str, str, str | None]] = {
    **_group("ASST ATS ASL AUSL ASP AFOL ANPAL ANCI CCIAA DGR PA UE RSA ZES NASPI "
             "ONLUS APS ODV", "f", "s", None),
    **_group("INPS INAIL ISTAT INAPP CPI CFP FESR PNRR DPCM ISEE SIL MEF PON POR PR ETS",
             "m", "s", None),
    # Reg. (UE) 2021/1057, recital 1, writes "il FSE+": read as "il Fondo".
    "FSE": ("m", "s", "fondo"),
    # Usage follows the expansion, "il Servizio sanitario nazionale".
    "SSN": ("m", "s", "servizio"),
    # S + consonant read as a word, not spelled ("esse"): "lo SPID".
    "SPID": ("m", "s", "spid"),
    "LEA": ("m", "p", None),
}

# Italian letter names, for acronyms spelled letter by letter ("CPI" = ci-pi-i).
_LETTER_NAMES = ("a bi ci di e effe gi acca i ilunga cappa elle emme enne o pi cu erre "
                 "esse ti u vu doppiavu ics ipsilon zeta")
_LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _LETTER_NAMES.split(), strict=True))

_VOWELS = "aeiouàèéìíòóùú"
_OPENING_MARKS = "\"'«“‘(["


def _head_word(name: str) -> str:
    """First word, without opening quotes and before a hyphen ("Zona-distretto")."""
    return name.split()[0].lstrip(_OPENING_MARKS).split("-")[0]


def _acronym_key(word: str) -> str:
    return word.rstrip("+").replace(".", "")


def _is_acronym(key: str) -> bool:
    return len(key) >= 2 and key.isalpha() and key.isupper()


def _sound(word: str) -> str:
    """How the word starts when read aloud, lower case: what the article agrees with.

    Acronyms are read as words when they start with a vowel or a consonant and a
    vowel (AFOL, INPS, MIUR, FESR); otherwise they are spelled, and the article
    follows the Italian name of the first letter: "il CPI" (ci), "l'SMS" (esse).
    Leading digits are read as numbers: "l'8", "l'11".
    """
    key = _acronym_key(word)
    known = _ACRONYMS.get(key)
    if known and known[2]:
        return known[2]
    digits = len(key) - len(key.lstrip("0123456789"))
    if digits:
        return number_words(int(key[:digits]))
    if _is_acronym(key) and key[0].lower() not in _VOWELS and key[1].lower() not in _VOWELS:
        return _LETTERS[key[0]]
    return word.lower()


def _onset(sound: str) -> str:
    """How a word starts, for an article: "vowel", "strong" (lo, gli) or "plain"."""
    first, second = sound[:1], sound[1:2]
    if first == "h" and second and second in _VOWELS:
        return "vowel"  # h muta: l'hotel, l'hub
    if first == "i" and second and second in _VOWELS:
        return "strong"  # semivowel: lo iodio, la iena, gli iati
    if first and first in _VOWELS:
        return "vowel"
    if first in ("x", "y", "z") or sound.startswith(("gn", "ps", "pn")):
        return "strong"
    if first == "s" and second.isalpha() and second not in _VOWELS:
        return "strong"  # s impura: lo Stato, lo SPID
    return "plain"


def _guess(word: str) -> tuple[str, str]:
    """Gender and number of a head word: tables first, then its ending; singular."""
    key = _acronym_key(word)
    if key in _ACRONYMS:
        return _ACRONYMS[key][:2]
    lower = word.lower()
    if lower in _HEADS:
        return _HEADS[lower]
    if _is_acronym(key):
        return "m", "s"
    feminine = ("a", "zione", "sione", "gione", "tà", "tù", "trice")
    return ("f" if lower.endswith(feminine) else "m"), "s"


def _field(value: Any, key: str) -> Any:
    """An optional field of a content item, a mapping or an object; None if absent."""
    if isinstance(value, str):
        return None
    if isinstance(value, Mapping):
        return value.get(key)
    return getattr(value, key, None)


def _name(value: Any, filter_name: str) -> str:
    name = value if isinstance(value, str) else _field(value, "name")
    if name is None:
        raise TypeError(_("{filter_name}: expected a name or an item with a `name`, got {name} {value!r}",
                          filter_name=filter_name, name=type(value).__name__, value=value))
    text = str(name).strip()
    if not text:
        raise ValueError(_("{filter_name}: the name is empty", filter_name=filter_name))
    return text


def _checked(value: Any, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(_("{what} must be one of {join}; got {value!r}", what=what,
                           join=', '.join(allowed), value=value))
    return value


_OWN_ARTICLE = re.compile(r"(?i)(l['’]|(?:il|lo|la|i|gli|le)\s+)(?=\w)")
"""A name that begins with its own article: "L'Orizzonte", "Il Girasole Cooperativa Sociale",
"La Spezia". With a preposition the two fuse ("dell'Orizzonte", "del Girasole", "della
Spezia"), and the bare article is written once, in lower case ("il Girasole")."""


def _resolve(value: Any, gender: str | None, number: str | None,
             article: str | None, filter_name: str) -> tuple[str, str]:
    """The name and its definite article: explicit article, else gender/number, else guess.

    Explicit arguments win over the item's own `gender`, `number` and `article`.
    """
    name = _name(value, filter_name)
    explicit = article or _field(value, "article")
    if explicit:
        return name, _checked(str(explicit).replace("’", "'").lower(), ARTICLES, "article")
    own = _OWN_ARTICLE.match(name)
    if own:  # "L'Orizzonte", "Il Girasole": the name's own article is the one that agrees
        return name[own.end():], own.group(1).strip().replace("’", "'").lower()
    head = _head_word(name)
    guessed_gender, guessed_number = _guess(head)
    gender = _checked(gender or _field(value, "gender") or guessed_gender, ("m", "f"), "gender")
    number = _checked(number or _field(value, "number") or guessed_number, ("s", "p"),
                      "number")
    return name, _DEFINITE[gender, number][_onset(_sound(head))]


def _contract(prep: str, article: str) -> str:
    """Preposition + article: "di" + "l'" -> "dell'", "con" + "il" -> "con il"."""
    if prep in _CONTRACTED:
        return _CONTRACTED[prep][ARTICLES.index(article)]
    if prep in _SEPARATE:
        return f"{prep} {article}"
    raise ValueError(_("preposition must be one of {join}; got {prep!r}",
                       join=', '.join([*_CONTRACTED, *_SEPARATE]), prep=prep))


def _attach(form: str, text: str) -> str:
    """No space after an apostrophe: "l'ATS", "un'azienda"; one space otherwise."""
    return form + text if form.endswith("'") else f"{form} {text}"


def article(value: Any, gender: str | None = None, number: str | None = None,
            article: str | None = None) -> str:
    """Only the definite article ("il", "l'", "gli"), for a noun the template writes itself."""
    return _resolve(value, gender, number, article, "articolo")[1]


def preposition(value: Any, prep: str, gender: str | None = None,
                number: str | None = None, article: str | None = None) -> str:
    """Only the articulated preposition ("dell'", "agli"): join "'" forms without a space."""
    return _contract(prep, _resolve(value, gender, number, article, "preposizione")[1])


def with_article(value: Any, prep: str | None = None, gender: str | None = None,
                 number: str | None = None, article: str | None = None,
                 *, filter_name: str = "il") -> str:
    """The name with its article, or articulated preposition: "dell'ATS Insubria"."""
    name, definite = _resolve(value, gender, number, article, filter_name)
    return _attach(_contract(prep, definite) if prep else definite, name)


# --- numbers that agree ----------------------------------------------------


def indefinite(value: Any, gender: str | None = None) -> str:
    """The noun with "un", "uno", "una" or "un'": un ambito, uno studente, un'azienda.

    Gender: explicit, else the item's `gender`, else that of an explicit
    article ("la" -> f), else guessed from the noun as for definite articles.
    """
    noun = _name(value, "un")
    explicit = gender or _field(value, "gender")
    if not explicit and _field(value, "article") in ("il", "lo", "i", "gli", "la", "le"):
        explicit = "f" if _field(value, "article") in ("la", "le") else "m"
    chosen = _checked(explicit or _guess(_head_word(noun))[0], ("m", "f"), "gender")
    return _attach(_INDEFINITE[chosen][_onset(_sound(_head_word(noun)))], noun)


def count(n: int, singular: str, plural: str, gender: str | None = None,
          digits: bool = False) -> str:
    """A count in words with its noun: "un progetto", "ventuno reti", "zero progetti";
    with `digits`, in figures but for one: "7 reti", "una rete" (never "1 reti").

    One takes the indefinite article's form and the singular ("uno studente",
    "un'azienda"), so no template prints "uno ambiti". Every other number is
    invariable before a plural noun: "ventuno progetti", "centouno reti". Treccani
    (Enciclopedia dell'Italiano, "uno, numerali composti con") notes compounds
    with uno "tendono a rimanere invariati" (ventuno banchi, trentuno case); the
    truncated "ventun progetti" is also correct but less frequent, and never
    elided ("ventun'aziende" is wrong). Zero takes the plural: "zero gradi".
    """
    try:
        words = number_words(n)  # validates n; restores the accent of "-tré"
    except (TypeError, ValueError) as error:
        raise type(error)(str(error).replace("in_lettere", "quanti", 1)) from None
    if not singular or not plural:
        raise ValueError(_("quanti: give the singular and the plural of the noun"))
    if n == 1:
        return indefinite(singular, gender)
    return f"{n if digits else words} {plural}"


# --- dates with their article ----------------------------------------------

# The first of the month is the ordinal "primo", written "1°" with the degree
# sign U+00B0: the form of Italian acts (Gazzetta Ufficiale, "dal 1° gennaio")
# and the one the Italian keyboard types, so it matches dates typed in the YAML.
# formatting.data_lunga writes the same sign.
FIRST_OF_MONTH = "1\u00b0"


def day_with_article(value: datetime.date, prep: str | None = None,
                     *, filter_name: str = "il_giorno") -> str:
    """A date after its article: "l'8 gennaio 2020", "il 1° luglio 2020", "dall'11 marzo 2020".

    The article is masculine singular ("il giorno") and elides before the days
    read with a vowel: otto, undici ("l'8", "l'11"); "1°" is read "primo": "il 1°".
    """
    day = as_date(value, filter_name)
    if getattr(day, "unfilled", False):  # a date still to fill in: DA COMPILARE, with no article
        return str(day)
    number = FIRST_OF_MONTH if day.day == 1 else str(day.day)
    sound = "primo" if day.day == 1 else number_words(day.day)
    definite = _DEFINITE["m", "s"][_onset(sound)]
    form = _contract(prep, definite) if prep else definite
    return _attach(form, f"{number} {format_date(day, 'MMMM y', locale=LOCALE)}")


def _bound(function: Callable[..., str], prep: str | None, name: str) -> Callable[..., str]:
    """The filter `name`: `function` with its preposition fixed and its own error prefix."""
    def bound(value: Any, *args: Any, **kwargs: Any) -> str:
        return function(value, prep, *args, filter_name=name, **kwargs)

    bound.__name__ = bound.__qualname__ = name
    bound.__doc__ = f"`{{{{ value | {name} }}}}`: {function.__name__}(value, {prep!r}, ...)."
    return bound


# --- lists and punctuation -------------------------------------------------


def join_with_articles(items: Iterable[Any], last: str = "e",
                       prep: str | None = None) -> str:
    """Each item with its own article: "il Reddito di cittadinanza e la Garanzia giovani".

    Italian repeats the article (and the preposition) on every coordinated
    noun of a different gender or number, so it is put on every one.
    """
    if isinstance(items, (str, bytes)):
        raise TypeError(_("elenco_con_articoli: expected a list, got a string {items!r}", items=items))
    phrases = [with_article(item, prep, filter_name="elenco_con_articoli") for item in items]
    if not phrases:
        raise ValueError(_("elenco_con_articoli: the list is empty; guard the sentence with {{% if ... "
                           "%}}"))
    return join_words(phrases, last)


# Jinja filter names are Italian, as in formatting.FILTERS.
GRAMMAR_FILTERS: dict[str, Callable[..., str]] = {
    "articolo": article,
    "preposizione": preposition,
    "il": _bound(with_article, None, "il"),
    "del": _bound(with_article, "di", "del"),
    "al": _bound(with_article, "a", "al"),
    "dal": _bound(with_article, "da", "dal"),
    "nel": _bound(with_article, "in", "nel"),
    "sul": _bound(with_article, "su", "sul"),
    "un": indefinite,
    "quanti": count,
    "il_giorno": _bound(day_with_article, None, "il_giorno"),
    "del_giorno": _bound(day_with_article, "di", "del_giorno"),
    "dal_giorno": _bound(day_with_article, "da", "dal_giorno"),
    "al_giorno": _bound(day_with_article, "a", "al_giorno"),
    "elenco_con_articoli": join_with_articles,
    "punto": final_mark,
    "tra_parentesi": parenthesised,
    "maiuscola": sentence_case,
}
