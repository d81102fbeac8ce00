"""Which deliverables exist, and the context each one's template sees (from the model).

Each deliverable gets a `Context` (generator/context.py): the shared views of the
content, plus its document, its per-item value and its text. The text is rendered
here, once per build: prose through the sandboxed Markdown environment, generated
lists through the macros of `templates/phrases.jinja`. Problems are findings, all
of them, located at the content line or the macro line they come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import jinja2

from generator.context import Context, NetworkRow, SectionBody, base_context
from generator.errors import WARNING, ContentError, Finding
from generator.model import Content, Document, ListBlock
from generator.model.timeline import lead_on, partner_in_force
from generator.prose import (
    BULLET,
    HEADING,
    NUMBER,
    Paragraph,
    ProseError,
    Run,
    new_list_id,
    parse_inline,
    parse_prose,
    restore,
)
from generator.sandbox import NotAllowed, budget
from generator.sources import KeyPath, SourceMap
from generator.templating import (
    PHRASES_TEMPLATE,
    describe_undefined,
    markdown_environment,
    matches,
    render_prose,
    template_line,
)
from generator.tracking import Recorder


@dataclass
class Deliverable:
    """One output to render: its id (the file name), document, template and context."""

    id: str
    document_id: str
    document: Document
    template: str
    context: Context
    reads: Recorder | None = None
    """What it read of the content while its text and its template rendered."""


class _BodyProblem(ContentError):
    """Prose or a phrase could not be rendered: one finding, caught per deliverable."""

    def __init__(self, finding: Finding):
        super().__init__([finding])
        self.finding = finding


def network_rows(content: Content, context: Context, phrase: Any) -> list[NetworkRow]:
    """Every body with a role in the programme, in order of first appearance; each role is
    worded by the `network_role(kind, project, role)` macro of phrases.jinja."""
    roles: dict[str, list[str]] = {}
    projects = context.projects

    def add(org_id: str, kind: str, project_id: str | None = None, role: str | None = None) -> None:
        text = restore(str(phrase(kind, projects[project_id] if project_id else None, role))).strip()
        if text not in roles.setdefault(org_id, []):
            roles[org_id].append(text)

    day = context.graph.day if context.graph is not None else None
    add(content.programme.promoter, "promoter")
    for project_id, project in content.projects.items():
        add(lead_on(project, day).lead if day else project.lead, "lead", project_id)
        for partner in project.partners:
            if day is None or partner_in_force(partner, day):
                add(partner.organisation, "partner", project_id, partner.role)
    for synergy in content.synergies:
        add(synergy.organisation, "synergy", None, synergy.role)
    organisations = context.organisations
    return [NetworkRow(organisations[org_id], found) for org_id, found in roles.items()]


def _network(content: Content, context: Context, phrases: Any, env: jinja2.Environment
             ) -> tuple[list[NetworkRow], list[Finding]]:
    """The network rows, worded by phrases.jinja's network_role macro, and any problem."""
    file = _phrases_file(env)
    role = getattr(phrases, "network_role", None) if phrases is not None else None
    if role is None:
        return [], [Finding(f"no macro network_role in {file}: the network table will be empty",
                            file=file, rule="template", severity=WARNING,
                            hint="copy the network_role macro from the example's phrases.jinja")]
    try:
        return network_rows(content, context, role), []
    except Exception as error:  # noqa: BLE001 - the user's macro failed
        return [], [Finding(f"{file}, macro network_role: {describe_undefined(error)}", file=file,
                            line=template_line(error), rule="template", hint="fix the macro")]



def deliverables(content: Content, sources: SourceMap, env: jinja2.Environment,
                 only: list[str] | None = None) -> tuple[list[Deliverable], list[Finding]]:
    """Every deliverable (or those named) with its full context, as of its own date, and the
    problems met."""
    days: dict[dt.date, Context] = {}
    findings: list[Finding] = []
    result: list[Deliverable] = []
    for doc_id, document in content.documents.items():
        if only and doc_id not in only:
            continue
        if document.date not in days:
            days[document.date] = _shared(content, document.date, env, findings)
        instances = _instances(doc_id, document, days[document.date])
        if not instances:
            findings.append(sources.finding(
                ("documents", doc_id, "for_each"),
                f"document {doc_id!r} is written once per item of {document.for_each}, which is empty",
                f"add {document.for_each}, or remove the document", severity=WARNING, rule="outputs"))
        for output_id, context in instances:
            reads = Recorder(doc_id)
            try:
                with budget(env.limits), context.recording(reads):
                    intro, sections = document_body(document, ("documents", doc_id), context, env,
                                                     sources)
            except _BodyProblem as problem:
                if problem.finding not in findings:  # one mistake, one finding, not one per item
                    findings.append(problem.finding)
                continue
            context = replace(context, intro=intro, sections=sections, body=flatten(intro, sections))
            result.append(Deliverable(output_id, doc_id, document, document.template, context, reads))
    return result, findings


def _shared(content: Content, day: dt.date, env: jinja2.Environment, findings: list[Finding]
            ) -> Context:
    """The context of every deliverable dated `day`: the content as it stood then, the phrases
    and the network table; a problem of phrases.jinja is reported once, not once per day."""
    shared = base_context(content, day)
    with budget(env.limits):
        phrases, problems = _phrases(env, shared)
        shared.phrases = phrases
        shared.network, more = _network(content, shared, phrases, env)
    findings.extend(f for f in problems + more if f not in findings)
    return shared


def _instances(doc_id: str, document: Document, shared: Context) -> list[tuple[str, Context]]:
    """(output id, context) for each file the document produces."""
    context = replace(shared, document=shared.documents[doc_id], document_id=doc_id)
    if document.for_each is None:
        return [(doc_id, context)]
    return [(f"{doc_id}-{item.id}", replace(context, project=item, item=item))
            for item in getattr(shared, document.for_each)]


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


def _phrases(env: jinja2.Environment, context: Context) -> tuple[Any, list[Finding]]:
    try:
        template = markdown_environment(env).get_template(PHRASES_TEMPLATE)
        return template.make_module(context.names()), []
    except jinja2.TemplateNotFound:
        return None, []
    except Exception as error:  # noqa: BLE001 - any failure of the user's macros is a finding
        file = _phrases_file(env)
        return None, [Finding(f"{file}: {describe_undefined(error)}", file=file,
                              line=template_line(error), rule="template",
                              hint="fix the macro; see the glossary of context names in the README")]


def document_body(document: Document, path: KeyPath, context: Context, env: jinja2.Environment,
                  sources: SourceMap) -> tuple[list[Paragraph], list[SectionBody]]:
    """The document's intro paragraphs and its sections, prose rendered and lists phrased."""
    intro: list[Paragraph] = []
    recorder = context.graph.recorder if context.graph is not None else None
    for index, block in enumerate(document.intro):
        if recorder is not None:
            recorder.where = path + ("intro", index)
        intro.extend(_block(block, path + ("intro", index), context, env, sources))
    sections = []
    for number, section in enumerate(document.sections):
        body: list[Paragraph] = []
        for index, block in enumerate(section.body):
            if recorder is not None:
                recorder.where = path + ("sections", number, "body", index)
            body.extend(_block(block, path + ("sections", number, "body", index), context, env, sources))
        sections.append(SectionBody(section.id, section.title, body))
    return intro, sections


def _block(block: str | ListBlock, path: KeyPath, context: Context, env: jinja2.Environment,
           sources: SourceMap) -> list[Paragraph]:
    if not isinstance(block, str):
        return _list(block, path, context, env, sources)
    try:
        paragraphs = parse_prose(render_prose(env, block, context.names()))
        for paragraph in paragraphs:
            if len(paragraph.text) > env.limits.paragraph:
                raise NotAllowed(f"a paragraph of {len(paragraph.text):,} characters (the limit is "
                                 f"{env.limits.paragraph:,}, FSEGEN_LIMIT_PARAGRAPH)")
        return paragraphs
    except Exception as error:  # noqa: BLE001 - any failure of prose is the user's to fix
        item = context.item
        raise _BodyProblem(_prose_finding(error, block, path, sources,
                                          f" (for {item.id})" if item is not None else "")) from error


def _list(block: ListBlock, path: KeyPath, context: Context, env: jinja2.Environment,
          sources: SourceMap) -> list[Paragraph]:
    collection = getattr(context, block.list)
    items = list(collection)
    if block.select is not None:
        missing = [item_id for item_id in block.select if item_id not in collection]
        if missing:
            raise _BodyProblem(sources.finding(
                path + ("select",), f"{block.list} has no item {missing[0]!r}",
                f"use ids defined under {block.list}:"))
        items = [collection[item_id] for item_id in block.select]
    if items:
        fields = type(items[0]._model).model_fields
        unknown = [key for key in block.where if key not in fields]
        if unknown:
            raise _BodyProblem(sources.finding(
                path + ("where", unknown[0]), f"{block.list} have no field {unknown[0]!r}",
                f"fields of {block.list}: {', '.join(fields)}"))
    items = [item for item in items if matches(item, block.where)]
    if not items:
        raise _BodyProblem(sources.finding(
            path, f"the list of {block.list} selects no item",
            "check `select`/`where`, or remove the list"))
    phrases = context.phrases
    macro_name = block.phrase or block.list
    macro = getattr(phrases, macro_name, None) if phrases is not None else None
    if macro is None:
        raise _BodyProblem(sources.finding(
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
            raise _BodyProblem(Finding(
                f"{file}, macro {macro_name} for "
                f"{block.list}.{getattr(item, 'id', position)}: {describe_undefined(error)}",
                file=file, line=template_line(error), rule="template",
                hint="add the missing fact to the content, or guard it with {% if %} in the macro",
            )) from error
        paragraphs.append(Paragraph(style, runs, list_id))
    return paragraphs


def _prose_finding(error: BaseException, source: str, path: KeyPath, sources: SourceMap,
                   for_item: str = "") -> Finding:
    where = sources.locate(path)
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
    finding = sources.finding(path, f"in prose{for_item}: {describe_undefined(error)}", hint,
                                     rule="prose")
    return replace(finding, line=line_number or finding.line)
