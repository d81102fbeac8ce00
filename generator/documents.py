"""Which deliverables exist and what context each template sees.

A template sees views of the content: every item of a collection is reachable by
id (`organisations.cmm`) and collections iterate over their items, in the order
the YAML gives them. References are resolved, so `project.lead.name` is the lead
body's name, never an id. Document text (intro and sections) arrives as `body`,
a flat list of `Paragraph`s (style "heading", "paragraph", "bullet", "number"):
prose is rendered with the facts it cites, and generated lists are phrased by the
macros of `templates/phrases.jinja`.

Context of every Word template:
    document      the deliverable (title, subject, file_number, place, date,
                  signatory.person.name, signatory.capacity, signatory.clause...)
    document_id   its id (the output file name)
    body          list of Paragraph: .style, .runs, .text, and .rich (Word runs):
                  the intro and every section (headings included), in order
    intro         the paragraphs before the first section
    sections      list of SectionBody: .id, .title, .body (paragraphs, no heading)
    project       for a document with `for_each: projects`: the project of this file
    network       list of NetworkRow: .organisation, .roles (phrases): every body
                  of the territorial network (promoter, leads, partners, synergies),
                  each role worded by the network_role macro of phrases.jinja
    totals        Totals over the projects' budgets: .total, .public_contribution,
                  .co_financing, .illustrative, .projects (those with a budget)
    programme, call, promoter (the promoter organisation)
    organisations, people, districts, projects, measures, events, networks,
    documents     collections of views; synergies: list of views
    glossary      mapping of acronym -> meaning
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Iterator

import jinja2
from pydantic import BaseModel

from generator.errors import WARNING, Finding
from generator.loading import Loaded, Path_
from generator.model import Content, Document, ListBlock, apportion
from generator.prose import HEADING, NUMBER, BULLET, Paragraph, ProseError, Run, new_list_id, parse_inline, parse_prose
from generator.sandbox import NotAllowed, budget
from generator.templating import (PHRASES_TEMPLATE, describe_undefined, markdown_environment, matches,
                                  render_prose, template_line)


class Collection:
    """Items by id, iterated in content order: `measures.emergo`, `for m in measures`."""

    def __init__(self, items: dict[str, Any]):
        self._items = items

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._items

    def __getitem__(self, item_id: str) -> Any:
        return self._items[item_id]

    def __getattr__(self, item_id: str) -> Any:
        try:
            return self._items[item_id]
        except KeyError:
            raise AttributeError(item_id) from None

    def __repr__(self) -> str:
        return f"Collection({list(self._items)})"


class View:
    """A read-only item of the content whose references are resolved to views."""

    _is_content_view = True

    def __init__(self, model: BaseModel, graph: "Graph", item_id: str | None = None):
        self._model = model
        self._graph = graph
        self._id = item_id

    def __getattr__(self, name: str) -> Any:
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
        if isinstance(extra, dict) and "ref" in extra and value is not None:
            target = self._graph.collections[str(extra["ref"])]
            return [target[v] for v in value] if isinstance(value, list) else target[value]
        return self._graph.wrap(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, View) and other._model is self._model

    def __hash__(self) -> int:
        return id(self._model)

    def __repr__(self) -> str:
        return f"View({type(self._model).__name__} {self._id or ''})"


@functools.cache
def _public_names(model: type[BaseModel]) -> frozenset[str]:
    """What a template may read of a content item: its fields, its id and the properties
    and methods our model declares (`of_name`, `share`), never pydantic's own machinery."""
    ours = {name for cls in model.__mro__ if cls.__module__ == Content.__module__
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
                    {key: View(item, self, key) for key, item in value.items()})

    def wrap(self, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return View(value, self)
        if isinstance(value, list):
            return [self.wrap(item) for item in value]
        return value


@dataclass
class Deliverable:
    """One output to render: its id (the file name), document, template and context."""

    id: str
    document_id: str
    document: Document
    template: str
    context: dict[str, Any]


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
    """Budget totals over the projects that have a budget."""

    total: Decimal
    public_contribution: Decimal
    co_financing: Decimal
    illustrative: bool
    projects: list[Any]

    @property
    def public_share(self) -> Decimal:
        """Public contribution over the total, to one decimal (with co-financing: 100)."""
        return apportion([self.public_contribution, self.co_financing])[0]

    @property
    def co_financing_share(self) -> Decimal:
        """Co-financing over the total, to one decimal (with the public share: 100)."""
        return apportion([self.public_contribution, self.co_financing])[1]


class BodyError(Exception):
    """Prose or a phrase could not be rendered; carries the finding."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def base_context(content: Content, graph: Graph) -> dict[str, Any]:
    """What every template sees, whatever the document."""
    context: dict[str, Any] = dict(graph.collections)
    context.update(
        programme=graph.wrap(content.programme),
        call=graph.wrap(content.call),
        promoter=graph.collections["organisations"][content.programme.promoter],
        synergies=graph.wrap(content.synergies),
        glossary=dict(content.glossary),
        totals=totals(graph),
    )
    return context


def network_rows(content: Content, graph: Graph, phrase: Any) -> list[NetworkRow]:
    """Every body with a role in the programme, in order of first appearance; each role is
    worded by the `network_role(kind, project, role)` macro of phrases.jinja."""
    roles: dict[str, list[str]] = {}
    projects = graph.collections["projects"]

    def add(org_id: str, kind: str, project_id: str | None = None, role: str | None = None) -> None:
        text = str(phrase(kind, projects[project_id] if project_id else None, role)).strip()
        if text not in roles.setdefault(org_id, []):
            roles[org_id].append(text)

    add(content.programme.promoter, "promoter")
    for project_id, project in content.projects.items():
        add(project.lead, "lead", project_id)
        for partner in project.partners:
            add(partner.organisation, "partner", project_id, partner.role)
    for synergy in content.synergies:
        add(synergy.organisation, "synergy", None, synergy.role)
    organisations = graph.collections["organisations"]
    return [NetworkRow(organisations[org_id], found) for org_id, found in roles.items()]


def _network(content: Content, graph: Graph, phrases: Any, env: jinja2.Environment
             ) -> tuple[list[NetworkRow], list[Finding]]:
    """The network rows, worded by phrases.jinja's network_role macro, and any problem."""
    file = _phrases_file(env)
    role = getattr(phrases, "network_role", None) if phrases is not None else None
    if role is None:
        return [], [Finding(f"no macro network_role in {file}: the network table will be empty",
                            file=file, rule="template", severity=WARNING,
                            hint="copy the network_role macro from the example's phrases.jinja")]
    try:
        return network_rows(content, graph, role), []
    except Exception as error:  # noqa: BLE001 - the user's macro failed
        return [], [Finding(f"{file}, macro network_role: {describe_undefined(error)}", file=file,
                            line=template_line(error), rule="template", hint="fix the macro")]


def totals(graph: Graph) -> Totals:
    """Budget totals over the projects that have a budget."""
    with_budget = [p for p in graph.collections["projects"] if p.budget is not None]
    total = sum((p.budget.total for p in with_budget), Decimal(0))
    public = sum((p.budget.public_contribution for p in with_budget), Decimal(0))
    return Totals(total, public, total - public, any(p.budget.illustrative for p in with_budget),
                  with_budget)


def deliverables(loaded: Loaded, env: jinja2.Environment, only: list[str] | None = None
                 ) -> tuple[list[Deliverable], list[Finding]]:
    """Every deliverable (or those named) with its full context, and the problems met."""
    content = loaded.content
    graph = Graph(content)
    shared = base_context(content, graph)
    with budget(env.limits):
        phrases, findings = _phrases(env, shared)
        shared["network"], problems = _network(content, graph, phrases, env)
    findings += problems
    result: list[Deliverable] = []
    for doc_id, document in content.documents.items():
        if only and doc_id not in only:
            continue
        instances = _instances(doc_id, document, graph)
        if not instances:
            findings.append(loaded.sources.finding(
                ("documents", doc_id, "for_each"),
                f"document {doc_id!r} is written once per item of {document.for_each}, which is empty",
                f"add {document.for_each}, or remove the document", severity=WARNING, rule="outputs"))
        for output_id, extra in instances:
            context = dict(shared, document=graph.collections["documents"][doc_id],
                           document_id=doc_id, phrases=phrases, **extra)
            try:
                with budget(env.limits):
                    intro, sections = document_body(document, ("documents", doc_id), context, env,
                                                     loaded)
            except BodyError as error:
                if error.finding not in findings:  # one mistake, one finding, not one per item
                    findings.append(error.finding)
                continue
            context.update(intro=intro, sections=sections, body=flatten(intro, sections))
            result.append(Deliverable(output_id, doc_id, document, document.template, context))
    return result, findings


def _instances(doc_id: str, document: Document, graph: Graph) -> list[tuple[str, dict[str, Any]]]:
    """(output id, extra context) for each file the document produces."""
    if document.for_each is None:
        return [(doc_id, {})]
    singular = {"projects": "project"}[document.for_each]
    return [(f"{doc_id}-{item.id}", {singular: item, "item": item})
            for item in graph.collections[document.for_each]]


def flatten(intro: list[Paragraph], sections: list[SectionBody]) -> list[Paragraph]:
    """Intro, then each section's heading and paragraphs: the `body` simple templates loop over."""
    body = list(intro)
    for section in sections:
        body.append(Paragraph(HEADING, [Run(section.title)]))
        body.extend(section.body)
    return body


def _phrases_file(env: jinja2.Environment) -> str:
    """Where phrases.jinja is, as the user named the templates folder."""
    folders = getattr(env.loader, "searchpath", None) or ["templates"]
    return f"{folders[0]}/{PHRASES_TEMPLATE}"


def _phrases(env: jinja2.Environment, context: dict[str, Any]) -> tuple[Any, list[Finding]]:
    try:
        return markdown_environment(env).get_template(PHRASES_TEMPLATE).make_module(context), []
    except jinja2.TemplateNotFound:
        return None, []
    except Exception as error:  # noqa: BLE001 - any failure of the user's macros is a finding
        file = _phrases_file(env)
        return None, [Finding(f"{file}: {describe_undefined(error)}", file=file,
                              line=template_line(error), rule="template",
                              hint="fix the macro; see the glossary of context names in the README")]


def document_body(document: Document, path: Path_, context: dict[str, Any],
                  env: jinja2.Environment, loaded: Loaded) -> tuple[list[Paragraph], list[SectionBody]]:
    """The document's intro paragraphs and its sections, prose rendered and lists phrased."""
    intro: list[Paragraph] = []
    for index, block in enumerate(document.intro):
        intro.extend(_block(block, path + ("intro", index), context, env, loaded))
    sections = []
    for number, section in enumerate(document.sections):
        body: list[Paragraph] = []
        for index, block in enumerate(section.body):
            body.extend(_block(block, path + ("sections", number, "body", index), context, env, loaded))
        sections.append(SectionBody(section.id, section.title, body))
    return intro, sections


def _block(block: str | ListBlock, path: Path_, context: dict[str, Any],
           env: jinja2.Environment, loaded: Loaded) -> list[Paragraph]:
    if isinstance(block, str):
        try:
            return parse_prose(render_prose(env, block, context))
        except Exception as error:  # noqa: BLE001 - any failure of prose is the user's to fix
            item = context.get("item")
            raise BodyError(_prose_finding(error, block, path, loaded,
                                           f" (for {item._id})" if item is not None else "")) from error
    return _list(block, path, context, env, loaded)


def _list(block: ListBlock, path: Path_, context: dict[str, Any], env: jinja2.Environment,
          loaded: Loaded) -> list[Paragraph]:
    collection = context[block.list]
    items = list(collection)
    if block.select is not None:
        missing = [item_id for item_id in block.select if item_id not in collection]
        if missing:
            raise BodyError(loaded.sources.finding(
                path + ("select",), f"{block.list} has no item {missing[0]!r}",
                f"use ids defined under {block.list}:"))
        items = [collection[item_id] for item_id in block.select]
    if items:
        fields = type(items[0]._model).model_fields
        unknown = [key for key in block.where if key not in fields]
        if unknown:
            raise BodyError(loaded.sources.finding(
                path + ("where", unknown[0]), f"{block.list} have no field {unknown[0]!r}",
                f"fields of {block.list}: {', '.join(fields)}"))
    items = [item for item in items if matches(item, block.where)]
    if not items:
        raise BodyError(loaded.sources.finding(
            path, f"the list of {block.list} selects no item",
            "check `select`/`where`, or remove the list"))
    phrases = context.get("phrases")
    macro_name = block.phrase or block.list
    macro = getattr(phrases, macro_name, None) if phrases is not None else None
    if macro is None:
        raise BodyError(loaded.sources.finding(
            path, f"no macro {macro_name!r} in {PHRASES_TEMPLATE}",
            f"add {{% macro {macro_name}(item, last) %}}...{{% endmacro %}} to it"))
    style = NUMBER if block.numbered else BULLET
    list_id = new_list_id()
    paragraphs = []
    for position, item in enumerate(items):
        try:
            markdown = str(macro(item, position == len(items) - 1))
            runs = parse_inline(markdown.strip())
        except Exception as error:  # noqa: BLE001 - any failure of a macro is the user's to fix
            file = _phrases_file(env)
            raise BodyError(Finding(
                f"{file}, macro {macro_name} for "
                f"{block.list}.{getattr(item, 'id', position)}: {describe_undefined(error)}",
                file=file, line=template_line(error), rule="template",
                hint="add the missing fact to the content, or guard it with {% if %} in the macro",
            )) from error
        paragraphs.append(Paragraph(style, runs, list_id))
    return paragraphs


def _prose_finding(error: BaseException, source: str, path: Path_, loaded: Loaded,
                   for_item: str = "") -> Finding:
    where = loaded.sources.locate(path)
    relative = getattr(error, "line", None)
    if relative is None:
        line = template_line(error)
        relative = line - 1 if line else None
    line_number = None
    if where is not None:
        offset = 1 if where.style in ("|", ">") else 0
        line_number = where.line + offset + (relative or 0)
    hint = "check the names between {{ }} against the content (see the README's context table)"
    if isinstance(error, ProseError):
        hint = "prose supports paragraphs, **bold**, *italic*, '- ' and '1. ' lists only"
    elif not isinstance(error, jinja2.TemplateError):
        hint = "a filter or expression between {{ }} got a value it cannot use (see the message)"
    finding = loaded.sources.finding(path, f"in prose{for_item}: {describe_undefined(error)}", hint,
                                     rule="prose")
    return replace(finding, line=line_number or finding.line)


def rich_paragraphs(context: dict[str, Any]) -> None:
    """Attach docxtpl RichText to each paragraph (`para.rich` in the Word template)."""
    from docxtpl import RichText  # imported here: docxtpl costs ~100 ms to import

    paragraphs = list(context["body"]) + [p for s in context["sections"] for p in s.body]
    for paragraph in paragraphs:
        rich = RichText()
        for run in paragraph.runs:
            rich.add(run.text, bold=run.bold, italic=run.italic)
        paragraph.rich = rich  # type: ignore[attr-defined]
