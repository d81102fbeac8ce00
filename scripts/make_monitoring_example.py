"""Write the example's ILLUSTRATIVE monitoring workbook, the same bytes every time.

    python scripts/make_monitoring_example.py monitoring/monitoraggio-esempio.xlsx

It is laid out as an office keeps it: a sheet "Partecipanti" of one row per person taken in
charge (surname, name, codice fiscale, gender, date of birth, status at entry, dates of
entry and exit, "Sì/No" answers, notes) and a sheet "Spese" of one row per payment (project,
budget line, supplier, document, date, amount). The people are INVENTED, drawn from a
pseudo-random generator with a fixed seed from lists of common Italian names: their codici
fiscali are computed from the invented names and dates (with a valid check character, so
that the tests can prove none of them reaches content/ or output/), and belong to no one
known. The sheet says so in its first row, and the mapping (monitoring/mapping.yaml) marks
the import `illustrative: true`, so every report built from it says so too.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from stdnum.it import codicefiscale

from generator.rendering.docx import reproducible_zip

SEED = 2021_10_15
WHEN = dt.datetime(2021, 10, 15)
PROJECTS = {  # label the office uses -> first day, participants per semester
    "CIAO!": (dt.date(2020, 10, 1), (28, 31)),
    "IN-LAV": (dt.date(2020, 10, 1), (24, 26)),
    "WORK IN PROGRESS": (dt.date(2021, 1, 11), (9, 21)),
    "FACCIAMO SQUADRA": (dt.date(2020, 10, 1), (25, 30)),
    "VULNERABILITA'": (dt.date(2020, 10, 1), (22, 27)),
}
SEMESTERS = ((dt.date(2020, 10, 1), dt.date(2021, 3, 31)), (dt.date(2021, 4, 1), dt.date(2021, 9, 30)))
SPENDING = {  # label -> per semester, per budget line (euro): personale, percorsi, servizi, comunicazione
    "CIAO!": ((24500, 31200.50, 9800, 3100), (27800, 42650, 16400, 2900)),
    "IN-LAV": ((23100, 28750, 12300, 2500), (26400, 39800, 18900, 3300)),
    "WORK IN PROGRESS": ((11200, 9850, 2400, 4200), (25600, 33400, 11800, 2100)),
    "FACCIAMO SQUADRA": ((22800, 30400, 10100, 2800), (26900, 41200, 15700, 3400)),
    "VULNERABILITA'": ((21900, 27300, 8600, 2600), (25400, 38100, 14300, 3000)),
}
LINES = ("Personale", "Percorsi personalizzati", "Servizi al lavoro e tirocini", "Comunicazione")
SUPPLIERS = {
    "Personale": ("Cedolini operatori", "Rimborso ente partner", "Coordinamento"),
    "Percorsi personalizzati": ("Cooperativa sociale (fattura)", "Ente di formazione (fattura)",
                                "Borse di inclusione"),
    "Servizi al lavoro e tirocini": ("Indennità di tirocinio", "Agenzia per il lavoro (fattura)"),
    "Comunicazione": ("Tipografia (fattura)", "Valutatore esterno (fattura)"),
}
SURNAMES = ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
            "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
            "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone")
WOMEN = ("Giulia", "Francesca", "Sara", "Martina", "Chiara", "Valentina", "Alessandra", "Elena",
         "Silvia", "Federica", "Paola", "Laura", "Anna", "Roberta", "Monica", "Fatima", "Ioana")
MEN = ("Marco", "Luca", "Andrea", "Giuseppe", "Francesco", "Alessandro", "Matteo", "Davide",
       "Stefano", "Roberto", "Paolo", "Simone", "Antonio", "Ahmed", "Mihai", "Omar", "Giovanni")
STATUSES = ("Disoccupato/a", "Disoccupato/a", "Disoccupato/a di lunga durata",
            "Disoccupato/a di lunga durata", "Inattivo/a", "Inattivo/a", "Occupato/a")
STUDIES = ("Licenza media", "Licenza media", "Diploma", "Qualifica professionale", "Laurea",
           "Nessun titolo")
TOWNS = (("Milano", "F205"), ("Sesto San Giovanni", "I690"), ("Rho", "H264"),
         ("Legnano", "E514"), ("Cinisello Balsamo", "C707"), ("Abbiategrasso", "A010"))
PARTICIPANT_HEADERS = ["N.", "Progetto", "Cognome", "Nome", "Codice fiscale", "Sesso",
                       "Data di nascita", "Comune di residenza", "Telefono",
                       "Condizione occupazionale all'ingresso", "Titolo di studio",
                       "Data presa in carico", "Progetto personalizzato sottoscritto",
                       "Tirocinio avviato", "Data conclusione", "Occupato alla conclusione", "Note"]
EXPENSE_HEADERS = ["Progetto", "Voce di spesa", "Fornitore / causale", "N. documento",
                   "Data pagamento", "Importo (€)"]
MONTHS = "ABCDEHLMPRST"


def _letters(word: str, name: bool) -> str:
    word = re.sub(r"[^A-Z]", "", word.upper())
    consonants = [c for c in word if c not in "AEIOU"]
    vowels = [c for c in word if c in "AEIOU"]
    if name and len(consonants) >= 4:
        consonants = [consonants[0], consonants[2], consonants[3]]
    return ("".join(consonants + vowels) + "XXX")[:3]


def fiscal_code(surname: str, name: str, born: dt.date, woman: bool, town: str) -> str:
    """An invented person's codice fiscale, computed as the Agenzia delle Entrate does."""
    day = born.day + (40 if woman else 0)
    body = (f"{_letters(surname, False)}{_letters(name, True)}{born:%y}{MONTHS[born.month - 1]}"
            f"{day:02d}{town}")
    return body + codicefiscale.calc_check_digit(body)


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def participants(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = []
    for label, (start, counts) in PROJECTS.items():
        for (first, last), count in zip(SEMESTERS, counts):
            for _ in range(count):
                woman = rng.random() < 0.52
                name = rng.choice(WOMEN if woman else MEN)
                surname = rng.choice(SURNAMES)
                age = rng.choice((rng.randint(18, 24), rng.randint(25, 54), rng.randint(25, 54),
                                  rng.randint(25, 54), rng.randint(55, 63)))
                entry = _day_between(rng, max(first, start), last)
                born = entry - dt.timedelta(days=age * 365 + rng.randrange(300))
                town, code = rng.choice(TOWNS)
                status = rng.choice(STATUSES)
                agreed = rng.random() < 0.8
                traineeship = agreed and rng.random() < 0.45
                closed = entry < dt.date(2021, 7, 1) and rng.random() < 0.35
                leaving = _day_between(rng, entry + dt.timedelta(days=60), dt.date(2021, 9, 30)) \
                    if closed and entry + dt.timedelta(days=60) <= dt.date(2021, 9, 30) else None
                employed = leaving is not None and rng.random() < 0.4
                rows.append([label, surname, name, fiscal_code(surname, name, born, woman, code),
                             "F" if woman else "M",
                             born.strftime("%d/%m/%Y") if rng.random() < 0.3 else born,
                             town, f"3{rng.randint(20, 49)} {rng.randint(1000000, 9999999)}",
                             status, rng.choice(STUDIES), entry, "Sì" if agreed else "No",
                             "Sì" if traineeship else "No", leaving,
                             ("Sì" if employed else "No") if leaving else "",
                             rng.choice(("", "", "", "colloquio di verifica a 3 mesi",
                                         "in carico anche ai servizi sociali"))])
    rows.sort(key=lambda row: (row[10], row[0]))  # as the office enters them: by date of entry
    return [[number, *row] for number, row in enumerate(rows, start=1)]


def expenses(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = []
    for label, semesters in SPENDING.items():
        start = PROJECTS[label][0]
        for (first, last), amounts in zip(SEMESTERS, semesters):
            for line, total in zip(LINES, amounts):
                cents = int(Decimal(str(total)) * 100)
                parts = rng.randint(2, 5)
                cuts = sorted(rng.sample(range(1, cents), parts - 1))
                for low, high in zip([0, *cuts], [*cuts, cents]):
                    day = _day_between(rng, max(first, start), last)
                    euro = (Decimal(high - low) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
                    rows.append([label, line, rng.choice(SUPPLIERS[line]),
                                 f"{rng.randint(1, 480)}/{day:%Y}", day, float(euro)])
    rows.sort(key=lambda row: (row[4], row[0]))
    return rows


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list[object]],
           first: bool = False) -> None:
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = 16
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, float):
                cell.number_format = "#,##0.00"


def workbook_bytes() -> bytes:
    rng = random.Random(SEED)
    book = Workbook()
    _sheet(book, "Partecipanti", PARTICIPANT_HEADERS, participants(rng), first=True)
    _sheet(book, "Spese", EXPENSE_HEADERS, expenses(rng))
    note = book.create_sheet("Leggimi")
    note["A1"] = ("DATI ILLUSTRATIVI - persone inventate (nomi e codici fiscali generati a caso), "
                  "spese inventate: non sono dati reali")
    note["A1"].font = Font(bold=True, color="C00000")
    properties = book.properties
    properties.creator = properties.lastModifiedBy = "fsegen (esempio illustrativo)"
    properties.created = properties.modified = WHEN
    properties.title = "Monitoraggio - DATI ILLUSTRATIVI"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_zip(_fixed_modified(buffer.getvalue()))


def _fixed_modified(data: bytes) -> bytes:
    """openpyxl stamps the save time as `modified`: put the fixed date back."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                part = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + WHEN.strftime(
                    "%Y-%m-%dT%H:%M:%SZ").encode(), part)
            target.writestr(info, part)
    return out.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path = Path(argv[1])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
