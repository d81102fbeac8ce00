"""The pipeline: load -> check -> render in memory -> check outputs -> write.

Orchestration only: reading is loading's and templates', rendering is rendering's and
producing's, writing is writing's. A build writes into a hidden folder beside the output
folder and swaps it in only when every deliverable has rendered and passed the checks;
problems from every stage are reported together. A deliverable whose inputs did not change
comes from the previous output (generator/cache.py) unless `force`; a sent one from its
archive under sent/. Each is rendered as of its own date, judged by its status (judging.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from generator.archive import Archive
from generator.checks import Rendered, run_rules
from generator.checks.acceptance import Accepted
from generator.documents import Deliverable, Shared, deliverables, render_body, shared_context
from generator.errors import ERROR, WARNING, ContentError, Finding, TemplateError, counted
from generator.folders import Folders
from generator.judging import acknowledged, archives, judge, read_through, stand_ins, status_of
from generator.limits import Limits
from generator.loading import Loaded, load_content
from generator.manifest import entry, make_manifest, previous_entries, sha256
from generator.model import output_ids
from generator.producing import Job, Product, render
from generator.recording import Recorder, recording
from generator.templates import Holes, TemplateSet, read_templates
from generator.templating import make_environment
from generator.writing import Stage, WriteReport, staged

if TYPE_CHECKING:  # only a build imports it: check has no cache
    from generator.cache import RenderCache

BLOCKING_RULES = {"references", "templates", "outputs"}
"""Rules whose errors stop a run before rendering, even a draft."""

Progress = Callable[[int, int], None]
"""`progress(done, total)`: called as each file of a long step (PDF conversion) is done."""


@dataclass(frozen=True)
class Options:
    """How strict a run is, and what it builds."""

    only: tuple[str, ...] = ()
    """Build only these deliverables (document ids, or output ids of a per-item document)."""
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
    """Report every finding and fail on none (what `fsegen status` needs)."""
    archive: bool = True
    """Compare sent deliverables with their archive (diffs of revisions do not)."""


@dataclass
class Outcome:
    """What a check or build produced."""

    findings: list[Finding] = field(default_factory=list)
    outputs: dict[str, Rendered] = field(default_factory=dict)
    """Rendered deliverables by output id."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Rendered .docx files by name (a check and a diff keep them; a build streams them)."""
    inputs: list[Path] = field(default_factory=list)
    """Content files and templates the run read."""
    content: object = None
    report: WriteReport | None = None
    """What the writer did (files written, kept, removed)."""
    rendered: int = 0
    """How many deliverables were rendered (the others came unchanged from the last build)."""
    accepted: list[Accepted] = field(default_factory=list)
    """Warnings acknowledged by `accept:` entries (left out of `findings`)."""
    archives: dict[str, Archive] = field(default_factory=dict)
    """The archives of the sent documents, by document id."""


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

    def rendered(self, item: Deliverable, text: str, record: Recorder | None,
                 printed: str = "") -> Rendered:
        """A deliverable as the output rules see it."""
        template = self.found.word.get(item.template)
        return Rendered(item.id, item.document_id, item.document, text, record,
                        self.holes[item.document_id], template.shown if template else None,
                        self.statuses[item.document_id], printed)


def prepare(folders: Folders, options: Options) -> Prepared:
    """Load and check the content, read the templates, and list the deliverables to render."""
    loaded = load_content(folders.content)
    limits = Limits.from_environ()
    found = read_templates(folders.templates, {d.template for d in loaded.content.documents.values()},
                           limits)
    findings = run_rules(loaded.content, loaded.sources, found)
    # Unresolved references and missing templates make rendering impossible; any other
    # finding waits, so that problems in prose and templates are reported with it.
    if any(f.rule in BLOCKING_RULES and f.severity == ERROR for f in findings):
        raise ContentError(findings)
    env = make_environment(found, limits, draft=options.draft)
    shared = shared_context(loaded.content, env)
    items, problems = deliverables(loaded.content, loaded.sources, shared,
                                   _resolve_only(loaded, options.only))
    if options.only:
        items = [i for i in items if i.id in options.only or i.document_id in options.only]
    content = loaded.content
    statuses = {doc_id: status_of(d, doc_id, options.final) for doc_id, d in content.documents.items()}
    judged = {d for d, status in statuses.items() if options.lenient or status == "definitivo"}
    return Prepared(loaded, found, env, shared, items, findings + shared.findings + problems,
                    folders, statuses, stand_ins(content, found, judged))


def _job(prepared: Prepared, options: Options, items: list[Deliverable]) -> Job:
    drafts = frozenset(i.id for i in items if prepared.statuses[i.document_id] == "bozza")
    return Job(prepared.env, prepared.found, prepared.loaded.sources, prepared.shared.reads,
               options.draft, "md" in options.formats, items, drafts)


def render_all(folders: Folders, options: Options = Options()) -> Outcome:
    """Every deliverable rendered in memory and checked (nothing written): check and diff."""
    prepared = prepare(folders, options)
    outcome = Outcome(content=prepared.loaded.content, inputs=_inputs(prepared))
    problems: list[Finding] = []
    for product in render(_job(prepared, options, prepared.items), options.jobs):
        if _collect(prepared, product, outcome, problems):
            outcome.files[f"{product.item.id}.docx"] = product.data  # type: ignore[assignment]
    _conclude(prepared, options, outcome, problems, outcome.files)
    return outcome


def check(folders: Folders, options: Options = Options()) -> Outcome:
    """Every rule, on the content, the templates and every deliverable's text, rendering no Word
    file (a template's tags are followed, not rendered; only a sent one is, to compare it)."""
    prepared = prepare(folders, options)
    outcome = Outcome(content=prepared.loaded.content, inputs=_inputs(prepared))
    problems: list[Finding] = []
    sent = [i for i in prepared.items if prepared.statuses[i.document_id] == "inviato"]
    sent_ids = {i.id for i in sent}
    for product in render(_job(prepared, options, sent), options.jobs) if sent else ():
        if _collect(prepared, product, outcome, problems):
            outcome.files[f"{product.item.id}.docx"] = product.data  # type: ignore[assignment]
    for item in prepared.items:
        if item.id in sent_ids:
            continue
        try:
            record = Recorder(item.document_id)
            with recording(record):
                complete = render_body(item, prepared.env, prepared.loaded.sources)
        except ContentError as error:
            problems.extend(f for f in error.findings if f not in problems)
            continue
        printed = read_through(complete.context, prepared.found.word[item.template], prepared.env,
                               record)
        text = "\n".join(paragraph.text for paragraph in complete.context.body)
        outcome.outputs[item.id] = prepared.rendered(item, text, record, printed)
    _conclude(prepared, options, outcome, problems, outcome.files)
    if not prepared.items:
        outcome.findings.append(replace(_nothing_to_build(folders, prepared), severity=WARNING))
    return outcome


def build(folders: Folders, options: Options = Options(), progress: Progress | None = None) -> Outcome:
    """Render what changed (or everything, `force`), in each format, and replace the output
    folder by the complete set with its manifest, in one step. `progress(done, total)` follows
    the PDF conversion."""
    prepared = prepare(folders, options)
    if not prepared.items:
        raise ContentError(prepared.findings + [_nothing_to_build(folders, prepared)])
    from generator.cache import ReadHashes, RenderCache
    from generator.memo import code_fingerprint

    outcome = Outcome(content=prepared.loaded.content, inputs=_inputs(prepared))
    previous = {e["file"]: e for e in previous_entries(folders.out)}
    cache = RenderCache(folders.content.resolve().parent, ReadHashes(prepared.loaded.content),
                        code_fingerprint() + "".join(sorted(prepared.found.jinja.values())))
    with staged(folders.out) as stage:
        entries = _produce(prepared, options, outcome, stage, cache, previous)
        entries += _keep_others(prepared, options, stage, previous)
        if "pdf" in options.formats:
            entries += _pdfs(prepared, stage, previous, outcome.archives, progress)
        if "docx" not in options.formats:
            for item in prepared.items:
                stage.discard(f"{item.id}.docx")
        manifest = make_manifest(entries, outcome.inputs, folders.content.resolve().parent)
        outcome.report = stage.commit(manifest, set(previous))
    return outcome


def _produce(prepared: Prepared, options: Options, outcome: Outcome, stage: Stage,
             cache: RenderCache, previous: dict[str, dict]) -> list[dict]:
    """Every deliverable into the stage, in the formats asked; the manifest's entries. A sent
    deliverable's files come from its archive (it is rendered only to compare it with it)."""
    markdown = "md" in options.formats
    kept = outcome.archives = archives(prepared.loaded.content, prepared.folders.archive)
    keys = {i.id: cache.key(i.id, prepared.found.word[i.template].data, options.draft,
                            _lifecycle_key(prepared, i, kept)) for i in prepared.items}
    to_render, entries = [], []
    for item in prepared.items:
        old = previous.get(f"{item.id}.docx", {})
        hit = None if options.force else cache.lookup(item.id, keys[item.id], old.get("sha256"), markdown)
        if hit is None or not stage.carry(f"{item.id}.docx"):
            to_render.append(item)
            continue
        entries.append(old)
        outcome.outputs[item.id] = prepared.rendered(item, hit.text, hit.recorder())
        entries += _formats(item, hit.markdown, options, stage, previous)
    problems: list[Finding] = []
    rendered: dict[str, bytes | None] = {}
    for product in render(_job(prepared, options, to_render), options.jobs):
        if _collect(prepared, product, outcome, problems):
            outcome.rendered += 1
            item = product.item
            rendered[item.id] = product.data if prepared.statuses[item.document_id] == "inviato" else None
            data, text = _output(prepared, item, kept, product.data, product.markdown)
            if data is None:
                continue  # sent, but its archive is missing or damaged (an error says so): never rebuilt
            cache.store(item.id, keys[item.id], product.reads, data, product.text, text,
                        product.record)
            stage.write(f"{item.id}.docx", data)
            entries.append(entry(f"{item.id}.docx", data, item.id))
            entries += _formats(item, text, options, stage, previous)
    _conclude(prepared, options, outcome, problems, rendered)
    return [e for e in entries if "docx" in options.formats or not e["file"].endswith(".docx")]


def _lifecycle_key(prepared: Prepared, item: Deliverable, kept: dict[str, Archive]) -> str:
    """What a deliverable's file depends on besides its reads: the status it is judged by (a
    bozza is stamped BOZZA) and, once sent, its archive."""
    status = prepared.statuses[item.document_id]
    archive = kept.get(item.document_id) if status == "inviato" else None
    record = sha256(json.dumps(archive.record, sort_keys=True, default=str).encode("utf-8")) \
        if archive is not None else ""
    return f"{status}\0{record}"


def _output(prepared: Prepared, item: Deliverable, kept: dict[str, Archive], data: bytes | None,
            markdown: str | None) -> tuple[bytes | None, str | None]:
    """The .docx and Markdown a deliverable leaves in the output: what was rendered, or, for a
    sent one, what its archive holds (None when it has none)."""
    if prepared.statuses[item.document_id] != "inviato":
        return data, markdown
    archive = kept.get(item.document_id)
    sent = archive.docx(item.id) if archive is not None else None
    if sent is None:
        return None, None
    text = archive.as_format(item.id, "md") if markdown is not None else None  # type: ignore[union-attr]
    return sent, text.decode("utf-8") if text is not None else None


def _formats(item: Deliverable, markdown: str | None, options: Options, stage: Stage,
             previous: dict[str, dict]) -> list[dict]:
    """The Markdown of one deliverable when asked for: kept from the last output if the same."""
    if "md" not in options.formats or markdown is None:
        return []
    name, encoded = f"{item.id}.md", markdown.encode("utf-8")
    old = previous.get(name, {})
    if old.get("sha256") == sha256(encoded) and stage.carry(name):
        return [old]
    stage.write(name, encoded)
    return [entry(name, encoded, item.id)]


def _collect(prepared: Prepared, product: Product, outcome: Outcome, problems: list[Finding]) -> bool:
    """Record a product's text, or its findings (once each); True when it rendered."""
    if product.findings:
        problems.extend(f for f in product.findings if f not in problems)
        return False
    item = product.item
    outcome.outputs[item.id] = prepared.rendered(item, product.text, product.record)
    return True


def _conclude(prepared: Prepared, options: Options, outcome: Outcome, problems: list[Finding],
              data: dict[str, bytes | None]) -> None:
    """All the findings of the run: rendering problems stop it; then the output rules, the
    archive of what was sent, and the warnings acknowledged by `accept:`."""
    findings = prepared.findings + problems
    if any(p.severity == ERROR for p in problems) and not options.lenient:
        raise TemplateError(findings)
    content, sources = prepared.loaded.content, prepared.loaded.sources
    rendered = list(outcome.outputs.values())
    root = prepared.folders.archive if options.archive else None
    more, outcome.archives = judge(content, sources, rendered, prepared.found, root,
                                   not options.only, data)
    findings, outcome.accepted = acknowledged(content, sources, findings + more, rendered,
                                              not options.only)
    failing = {ERROR, WARNING} if options.strict else {ERROR}
    if not (options.draft or options.lenient) and any(f.severity in failing for f in findings):
        only_warnings = not any(f.severity == ERROR for f in findings)
        raise ContentError(findings, f"0 errors, {counted(len(findings), 'warning')}, which fail the run "
                                     "with --strict; nothing was written." if only_warnings else None)
    outcome.findings = findings


def _keep_others(prepared: Prepared, options: Options, stage: Stage,
                 previous: dict[str, dict]) -> list[dict]:
    """A partial build keeps the files of the deliverables it was not asked for."""
    if not options.only:
        return []
    built = {i.id for i in prepared.items}
    known = {out for outs in output_ids(prepared.loaded.content).values() for out in outs}
    return [e for name, e in previous.items()
            if e.get("deliverable") in known - built and stage.carry(name)]


def _pdfs(prepared: Prepared, stage: Stage, previous: dict[str, dict], kept: dict[str, Archive],
          progress: Progress | None = None) -> list[dict]:
    """PDF/A of every deliverable built: kept when made from the very same .docx, else converted;
    a sent deliverable's is the one archived, never converted again."""
    from generator.rendering.pdf import convert_to_pdfa  # LibreOffice: only when asked

    result, convert = [], {}
    for item in prepared.items:
        if prepared.statuses[item.document_id] == "inviato":
            result += _sent_pdf(item, kept.get(item.document_id), stage, previous)
            continue
        docx = stage.path(f"{item.id}.docx").read_bytes()
        old = previous.get(f"{item.id}.pdf", {})
        if old.get("source_sha256") == sha256(docx) and stage.carry(f"{item.id}.pdf"):
            result.append(old)
        else:
            convert[f"{item.id}.docx"] = docx
    converted = convert_to_pdfa(convert, timeout=Limits.from_environ().conversion, progress=progress)
    for name, pdf in converted.items():
        stage.write(name, pdf)
        result.append(entry(name, pdf, name.removesuffix(".pdf"), convert[name[:-4] + ".docx"]))
    return result


def _sent_pdf(item: Deliverable, archive: Archive | None, stage: Stage,
              previous: dict[str, dict]) -> list[dict]:
    pdf = archive.as_format(item.id, "pdf") if archive is not None else None
    if pdf is None:
        return []
    name, old = f"{item.id}.pdf", previous.get(f"{item.id}.pdf", {})
    if old.get("sha256") == sha256(pdf) and stage.carry(name):
        return [old]
    stage.write(name, pdf)
    return [entry(name, pdf, item.id, archive.docx(item.id))]  # type: ignore[union-attr]


def _nothing_to_build(folders: Folders, prepared: Prepared) -> Finding:
    """Why a run has no deliverable: no document, or only per-item ones with no item."""
    documents = folders.content / "documents"
    if not prepared.loaded.content.documents:
        return Finding(f"nothing to build: {documents} holds no document", file=str(documents),
                       rule="outputs",
                       hint="add a deliverable as documents/<id>.yaml (README: \"Add a deliverable\"), "
                            "or start from the skeleton with `fsegen init`")
    return Finding("nothing to build: every document is written once per item of an empty "
                   "collection", file=str(documents), rule="outputs",
                   hint="add the items (projects...), or a document that is not `for_each`")


def _inputs(prepared: Prepared) -> list[Path]:
    return list(prepared.loaded.sources.files) + list(prepared.found.files)


def _resolve_only(loaded: Loaded, names: tuple[str, ...]) -> list[str] | None:
    """Document ids to build for the names given (a document id or one of its outputs)."""
    if not names:
        return None
    owners = {doc_id: doc_id for doc_id in loaded.content.documents}
    owners |= {out: doc_id for doc_id, outs in output_ids(loaded.content).items() for out in outs}
    unknown = [name for name in names if name not in owners]
    if unknown:
        known = ", ".join(owners) or "(none)"
        raise ContentError([Finding(f"no deliverable {name!r}", hint=f"known deliverables: {known}",
                                    rule="usage") for name in unknown])
    return list(dict.fromkeys(owners[name] for name in names))
