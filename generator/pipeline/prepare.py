"""The first step of every run: the content loaded and checked, the templates read, the
environment made, the deliverables listed with the status each is judged by.

Errors of the rules in BLOCKING_RULES stop here (nothing can be rendered without the
references and templates they check); every other finding waits for the judgement, so that
problems in prose and templates are reported with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from generator.checks import Rendered, run_rules
from generator.checks.common import prose_blocks
from generator.content.loading import Loaded, load_content
from generator.context.documents import Deliverable, Shared, deliverables, shared_context
from generator.errors import ERROR, ContentError, Finding
from generator.folders import Folders, cache_home
from generator.limits import Limits
from generator.messages import _
from generator.model import Content, Document, output_ids
from generator.templating.environment import make_environment
from generator.templating.recording import Recorder
from generator.templating.templates import PHRASES, Holes, TemplateSet, read_templates

BLOCKING_RULES = {"references", "templates", "outputs"}
"""Rules whose errors stop a run before rendering, even a draft."""

Environments = Callable[[TemplateSet, bool], jinja2.Environment]
"""(templates, draft) -> the environment of a run: a long-running preview keeps one."""


@dataclass(frozen=True)
class Options:
    """How strict a run is, and what it makes."""

    only: tuple[str, ...] = ()
    """Only these deliverables (document ids, or output ids of a per-item document)."""
    strict: bool = False
    """Warnings fail the run too."""
    draft: bool = False
    """Build despite rule errors, stamping every page BOZZA."""
    formats: tuple[str, ...] = ("docx",)
    """Output formats: docx, pdf (PDF/A-2b through LibreOffice), md (Markdown)."""
    jobs: int | None = None
    """Worker processes that render deliverables (default: one per core; 1: this process)."""
    force: bool = False
    """Render every deliverable, even those whose inputs did not change."""
    final: tuple[str, ...] = ()
    """Documents judged as definitivo whatever their status (the one `fsegen send` sends)."""
    lenient: bool = False
    """Report every finding and raise on none: `fsegen status` and the preview say what a
    check would fail on, and go on."""
    archive: bool = True
    """Compare sent deliverables with their archive (diffs of revisions do not)."""
    limits: Limits = Limits()
    """What a run may cost (the command line reads FSEGEN_LIMIT_* once and passes them)."""


@dataclass
class Prepared:
    """A run up to rendering: the content checked, the templates read, the deliverables known."""

    loaded: Loaded
    found: TemplateSet
    env: jinja2.Environment
    shared: Shared
    items: list[Deliverable]
    findings: list[Finding]
    folders: Folders
    statuses: dict[str, str]
    """The status each document is judged by (bozza, definitivo, inviato)."""
    holes: dict[str, Holes]
    """The stand-ins of each document judged for readiness."""
    limits: Limits

    @property
    def content(self) -> Content:
        return self.loaded.content

    def stamped(self, item: Deliverable, options: Options) -> bool:
        """Whether its pages carry the BOZZA stamp: a draft build, or a document still bozza."""
        return options.draft or self.statuses[item.document_id] == "bozza"

    def rendered(self, item: Deliverable, text: str, record: Recorder | None,
                 shown: str | None = None) -> Rendered:
        """A deliverable as the output rules see it: `text`, what it printed."""
        template = self.found.word.get(item.template)
        return Rendered(item.id, item.document_id, item.document, text, record,
                        self.holes[item.document_id], template.shown if template else None,
                        self.statuses[item.document_id], shown)


def prepare(folders: Folders, options: Options, environments: Environments | None = None) -> Prepared:
    """Load and check the content, read the templates, and list the deliverables to render."""
    loaded = load_content(folders.content)
    limits = options.limits
    found = read_templates(folders.templates, {d.template for d in loaded.content.documents.values()},
                           limits)
    findings = run_rules(loaded.content, loaded.sources, found)
    if any(f.rule in BLOCKING_RULES and f.severity == ERROR for f in findings):
        raise ContentError(findings)
    env = (environments or _environment)(found, options.draft)
    shared = shared_context(loaded.content, env, limits)
    items, problems = deliverables(loaded.content, loaded.sources, shared,
                                   _resolve_only(loaded, options.only))
    if options.only:
        items = [i for i in items if i.id in options.only or i.document_id in options.only]
    content = loaded.content
    statuses = {doc_id: status_of(d, doc_id, options.final) for doc_id, d in content.documents.items()}
    judged = {d for d, status in statuses.items() if options.lenient or status == "definitivo"}
    return Prepared(loaded, found, env, shared, items, findings + shared.findings + problems,
                    folders, statuses, stand_ins(content, found, judged), limits)


def _environment(found: TemplateSet, draft: bool) -> jinja2.Environment:
    """A run's environment, its compiled templates kept in the user's cache between runs."""
    return make_environment(found, draft, cache_home() / "jinja")


def status_of(document: Document, document_id: str, final: tuple[str, ...] = ()) -> str:
    """The status a deliverable is judged by: the one in force (inviato once its sending is
    recorded), or definitivo while `fsegen send` sends it."""
    return "definitivo" if document_id in final else document.effective_status


def stand_ins(content: Content, found: TemplateSet, judged: set[str]) -> dict[str, Holes]:
    """For each document judged for readiness (definitivo, being sent, or asked by `status`):
    the stand-ins its template, phrases.jinja and its prose print for a missing fact."""
    from generator.templating.templates import holes

    result = {doc_id: Holes() for doc_id in content.documents}
    if not judged:
        return result
    source = found.jinja.get(PHRASES, "")
    phrases = holes(source)
    for doc_id, document in content.documents.items():
        if doc_id not in judged:
            continue
        template = found.word.get(document.template)
        combined = phrases | template.holes_with(source) if template is not None else phrases
        for _doc, _path, prose in prose_blocks(content, only=doc_id):
            combined = combined | holes(prose)
        result[doc_id] = combined
    return result


def nothing_to_build(folders: Folders, prepared: Prepared) -> Finding:
    """Why a run has no deliverable: no document, or only per-item ones with no item."""
    documents = folders.content / "documents"
    if not prepared.content.documents:
        return Finding(_("nothing to build: {folder} holds no document", folder=str(documents)),
                       file=str(documents), rule="outputs",
                       hint=_("add a deliverable as documents/<id>.yaml (docs/how-to/add-a-deliverable.md), "
                              "or start from the skeleton with `fsegen init`"))
    return Finding(_("nothing to build: every document is written once per item of an empty collection"),
                   file=str(documents), rule="outputs",
                   hint=_("add the items (projects...), or a document that is not `for_each`"))


def _resolve_only(loaded: Loaded, names: tuple[str, ...]) -> list[str] | None:
    """Document ids to build for the names given (a document id or one of its outputs)."""
    if not names:
        return None
    owners = {doc_id: doc_id for doc_id in loaded.content.documents}
    owners |= {out: doc_id for doc_id, outs in output_ids(loaded.content).items() for out in outs}
    unknown = [name for name in names if name not in owners]
    if unknown:
        known = ", ".join(owners) or "(none)"
        raise ContentError([Finding(_("no deliverable {name!r}", name=name),
                                    hint=_("known deliverables: {known}", known=known), rule="usage")
                            for name in unknown])
    return list(dict.fromkeys(owners[name] for name in names))
