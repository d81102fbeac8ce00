"""Everything under content/: one programme and the facts it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import model_validator

from generator.model.base import Id, Model, Text
from generator.model.bodies import Organisation, Person
from generator.model.call import Call
from generator.model.documents import Document
from generator.model.lifecycle import Acceptance
from generator.model.monitoring import Indicator, Period, Record
from generator.model.programme import District, Event, Measure, Network, Programme, Project, Synergy
from generator.model.timeline import partner_in_force
from generator.model.unfilled import Unfilled, standing_in


class Content(Model):
    """Everything under `content/`: one programme and the facts it rests on."""

    programme: Programme
    """The programme submitted."""
    call: Call
    """The call it answers."""
    organisations: dict[Id, Organisation] = {}
    """Every body named anywhere, once."""
    people: dict[Id, Person] = {}
    """Signatories and other persons named."""
    districts: dict[Id, District] = {}
    """The districts (ambiti) of the territory."""
    projects: dict[Id, Project] = {}
    """The territorial projects."""
    synergies: list[Synergy] = []
    """Institutional bodies involved and their roles."""
    events: dict[Id, Event] = {}
    """Dated events the deliverables cite."""
    networks: dict[Id, Network] = {}
    """Local networks the programme relates to."""
    measures: dict[Id, Measure] = {}
    """Regional and national measures the programme integrates with."""
    documents: dict[Id, Document] = {}
    """The deliverables, one file each under `content/documents/`."""
    glossary: dict[str, Text] = {}
    """Acronyms and Italian terms used in prose, with their meaning."""
    indicators: dict[Id, Indicator] = {}
    """The indicators monitored after the grant (targets are per project)."""
    periods: dict[Id, Period] = {}
    """The reporting periods, by id."""
    monitoring: dict[Id, dict[Id, Record]] = {}
    """Achieved values and expenditure, by period id then project id (imported from the
    office's spreadsheet by `fsegen import monitoring`)."""
    accept: list[Acceptance] = []
    """Warnings the office acknowledges (rule, path, reason, who, date), listed by status."""

    @model_validator(mode="after")
    def _dates_to_fill_stand_in_as_the_deadline(self) -> Content:
        """A document's date still to fill in stands in as the call's deadline in force, the day it
        will be dated by at the latest (the day of the run when that too is unknown)."""
        deadline = self.call.final_deadline
        if deadline is None:
            return self
        for doc_id, document in self.documents.items():
            if isinstance(document.date, Unfilled):
                self.documents[doc_id] = document.model_copy(update={"date": standing_in(deadline)})
        return self



@dataclass(frozen=True)
class Instance:
    """One file of a per-item document: its item, where the item is in the content."""

    suffix: str
    """What the output id adds to the document id: the item's id (`ciao`), or for a partner the
    project's and its body's (`ciao-afol`)."""
    path: tuple[str | int, ...]
    """The item's content path: `('projects', 'ciao')`, `('projects', 'ciao', 'partners', 2)`."""
    model: Any
    """The item (a Project, an Organisation, a Partner...)."""


def item_output(doc_id: str, suffix: str) -> str:
    """The output id of one item's file of a per-item document (`scheda-progetto-ciao`)."""
    return f"{doc_id}-{suffix}"


def instances(content: Content, document: Document) -> list[Instance]:
    """The items a per-item document is written for, in content order: every item of its
    collection, or every partner of every project in the partnership on the document's date,
    those whose fields equal `where` (an empty list for a document written once)."""
    each = document.each
    if each is None:
        return []
    found: list[Instance] = []
    if each.items == "projects.partners":
        for project_id, project in content.projects.items():
            found += [Instance(f"{project_id}-{p.organisation}", ("projects", project_id, "partners", n), p)
                      for n, p in enumerate(project.partners) if partner_in_force(p, document.date)]
    else:
        found = [Instance(item_id, (each.items, item_id), item)
                 for item_id, item in getattr(content, each.items).items()]
    return [i for i in found if all(getattr(i.model, k, None) == v for k, v in each.where.items())]


def output_ids(content: Content) -> dict[str, list[str]]:
    """Document id -> the output ids (file stems) it produces: itself, or one per item."""
    return {doc_id: [doc_id] if document.for_each is None
            else [item_output(doc_id, i.suffix) for i in instances(content, document)]
            for doc_id, document in content.documents.items()}
