"""Exactly what a template sees: the `Context` of a deliverable and the views it holds.

A template sees views of the content: every item of a collection is reachable by
id (`organisations.cmm`) and collections iterate over their items, in the order
the YAML gives them. References are resolved, so `project.lead.name` is the lead
body's name, never an id. A view exposes an item's fields and the properties our
model declares, nothing of pydantic's machinery (the sandbox refuses the rest).

The README's table "What templates see" is generated from the docstrings of
`Context` (`context_table()`), so the documentation is this code.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from generator.model import Content, apportion, approximate_if
from generator.prose import Paragraph
from generator.sandbox import NotAllowed

Read = tuple[str, ...]
"""What a template read: ("item", "projects", "ciao"), ("members", "projects"), ("totals",)..."""

_READS: contextvars.ContextVar[set[Read] | None] = contextvars.ContextVar("fsegen_reads", default=None)


def record(*reads: Read) -> None:
    """Note what the deliverable being rendered reads (for incremental builds)."""
    current = _READS.get()
    if current is not None:
        current.update(reads)


@contextlib.contextmanager
def recording() -> Iterator[set[Read]]:
    """Collect every read of the content made inside the block: the deliverable's dependencies.

    Every way a template reaches the content goes through a view, a collection or a
    tracked container below, so the set is complete; a build reuses a deliverable only
    if none of these reads changed.
    """
    reads: set[Read] = set()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


class Collection:
    """Items by id, iterated in content order: `measures.emergo`, `for m in measures`."""

    def __init__(self, items: dict[str, Any], name: str = ""):
        self._items = items
        self._name = name

    def __iter__(self) -> Iterator[Any]:
        record(("members", self._name))
        return iter(self._items.values())

    def __len__(self) -> int:
        record(("members", self._name))
        return len(self._items)

    def __contains__(self, item_id: object) -> bool:
        record(("members", self._name))
        return item_id in self._items

    def __getitem__(self, item_id: str) -> Any:
        record(("members", self._name))
        return self._items[item_id]

    def __getattr__(self, item_id: str) -> Any:
        if item_id.startswith("_"):
            raise AttributeError(item_id)
        try:
            return self[item_id]
        except KeyError:
            raise AttributeError(item_id) from None


class TrackedList(list):
    """A list a template may read (synergies, network rows), whose reading is recorded."""

    def __init__(self, items: Any, reads: set[Read]):
        super().__init__(items)
        self._reads = frozenset(reads)

    def __iter__(self):
        record(*self._reads)
        return super().__iter__()

    def __len__(self) -> int:
        record(*self._reads)
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:
        record(*self._reads)
        return super().__getitem__(index)


class TrackedDict(dict):
    """A mapping a template may read (the glossary), whose reading is recorded."""

    def __init__(self, items: Any, read: Read):
        super().__init__(items)
        self._read = read

    def __getitem__(self, key: Any) -> Any:
        record(self._read)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        record(self._read)
        return super().get(key, default)

    def __iter__(self):
        record(self._read)
        return super().__iter__()

    def items(self):
        record(self._read)
        return super().items()

    def __repr__(self) -> str:
        return f"Collection({list(self._items)})"


class View:
    """A read-only item of the content whose references are resolved to views."""

    _is_content_view = True

    def __init__(self, model: BaseModel, graph: Graph, item_id: str | None = None,
                 owner: Read = ()):
        self._model = model
        self._graph = graph
        self._id = item_id
        self._owner = owner
        """The read this view stands for: its collection item, or the programme, the call..."""

    def __getattr__(self, name: str) -> Any:
        if self._owner:
            record(self._owner)
        if name.startswith("_") or name not in _public_names(type(self._model)):
            if not name.startswith("_") and hasattr(type(self._model), name):
                raise NotAllowed(f"{name!r} of {type(self._model).__name__} is pydantic's, "
                                 "not a content field")
            raise AttributeError(name)
        if name == "id" and "id" not in type(self._model).model_fields:
            return self._id
        value = getattr(self._model, name)
        info = type(self._model).model_fields.get(name)
        extra = info.json_schema_extra if info else None
        if isinstance(extra, dict) and "ref" in extra and value is not None \
                and not isinstance(value, dict):  # ids as keys (`targets`) stay ids
            target = self._graph.collections[str(extra["ref"])]._items  # no read of the members
            return [target[v] for v in value] if isinstance(value, list) else target[value]
        return self._graph.wrap(value, self._owner)

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
    """All collections as views, built once per build."""

    def __init__(self, content: Content):
        self.collections: dict[str, Collection] = {}
        for name in Content.model_fields:
            value = getattr(content, name)
            if isinstance(value, dict) and name != "glossary":
                self.collections[name] = Collection(
                    {key: View(item, self, key, ("item", name, key)) for key, item in value.items()},
                    name)

    def wrap(self, value: Any, owner: Read = ()) -> Any:
        """A nested value of a content item, its reads recorded as reads of `owner`."""
        if isinstance(value, BaseModel):
            return View(value, self, owner=owner)
        if isinstance(value, list):
            return [self.wrap(item, owner) for item in value]
        return value


@dataclass
class SectionBody:
    """A section as templates see it: id, title and rendered paragraphs."""

    id: str | None
    title: str
    body: list[Paragraph]


@dataclass
class NetworkRow:
    """A body of the territorial network and what it does in the programme."""

    organisation: Any
    roles: list[str]


@dataclass
class Totals:
    """Budget totals: the programme's own (`programme.budget`), else the sums over the
    projects that have a budget. An unknown figure is None, never 0."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            record(("totals",))
        return object.__getattribute__(self, name)

    total: Decimal | None
    public_contribution: Decimal
    co_financing: Decimal | None
    illustrative: bool
    projects: list[Any]
    declared: bool = False
    """True when the totals are the programme's own (`programme.budget`), not sums."""

    @property
    def public_share(self) -> Decimal | None:
        """Public contribution over the total, to one decimal (with co-financing: 100)."""
        if self.co_financing is None:
            return None
        return approximate_if(apportion([self.public_contribution, self.co_financing])[0],
                              self.public_contribution, self.co_financing)

    @property
    def co_financing_share(self) -> Decimal | None:
        """Co-financing over the total, to one decimal (with the public share: 100)."""
        if self.co_financing is None:
            return None
        return approximate_if(apportion([self.public_contribution, self.co_financing])[1],
                              self.public_contribution, self.co_financing)


def totals(graph: Graph, content: Content) -> Totals:
    """The programme's declared totals, else the sums over the projects that have a budget."""
    with_budget = [p for p in graph.collections["projects"] if p.budget is not None]
    declared = content.programme.budget
    if declared is not None:
        return Totals(declared.total, declared.public_contribution, declared.co_financing,
                      declared.illustrative, with_budget, declared=True)
    budgets = [p.budget._model for p in with_budget]
    public = approximate_if(sum((b.public_contribution for b in budgets), Decimal(0)),
                            *(b.public_contribution for b in budgets))
    parts = [b.total for b in budgets]
    if None in parts:
        return Totals(None, public, None, any(b.illustrative for b in budgets), with_budget)
    total = approximate_if(sum(parts, Decimal(0)), *parts)  # type: ignore[arg-type]
    return Totals(total, public, approximate_if(total - public, total, public),
                  any(b.illustrative for b in budgets), with_budget)


@dataclass
class Context:
    """What every Word template, prose block and phrase sees, by name."""

    programme: Any
    """The programme (title, network, territory, priorities, target_groups, timeline)."""
    call: Any
    """The call it answers (kind, title, operational_programme, axis, deadline, rules...)."""
    promoter: Any
    """The organisation that promotes the programme (`programme.promoter`, resolved)."""
    organisations: Collection
    """Every body, by id (`organisations.cmm.name`) and in order (`for o in organisations`)."""
    people: Collection
    """Signatories and other persons, by id."""
    districts: Collection
    """The districts (ambiti) of the territory, by id."""
    projects: Collection
    """The projects, by id and in order; `project.lead.name`, `project.districts`..."""
    measures: Collection
    """Regional and national measures, by id; `select(measures, level="nazionale")` filters."""
    events: Collection
    """Dated events the deliverables cite, by id."""
    networks: Collection
    """Local networks the programme relates to, by id."""
    documents: Collection
    """Every deliverable of the content, by id (the current one is `document`)."""
    synergies: list[Any]
    """Institutional bodies involved and their roles (`.organisation.name`, `.role`)."""
    glossary: dict[str, str]
    """Acronym -> meaning."""
    totals: Totals
    """Budget totals, the programme's own (`programme.budget`, then `.declared`) or over the projects
    with a budget: `.total`, `.public_contribution`, `.co_financing`, `.public_share`,
    `.co_financing_share`, `.illustrative`, `.projects`; an unknown figure is empty, never 0."""
    indicators: Collection = field(default_factory=lambda: Collection({}))
    """The indicators monitored after the grant, by id (`.name`, `.unit`, `.code`, `.target`)."""
    periods: Collection = field(default_factory=lambda: Collection({}))
    """The reporting periods, by id (`.name`, `.start`, `.end`)."""
    network: list[NetworkRow] = field(default_factory=list)
    """Every body of the territorial network (`.organisation`, `.roles`), each role worded by
    the `network_role` macro of phrases.jinja."""
    phrases: Any = None
    """The macros of `templates/phrases.jinja` (`phrases.components(measure)`)."""
    document: Any = None
    """The deliverable being rendered: title, subject, file_number, place, date, signatory
    (`.person.name`, `.capacity`, `.clause`), requests, sections..."""
    document_id: str | None = None
    """Its id (the output file name without extension)."""
    project: Any = None
    """For a document with `for_each: projects`: the project of this file (also `item`)."""
    item: Any = None
    """For a per-item document: the item of this file."""
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
    report: Any = None
    """For a progress report (a document with `report:`): targets against achievements and
    budget against spending, all computed: `.indicators` (`.target`, `.achieved`, `.last`,
    `.percentage`), `.expenditure` and `.total` (`.budget`, `.spent`, `.residual`,
    `.percentage`, `.share`), `.projects`, `.periods`, `.sources`, `.illustrative`, and
    `.charts.targets`, `.charts.spending` (images fsegen draws where the template prints them)."""

    def names(self) -> dict[str, Any]:
        """The context as Jinja receives it."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def base_context(content: Content) -> Context:
    """The context every deliverable starts from, built once per build."""
    graph = Graph(content)
    collections = graph.collections
    return Context(
        programme=graph.wrap(content.programme, ("programme",)),
        call=graph.wrap(content.call, ("call",)),
        promoter=collections["organisations"][content.programme.promoter],
        organisations=collections["organisations"], people=collections["people"],
        districts=collections["districts"], projects=collections["projects"],
        measures=collections["measures"], events=collections["events"],
        networks=collections["networks"], documents=collections["documents"],
        synergies=TrackedList(graph.wrap(content.synergies, ("synergies",)), {("synergies",)}),
        glossary=TrackedDict(content.glossary, ("glossary",)),
        totals=totals(graph, content), indicators=collections["indicators"],
        periods=collections["periods"])


def context_table() -> str:
    """The README's table of what templates see, from `Context`'s field docstrings."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(Context))
    body = tree.body[0].body  # type: ignore[attr-defined]
    rows = ["| name | what it is |", "|---|---|"]
    for node, after in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(after, ast.Expr):
            text = " ".join(str(after.value.value).split()).replace("|", "\\|")  # type: ignore[attr-defined]
            rows.append(f"| `{node.target.id}` | {text} |")  # type: ignore[attr-defined]
    return "\n".join(rows)
