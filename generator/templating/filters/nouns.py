"""The nouns the grammar knows: head nouns of names, acronyms, abbreviations of legal forms, plurals.

A name takes the article of its first word ("il Comune di Melzo", "la Città Metropolitana"):
these tables say the gender and number of the words names of bodies, programmes and measures
start with. An abbreviation of a legal form ("Soc. Coop.", "Cons.", "Fond.", "A.S.C.") is read
as the noun it stands for, so "Soc. Coop. Il Sentiero" is "della Soc. Coop.", never "del".
A first word none of them knows is guessed from its ending, and `known` says so: the rule
`articles` (generator/checks/names.py) warns when such a guess decides the article.

`plural` writes the plural of a noun phrase of the content ("centro per l'impiego" ->
"centri per l'impiego", "azienda speciale consortile" -> "aziende speciali consortili") by
the regular rules of Italian, for the kind of a body whose name is plural. No maintained
Python library inflects Italian nouns (simplemma and spaCy lemmatize, they do not inflect):
the rules below are the grammar books' (Serianni, Grammatica italiana, III.100-130) for the
words the content uses, with the few irregular ones listed.

A leaf module: it imports nothing of ours.
"""

from __future__ import annotations

import re


def _group(words: str, *fields: str | None) -> dict[str, tuple[str | None, ...]]:
    return dict.fromkeys(words.split(), fields)


# Head nouns that open the names of bodies, programmes and measures, lower case.
# A name is "il Comune di Melzo" because of its first word; -a nouns that are
# masculine (programma, sistema) must be listed, as the fallback guesses by ending.
HEADS: dict[str, tuple[str | None, ...]] = {
    **_group(
        "comune ambito distretto consorzio ministero ufficio centro tavolo istituto "
        "piano programma progetto patto reddito sistema stato studio gruppo ente "
        "servizio dipartimento settore assessorato osservatorio comitato "
        "coordinamento organismo sportello nucleo fondo bando avviso decreto "
        "accordo protocollo collegio consiglio politecnico segretariato tema "
        "assegno supporto buono cantiere percorso intervento laboratorio "
        "polo presidio punto", "m", "s"),
    **_group(
        "città azienda zona unione cooperativa fondazione associazione regione "
        "provincia cabina direzione agenzia rete società impresa comunità scuola "
        "università camera garanzia dote area commissione giunta conferenza "
        "prefettura procura questura misura iniziativa struttura casa "
        "organizzazione federazione confederazione caritas onlus", "f", "s"),
    **_group("centri servizi comuni ambiti enti istituti uffici distretti consorzi "
             "tavoli sportelli interventi percorsi cantieri", "m", "p"),
    **_group("aziende cooperative associazioni fondazioni reti regioni province "
             "scuole imprese zone aree agenzie unioni misure", "f", "p"),
}

# Acronyms: gender, number and, where the rule of `sound` would misread it, the
# sound the article follows instead.
ACRONYMS: dict[str, tuple[str | None, ...]] = {
    **_group("ASST ATS ASL AUSL ASP AFOL ANPAL ANCI CCIAA DGR PA UE RSA ZES NASPI "
             "ONLUS APS ODV AST ASC SCS SRL SPA SCRL SAS SNC", "f", "s", None),
    **_group("INPS INAIL ISTAT INAPP CPI CFP FESR PNRR DPCM ISEE SIL MEF PON POR PR ETS "
             "CPIA CSV CAF SERT SERD", "m", "s", None),
    # Reg. (UE) 2021/1057, recital 1, writes "il FSE+": read as "il Fondo".
    "FSE": ("m", "s", "fondo"),
    # Usage follows the expansion, "il Servizio sanitario nazionale".
    "SSN": ("m", "s", "servizio"),
    # S + consonant read as a word, not spelled ("esse"): "lo SPID".
    "SPID": ("m", "s", "spid"),
    "LEA": ("m", "p", None),
}

ABBREVIATIONS: dict[str, str] = {
    "soc.": "società", "coop.": "cooperativa", "cons.": "consorzio", "consorz.": "consorzio",
    "fond.": "fondazione", "fondaz.": "fondazione", "ass.": "associazione",
    "assoc.": "associazione", "ass.ne": "associazione", "az.": "azienda", "ist.": "istituto",
    "uff.": "ufficio", "dip.": "dipartimento", "dir.": "direzione", "coord.": "coordinamento",
    "sds": "società",  # Società della Salute (Toscana): "la SdS"
}
"""Abbreviations of legal forms and offices that open names, lower case -> the noun they stand
for: its gender and number are the name's ("la Soc. Coop. Il Sentiero", "la Fond. Alfa")."""

# Italian letter names, for acronyms spelled letter by letter ("CPI" = ci-pi-i).
_LETTER_NAMES = ("a bi ci di e effe gi acca i ilunga cappa elle emme enne o pi cu erre "
                 "esse ti u vu doppiavu ics ipsilon zeta")
LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _LETTER_NAMES.split(), strict=True))

VOWELS = "aeiouàèéìíòóùú"
_OPENING_MARKS = "\"'«“‘(["


def head_word(name: str) -> str:
    """First word, without opening quotes and before a hyphen ("Zona-distretto")."""
    return name.split()[0].lstrip(_OPENING_MARKS).split("-")[0]


def acronym_key(word: str) -> str:
    return word.rstrip("+").replace(".", "")


def is_acronym(key: str) -> bool:
    return len(key) >= 2 and key.isalpha() and key.isupper()


def expansion(word: str) -> str | None:
    """The noun an abbreviation of a legal form stands for ("Soc." -> "società"), or None."""
    lower = word.lower()
    if lower in ABBREVIATIONS:
        return ABBREVIATIONS[lower]
    return ABBREVIATIONS.get(lower.split(".")[0] + ".") if "." in lower else None  # "Soc.Coop."


def known(word: str) -> tuple[str, str] | None:
    """Gender and number of a head word the tables know (a noun, an acronym, an
    abbreviation), or None when only its ending could guess them."""
    key, lower, noun = acronym_key(word), word.lower(), expansion(word)
    found = ACRONYMS.get(key) or HEADS.get(lower) or (HEADS.get(noun) if noun else None)
    return (str(found[0]), str(found[1])) if found else None


def guess(word: str) -> tuple[str, str]:
    """Gender and number of a head word: tables first, then its ending; singular."""
    found = known(word)
    if found is not None:
        return found
    if is_acronym(acronym_key(word)):
        return "m", "s"
    feminine = ("a", "zione", "sione", "gione", "tà", "tù", "trice")
    return ("f" if word.lower().endswith(feminine) else "m"), "s"


# --- plurals ---------------------------------------------------------------------------------

_STOP = frozenset({"di", "del", "dello", "della", "dei", "degli", "delle", "per", "a", "al", "alla",
                   "ai", "agli", "alle", "in", "nel", "nella", "da", "dal", "dalla", "con", "su", "sul",
                   "tra", "fra", "e", "ed", "o"})
"""Words that end the part of a noun phrase that agrees ("centri | per l'impiego")."""

_IRREGULAR = {"uomo": "uomini", "dio": "dei", "bue": "buoi", "ala": "ali", "arma": "armi",
              "moglie": "mogli", "tempio": "templi", "uovo": "uova", "paio": "paia"}


def _plural_word(word: str, gender: str) -> str:
    """The plural of one noun or adjective of `gender` (the phrase's head's)."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return word[:1] + _IRREGULAR[lower][1:]
    if is_acronym(acronym_key(word)) or not lower[-1:].isalpha() or lower[-1] not in "aeio":
        return word  # acronyms, città, università, bar: invariable
    if lower.endswith("io"):
        return word[:-1]  # consorzio, ufficio, servizio
    if lower.endswith("ico"):
        return word[:-1] + "i"  # pubblico, tecnico: sdrucciole
    if lower.endswith(("co", "go")):
        return word[:-1] + "hi"  # parco, luogo
    if lower.endswith(("ca", "ga")):
        return word[:-1] + ("he" if gender == "f" else "hi")  # pubblica, collega
    if re.search(r"[^aeiou][cg]ia$", lower):
        return word[:-2] + "e"  # provincia, spiaggia
    if lower.endswith("a"):
        return word[:-1] + ("e" if gender == "f" else "i")  # azienda; programma
    if lower.endswith(("o", "e")):
        return word[:-1] + "i"  # centro, ente, sociale
    return word  # -i: crisi, analisi


def _plural_token(token: str, gender: str) -> str:
    """A word, or a hyphenated compound: "zona-distretto" -> "zone-distretto" (a noun first),
    "socio-assistenziale" -> "socio-assistenziali" (an adjective: its last part)."""
    if "-" not in token:
        return _plural_word(token, gender)
    first, rest = token.split("-", 1)
    if first.lower() in HEADS:
        return _plural_word(first, gender) + "-" + rest
    head, _, last = token.rpartition("-")
    return head + "-" + _plural_word(last, gender)


def plural(phrase: str) -> str:
    """The plural of a noun phrase: its head noun and the adjectives that follow it, up to the
    first preposition or article ("ente del terzo settore" -> "enti del terzo settore")."""
    words = phrase.split(" ")
    if not words or not words[0]:
        return phrase
    gender, number = guess(head_word(phrase))
    if number == "p":
        return phrase
    out: list[str] = []
    for index, token in enumerate(words):
        if token.lower() in _STOP or "'" in token or "’" in token:
            return " ".join(out + words[index:])
        out.append(_plural_token(token, gender))
    return " ".join(out)
