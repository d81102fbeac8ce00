"""Exactly what a template sees: the `Context` of a deliverable and the views it holds.

A template sees views of the content: every item of a collection is reachable by
id (`organisations.cmm`) and collections iterate over their items, in the order
the YAML gives them. References are resolved, so `project.lead.name` is the lead
body's name, never an id. A view exposes an item's fields and the properties our
model declares, nothing of pydantic's machinery (the sandbox refuses the rest).

Each deliverable sees the content as it stood on its own date (the Graph's `day`:
generator/context/asof.py gives the fields that depend on it), and every read through a view is
told to the deliverable's Recorder (generator/templating/recording.py): the keys the incremental
cache hashes, and where each field was read, for the rules of a programme's life.

The table of docs/reference/context.md is generated from the docstrings of
`Context` (`context_table()`), so the documentation is this code.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from pydantic import BaseModel

from generator.context.asof import UNCHANGED, status_on, value_on
from generator.context.covering import Covering
from generator.context.totals import Totals, totals
from generator.context.tracked import TrackedDict, TrackedList
from generator.messages import _
from generator.model import Budget, Content, needed
from generator.sources import KeyPath
from generator.templating.budget import NotAllowed
from generator.templating.prose import Paragraph
from generator.templating.recording import Anachronism, Read, Recorder, current, record, recording

if TYPE_CHECKING:
    from jinja2.environment import TemplateModule

    from generator.context.claims import PaymentClaim
    from generator.context.funding import Funding
    from generator.context.progress import ProgressReport
    from generator.model import (
        Call,
        District,
        Document,
        Event,
        Indicator,
        Measure,
        Network,
        Organisation,
        Period,
        Person,
        Programme,
        Project,
        Synergy,
    )

__all__ = ["Collection", "Context", "Graph", "Read", "Recorder", "TrackedDict", "TrackedList",
           "Totals", "View", "base_context", "context_table", "record", "recording"]

M = TypeVar("M", bound=BaseModel)
"""The model class of the items a view or a collection shows (`View[Project]`)."""


class Collection(Generic[M]):
    """Items by id, iterated in content order: `measures.emergo`, `for m in measures`.

    On a deliverable's day, iteration yields the items that existed then (no event still
    to come, no measure not yet in force or already ended, no body already merged); an
    item named by id is always there, and the recorder notes it if it was not."""

    def __init__(self, name: str, items: Mapping[str, M], graph: Graph):
        self._name = name
        self._items = items
        self._graph = graph
        self._views: dict[str, View[M]] = {}
        self._ids: list[str] | None = None
        day = graph.day
        self._members: Read = ("members", name, day.isoformat()) if day else ("members", name)
        """The read of its membership: on a day, the items that existed then."""

    def view(self, item_id: str) -> View[M]:
        found = self._views.get(item_id)
        if found is None:
            model = self._items[item_id]
            found = self._views[item_id] = View(
                model, self._graph, item_id, ("item", self._name, item_id), (self._name, item_id))
        return found

    def _existing(self) -> list[str]:
        """The ids of the items that existed on the day, computed once (the content is frozen)."""
        if self._ids is None:
            day = self._graph.day
            self._ids = [item_id for item_id, model in self._items.items()
                         if day is None or status_on(model, day) is None]
        return self._ids

    def __iter__(self) -> Iterator[View[M]]:
        record(self._members)
        return (self.view(item_id) for item_id in self._existing())

    def __len__(self) -> int:
        record(self._members)
        return len(self._existing())

    def ids(self) -> list[str]:
        """Every id of the collection, in content order (whatever the day)."""
        return list(self._items)

    def __contains__(self, item_id: object) -> bool:
        record(("members", self._name))
        return item_id in self._items

    def __getitem__(self, item_id: str) -> View[M]:
        record(("members", self._name))
        if item_id not in self._items:
            raise KeyError(item_id)
        return self.view(item_id)

    def __getattr__(self, item_id: str) -> View[M]:
        if item_id.startswith("_"):
            raise AttributeError(item_id)
        try:
            return self[item_id]
        except KeyError:
            raise AttributeError(item_id) from None

    def __repr__(self) -> str:
        return f"Collection({list(self._items)})"


class View(Generic[M]):
    """A read-only item of the content whose references are resolved to views, as it stood
    on the graph's day; every read is recorded (generator/templating/recording.py)."""

    _is_content_view = True

    def __init__(self, model: M, graph: Graph, item_id: str | None = None,
                 owner: Read = (), path: KeyPath = ()):
        self._model = model
        self._graph = graph
        self._id = item_id
        self._owner = owner
        """The read this view stands for: its collection item, or the programme, the call..."""
        self._path = path
        """Its content path (`('projects', 'ciao', 'budget')`), for the lifecycle rules."""

    def __getattr__(self, name: str) -> Any:  # a template's `project.lead`: any field's value
        if self._owner:
            record(self._owner)
        if name.startswith("_") or name not in _public_names(type(self._model)):
            if not name.startswith("_") and hasattr(type(self._model), name):
                raise NotAllowed(f"{name!r} of {type(self._model).__name__} is pydantic's, "
                                 "not a content field")
            raise AttributeError(name)
        if name == "id" and "id" not in type(self._model).model_fields:
            return self._id
        graph = self._graph
        value = value_on(graph, self, name)
        if value is UNCHANGED:
            value = getattr(self._model, name)
            info = type(self._model).model_fields.get(name)
            extra = info.json_schema_extra if info else None
            if isinstance(extra, dict) and "ref" in extra and value is not None \
                    and not isinstance(value, dict):  # ids as keys (`targets`) stay ids
                target = str(extra["ref"])  # no read of the members
                value = [graph.item(target, v) for v in value] if isinstance(value, list) \
                    else graph.item(target, value)
            else:
                value = graph.wrap(value, self._owner, self._path + (name,))
        recorder = current()
        if recorder is not None and recorder.document_id:
            graph.note(recorder, self, name, value)
        return value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, View) and other._model is self._model

    def __hash__(self) -> int:
        return id(self._model)

    def __repr__(self) -> str:
        return f"View({type(self._model).__name__} {self._id or ''})"


@functools.cache
def _public_names(model: type[BaseModel]) -> frozenset[str]:
    """What a template may read of a content item: its fields, its id and the properties
    and methods our model declares (`of_name`, `shares`), never pydantic's own machinery."""
    ours = {name for cls in model.__mro__ if cls.__module__.startswith("generator.model")
            for name in vars(cls) if not name.startswith("_")}
    return frozenset(set(model.model_fields) | {"id"} | (ours - {"model_config"}))


class Graph:
    """All collections as views on one day (None: the content as it is), built once per day of a build."""

    def __init__(self, content: Content, day: dt.date | None = None):
        self.content = content
        self.day = day
        self.collections: dict[str, Collection[Any]] = {}
        for name in Content.model_fields:
            value = getattr(content, name)
            if isinstance(value, dict) and name != "glossary":
                self.collections[name] = Collection(name, value, self)

    def item(self, collection: str, item_id: str) -> View[Any]:
        """The view of an item named by a reference."""
        return self.collections[collection].view(item_id)

    @overload
    def wrap(self, value: M, owner: Read = (), path: KeyPath = ()) -> View[M]: ...

    @overload
    def wrap(self, value: list[M], owner: Read = (), path: KeyPath = ()) -> list[View[M]]: ...

    @overload
    def wrap(self, value: object, owner: Read = (), path: KeyPath = ()) -> object: ...

    def wrap(self, value: object, owner: Read = (), path: KeyPath = ()) -> object:
        """A nested value of a content item, its reads recorded as reads of `owner`."""
        if isinstance(value, BaseModel):
            return View(value, self, None, owner, path)
        if isinstance(value, list):
            return [self.wrap(item, owner, path + (index,)) for index, item in enumerate(value)]
        return value

    def note(self, recorder: Recorder, view: View[Any], name: str, value: object) -> None:
        """Tell the recorder a field was read: what, whether a needed fact was empty, whether
        the figures are illustrative, whether the item existed on the day."""
        path = view._path + (name,)
        recorder.read(path)
        model = view._model
        if (value is None or value == []) and needed(model, name):
            recorder.empty.setdefault(path, recorder.where or "")
        if isinstance(model, Budget) and model.illustrative and name != "illustrative":
            recorder.illustrative.setdefault(view._path, recorder.where or "")
        if self.day is not None and view._path not in recorder.anachronisms:
            status = status_on(model, self.day)
            if status is not None:
                kind, what, story = status
                said = _("cites {what}", what=what) if kind == "future" else _("names {what}", what=what)
                recorder.anachronisms[view._path] = Anachronism(
                    recorder.where or "", view._path, said, view._path + (story,) if story else None)


@dataclass
class SectionBody:
    """A section as templates see it: id, title and rendered paragraphs."""

    id: str | None
    title: str
    body: list[Paragraph]


@dataclass
class NetworkRow:
    """A body of the territorial network and what it does in the programme."""

    organisation: View[Organisation]
    roles: list[str]


@dataclass
class Context:
    """What every Word template, prose block and phrase sees, by name."""

    programme: View[Programme]
    """The programme (title, network, territory, priorities, target_groups, timeline)."""
    call: View[Call]
    """The call it answers (kind, title, operational_programme, axis, deadline, rules...)."""
    promoter: View[Organisation]
    """The organisation that promotes the programme (`programme.promoter`, resolved)."""
    organisations: Collection[Organisation]
    """Every body, by id (`organisations.cmm.name`) and in order (`for o in organisations`)."""
    people: Collection[Person]
    """Signatories and other persons, by id."""
    districts: Collection[District]
    """The districts (ambiti) of the territory, by id."""
    projects: Collection[Project]
    """The projects, by id and in order; `project.lead.name`, `project.districts`..."""
    measures: Collection[Measure]
    """Regional and national measures, by id; `select(measures, level="nazionale")` filters."""
    events: Collection[Event]
    """Dated events the deliverables cite, by id."""
    networks: Collection[Network]
    """Local networks the programme relates to, by id."""
    documents: Collection[Document]
    """Every deliverable of the content, by id (the current one is `document`)."""
    synergies: TrackedList[View[Synergy]]
    """Institutional bodies involved and their roles (`.organisation.name`, `.role`)."""
    glossary: TrackedDict[str, str]
    """Acronym -> meaning."""
    totals: Totals
    """Budget totals, the programme's own (`programme.budget`, then `.declared`) or over the projects
    with a budget: `.total`, `.public_contribution`, `.co_financing`, `.public_share`,
    `.co_financing_share`, `.illustrative`, `.projects`; an unknown figure is empty, never 0."""
    indicators: Collection[Indicator]
    """The indicators monitored after the grant, by id (`.name`, `.unit`, `.code`, `.target`)."""
    periods: Collection[Period]
    """The reporting periods, by id (`.name`, `.start`, `.end`)."""
    covering: Covering | None = None
    """District id -> the projects that work there, those on the whole territory too, in
    content order: `{% for p in covering[d.id] %}` (no filtering of every project per district)."""
    network: list[NetworkRow] = field(default_factory=list)
    """Every body of the territorial network (`.organisation`, `.roles`), each role worded by
    the `network_role` macro of phrases.jinja."""
    phrases: TemplateModule | None = None
    """The macros of `templates/phrases.jinja` (`phrases.components(measure)`)."""
    document: View[Document] | None = None
    """The deliverable being rendered: title, subject, file_number, place, date, signatory
    (`.person.name`, `.capacity`, `.clause`), requests, sections..."""
    document_id: str | None = None
    """Its id (the output file name without extension)."""
    project: View[Project] | None = None
    """For a document with `for_each: projects`: the project of this file (also `item`); with
    `for_each: projects.partners`, the project the partner takes part in."""
    item: View[Any] | None = None
    """For a per-item document (`for_each:` any collection, or `projects.partners`): the item of
    this file; a partner has `.organisation`, `.participation`, `.role`, `.joined_on`."""
    organisation: View[Organisation] | None = None
    """For a document per organisation or per partner (one document per partner): the body of
    this file (`organisation.name`, `.accredited_for`, `.legal_representative`)."""
    signer: View[Person] | None = None
    """Who signs this file: the document's `signatory.person`, or with `signatory.legal_representative`
    the body's legal representative on the document's date (each partner's own, per partner)."""
    intro: list[Paragraph] = field(default_factory=list)
    """The paragraphs before the first section (`.style`, `.text`; `{{r para.rich }}` in Word)."""
    sections: list[SectionBody] = field(default_factory=list)
    """The sections: `.id`, `.title`, `.body` (their paragraphs, no heading)."""
    body: list[Paragraph] = field(default_factory=list)
    """The intro and every section (headings included) as one list of paragraphs, whose
    `.style` is heading, paragraph, bullet or number: what simple templates loop over."""
    attachments: list[str] = field(default_factory=list)
    """What the document encloses (its `attachments`), one line each: a deliverable's title (one
    line per file of a per-project document: "Scheda progetto – CIAO!") or the text given."""
    report: ProgressReport | None = None
    """For a progress report (a document with `report:`): targets against achievements and
    budget against spending, all computed: `.indicators` (`.target`, `.achieved`, `.last`,
    `.percentage`), `.expenditure` and `.total` (`.budget`, `.spent`, `.residual`,
    `.percentage`, `.share`), `.projects`, `.periods`, `.sources`, `.illustrative`, and
    `.charts.targets`, `.charts.spending` (images fsegen draws where the template prints them)."""

    claim: PaymentClaim | None = None
    """For a payment claim (a document with `claim:`): every budget line of every project, claimed
    at real costs or through the call's simplified cost options, all computed: `.projects`
    (`.project`, `.lines`, `.total`: `.label`, `.method`, `.basis`, `.amount`, `.previous`,
    `.cumulated`, `.budget`, `.residual`), `.total`, `.real`, `.simplified`, `.options`, `.periods`."""

    funding: Funding | None = None
    """The EU's support, as every deliverable of a funded operation acknowledges it at the top of
    its first page: `.emblem` (the Union's emblem, drawn where a Word template prints it),
    `.statement` ("Cofinanziato dall'Unione europea", or for 2014-2020 "Unione europea – Fondo
    sociale europeo"), `.period`, `.fund`; false when the EU does not fund the call."""

    graph: Graph | None = field(default=None, repr=False, metadata={"private": True})
    # The graph of the day (not a template name): its `day` is the deliverable's date.

    def names(self) -> dict[str, object]:
        """The context as Jinja receives it."""
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.metadata.get("private")}


def base_context(content: Content, day: dt.date | None = None) -> Context:
    """The context every deliverable of one day starts from (the content as it stood on
    `day`; None: as it is), built once per day of a build."""
    graph = Graph(content, day)
    collections = graph.collections
    return Context(
        programme=graph.wrap(content.programme, ("programme",), ("programme",)),
        call=graph.wrap(content.call, ("call",), ("call",)),
        promoter=collections["organisations"][content.programme.promoter],
        organisations=collections["organisations"], people=collections["people"],
        districts=collections["districts"], projects=collections["projects"],
        measures=collections["measures"], events=collections["events"],
        networks=collections["networks"], documents=collections["documents"],
        synergies=TrackedList(graph.wrap(content.synergies, ("synergies",), ("synergies",)),
                              {("synergies",)}),
        glossary=TrackedDict(content.glossary, ("glossary",)), periods=collections["periods"],
        totals=totals(graph.collections["projects"], content), indicators=collections["indicators"],
        covering=Covering(collections["projects"], collections["districts"]), graph=graph)


def context_table() -> str:
    """The table of what templates see (docs/reference/context.md), from `Context`'s field docstrings."""
    import ast
    import inspect

    body = next(node for node in ast.parse(inspect.getsource(Context)).body
                if isinstance(node, ast.ClassDef)).body
    rows = ["| name | what it is |", "|---|---|"]
    for node, after in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
            text = " ".join(str(after.value.value).split()).replace("|", "\\|")
            rows.append(f"| `{node.target.id}` | {text} |")
    return "\n".join(rows)
