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
from typing import Any

from generator.model.timeline import (
    in_force,
    lead_on,
    merged_by,
    name_on,
    partner_in_force,
    position_on,
    representative_on,
)
from generator.templating.filters.formatting import short_date
from generator.templating.recording import current, record

UNCHANGED = object()
"""`value_on`'s answer for a field that reads the same on every day."""


def value_on(graph: Any, view: Any, name: str) -> Any:
    """The value of field `name` of `view` on the graph's day, or UNCHANGED."""
    special = _SPECIAL.get((type(view._model).__name__, name))
    if special is None or graph.day is None:
        return UNCHANGED
    return special(graph, view, graph.day)


def _lead(graph: Any, view: Any, day: dt.date) -> Any:
    return graph.item("organisations", lead_on(view._model, day).lead)


def _former_leads(graph: Any, view: Any, day: dt.date) -> list:
    model = view._model
    return [graph.wrap(model.former_leads[i], view._owner, view._path + ("former_leads", i))
            for i in lead_on(model, day).replaced]


def _partners(graph: Any, view: Any, day: dt.date) -> list:
    return [graph.wrap(p, view._owner, view._path + ("partners", i))
            for i, p in enumerate(view._model.partners)
            if partner_in_force(p, day)]


def _former_partners(graph: Any, view: Any, day: dt.date) -> list:
    return [graph.wrap(p, view._owner, view._path + ("partners", i))
            for i, p in enumerate(view._model.partners)
            if p.left_on is not None and p.left_on <= day]


def _name(graph: Any, view: Any, day: dt.date) -> str:
    return name_on(view._model, day)[0]


def _short_name(graph: Any, view: Any, day: dt.date) -> str | None:
    return name_on(view._model, day)[1]


def _former_names(graph: Any, view: Any, day: dt.date) -> list:
    model = view._model
    return [graph.wrap(model.former_names[i], view._owner, view._path + ("former_names", i))
            for i in name_on(model, day)[2]]


def _merged_into(graph: Any, view: Any, day: dt.date) -> Any:
    model = view._model
    return graph.item("organisations", model.merged_into) \
        if model.merged_into and merged_by(model, day) else None


def _merged_on(graph: Any, view: Any, day: dt.date) -> dt.date | None:
    return view._model.merged_on if merged_by(view._model, day) else None


def _representative(graph: Any, view: Any, day: dt.date) -> Any:
    """Read from the people's dated roles: the deliverable depends on every person's."""
    record(("members", "people"), *(("item", "people", pid) for pid, person
                                    in graph.content.people.items() if person.roles))
    person = representative_on(graph.content, view._id or view._path[-1], day)
    return graph.item("people", person) if person else None


def _position(graph: Any, view: Any, day: dt.date) -> str | None:
    return position_on(view._model, day)


def _roles(graph: Any, view: Any, day: dt.date) -> list:
    return [graph.wrap(role, view._owner, view._path + ("roles", i))
            for i, role in enumerate(view._model.roles)
            if role.since is None or role.since <= day]


def _until(graph: Any, view: Any, day: dt.date) -> dt.date | None:
    until = view._model.until
    return until if until is not None and until < day else None


def _left_on(graph: Any, view: Any, day: dt.date) -> dt.date | None:
    left = view._model.left_on
    return left if left is not None and left <= day else None


def _sent(graph: Any, view: Any, day: dt.date) -> Any:
    """What was sent is known from its sending on, and never by the document itself."""
    sent = view._model.sent
    recorder = current()
    own = recorder is not None and recorder.document_id == view._id
    if sent is None or own or sent.date > day:
        return None
    return graph.wrap(sent, view._owner, view._path + ("sent",))


_SPECIAL: dict[tuple[str, str], Callable[[Any, Any, dt.date], Any]] = {
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


def status_on(model: Any, day: dt.date) -> tuple[str, str, str | None] | None:
    """For an item that did not exist as such on `day`: ("future" or "ended", what it is,
    the field that tells its end); None when it existed."""
    kind = type(model).__name__
    if kind == "Event" and model.date > day:
        return "future", f"the {model.kind} of {short_date(model.date)}", None
    if kind == "Document" and model.date > day:
        return "future", f"the document of {short_date(model.date)}", None
    if kind == "Measure" and not in_force(model.since, model.until, day):
        if model.since is not None and model.since > day:
            return "future", f"{model.name!r}, in force from {short_date(model.since)}", None
        return "ended", f"{model.name!r}, which ended on {short_date(model.until)}", "until"
    if kind == "Organisation" and merged_by(model, day):
        return "ended", (f"{model.name}, merged into another body on {short_date(model.merged_on)}"),\
            "merged_into"
    return None
