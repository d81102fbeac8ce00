"""Italian grammar filters: exact strings, as they land in official acts.

The cases are data: the tables below (names and their articles, dates, counts, lists...) make
one parametrized family, `test_grammar`, each case a filter called as a template calls it and the
exact text it must give (or the error it must raise). The properties swept over ranges (every
count from 0 to 1000, every day of a month) and the filters at work in Jinja follow it.
"""

import ast
import dataclasses
import datetime
import re
from pathlib import Path

import jinja2
import pytest

from generator.templating.filters import grammar
from generator.templating.filters.formatting import FILTERS
from generator.templating.filters.grammar import GRAMMAR_FILTERS, count, with_article

il, il_giorno = GRAMMAR_FILTERS["il"], GRAMMAR_FILTERS["il_giorno"]


@dataclasses.dataclass
class Org:
    """A content item as templates see it: a name and optional grammar fields."""

    name: str
    gender: str | None = None
    number: str | None = None
    article: str | None = None


def case(call: str, *args, expected, **kwargs):
    """One case of the family: the filter `call` (its name in templates) applied to `args` and
    `kwargs` gives `expected`, or raises it when it is an exception (its message a prefix)."""
    shown = ", ".join([*(f"Org({a.name!r})" if isinstance(a, Org) else repr(a) for a in args),
                       *(f"{k}={v!r}" for k, v in kwargs.items())])
    return pytest.param(call, args, kwargs, expected, id=f"{call}({shown})")


# --- articles and articulated prepositions on real names ----------------------

# (name, il, del, al, nel): the expected text is the form followed by the name.
L_ = ("l'", "dell'", "all'", "nell'")
IL = ("il ", "del ", "al ", "nel ")
LA = ("la ", "della ", "alla ", "nella ")
LO = ("lo ", "dello ", "allo ", "nello ")
I_ = ("i ", "dei ", "ai ", "nei ")
GLI = ("gli ", "degli ", "agli ", "negli ")
LE = ("le ", "delle ", "alle ", "nelle ")

NAMES = [
    ("Comune di Melzo", IL),
    ("Comune di Sesto San Giovanni", IL),
    ("Azienda Sociale Sud Est Milano", L_),
    ("Azienda Speciale Consortile Comuni Insieme per lo Sviluppo Sociale", L_),
    ("ASST Ovest Milanese", L_),
    ("ASST Rhodense", L_),
    ("ATS Città Metropolitana di Milano", L_),
    ("ATS Insubria", L_),
    ("ASL Roma 1", L_),
    ("AUSL della Romagna", L_),
    ("INPS", L_),
    ("INAIL", L_),
    ("AFOL Metropolitana", L_),
    ("ANPAL", L_),
    ("Ambito di Rho", L_),
    ("Ambito dell'Alto Milanese", L_),
    ("Città Metropolitana di Milano", LA),
    ("Regione Lombardia", LA),
    ("Regione Toscana", LA),
    ("Provincia di Lodi", LA),
    ("Unione dei Comuni Lombarda Adda Martesana", L_),
    ("Unione dei Comuni del Valdarno", L_),
    ("Centri per l'impiego", I_),
    ("Servizi sociali", I_),
    ("Ufficio di Piano", L_),
    ("Zona-distretto Fiorentina Nord-Ovest", LA),
    ("Società della Salute Fiorentina Nord-Ovest", LA),
    ("Istituto Nazionale per l'Analisi delle Politiche Pubbliche", L_),
    ("Istituto di Istruzione Superiore Giulio Natta", L_),
    ("Scuola Superiore Sant'Anna", LA),
    ("Università degli Studi di Milano-Bicocca", L_),
    ("Cooperativa Sociale Lotta contro l'Emarginazione", LA),
    ("Fondazione Cariplo", LA),
    ("Consorzio Sistema Bibliotecario Nord-Ovest", IL),
    ("Stato", LO),
    ("Studio Associato Rossi e Bianchi", LO),
    ("Gruppo di Azione Locale Valle Brembana", IL),
    ("Zona Omogenea Adda Martesana", LA),
    ("Ministero del Lavoro e delle Politiche Sociali", IL),
    ("Agenzia Nazionale per le Politiche Attive del Lavoro", L_),
    ("CPI di Melzo", IL),
    ("Camera di Commercio di Milano Monza Brianza Lodi", LA),
    ("Tavolo metropolitano per il lavoro", IL),
    ("Cabina di Regia del Programma di intervento", LA),
    ("Direzione di Settore Lavoro di Città Metropolitana", LA),
    ("Associazione Nazionale Comuni Italiani", L_),
    ("Piano di Zona", IL),
    ("Programma GOL", IL),
    ("Reddito di cittadinanza", IL),
    ("Garanzia giovani", LA),
    ("Rete territoriale antiviolenza", LA),
    ("Distretto Sociale Est Milano", IL),
    ("Enti del Terzo Settore", GLI),
    ("Ambiti territoriali sociali", GLI),
    ("Aziende Sanitarie Locali", LE),
    ("Sistema Sanitario Regionale", IL),  # s + vowel is not "s impura"
    ("Osservatorio Regionale sul Mercato del Lavoro", L_),
    ("Comunità Montana Valli del Verbano", LA),
    ("Dote Unica Lavoro", LA),
    ("Patto per il Lavoro", IL),
    ("Politecnico di Milano", IL),
    ("Impresa Sociale Con i Bambini", L_),
    ("SPID", LO),  # read as a word: s + consonant
    ("FSE+", IL),  # as Reg. (UE) 2021/1057 writes it
    ("A.S.C. Cremasca", L_),
]


# Overrides: the default from the first word is wrong for these names.
OVERRIDES = [
    (Org("Milano Ristorazione S.p.A.", gender="f"), LA),
    (Org("Poste Italiane", gender="f", number="p"), LE),
    (Org("Ferrovie dello Stato Italiane", gender="f", number="p"), LE),
    (Org("Harvard Business School", article="la"), LA),  # h aspirata, not muta
    (Org("Lavoro & Società Cooperativa Sociale", gender="f"), LA),
    (Org("ASSEMI", article="l’"), L_),  # a typographic apostrophe is accepted
    ({"name": "So.Le", "gender": "f"}, LA),
    ({"name": "Servizi per l'impiego", "gender": None, "number": None}, I_),
]


# A name that begins with its own article: the article fuses with the preposition, and the
# bare article is written once ("de L'Orizzonte" would also do; never "del L'Orizzonte").
OWN_ARTICLE = [
    ("L'Orizzonte Impresa Sociale s.r.l.", "Orizzonte Impresa Sociale s.r.l.", L_),
    ("L’Arca Cooperativa Sociale", "Arca Cooperativa Sociale", L_),
    ("Il Girasole Cooperativa Sociale", "Girasole Cooperativa Sociale", IL),
    ("La Ginestra Impresa Sociale", "Ginestra Impresa Sociale", LA),
    ("Lo Scoiattolo APS", "Scoiattolo APS", LO),
    ("Gli Amici di Tom ODV", "Amici di Tom ODV", GLI),
    ("Le Querce di Mamre", "Querce di Mamre", LE),
    ("La Spezia", "Spezia", LA),
]


FORMS = ("il", "del", "al", "nel")
"""The four filters whose forms the tables above give, in their order."""

# (name, dal, sul)
DA_SU = [
    ("Comune di Melzo", "dal Comune di Melzo", "sul Comune di Melzo"),
    ("ATS Insubria", "dall'ATS Insubria", "sull'ATS Insubria"),
    ("Stato", "dallo Stato", "sullo Stato"),
    ("Città Metropolitana di Milano", "dalla Città Metropolitana di Milano",
     "sulla Città Metropolitana di Milano"),
    ("Centri per l'impiego", "dai Centri per l'impiego", "sui Centri per l'impiego"),
    ("Ambiti territoriali", "dagli Ambiti territoriali", "sugli Ambiti territoriali"),
    ("Aziende Sanitarie Locali", "dalle Aziende Sanitarie Locali",
     "sulle Aziende Sanitarie Locali"),
]

# Common nouns: the phonology of the article, one rule per row: (noun, gender, number, article).
PHONOLOGY = [
    ("sindaco", "m", "s", "il"),
    ("studente", "m", "s", "lo"),  # s + consonant
    ("studenti", "m", "p", "gli"),
    ("zaino", "m", "s", "lo"),  # z
    ("gnomo", "m", "s", "lo"),  # gn
    ("pneumologo", "m", "s", "lo"),  # pn
    ("psicologo", "m", "s", "lo"),  # ps
    ("xilofono", "m", "s", "lo"),  # x
    ("yogurt", "m", "s", "lo"),  # y
    ("iodio", "m", "s", "lo"),  # semivowel i
    ("iena", "f", "s", "la"),  # semivowel i: no elision
    ("hotel", "m", "s", "l'"),  # h muta
    ("uomo", "m", "s", "l'"),
    ("uomini", "m", "p", "gli"),
    ("ente", "m", "s", "l'"),
    ("enti", "m", "p", "gli"),
    ("area", "f", "s", "l'"),
    ("aree", "f", "p", "le"),  # "l'aree" is archaic
    ("scuola", "f", "s", "la"),
    ("weekend", "m", "s", "il"),
]

# Acronyms are read aloud: as a word, or spelled with the Italian letter names: (name, il).
ACRONYMS = [
    ("CPI", "il CPI"),  # ci-pi-i
    ("SMS", "l'SMS"),  # esse-emme-esse
    ("MIUR", "il MIUR"),  # read as a word
    ("DGR", "la DGR"),  # di-gi-erre
    ("SSN", "il SSN"),  # "il Servizio sanitario nazionale"
    ("ZES", "la ZES"),
    ("PNRR", "il PNRR"),
    ("LEA", "i LEA"),
    ("ISEE", "l'ISEE"),
    ("UE", "l'UE"),
]

# (name, preposition, the preposition with its article)
PREPOSITIONS = [
    ("ATS Insubria", "di", "dell'"),
    ("Comune di Melzo", "a", "al"),
    ("Stato", "da", "dallo"),
    ("Enti del Terzo Settore", "in", "negli"),
    ("Regione Lombardia", "su", "sulla"),
    ("Regione Lombardia", "con", "con la"),
    ("Centri per l'impiego", "per", "per i"),
]

# --- indefinite article and counts ---------------------------------------------

# (noun, gender, with its indefinite article)
INDEFINITE = [
    ("progetto", None, "un progetto"),
    ("ambito", None, "un ambito"),
    ("studente", None, "uno studente"),
    ("zaino", None, "uno zaino"),
    ("psicologo", None, "uno psicologo"),
    ("rete", None, "una rete"),
    ("iena", "f", "una iena"),
    ("azienda", None, "un'azienda"),
    ("area", None, "un'area"),
    ("sede", "f", "una sede"),  # the guess by ending would say "un sede"
    ("ASST", None, "un'ASST"),
    ("CPI", None, "un CPI"),
    ({"name": "sede", "article": "la"}, None, "una sede"),
]

# (n, masculine: progetto/progetti, feminine: rete/reti)
COUNTS = [
    (0, "zero progetti", "zero reti"),
    (1, "un progetto", "una rete"),
    (3, "tre progetti", "tre reti"),
    (8, "otto progetti", "otto reti"),
    (11, "undici progetti", "undici reti"),
    (21, "ventuno progetti", "ventuno reti"),
    (23, "ventitré progetti", "ventitré reti"),
    (33, "trentatré progetti", "trentatré reti"),
    (81, "ottantuno progetti", "ottantuno reti"),
    (100, "cento progetti", "cento reti"),
    (101, "centouno progetti", "centouno reti"),
    (103, "centotré progetti", "centotré reti"),
    (123, "centoventitré progetti", "centoventitré reti"),
    (1000, "mille progetti", "mille reti"),
]

# (n, in figures: rete/reti)
COUNTS_IN_FIGURES = [(0, "0 reti"), (1, "una rete"), (7, "7 reti"), (118, "118 reti"), (1000, "1000 reti")]

# (n, singular, plural, expected): a compound of uno stays whole before any noun
UNO_COMPOUNDS = [
    (21, "studente", "studenti", "ventuno studenti"),
    (21, "azienda", "aziende", "ventuno aziende"),  # never "ventun'aziende"
    (101, "ambito", "ambiti", "centouno ambiti"),
    (2023, "progetto", "progetti", "duemilaventitré progetti"),
]

# (n, error, message)
BAD_COUNTS = [
    (-1, ValueError, "quanti: negative"),
    (1.5, ValueError, "quanti: expected a whole number"),
    (True, TypeError, "quanti: expected a whole number"),
    ("3", TypeError, "quanti: expected a whole number"),
]

# --- dates with their article ---------------------------------------------------

DATES = [
    (datetime.date(2020, 1, 8), "l'8 gennaio 2020", "dell'8 gennaio 2020",
     "dall'8 gennaio 2020", "all'8 gennaio 2020"),
    (datetime.date(2020, 2, 1), "il 1° febbraio 2020", "del 1° febbraio 2020",
     "dal 1° febbraio 2020", "al 1° febbraio 2020"),
    (datetime.date(2020, 3, 11), "l'11 marzo 2020", "dell'11 marzo 2020",
     "dall'11 marzo 2020", "all'11 marzo 2020"),
    (datetime.date(2020, 4, 18), "il 18 aprile 2020", "del 18 aprile 2020",
     "dal 18 aprile 2020", "al 18 aprile 2020"),
    (datetime.date(2020, 5, 1), "il 1° maggio 2020", "del 1° maggio 2020",
     "dal 1° maggio 2020", "al 1° maggio 2020"),
    (datetime.date(2020, 6, 8), "l'8 giugno 2020", "dell'8 giugno 2020",
     "dall'8 giugno 2020", "all'8 giugno 2020"),
    (datetime.date(2020, 7, 1), "il 1° luglio 2020", "del 1° luglio 2020",
     "dal 1° luglio 2020", "al 1° luglio 2020"),
    (datetime.date(2020, 7, 20), "il 20 luglio 2020", "del 20 luglio 2020",
     "dal 20 luglio 2020", "al 20 luglio 2020"),
    (datetime.date(2020, 8, 11), "l'11 agosto 2020", "dell'11 agosto 2020",
     "dall'11 agosto 2020", "all'11 agosto 2020"),
    (datetime.date(2020, 9, 21), "il 21 settembre 2020", "del 21 settembre 2020",
     "dal 21 settembre 2020", "al 21 settembre 2020"),
    (datetime.date(2020, 10, 31), "il 31 ottobre 2020", "del 31 ottobre 2020",
     "dal 31 ottobre 2020", "al 31 ottobre 2020"),
    (datetime.date(2020, 11, 3), "il 3 novembre 2020", "del 3 novembre 2020",
     "dal 3 novembre 2020", "al 3 novembre 2020"),
    (datetime.date(2020, 12, 8), "l'8 dicembre 2020", "dell'8 dicembre 2020",
     "dall'8 dicembre 2020", "all'8 dicembre 2020"),
    (datetime.date(2021, 1, 1), "il 1° gennaio 2021", "del 1° gennaio 2021",
     "dal 1° gennaio 2021", "al 1° gennaio 2021"),
    (datetime.datetime(2024, 2, 29, 23, 59), "il 29 febbraio 2024",
     "del 29 febbraio 2024", "dal 29 febbraio 2024", "al 29 febbraio 2024"),
]

# --- lists and punctuation ------------------------------------------------------

# (items, arguments, expected)
LISTS = [
    (["Reddito di cittadinanza", "Garanzia giovani"], {},
     "il Reddito di cittadinanza e la Garanzia giovani"),
    (["Comune di Melzo", "ATS Insubria", "Centri per l'impiego"], {"last": "o"},
     "il Comune di Melzo, l'ATS Insubria o i Centri per l'impiego"),
    (["Comune di Melzo", "ATS Insubria", "Centri per l'impiego"], {"prep": "di"},
     "del Comune di Melzo, dell'ATS Insubria e dei Centri per l'impiego"),
    ([Org("Poste Italiane", gender="f", number="p"), "Stato"], {"prep": "a"},
     "alle Poste Italiane e allo Stato"),
    (("Stato",), {}, "lo Stato"),
]

# (text, mark, expected)
FINAL_MARKS = [
    ("Comune di Melzo", ".", "Comune di Melzo."),
    ("A.S.C.", ".", "A.S.C."),
    ("Consorzio Sociale S.p.A.", ".", "Consorzio Sociale S.p.A."),
    ("A.S.C.", ";", "A.S.C.;"),  # the stop closes the abbreviation
    ("Comune di Melzo", ";", "Comune di Melzo;"),
    ("voce;", ";", "voce;"),
    ("voce;", ".", "voce."),
    ("voce,", ";", "voce;"),
    ("voce: ", ".", "voce."),
    ("Perché?", ".", "Perché?"),
    ("e così via…", ".", "e così via…"),
    ("Comune di Melzo  ", ".", "Comune di Melzo."),
]

# (text, expected)
SENTENCE_CASE = [
    ("l'ATS Insubria", "L'ATS Insubria"),
    ("dell'INPS", "Dell'INPS"),
    ("il 1° luglio 2020", "Il 1° luglio 2020"),
    ("«il Comune»", "«Il Comune»"),
    ("", ""),
]

# (text, expected)
PARENTHESES = [
    ("A.L.I. (Autonomia, Lavoro, Inclusione)", "(A.L.I. [Autonomia, Lavoro, Inclusione])"),
    ("ente capofila Comune di Melzo", "(ente capofila Comune di Melzo)"),
    ("  Rho  ", "(Rho)"),
]


CASES = [
    *(case(f, name, expected=form + name) for name, forms in NAMES for f, form in zip(FORMS, forms)),
    *(case(f, item, expected=form + (item["name"] if isinstance(item, dict) else item.name))
      for item, forms in OVERRIDES for f, form in zip(FORMS, forms)),
    *(case(f, name, expected=form + rest) for name, rest, forms in OWN_ARTICLE
      for f, form in zip(FORMS, forms)),
    # the filter's arguments win over the item's own fields
    case("il", Org("Sercop", gender="m"), expected="il Sercop"),
    case("il", Org("Sercop", gender="m"), gender="f", expected="la Sercop"),
    case("del", Org("Comune di Melzo"), article="lo", expected="dello Comune di Melzo"),
    *(case(f, name, expected=form) for name, *forms in DA_SU for f, form in zip(("dal", "sul"), forms)),
    *(case("articolo", noun, gender=gender, number=number, expected=expected)
      for noun, gender, number, expected in PHONOLOGY),
    *(case("il", name, expected=expected) for name, expected in ACRONYMS),
    *(case("preposizione", name, prep, expected=expected) for name, prep, expected in PREPOSITIONS),
    case("with_article", "ATS Insubria", "tra", expected="tra l'ATS Insubria"),
    case("il", "Comune di Melzo", gender="x", expected=ValueError("gender must be one of m, f")),
    case("il", "Comune di Melzo", number="pl", expected=ValueError("number must be one of s, p")),
    case("il", "Comune di Melzo", article="gl'", expected=ValueError("article must be one of")),
    case("preposizione", "Comune di Melzo", "sopra", expected=ValueError("preposition must be one of")),
    *(case("il", value, expected=TypeError("expected a name")) for value in (None, 12, Org(name=None))),
    case("del", "  ", expected=ValueError("the name is empty")),
    *(case("un", noun, gender, expected=expected) for noun, gender, expected in INDEFINITE),
    *(case("quanti", n, "progetto", "progetti", expected=masculine) for n, masculine, _ in COUNTS),
    *(case("quanti", n, "rete", "reti", "f", expected=feminine) for n, _, feminine in COUNTS),
    *(case("quanti", n, "rete", "reti", "f", digits=True, expected=expected)
      for n, expected in COUNTS_IN_FIGURES),
    *(case("quanti", n, singular, plural, expected=expected) for n, singular, plural, expected in UNO_COMPOUNDS),
    *(case("quanti", n, "progetto", "progetti", expected=error(message)) for n, error, message in BAD_COUNTS),
    case("quanti", 2, "progetto", "", expected=ValueError("singular and the plural")),
    *(case(f, day, expected=form) for day, *forms in DATES
      for f, form in zip(("il_giorno", "del_giorno", "dal_giorno", "al_giorno"), forms)),
    *(case(f, "2020-07-20", expected=TypeError(f"{f}: expected a date"))
      for f in ("il_giorno", "del_giorno", "dal_giorno", "al_giorno")),
    *(case("elenco_con_articoli", items, **kwargs, expected=expected) for items, kwargs, expected in LISTS),
    case("elenco_con_articoli", [], expected=ValueError("the list is empty")),
    case("elenco_con_articoli", "Comune di Melzo", expected=TypeError("got a string")),
    *(case("punto", text, mark, expected=expected) for text, mark, expected in FINAL_MARKS),
    case("punto", "voce", "!", expected=ValueError("mark must be one of")),
    case("punto", " ", expected=ValueError("the text is empty")),
    *(case("maiuscola", text, expected=expected) for text, expected in SENTENCE_CASE),
    *(case("tra_parentesi", text, expected=expected) for text, expected in PARENTHESES),
]
"""Every case of the grammar filters: one family of exact strings."""

CALLS = {**GRAMMAR_FILTERS, "with_article": with_article}


@pytest.mark.parametrize(("call", "args", "kwargs", "expected"), CASES)
def test_grammar(call, args, kwargs, expected):
    if isinstance(expected, Exception):
        with pytest.raises(type(expected), match=re.escape(str(expected))):
            CALLS[call](*args, **kwargs)
    else:
        assert CALLS[call](*args, **kwargs) == expected


# --- properties over ranges -------------------------------------------------------


@pytest.mark.parametrize("name", ["Illuminare APS", "Laboratorio Sociale", "Leonardo Lavoro",
                                  "Libera Associazione", "Isola Solidale"])
def test_words_that_only_start_like_an_article_are_names(name):
    assert not il(name).lower().startswith(("il il", "la la", "l'l", "i i"))
    assert il(name).endswith(name)


_UNITS = ["zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove",
          "dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici",
          "diciassette", "diciotto", "diciannove"]
_TENS = ["venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"]


def reference_words(n: int) -> str:
    """Italian words for 0..1000, spelled out independently of num2words.

    Tens lose their vowel before uno/otto (ventuno, trentotto); a final -tre of a
    compound is "tré"; cento keeps its vowel before uno and undici (centouno)
    and loses it before otto and ottanta (centotto, centottanta), as in_lettere does.
    """
    if n == 1000:
        return "mille"
    hundreds, rest = divmod(n, 100)
    head = "" if not hundreds else ("cento" if hundreds == 1 else _UNITS[hundreds] + "cento")
    if rest < 20:
        tail = "" if rest == 0 and head else _UNITS[rest]
    else:
        tens, unit = divmod(rest, 10)
        ten = _TENS[tens - 2]
        tail = (ten[:-1] if unit in (1, 8) else ten) + ("" if unit == 0 else _UNITS[unit])
    if head and tail.startswith("ott"):
        head = head[:-1]
    words = head + tail
    return words[:-3] + "tré" if words.endswith("tre") and words != "tre" else words

@pytest.mark.parametrize(
    ("singular", "plural", "gender", "one"),
    [
        ("progetto", "progetti", None, "un progetto"),
        ("ambito", "ambiti", None, "un ambito"),
        ("studente", "studenti", None, "uno studente"),
        ("zaino", "zaini", None, "uno zaino"),
        ("rete", "reti", "f", "una rete"),
        ("azienda", "aziende", None, "un'azienda"),
        ("area", "aree", "f", "un'area"),
    ],
)
def test_counts_0_to_1000_agree(singular, plural, gender, one):
    for n in range(1001):
        expected = one if n == 1 else f"{reference_words(n)} {plural}"
        assert count(n, singular, plural, gender) == expected, n


def test_counts_never_put_a_bare_uno_or_an_unaccented_tre_before_a_noun():
    for n in range(1001):
        text = count(n, "ambito", "ambiti")
        words = text.split()
        assert words[-1] == ("ambito" if n == 1 else "ambiti"), n
        assert "uno" not in words and not text.startswith("un'"), n
        assert not words[0].endswith("tre") or n == 3, n


def test_first_of_month_uses_the_degree_sign():
    text = il_giorno(datetime.date(2020, 7, 1))
    assert text[4] == "\u00b0"  # DEGREE SIGN, not U+00BA MASCULINE ORDINAL INDICATOR


def test_only_the_8th_and_the_11th_elide():
    for day in range(1, 32):
        text = il_giorno(datetime.date(2024, 1, day))
        expected = f"l'{day}" if day in (8, 11) else f"il {day}"
        assert text.startswith(expected + (" " if day != 1 else "°")), text


# --- in templates ---------------------------------------------------------------


def render(source: str, **context) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(FILTERS)  # the one registry, grammar filters included
    return env.from_string(source).render(**context)


def test_filters_work_in_jinja_with_items_and_arguments():
    ats = Org("ATS Insubria")
    source = ("{{ ente | del }}; {{ altro | il(gender='f') }}; "
              "{{ 1 | quanti('rete', 'reti', 'f') }}; {{ giorno | dal_giorno }}; "
              "{{ enti | elenco_con_articoli(prep='a') }}; "
              "{{ ente | il | maiuscola | punto }}")
    text = render(source, ente=ats, altro="Sercop", giorno=datetime.date(2020, 3, 11),
                  enti=[ats, "Comune di Melzo"])
    assert text == ("dell'ATS Insubria; la Sercop; una rete; dall'11 marzo 2020; "
                    "all'ATS Insubria e al Comune di Melzo; L'ATS Insubria.")


def test_undefined_values_are_errors_not_blanks():
    with pytest.raises(jinja2.UndefinedError):
        render("{{ missing | del }}")


def test_filter_names_shadow_no_other_filter():
    builtin = set(jinja2.Environment().filters)
    assert not set(FILTERS) & builtin
    assert set(GRAMMAR_FILTERS) <= set(FILTERS)


def test_module_is_a_leaf():
    tree = ast.parse(Path(grammar.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    # generator.messages imports nothing of ours: the filters' errors are marked for the catalogue
    leaves = {"generator.templating.filters.words", "generator.messages"}
    assert {name for name in imported if name.startswith("generator")} <= leaves
