"""Which deliverables exist, and the context each one's template sees (from the model).

Each deliverable gets a `Context` (generator/context/views.py): the shared views of the
content, plus its document, its per-item value and its text. The text is rendered
here, once per build: prose through the sandboxed Markdown environment, generated
lists through the macros of `templates/phrases.jinja`. Problems are findings, all
of them, located at the content line or the macro line they come from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import jinja2
from jinja2.environment import TemplateModule

from generator.context.body import document_body, phrases_file
from generator.context.items import files_of
from generator.context.tracked import TrackedList
from generator.context.views import Context, NetworkRow, SectionBody, base_context
from generator.errors import WARNING, Finding
from generator.limits import Limits
from generator.messages import _
from generator.model import Content, Document
from generator.model.timeline import lead_on, partner_in_force
from generator.sources import KeyPath, SourceMap
from generator.templating.budget import budget
from generator.templating.environment import (
    PHRASES_TEMPLATE,
    describe_undefined,
    markdown_environment,
    template_line,
)
from generator.templating.prose import (
    HEADING,
    Paragraph,
    Run,
    restore,
)
from generator.templating.recording import Read, recording


@dataclass
class Deliverable:
    """One output to render: its id (the file name), document, template and context."""

    id: str
    document_id: str
    document: Document
    template: str
    context: Context


def network_rows(content: Content, context: Context, phrase: Callable[..., object]) -> list[NetworkRow]:
    """Every body with a role in the programme, in order of first appearance; each role is
    worded by the `network_role(kind, project, role)` macro of phrases.jinja. Kinds: promoter,
    referent, lead, each project's ways of taking part (partner, in coordinamento, rete di
    supporto, referente, co-finanziatore...) and synergy; a co-financer of a budget
    (`co_financing_by`) takes part as co-finanziatore."""
    roles: dict[str, list[str]] = {}
    projects = context.projects

    def add(org_id: str, kind: str, project_id: str | None = None, role: str | None = None) -> None:
        text = restore(str(phrase(kind, projects[project_id] if project_id else None, role))).strip()
        if text not in roles.setdefault(org_id, []):
            roles[org_id].append(text)

    day = context.graph.day if context.graph is not None else None
    add(content.programme.promoter, "promoter")
    if content.programme.referent is not None:
        add(content.programme.referent, "referent")
    for project_id, project in content.projects.items():
        add(lead_on(project, day).lead if day else project.lead, "lead", project_id)
        for partner in project.partners:
            if day is None or partner_in_force(partner, day):
                add(partner.organisation, partner.participation, project_id, partner.role)
        for payer in project.budget.co_financing_by if project.budget else []:
            add(payer.organisation, "co-finanziatore", project_id, payer.form)
    for payer in content.programme.budget.co_financing_by if content.programme.budget else []:
        add(payer.organisation, "co-finanziatore", None, payer.form)
    for synergy in content.synergies:
        add(synergy.organisation, "synergy", None, synergy.role)
    organisations = context.organisations
    return [NetworkRow(organisations[org_id], found) for org_id, found in roles.items()]


def _network(content: Content, context: Context, phrases: TemplateModule | None, env: jinja2.Environment
             ) -> tuple[list[NetworkRow], list[Finding]]:
    """The network rows, worded by phrases.jinja's network_role macro, and any problem."""
    file = phrases_file(env)
    role = getattr(phrases, "network_role", None) if phrases is not None else None
    if role is None:
        return [], [Finding(_("no macro network_role in {file}: the network table will be empty", file=file),
                            file=file, rule="template", severity=WARNING,
                            hint=_("copy the network_role macro from the example's phrases.jinja"))]
    try:
        return network_rows(content, context, role), []
    except Exception as error:  # noqa: BLE001 - the user's macro failed
        problem = describe_undefined(error)
        return [], [Finding(_("{file}, macro network_role: {problem}", file=file, problem=problem),
                            file=file, line=template_line(error), rule="template", hint=_("fix the macro"))]



@dataclass
class Shared:
    """What every deliverable of a build shares, made once per day of its documents: the base
    context as the content stood that day (with the phrases and the network) and what making
    it read (every deliverable of that day depends on that)."""

    days: dict[dt.date, Context]
    reads: dict[dt.date, frozenset[Read]]
    findings: list[Finding]


def shared_context(content: Content, env: jinja2.Environment, limits: Limits) -> Shared:
    """The context every deliverable of each day starts from, with phrases.jinja's macros and
    the network (each day within `limits`, as a deliverable); a problem of phrases.jinja is
    reported once, not once per day."""
    _compile_phrases(env)  # compiling is not rendering: outside the time limit of a deliverable
    shared = Shared({}, {}, [])
    for day in dict.fromkeys(d.date for d in content.documents.values()):
        with budget(limits):
            shared.days[day], shared.reads[day], problems = _shared_day(content, env, day)
        shared.findings.extend(f for f in problems if f not in shared.findings)
    return shared


def _shared_day(content: Content, env: jinja2.Environment, day: dt.date
                ) -> tuple[Context, frozenset[Read], list[Finding]]:
    shared = base_context(content, day)
    with recording() as phrases_reads:
        phrases, findings = _phrases(env, shared)
    shared.phrases = phrases
    with recording() as network_reads:
        rows, problems = _network(content, shared, phrases, env)
    # The rows are drawn from every project's lead and partners and from the synergies.
    keys = network_reads.keys | {("item", "projects", pid) for pid in content.projects}
    keys |= {("members", "organisations"), ("members", "projects"), ("synergies",), ("programme",)}
    shared.network = TrackedList(rows, keys)
    return shared, frozenset(phrases_reads.keys), findings + problems


def deliverables(content: Content, sources: SourceMap, shared: Shared,
                 only: list[str] | None = None) -> tuple[list[Deliverable], list[Finding]]:
    """Every deliverable (or those named) with its context as of its own date (its text not
    rendered yet: see `render_body`), and the problems met."""
    findings: list[Finding] = []
    result: list[Deliverable] = []
    for doc_id, document in content.documents.items():
        if only and doc_id not in only:
            continue
        files = files_of(doc_id, document, shared.days[document.date], content)
        if not files:
            findings.append(sources.finding(
                ("documents", doc_id, "for_each"),
                _("document {id!r} is written once per item of {collection}, and there is none", id=doc_id,
                  collection=_each_name(document)),
                _("add {collection} (or change `where`), or remove the document",
                  collection=_each_name(document)),
                severity=WARNING, rule="outputs"))
        result += [Deliverable(output_id, doc_id, document, document.template, context)
                   for output_id, context in files]
    return result, findings


def _each_name(document: Document) -> str:
    each = document.each
    return each.items if each is not None else ""


def render_body(item: Deliverable, env: jinja2.Environment, sources: SourceMap) -> Deliverable:
    """The deliverable with its text rendered: prose with its facts, lists phrased (each block's
    reads noted where they happen), within the budget of the deliverable the caller opened.
    Raises ContentError with the finding (one mistake, one finding)."""
    intro, sections = document_body(item.document, ("documents", item.document_id),
                                    item.context, env, sources)
    context = replace(item.context, intro=intro, sections=sections,
                      body=flatten(intro, sections, ("documents", item.document_id)))
    return replace(item, context=context)


def flatten(intro: list[Paragraph], sections: list[SectionBody], path: KeyPath = ()) -> list[Paragraph]:
    """Intro, then each section's heading and paragraphs: the `body` simple templates loop over
    (`path`, the document's, places each heading at its section's title)."""
    body = list(intro)
    for number, section in enumerate(sections):
        source = (path + ("sections", number, "title"),) if path else ()
        body.append(Paragraph(HEADING, [Run(section.title)], source=source))
        body.extend(section.body)
    return body


def _compile_phrases(env: jinja2.Environment) -> None:
    """Compile phrases.jinja into the environment's cache; `_phrases` reports any error."""
    with contextlib.suppress(Exception):
        markdown_environment(env).get_template(PHRASES_TEMPLATE)


def _phrases(env: jinja2.Environment, context: Context) -> tuple[TemplateModule | None, list[Finding]]:
    try:
        template = markdown_environment(env).get_template(PHRASES_TEMPLATE)
        return template.make_module(context.names()), []
    except jinja2.TemplateNotFound:
        return None, []
    except Exception as error:  # noqa: BLE001 - any failure of the user's macros is a finding
        file = phrases_file(env)
        return None, [Finding(_("{file}: {problem}", file=file, problem=describe_undefined(error)), file=file,
                              line=template_line(error), rule="template",
                              hint=_("fix the macro; see the names in docs/reference/context.md"))]
