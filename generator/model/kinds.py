"""Open vocabularies the rules understand: kinds of organisation and ways of taking part.

Any kind of body may be written (`kind: comunità montana`, `kind: centro antiviolenza`): the
vocabulary is open, because every region and call names bodies its own way. The kinds below
are the ones the rules know, each with its sector, which rules such as "at least one public
body in the partnership" read. A kind not listed here needs a `sector:` on the organisation
when a rule asks for it (the `kinds` rule says so, and suggests the closest known kind).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

Sector = Literal["pubblico", "privato", "terzo settore"]
"""The sector of a body: pubblico (a public administration or public body), privato (a
company, a private training body), terzo settore (a non-profit body of the Third Sector)."""

PUBLIC: Sector = "pubblico"
PRIVATE: Sector = "privato"
THIRD: Sector = "terzo settore"

KINDS: dict[str, tuple[Sector | None, str]] = {
    "comune": (PUBLIC, "a municipality"),
    "unione di comuni": (PUBLIC, "a union of municipalities"),
    "unione montana": (PUBLIC, "a union of mountain municipalities"),
    "comunità montana": (PUBLIC, "a mountain community"),
    "città metropolitana": (PUBLIC, "a metropolitan city"),
    "provincia": (PUBLIC, "a province"),
    "regione": (PUBLIC, "a region"),
    "ministero": (PUBLIC, "a ministry"),
    "ente pubblico": (PUBLIC, "any other public body"),
    "ufficio": (PUBLIC, "an office or directorate of a public body"),
    "ufficio di piano": (PUBLIC, "the office that runs a piano di zona"),
    "azienda speciale": (PUBLIC, "a municipal special company"),
    "azienda speciale consortile": (PUBLIC, "a special company of several municipalities"),
    "azienda consortile": (PUBLIC, "a consortium company of municipalities"),
    "azienda pubblica di servizi alla persona": (PUBLIC, "an ASP, public personal-services body"),
    "consorzio": (PUBLIC, "a consortium of local authorities"),
    "consorzio socio-assistenziale": (PUBLIC, "a consortium running social services"),
    "società della salute": (PUBLIC, "a Tuscan consortium of municipalities and health authority"),
    "ATS": (PUBLIC, "Agenzia di Tutela della Salute, Lombardy's health protection agency"),
    "ASST": (PUBLIC, "Azienda Socio Sanitaria Territoriale (Lombardy)"),
    "ASL": (PUBLIC, "Azienda Sanitaria Locale"),
    "AUSL": (PUBLIC, "Azienda Unità Sanitaria Locale (Emilia-Romagna, Toscana...)"),
    "ASP": (PUBLIC, "Azienda Sanitaria Provinciale"),
    "azienda sanitaria": (PUBLIC, "any other health authority"),
    "agenzia": (PUBLIC, "a public agency (AFOL, regional labour agency)"),
    "centro per l'impiego": (PUBLIC, "a public employment office"),
    "CPIA": (PUBLIC, "Centro Provinciale per l'Istruzione degli Adulti"),
    "scuola": (PUBLIC, "a state school"),
    "università": (PUBLIC, "a university"),
    "organismo": (None, "a committee or board (cabina di regia, tavolo)"),
    "ente del terzo settore": (THIRD, "a Third Sector body (ETS)"),
    "cooperativa sociale": (THIRD, "a social cooperative"),
    "consorzio di cooperative": (THIRD, "a consortium of social cooperatives"),
    "impresa sociale": (THIRD, "a social enterprise"),
    "associazione": (THIRD, "an association"),
    "associazione di promozione sociale": (THIRD, "an APS"),
    "organizzazione di volontariato": (THIRD, "an ODV"),
    "fondazione": (THIRD, "a foundation"),
    "CSV": (THIRD, "Centro di Servizio per il Volontariato"),
    "ente accreditato": (PRIVATE, "a body accredited by the region for training or work services"),
    "ente di formazione": (PRIVATE, "a training body"),
    "impresa": (PRIVATE, "a company"),
    "organizzazione sindacale": (PRIVATE, "a trade union"),
    "organizzazione datoriale": (PRIVATE, "an employers' organisation"),
    "associazione temporanea di scopo": (None, "a partnership formed for the project (ATS in Toscana)"),
    "altro": (None, "anything else (give its `sector:`)"),
}
"""Kind -> (sector, what it is): the kinds of body the rules understand."""

OrganisationKind = Annotated[str, StringConstraints(min_length=1),
                             Field(json_schema_extra={"examples": list(KINDS)})]
"""Legal or institutional kind of a body, in Italian: any words; the rules understand those
of `KINDS` (comune, unione di comuni, cooperativa sociale, impresa sociale, fondazione...)."""

PARTICIPATIONS: dict[str, str] = {
    "partner": "a member of the project's partnership",
    "referente": "the body the call or the region refers to for the project",
    "in coordinamento": "a public body neither lead nor partner, coordinated with the project",
    "rete di supporto": "a body of the network that supports the project without its budget",
    "co-finanziatore": "a body that co-finances the project (also read from `co_financing_by`)",
}
"""How a body takes part in a project besides the lead (`capofila`): an open list; the
phrases.jinja macro `network_role` words each one in the deliverables."""

Participation = Annotated[str, StringConstraints(min_length=1),
                          Field(json_schema_extra={"examples": list(PARTICIPATIONS)})]
"""How a body takes part in a project: partner, referente, in coordinamento, rete di supporto,
co-finanziatore, or other words of the call."""

LEAD = "capofila"
"""The word for the lead body in partnership requirements (`roles: [capofila, partner]`)."""


def kinds_table() -> str:
    """The table of the kinds the rules know (docs/reference/kinds.md, generated as the site builds)."""
    rows = ["| kind | sector | what it is |", "|---|---|---|"]
    rows += [f"| {kind} | {sector or '(give `sector:`)'} | {what} |"
             for kind, (sector, what) in KINDS.items()]
    return "\n".join(rows)
