"""The common indicators of the European Social Fund, by programming period, as data.

A programme of 2014-2020 reports the common indicators of Regulation (EU) No 1304/2013
(ESF Regulation), Annex I: output indicators for participants CO01-CO19 and for entities
CO20-CO23, immediate results CR01-CR05, longer-term results CR06-CR09. A programme of
2021-2027 reports those of Regulation (EU) 2021/1057 (ESF+ Regulation), Annex I, as
programmes and SFC2021 number them: EECO01-EECO19 and EECR01-EECR06. The call says its
period (`call.period`), and `catalogue(period)` gives the right list.

Names are the Italian text of each Annex (Gazzetta ufficiale dell'Unione europea, as
published on EUR-Lex), as a report prints them; each catalogue's `source` names the act. The
Annex of 2014-2020 as amended by Regulation (EU, Euratom) 2018/1046 lists no indicator of the
participants' households (CO12-CO14 of the text of 2013): their codes are kept for figures
collected under the first text.

Each catalogue also says what the regulation fixes for the data on participants: the
breakdown by gender (female and male; 2021-2027 adds non-binary), the age bands its
indicators define, the labour-market status at entry (unemployed, inactive, employed: one of
them per participant), and which indicators count a subset of another's participants
(`within`: long-term unemployed are unemployed; inactive participants engaged in job searching
upon leaving, CR01, were inactive at entry) or exclude each other for one participant
(`exclusive`: the statuses at entry, the age bands, the levels of education; in 2021-2027 also
searching for a job, EECR01, and having one, EECR04, upon leaving: the last change within four
weeks counts, as the Commission's SFC2021 guidance says, `exclusive_by`). The rules of
generator/checks/indicators.py and the import of participants hold the content to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Period = Literal["2014-2020", "2021-2027"]


@dataclass(frozen=True)
class CommonIndicator:
    """One common indicator of an Annex."""

    code: str
    name: str
    """The Italian name, as the Annex words it."""
    kind: Literal["realizzazione", "risultato"]
    within: str | None = None
    """The code of the indicator whose participants this one counts a subset of."""


@dataclass(frozen=True)
class AgeBand:
    """An age band of the breakdown (age at entry, in whole years)."""

    id: str
    label: str
    lowest: int
    highest: int | None
    """Inclusive; None: no upper bound."""

    def holds(self, age: int) -> bool:
        return age >= self.lowest and (self.highest is None or age <= self.highest)


@dataclass(frozen=True)
class Catalogue:
    """The common indicators of one programming period and what its regulation fixes."""

    period: Period
    source: str
    """The act and its Annex, as a report cites it."""
    url: str
    indicators: dict[str, CommonIndicator]
    genders: dict[str, str]
    """Gender id -> its label (the breakdown every figure on participants carries)."""
    ages: tuple[AgeBand, ...]
    statuses: dict[str, str]
    """Labour-market status at entry -> the code that counts it (one per participant)."""
    exclusive: tuple[tuple[str, ...], ...]
    """Groups of codes a participant is counted in at most one of."""
    exclusive_by: dict[tuple[str, ...], str] = field(default_factory=dict)
    """The source of a group of `exclusive` that the Commission's guidance fixes, not the Annex."""

    def source_of(self, group: tuple[str, ...]) -> str:
        """Where a group of `exclusive` is fixed: the Commission's guidance, else the Annex."""
        return self.exclusive_by.get(group, self.source)

    def exclusive_in(self, codes: Iterable[str | None]) -> tuple[list[str], str]:
        """Those of `codes` in one group of `exclusive` with another of them (a participant
        counted twice where once is the most), in the group's order, and where the group is
        fixed; else no code."""
        found = set(codes)
        group = next((g for g in self.exclusive if len(found.intersection(g)) > 1), ())
        return [c for c in group if c in found], self.source_of(group)

    def name(self, code: str) -> str:
        return self.indicators[code].name

    def band(self, age: int) -> AgeBand | None:
        return next((b for b in self.ages if b.holds(age)), None)


def _indicators(*rows: tuple[str, str, str] | tuple[str, str, str, str]) -> dict[str, CommonIndicator]:
    found = {}
    for row in rows:
        code, kind, name = row[:3]
        within = row[3] if len(row) == 4 else None
        found[code] = CommonIndicator(code, name, "risultato" if kind == "R" else "realizzazione",
                                      within)
    return found


_LEAVING = "alla fine della loro partecipazione all'intervento"
_SIX_MONTHS = "entro i sei mesi successivi alla fine della loro partecipazione all'intervento"

ESF_2014_2020 = Catalogue(
    period="2014-2020",
    source="Regolamento (UE) n. 1304/2013, Allegato I (indicatori comuni per gli investimenti del FSE)",
    url="https://eur-lex.europa.eu/legal-content/IT/TXT/?uri=CELEX:32013R1304",
    indicators=_indicators(
        ("CO01", "O", "i disoccupati, compresi i disoccupati di lungo periodo"),
        ("CO02", "O", "i disoccupati di lungo periodo", "CO01"),
        ("CO03", "O", "le persone inattive"),
        ("CO04", "O", "le persone inattive che non seguono un corso di insegnamento o una "
                      "formazione", "CO03"),
        ("CO05", "O", "i lavoratori, compresi i lavoratori autonomi"),
        ("CO06", "O", "le persone di età inferiore a 25 anni"),
        ("CO07", "O", "le persone di età superiore a 54 anni"),
        ("CO08", "O", "le persone di età superiore a 54 anni che sono disoccupate, inclusi i "
                      "disoccupati di lungo periodo, o inattive e che non seguono un corso di "
                      "insegnamento o una formazione", "CO07"),
        ("CO09", "O", "i titolari di un diploma di istruzione primaria (ISCED 1) o di istruzione "
                      "secondaria inferiore (ISCED 2)"),
        ("CO10", "O", "i titolari di un diploma di insegnamento secondario superiore (ISCED 3) o "
                      "di un diploma di istruzione post secondaria (ISCED 4)"),
        ("CO11", "O", "i titolari di un diploma di istruzione terziaria (ISCED da 5 a 8)"),
        ("CO12", "O", "i partecipanti le cui famiglie sono senza lavoro"),
        ("CO13", "O", "i partecipanti le cui famiglie sono senza lavoro, con figli a carico", "CO12"),
        ("CO14", "O", "i partecipanti che vivono in una famiglia composta da un singolo adulto "
                      "con figli a carico"),
        ("CO15", "O", "i migranti, i partecipanti di origine straniera, le minoranze (comprese "
                      "le comunità emarginate come i Rom)"),
        ("CO16", "O", "i partecipanti con disabilità"),
        ("CO17", "O", "le altre persone svantaggiate"),
        ("CO18", "O", "i senzatetto o le persone colpite da esclusione abitativa"),
        ("CO19", "O", "le persone provenienti da zone rurali"),
        ("CO20", "O", "numero di progetti attuati completamente o parzialmente dalle parti sociali "
                      "o da organizzazioni non governative"),
        ("CO21", "O", "numero di progetti dedicati alla partecipazione sostenibile e al progresso "
                      "delle donne nel mondo del lavoro"),
        ("CO22", "O", "numero di progetti destinati alle pubbliche amministrazioni o ai servizi "
                      "pubblici a livello nazionale, regionale o locale"),
        ("CO23", "O", "numero di micro, piccole e medie imprese finanziate (incluse società "
                      "cooperative e imprese dell'economia sociale)"),
        ("CR01", "R", f"partecipanti inattivi che cercano lavoro {_LEAVING}", "CO03"),
        ("CR02", "R", f"partecipanti che intraprendono studi/corsi di formazione {_LEAVING}"),
        ("CR03", "R", f"partecipanti che ottengono una qualifica {_LEAVING}"),
        ("CR04", "R", f"partecipanti che hanno un lavoro, anche autonomo, {_LEAVING}"),
        ("CR05", "R", "partecipanti svantaggiati impegnati nella ricerca di un lavoro, in un "
                      "percorso di istruzione/formazione, nell'acquisizione di una qualifica, in "
                      f"un'occupazione, anche autonoma, {_LEAVING}"),
        ("CR06", "R", f"partecipanti che hanno un lavoro, anche autonomo, {_SIX_MONTHS}"),
        ("CR07", "R", "partecipanti che godono di una migliore situazione sul mercato del lavoro "
                      f"{_SIX_MONTHS}"),
        ("CR08", "R", f"partecipanti di oltre 54 anni di età che hanno un lavoro, anche autonomo, "
                      f"{_SIX_MONTHS}", "CO07"),
        ("CR09", "R", f"partecipanti svantaggiati che hanno un lavoro, anche autonomo, {_SIX_MONTHS}"),
    ),
    genders={"F": "donne", "M": "uomini"},
    ages=(AgeBand("meno-di-25", "meno di 25 anni", 0, 24), AgeBand("25-54", "da 25 a 54 anni", 25, 54),
          AgeBand("oltre-54", "più di 54 anni", 55, None)),
    statuses={"disoccupato": "CO01", "inattivo": "CO03", "occupato": "CO05"},
    exclusive=(("CO01", "CO03", "CO05"), ("CO06", "CO07"), ("CO09", "CO10", "CO11")),
)

ESF_PLUS_2021_2027 = Catalogue(
    period="2021-2027",
    source="Regolamento (UE) 2021/1057, Allegato I (indicatori comuni per il sostegno generale "
           "della componente FSE+ in regime di gestione concorrente)",
    url="https://eur-lex.europa.eu/legal-content/IT/TXT/?uri=CELEX:32021R1057",
    indicators=_indicators(
        ("EECO01", "O", "numero complessivo di partecipanti"),
        ("EECO02", "O", "disoccupati, compresi i disoccupati di lungo periodo", "EECO01"),
        ("EECO03", "O", "disoccupati di lungo periodo", "EECO02"),
        ("EECO04", "O", "persone inattive", "EECO01"),
        ("EECO05", "O", "persone che hanno un impiego, compresi i lavoratori autonomi", "EECO01"),
        ("EECO06", "O", "minori di 18 anni", "EECO01"),
        ("EECO07", "O", "giovani di età compresa tra i 18 e i 29 anni", "EECO01"),
        ("EECO08", "O", "partecipanti di età pari o superiore a 55 anni", "EECO01"),
        ("EECO09", "O", "titolari di un diploma di istruzione secondaria inferiore o di livello "
                        "inferiore (ISCED 0-2)", "EECO01"),
        ("EECO10", "O", "titolari di un diploma di istruzione secondaria superiore (ISCED 3) o "
                        "post-secondaria (ISCED 4)", "EECO01"),
        ("EECO11", "O", "titolari di un diploma di istruzione terziaria (ISCED da 5 a 8)", "EECO01"),
        ("EECO12", "O", "partecipanti con disabilità", "EECO01"),
        ("EECO13", "O", "cittadini di paesi terzi", "EECO01"),
        ("EECO14", "O", "partecipanti di origine straniera", "EECO01"),
        ("EECO15", "O", "minoranze (comprese le comunità emarginate come i rom)", "EECO01"),
        ("EECO16", "O", "partecipanti senza tetto o colpiti da esclusione abitativa", "EECO01"),
        ("EECO17", "O", "partecipanti provenienti da zone rurali", "EECO01"),
        ("EECO18", "O", "numero di pubbliche amministrazioni o servizi pubblici sostenuti"),
        ("EECO19", "O", "numero di micro, piccole e medie imprese sostenute (incluse società "
                        "cooperative e imprese sociali)"),
        ("EECR01", "R", "partecipanti che cercano un lavoro alla fine della loro partecipazione "
                        "all'intervento", "EECO01"),
        ("EECR02", "R", "partecipanti che intraprendono un percorso di istruzione o di formazione "
                        "alla fine della loro partecipazione all'intervento", "EECO01"),
        ("EECR03", "R", "partecipanti che ottengono una qualifica alla fine della loro "
                        "partecipazione all'intervento", "EECO01"),
        ("EECR04", "R", "partecipanti che hanno un lavoro, compreso un lavoro autonomo, alla fine "
                        "della loro partecipazione all'intervento", "EECO01"),
        ("EECR05", "R", "partecipanti che hanno un lavoro, compreso un lavoro autonomo, sei mesi "
                        "dopo la fine della loro partecipazione all'intervento", "EECO01"),
        ("EECR06", "R", "partecipanti che godono di una migliore situazione sul mercato del lavoro "
                        "sei mesi dopo la fine della loro partecipazione all'intervento", "EECO01"),
    ),
    genders={"F": "donne", "M": "uomini", "NB": "non binari"},
    ages=(AgeBand("meno-di-18", "meno di 18 anni", 0, 17), AgeBand("18-29", "da 18 a 29 anni", 18, 29),
          AgeBand("30-54", "da 30 a 54 anni", 30, 54), AgeBand("55-e-oltre", "55 anni e oltre", 55, None)),
    statuses={"disoccupato": "EECO02", "inattivo": "EECO04", "occupato": "EECO05"},
    exclusive=(("EECO02", "EECO04", "EECO05"), ("EECO06", "EECO07", "EECO08"),
               ("EECO09", "EECO10", "EECO11"), ("EECR01", "EECR04")),
    exclusive_by={("EECR01", "EECR04"): "Commissione europea, SFC2021, domande frequenti: periodo di "
                  "riferimento per gli indicatori di risultato immediati, 13 aprile 2023"},
)

CATALOGUES: dict[str, Catalogue] = {c.period: c for c in (ESF_2014_2020, ESF_PLUS_2021_2027)}
"""Programming period -> its catalogue."""

STATUS_LABELS = {"disoccupato": "disoccupati", "inattivo": "inattivi", "occupato": "occupati"}
"""Labour-market status at entry -> its label in a report's breakdown."""


def catalogue(period: str | None) -> Catalogue | None:
    """The catalogue of `period` ("2014-2020", "2021-2027"); None when the period is not known."""
    return CATALOGUES.get(period) if period else None


def period_of(code: str) -> str | None:
    """The period whose catalogue holds `code`, None for a programme's own code."""
    return next((p for p, c in CATALOGUES.items() if code in c.indicators), None)
