"""What no built deliverable may say: Italian a reviewer would correct, and the tool's own words.

A helper for the tests that read deliverables back (not a test module).
"""

from __future__ import annotations

import re

from generator.templating.filters import nouns

_FEMININE_HEADS = (r"(?:Soc\.|Coop\.|Fond\.|Cooperativa|Fondazione|Società|Associazione|Azienda|Città|Regione|"
                   r"Provincia|Unione|Agenzia|SdS|Comunità|Zona)")
_BODY = (r"(?:Comune|Città Metropolitana|Regione|Provincia|Unione|Azienda|Consorzio|Comunità|"
         r"ASST|ATS|ASL|AUSL|INPS|Agenzia|Fondazione|Cooperativa|Società)")
_ARTICLES = ("il|lo|la|del|dello|della|al|allo|alla|dal|dallo|dalla|nel|nello|nella|sul|sullo|sulla")

MISTAKES = {
    "uno before a plural": r"\buno (?:ambiti|progetti|distretti|comuni|enti|partner|reti|misure)\b",
    "1 before a plural": r"\b1 (?:reti|progetti|ambiti|comuni|mesi|destinatari|misure|enti)\b",
    "il before 8 or 11": r"\b(?:il|del|dal|al|nel) (?:8|11)\b",
    "l' before the first": r"\b[lL]'1\b",
    "a doubled mark": r"(?<!\.)\.\.(?!\.)|,,|;;|::|[,;:]\.(?!\.)",
    "a doubled word": r"\b(?:([^\W\d_]+)[ \t]+\1|(?=[^\W\d_a-zà-ÿ])([^\W\d_]+)[ \t]+(?i:\2))\b",
    "nested round brackets": r"\([^()\n]*\(",
    "di before an article": r"\bdi (?:il|lo|la|i|gli|le) ",
    "a preposition before a name's own article": r"\b(?:del|dal|al|nel|sul|della|dalla) (?:L'|Il |La |Lo )",
    "A CURA DI before a body": r"A CURA DI ",
    "a doubled label": r"PROGRAMMA: PROGRAMMA",
    "the degree-less ordinal": "\u00ba",
    # class 1: conjunctions
    "an ambiguous chain of e": r"\be\b [^,;:.()\[\]|\n]{1,60}? \be\b [^,;:.()\[\]|\n]{1,60}? \be\b|"
                               r"\b(?:disoccupate|occupate) e [^,;:.()|\n]{1,40}? e\b",
    # class 3: articles
    "a masculine article before a feminine name": rf"\b(?:[Ii]l|[Dd]el|[Aa]l|[Dd]al|[Nn]el|[Ss]ul) {_FEMININE_HEADS}",
    "an article not elided before a vowel": rf"(?<![\w'])(?i:{_ARTICLES}) (?![Ii][aeiou]|[IVX]+\b)[AEIOUaeiouÀÈÉÌÒÙàèéìòù]",
    # class 4: number
    "circa 100%": r"circa 100,0\s?%",
    # class 5: names
    "a short name after a comma": r"\w, [A-Z][A-Za-z]*[A-Z][A-Za-z.]*\)",
    # class 7: prose of our own
    "a preposition with no article before a body": rf"\b(?:[Dd]a|di|a) {_BODY} (?:di |dei |del |della |[A-Z])",
}
"""Name -> pattern of a mistake of Italian the grammar filters exist to prevent."""

TOOL_WORDS = ["nel contenuto", "il contenuto", "contenuto del Programma", "non riporta ancora",
              "non è ancora definito", "fsegen", "YAML", "content/", "None", "TODO", "{{", "{%",
              "Importi illustrativi:"]
"""The tool's own wording: every sentence for a missing fact is the office's (phrases.jinja)."""


QUOTED = re.compile(r"«[^»\n]*»|“[^”\n]*”|\"[^\"\n]*\"")
"""Titles quoted as written: their words are not the deliverable's to correct."""

PLURAL_LABELS = re.compile(r"^(?:Ambiti territoriali sociali|Ambiti territoriali|Ambiti|Zone-distretto) \| "
                           r"(?P<cell>[^|]+)$", re.MULTILINE)
"""A row label of the call's words in the plural, and its cell."""


def _cells(text: str) -> list[str]:
    """Slips of number in table rows: a plural label over one item, a plural name of one kind."""
    found = []
    for match in PLURAL_LABELS.finditer(text):
        cell = match.group("cell")
        if "," not in cell and " e " not in cell and "Intero territorio" not in cell:
            found.append(f"a plural label over one item: {match.group()}")
    for line in text.splitlines():
        cells = line.split(" | ")
        if len(cells) < 4 or not cells[0].split() or not cells[1].split():  # the network's rows
            continue
        name, kind = nouns.known(cells[0].split()[0]), nouns.known(cells[1].split()[0])
        if name and kind and name[1] == "p" and kind[1] == "s":
            found.append(f"a plural name beside a singular kind: {line}")
    return found


def _totals(text: str) -> list[str]:
    """"presentato per importi complessivi" above a total that is not there."""
    found = []
    for match in re.finditer(r"presentato per importi complessivi", text):
        following = text[match.end():match.end() + 300]
        if re.search(r"^(?:\*\*)?Totale(?:\*\*)? \| (?:\*\*)?—", following, re.MULTILINE):
            found.append("a budget said to be of totals above a total that is missing")
    return found


def problems(text: str) -> list[str]:
    """Each mistake or tool word found in `text`, with the words around it."""
    found = []
    plain = QUOTED.sub(lambda m: " " * len(m.group()), text)
    for name, pattern in MISTAKES.items():
        for match in re.finditer(pattern, plain):
            found.append(f"{name}: ...{plain[max(match.start() - 30, 0):match.end() + 30]}...")
    found += _cells(plain) + _totals(plain)
    found += [f"tool wording {word!r}" for word in TOOL_WORDS if word in text]
    return found


WORDINGS = {
    "the fiscal-code label": re.compile(r"\b(?:C\.\s?F\.|CF|Cod\.\s?fisc\.|codice fiscale)(?=[\s/:,)]|$)",
                                        re.IGNORECASE),
    "the VAT label": re.compile(r"\b(?:P\.\s?IVA|PIVA|partita IVA)\b", re.IGNORECASE),
    "the funding": re.compile(r"\b(?:POR|PR)[- ]FSE\+?[^.;|\n]*?(?:,\s*|\s+[–-]\s+|\s+)(?:Asse|Priorità) "
                              r"[IVX\d]+\b(?:\s*[(\[][^)\]\n]*[)\]]|,? \*{0,2}[a-z][a-z ]+\*{0,2})?"),
}
"""Facts that a build words once: found in every deliverable, compared across them."""


def across(texts: dict[str, str]) -> list[str]:
    """Each fact worded more than one way across the deliverables of one build."""
    found = []
    for fact, pattern in WORDINGS.items():
        variants: dict[str, set[str]] = {}
        for name, text in texts.items():
            for match in pattern.finditer(text):
                key = " ".join(match.group().replace("*", "").translate(str.maketrans("[]", "()")).split())
                variants.setdefault(key.casefold(), set()).add(name)
        if fact == "the funding":  # one wording per programme and axis
            by_axis: dict[tuple[str, str], list[str]] = {}
            for variant in variants:
                parts = re.match(r"^(.*?)[\s,–-]*((?:asse|priorità) [\w]+)", variant)
                if parts:
                    by_axis.setdefault((parts.group(1), parts.group(2)), []).append(variant)
            groups = [v for v in by_axis.values() if len(v) > 1]
        else:
            groups = [list(variants)] if len(variants) > 1 else []
        found += [f"{fact} worded {len(g)} ways: {sorted(g)}" for g in groups]
    return found


def facts(texts: dict[str, str], content) -> list[str]:
    """Facts of the content a deliverable prints without what changes their meaning: a project's
    area, a planned minimum, alternatives joined by "o", a project's own evaluation."""
    found = []
    for name, text in texts.items():
        for project in content.projects.values():
            shown = f"Progetto {project.title}" in text or f"| {project.title} |" in text \
                or text.splitlines()[0:12].count(project.title.upper())
            territory = [d for d in project.districts if content.districts[d].name in text]
            if project.area and territory and project.title in text and project.area not in text:
                found.append(f"{name}: {project.title} printed without its area ({project.area})")
            if getattr(project.recipients, "minimum", False) and f"| {int(project.recipients)}\n" in text + "\n":
                found.append(f"{name}: the minimum of {project.title} printed as a bare number")
            if project.evaluation and project.evaluation.score is not None and shown \
                    and name.startswith("scheda") and project.title.upper() in text \
                    and f"punteggio {format(project.evaluation.score, 'f').rstrip('0').rstrip('.').replace('.', ',')}" not in text:
                found.append(f"{name}: the evaluation of {project.title} is printed nowhere")
        for measure in content.measures.values():
            names = [c.name for c in measure.components]
            if len(names) > 1 and names[-2] in text and names[-1] in text:
                between = text[text.index(names[-2]) + len(names[-2]):text.index(names[-1])]
                relief = {"e": ", nonché ", "o": ", oppure "}.get(measure.components_joined_by, "")
                if f" {measure.components_joined_by} " not in between and (not relief or relief not in between):
                    found.append(f"{name}: the components of {measure.name} joined otherwise than "
                                 f"{measure.components_joined_by!r}")
    return found
