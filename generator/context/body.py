"""A document's body as templates see it: its prose rendered, its lists phrased.

Each block of `intro:`, of a section's `body:` and of its `for_item:` text for the file's
item (after the shared body) is prose (Markdown with `{{ }}`, rendered in the sandbox) or a
list drawn from a collection (`list: projects`, `select`, `where`), each item worded by a
macro of phrases.jinja. A block that cannot be rendered stops the deliverable with one
finding where the block is written (`BodyProblem`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import jinja2

from generator.context.views import Context, SectionBody, View
from generator.errors import ContentError, Finding, did_you_mean
from generator.messages import _
from generator.model import Document, ListBlock
from generator.sources import KeyPath, SourceMap
from generator.templating.budget import NotAllowed, limits_in_force
from generator.templating.environment import (
    PHRASES_TEMPLATE,
    EmptyValue,
    describe_undefined,
    matches,
    render_prose,
    template_line,
)
from generator.templating.prose import (
    BULLET,
    NUMBER,
    Paragraph,
    ProseError,
    new_list_id,
    parse_inline,
    parse_prose,
)
from generator.templating.recording import current


class BodyProblem(ContentError):
    """Prose or a phrase could not be rendered: one finding, caught per deliverable."""

    def __init__(self, finding: Finding):
        super().__init__([finding])
        self.finding = finding


def phrases_file(env: jinja2.Environment) -> str:
    """Where phrases.jinja is, as the user named the templates folder."""
    folders = getattr(env.loader, "searchpath", None) or ["templates"]
    return f"{folders[0]}/{PHRASES_TEMPLATE}"


def document_body(document: Document, path: KeyPath, context: Context, env: jinja2.Environment,
                  sources: SourceMap) -> tuple[list[Paragraph], list[SectionBody]]:
    """The document's intro paragraphs and its sections, prose rendered and lists phrased."""
    intro: list[Paragraph] = []
    recorder = current()
    for index, block in enumerate(document.intro):
        if recorder is not None:
            recorder.where = path + ("intro", index)
        intro.extend(_block(block, path + ("intro", index), context, env, sources))
    sections = []
    item = str(context.item._id) if context.item is not None else ""
    for number, section in enumerate(document.sections):
        body: list[Paragraph] = []
        blocks: list[tuple[KeyPath, str | ListBlock]] = [
            (("body", index), block) for index, block in enumerate(section.body)]
        blocks += [(("for_item", item, index), block)
                   for index, block in enumerate(section.for_item.get(item, []) if item else [])]
        for where, block in blocks:
            block_path = path + ("sections", number) + where
            if recorder is not None:
                recorder.where = block_path
            body.extend(_block(block, block_path, context, env, sources))
        sections.append(SectionBody(section.id, section.title, body))
    return intro, sections


def _block(block: str | ListBlock, path: KeyPath, context: Context, env: jinja2.Environment,
           sources: SourceMap) -> list[Paragraph]:
    if not isinstance(block, str):
        return _list(block, path, context, env, sources)
    try:
        paragraphs = parse_prose(render_prose(env, block, context.names()))
        for paragraph in paragraphs:
            paragraph.source = (path,)
            limit = limits_in_force().paragraph
            if len(paragraph.text) > limit:
                size, most = f"{len(paragraph.text):,}", f"{limit:,}"
                raise NotAllowed(_("a paragraph of {size} characters (the limit is {limit}, "
                                   "FSEGEN_LIMIT_PARAGRAPH)", size=size, limit=most))
        return paragraphs
    except Exception as error:  # noqa: BLE001 - any failure of prose is the user's to fix
        item = context.item
        item_id = item.id if item is not None else None
        raise BodyProblem(_prose_finding(error, block, path, sources, item_id)) from error


def _list(block: ListBlock, path: KeyPath, context: Context, env: jinja2.Environment,
          sources: SourceMap) -> list[Paragraph]:
    collection = getattr(context, block.list)
    items = list(collection)
    if block.select is not None:
        missing = [(index, item_id) for index, item_id in enumerate(block.select)
                   if item_id not in collection]
        if missing:
            raise BodyProblem(_unknown_selected(path, block.list, missing, collection.ids(), sources))
        items = [collection[item_id] for item_id in block.select]
    if items:
        fields = type(items[0]._model).model_fields
        unknown = [key for key in block.where if key not in fields]
        if unknown:
            close = difflib.get_close_matches(unknown[0], list(fields), n=1)
            raise BodyProblem(sources.finding(
                path + ("where", unknown[0]), _("{collection} have no field {field!r}", collection=block.list,
                                                field=unknown[0]),
                did_you_mean(close, _("fields of {collection}: {fields}", collection=block.list,
                                      fields=", ".join(fields)))))
    items = [item for item in items if matches(item, block.where)]
    if not items:
        raise BodyProblem(sources.finding(
            path, _("the list of {collection} selects no item", collection=block.list),
            _("check `select`/`where`, or remove the list")))
    phrases = context.phrases
    macro_name = block.phrase or block.list
    macro = getattr(phrases, macro_name, None) if phrases is not None else None
    if macro is None:
        raise BodyProblem(sources.finding(
            path, _("no macro {macro!r} in {file}", macro=macro_name, file=PHRASES_TEMPLATE),
            _("add {{% macro {macro}(item, last) %}}...{{% endmacro %}} to it", macro=macro_name)))
    style = NUMBER if block.numbered else BULLET
    list_id = new_list_id()
    paragraphs = []
    for position, item in enumerate(items):
        try:
            markdown = str(macro(item, position == len(items) - 1))
            runs = parse_inline(markdown.strip())
        except Exception as error:  # noqa: BLE001 - any failure of a macro is the user's to fix
            file, which = phrases_file(env), f"{block.list}.{getattr(item, 'id', position)}"
            raise BodyProblem(Finding(
                _("{file}, macro {macro} for {item}: {problem}", file=file, macro=macro_name,
                  item=which, problem=describe_undefined(error)),
                file=file, line=template_line(error), rule="template",
                hint=_("add the missing fact to the content, or guard it with {{% if %}} in the macro"),
            )) from error
        source = (path, _item_path(block.list, item, collection))
        paragraphs.append(Paragraph(style, runs, list_id, source=source))
    return paragraphs


def _item_path(name: str, item: View[Any], collection: Iterable[View[Any]]) -> KeyPath:
    """The content path of an item a list phrases: ('projects', 'ciao'), ('synergies', 2)."""
    item_id = getattr(item, "_id", None)
    if isinstance(item_id, str):
        return (name, item_id)
    return (name, next((i for i, other in enumerate(collection) if other == item), 0))


def _unknown_selected(path: KeyPath, name: str, missing: list[tuple[int, str]], known: list[str],
                      sources: SourceMap) -> Finding:
    """The first id of `select` that names no item of the collection, where it is typed, with the
    closest id the collection has."""
    index, item_id = missing[0]
    close = difflib.get_close_matches(item_id, known, n=1)
    listed = _("use ids defined under {collection}: {ids}", collection=name, ids=", ".join(known)) if known \
        else _("{collection} has no items yet", collection=name)
    return sources.finding(path + ("select", index), _("{collection} has no item {item!r}", collection=name,
                                                         item=item_id), did_you_mean(close, listed))


def _prose_finding(error: BaseException, source: str, path: KeyPath, sources: SourceMap,
                   item: str | None = None) -> Finding:
    where = sources.locate(path)
    relative = getattr(error, "line", None)
    if relative is None:
        line = template_line(error)
        relative = line - 1 if line else None
    line_number = None
    if where is not None:
        offset = 1 if where.style in ("|", ">") else 0
        line_number = where.line + offset + (relative or 0)
    hint = _("check the names between {{{{ }}}} against the content (see docs/reference/context.md)")
    if isinstance(error, EmptyValue):
        hint = _("a fact the content does not have: give it a value in the content (until then a draft, "
                 "fsegen build --draft, prints \"—\" for it), or wrap it in {{% if ... %}}")
    elif isinstance(error, ProseError):
        hint = _("prose supports paragraphs, **bold**, *italic*, '- ' and '1. ' lists only")
    elif not isinstance(error, jinja2.TemplateError):
        hint = _("a filter or expression between {{{{ }}}} got a value it cannot use (see the message)")
    problem = describe_undefined(error)
    message = (_("in prose (for {item}): {problem}", item=item, problem=problem) if item is not None
               else _("in prose: {problem}", problem=problem))
    finding = sources.finding(path, message, hint, rule="prose")
    return replace(finding, line=line_number or finding.line)
