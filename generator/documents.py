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
    body          list of Paragraph: .style, .runs, .text, and .rich (Word runs)
    programme, call, promoter (the promoter organisation)
    organisations, people, districts, projects, measures, events, networks,
    documents     collections of views; synergies: list of views
    glossary      mapping of acronym -> meaning
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterator

import jinja2
from pydantic import BaseModel

from generator.errors import Finding
from generator.loading import Loaded, Path_
from generator.model import Content, Document, ListBlock
from generator.prose import HEADING, NUMBER, BULLET, Paragraph, ProseError, Run, new_list_id, parse_inline, parse_prose
from generator.templating import PHRASES_TEMPLATE, describe_undefined, render_prose, template_line


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

    def __init__(self, model: BaseModel, graph: "Graph", item_id: str | None = None):
        self._model = model
        self._graph = graph
        self.id = item_id

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
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
        return f"View({type(self._model).__name__} {self.id or ''})"


class Graph:
    """All collections as views, built once per build."""

    def __init__(self, content: Content):
        self.collections: dict[str, Collection] = {}
        for name, info in Content.model_fields.items():
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
    """One output to render: its id, document, template and context."""

    id: str
    document: Document
    template: str
    context: dict[str, Any]


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
    )
    return context


def deliverables(loaded: Loaded, env: jinja2.Environment, only: list[str] | None = None
                 ) -> tuple[list[Deliverable], list[Finding]]:
    """Every deliverable (or those named) with its full context, and the problems met."""
    content = loaded.content
    graph = Graph(content)
    shared = base_context(content, graph)
    phrases, findings = _phrases(env, shared)
    result: list[Deliverable] = []
    for doc_id, document in content.documents.items():
        if only and doc_id not in only:
            continue
        context = dict(shared, document=graph.collections["documents"][doc_id], document_id=doc_id)
        context["phrases"] = phrases
        try:
            context["body"] = document_body(document, ("documents", doc_id), context, env, loaded)
        except BodyError as error:
            findings.append(error.finding)
            continue
        result.append(Deliverable(doc_id, document, document.template, context))
    return result, findings


def _phrases(env: jinja2.Environment, context: dict[str, Any]) -> tuple[Any, list[Finding]]:
    try:
        return env.get_template(PHRASES_TEMPLATE).make_module(context), []
    except jinja2.TemplateNotFound:
        return None, []
    except jinja2.TemplateError as error:
        file = f"templates/{PHRASES_TEMPLATE}"
        return None, [Finding(f"{file}: {describe_undefined(error)}", file=file,
                              line=template_line(error), rule="template",
                              hint="fix the macro; see the glossary of context names in the README")]


def document_body(document: Document, path: Path_, context: dict[str, Any],
                  env: jinja2.Environment, loaded: Loaded) -> list[Paragraph]:
    """The document's intro and sections as one flat list of paragraphs."""
    body: list[Paragraph] = []
    for index, block in enumerate(document.intro):
        body.extend(_block(block, path + ("intro", index), context, env, loaded))
    for number, section in enumerate(document.sections):
        body.append(Paragraph(HEADING, [Run(section.title)]))
        for index, block in enumerate(section.body):
            body.extend(_block(block, path + ("sections", number, "body", index), context, env, loaded))
    return body


def _block(block: str | ListBlock, path: Path_, context: dict[str, Any],
           env: jinja2.Environment, loaded: Loaded) -> list[Paragraph]:
    if isinstance(block, str):
        try:
            return parse_prose(render_prose(env, block, context))
        except (jinja2.TemplateError, ProseError, TypeError, ValueError) as error:
            raise BodyError(_prose_finding(error, block, path, loaded)) from error
    return _list(block, path, context, loaded)


def _list(block: ListBlock, path: Path_, context: dict[str, Any], loaded: Loaded) -> list[Paragraph]:
    collection = context[block.list]
    items = list(collection)
    if block.select is not None:
        missing = [item_id for item_id in block.select if item_id not in collection]
        if missing:
            raise BodyError(loaded.sources.finding(
                path + ("select",), f"{block.list} has no item {missing[0]!r}",
                f"use ids defined under {block.list}:"))
        items = [collection[item_id] for item_id in block.select]
    items = [item for item in items
             if all(getattr(item, key, None) == value for key, value in block.where.items())]
    if not items:
        raise BodyError(loaded.sources.finding(
            path, f"the list of {block.list} selects no item",
            "check `select`/`where`, or remove the list"))
    phrases = context.get("phrases")
    macro_name = block.phrase or block.list
    macro = getattr(phrases, macro_name, None) if phrases is not None else None
    if macro is None:
        raise BodyError(loaded.sources.finding(
            path, f"no macro {macro_name!r} in templates/{PHRASES_TEMPLATE}",
            f"add {{% macro {macro_name}(item, last) %}}...{{% endmacro %}} to it"))
    style = NUMBER if block.numbered else BULLET
    list_id = new_list_id()
    paragraphs = []
    for position, item in enumerate(items):
        try:
            markdown = str(macro(item, position == len(items) - 1))
            runs = parse_inline(markdown.strip())
        except (jinja2.TemplateError, ProseError, TypeError, ValueError) as error:
            raise BodyError(Finding(
                f"templates/{PHRASES_TEMPLATE}, macro {macro_name} for "
                f"{block.list}.{getattr(item, 'id', position)}: {describe_undefined(error)}",
                file=f"templates/{PHRASES_TEMPLATE}", line=template_line(error), rule="template",
                hint="add the missing fact to the content, or guard it with {% if %} in the macro",
            )) from error
        paragraphs.append(Paragraph(style, runs, list_id))
    return paragraphs


def _prose_finding(error: BaseException, source: str, path: Path_, loaded: Loaded) -> Finding:
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
    finding = loaded.sources.finding(path, f"in prose: {describe_undefined(error)}", hint)
    return replace(finding, line=line_number or finding.line)


def rich_paragraphs(body: list[Paragraph]) -> list[Paragraph]:
    """Attach docxtpl RichText to each paragraph (`para.rich` in the Word template)."""
    from docxtpl import RichText  # imported here: docxtpl costs ~100 ms to import

    for paragraph in body:
        rich = RichText()
        for run in paragraph.runs:
            rich.add(run.text, bold=run.bold, italic=run.italic)
        paragraph.rich = rich  # type: ignore[attr-defined]
    return body
