"""The content as it stood on a deliverable's date: the fields whose value depends on the day.

A view (generator/context/views.py) asks `value_on` for a field before reading the model:
the lead of a project on the day, the name an organisation bore, the partners then in
the partnership, the office a person held, the changes already told. Everything not
listed here reads the same on every day. `status_on` says whether an item existed on
the day (an event not yet held, a measure not yet in force, a body already merged).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.messages import _
from generator.model import Document, Event, Measure, Organisation
from generator.model.timeline import (
    lead_on,
    merged_by,
    name_on,
    partner_in_force,
    position_on,
    representative_on,
)
from generator.templating.filters.formatting import short_date
from generator.templating.recording import current, record

if TYPE_CHECKING:
    from generator.context.views import Graph, View
    from generator.model import FormerName, LeadChange, Partner, Person, Project, Role, Sent

UNCHANGED = object()
"""`value_on`'s answer for a field that reads the same on every day."""


def value_on(graph: Graph, view: View[Any], name: str) -> object:
    """The value of field `name` of `view` on the graph's day, or UNCHANGED."""
    special = _SPECIAL.get((type(view._model).__name__, name))
    if special is None or graph.day is None:
        return UNCHANGED
    return special(graph, view, graph.day)


def _lead(graph: Graph, view: View[Project], day: dt.date) -> View[Organisation]:
    return graph.item("organisations", lead_on(view._model, day).lead)


def _former_leads(graph: Graph, view: View[Project], day: dt.date) -> list[View[LeadChange]]:
    model = view._model
    return [graph.wrap(model.former_leads[i], view._owner, view._path + ("former_leads", i))
            for i in lead_on(model, day).replaced]


def _partners(graph: Graph, view: View[Project], day: dt.date) -> list[View[Partner]]:
    return [graph.wrap(p, view._owner, view._path + ("partners", i))
            for i, p in enumerate(view._model.partners)
            if partner_in_force(p, day)]


def _former_partners(graph: Graph, view: View[Project], day: dt.date) -> list[View[Partner]]:
    return [graph.wrap(p, view._owner, view._path + ("partners", i))
            for i, p in enumerate(view._model.partners)
            if p.left_on is not None and p.left_on <= day]


def _name(graph: Graph, view: View[Organisation], day: dt.date) -> str:
    return name_on(view._model, day)[0]


def _short_name(graph: Graph, view: View[Organisation], day: dt.date) -> str | None:
    return name_on(view._model, day)[1]


def _former_names(graph: Graph, view: View[Organisation], day: dt.date) -> list[View[FormerName]]:
    model = view._model
    return [graph.wrap(model.former_names[i], view._owner, view._path + ("former_names", i))
            for i in name_on(model, day)[2]]


def _merged_into(graph: Graph, view: View[Organisation], day: dt.date) -> View[Organisation] | None:
    model = view._model
    return graph.item("organisations", model.merged_into) \
        if model.merged_into and merged_by(model, day) else None


def _merged_on(graph: Graph, view: View[Organisation], day: dt.date) -> dt.date | None:
    return view._model.merged_on if merged_by(view._model, day) else None


def _representative(graph: Graph, view: View[Organisation], day: dt.date) -> View[Person] | None:
    """Read from the people's dated roles: the deliverable depends on every person's."""
    record(("members", "people"), *(("item", "people", pid) for pid, person
                                    in graph.content.people.items() if person.roles))
    person = representative_on(graph.content, view._id or str(view._path[-1]), day)
    return graph.item("people", person) if person else None


def _position(graph: Graph, view: View[Person], day: dt.date) -> str | None:
    return position_on(view._model, day)


def _roles(graph: Graph, view: View[Person], day: dt.date) -> list[View[Role]]:
    return [graph.wrap(role, view._owner, view._path + ("roles", i))
            for i, role in enumerate(view._model.roles)
            if role.since is None or role.since <= day]


def _until(graph: Graph, view: View[Measure] | View[Role], day: dt.date) -> dt.date | None:
    until = view._model.until
    return until if until is not None and until < day else None


def _left_on(graph: Graph, view: View[Partner], day: dt.date) -> dt.date | None:
    left = view._model.left_on
    return left if left is not None and left <= day else None


def _sent(graph: Graph, view: View[Document], day: dt.date) -> View[Sent] | None:
    """What was sent is known from its sending on, and never by the document itself."""
    sent = view._model.sent
    recorder = current()
    own = recorder is not None and recorder.document_id == view._id
    if sent is None or own or sent.date > day:
        return None
    return graph.wrap(sent, view._owner, view._path + ("sent",))


_SPECIAL: dict[tuple[str, str], Callable[[Graph, View[Any], dt.date], object]] = {
    ("Project", "lead"): _lead,
    ("Project", "former_leads"): _former_leads,
    ("Project", "partners"): _partners,
    ("Project", "former_partners"): _former_partners,
    ("Organisation", "name"): _name,
    ("Organisation", "short_name"): _short_name,
    ("Organisation", "former_names"): _former_names,
    ("Organisation", "merged_into"): _merged_into,
    ("Organisation", "merged_on"): _merged_on,
    ("Organisation", "legal_representative"): _representative,
    ("Person", "position"): _position,
    ("Person", "roles"): _roles,
    ("Measure", "until"): _until,
    ("Role", "until"): _until,
    ("Partner", "left_on"): _left_on,
    ("Document", "sent"): _sent,
}


def status_on(model: BaseModel, day: dt.date) -> tuple[str, str, str | None] | None:
    """For an item that did not exist as such on `day`: ("future" or "ended", what it is,
    the field that tells its end); None when it existed."""
    if isinstance(model, Event) and model.date > day:
        return "future", _("the {kind} of {date}", kind=model.kind, date=short_date(model.date)), None
    if isinstance(model, Document) and model.date > day:
        return "future", _("the document of {date}", date=short_date(model.date)), None
    if isinstance(model, Measure):  # not in force on the day: not yet, or no longer
        if model.since is not None and model.since > day:
            return "future", _("{name!r}, in force from {date}", name=model.name,
                               date=short_date(model.since)), None
        if model.until is not None and model.until < day:
            return "ended", _("{name!r}, which ended on {date}", name=model.name,
                              date=short_date(model.until)), "until"
    if isinstance(model, Organisation) and model.merged_on is not None and merged_by(model, day):
        return "ended", _("{name}, merged into another body on {date}", name=model.name,
                          date=short_date(model.merged_on)), "merged_into"
    return None
