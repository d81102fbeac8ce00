"""The pipeline: load -> check -> render in memory -> check outputs -> write.

Orchestration only: reading is loading's and templates', rendering is rendering's,
writing is writing's. Nothing is written until every deliverable has rendered and
passed the checks; problems from every stage are collected and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import Archive, orphans, sent_findings, sha256
from generator.checks import RULES, Rendered, run_output_rules, run_rules
from generator.checks.acceptance import Accepted, acknowledge, unacknowledged
from generator.checks.common import prose_blocks
from generator.documents import Deliverable, deliverables
from generator.errors import ERROR, WARNING, ContentError, Finding, TemplateError
from generator.limits import Limits
from generator.loading import Loaded, load_content
from generator.manifest import make_manifest, previous_entries
from generator.model import Content, output_ids
from generator.templates import PHRASES, Holes, TemplateSet, holes, read_templates
from generator.templating import make_environment
from generator.writing import MANIFEST, WriteReport, write_outputs

FORMATS = ("docx", "pdf", "md")
BLOCKING_RULES = {"references", "templates", "outputs"}
"""Rules whose errors stop a run before rendering, even a draft."""
OTHER_FINDINGS = {"template", "prose", "sent", "accept"}
"""Ids of findings that come from rendering, the sent archive and `accept:`, not from RULES."""


@dataclass(frozen=True)
class Folders:
    """Where a programme's content, templates and outputs live."""

    content: Path = Path("content")
    templates: Path = Path("templates")
    out: Path = Path("output")
    sent: Path | None = None
    """The archive of sent deliverables; by default `sent/` beside the content folder."""

    @property
    def archive(self) -> Path:
        """Where sent deliverables are archived (committed with the content, never built into)."""
        return self.sent if self.sent is not None else Path(self.content).parent / "sent"


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
    """Rendered deliverables by output id (their .docx bytes in `files`)."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Rendered .docx files by name."""
    markdown: dict[str, str] = field(default_factory=dict)
    """Markdown of each output id, when asked for."""
    inputs: list[Path] = field(default_factory=list)
    """Content files and templates the run read."""
    content: object = None
    report: WriteReport | None = None
    """What the writer did (files written, kept, removed)."""
    accepted: list[Accepted] = field(default_factory=list)
    """Warnings acknowledged by `accept:` entries (left out of `findings`)."""
    archives: dict[str, Archive] = field(default_factory=dict)
    """The archives of the sent documents, by document id."""


def render_all(folders: Folders, options: Options = Options()) -> Outcome:
    """Every deliverable rendered in memory, as of its own date, and checked, with all findings
    met on the way; acknowledged warnings are set apart."""
    loaded = load_content(folders.content)
    limits = Limits.from_environ()
    found = read_templates(folders.templates,
                           {d.template for d in loaded.content.documents.values()}, limits)
    findings = run_rules(loaded.content, loaded.sources, found)
    # Unresolved references and missing templates make rendering impossible; any other
    # finding waits, so that problems in prose and templates are reported with it.
    if any(f.rule in BLOCKING_RULES and f.severity == ERROR for f in findings):
        raise ContentError(findings)
    env = make_environment(found, limits)
    items, problems = deliverables(loaded.content, loaded.sources, env,
                                   _resolve_only(loaded, options.only))
    outcome = Outcome(content=loaded.content,
                      inputs=list(loaded.sources.files) + list(found.files))
    judged = {doc_id for doc_id, d in loaded.content.documents.items()
              if options.lenient or doc_id in options.final or d.effective_status == "definitivo"}
    stand_ins = _holes(loaded.content, found, judged)
    for item in items:
        if options.only and item.id not in options.only and item.document_id not in options.only:
            continue
        _render_one(item, found, env, options, outcome, problems, stand_ins[item.document_id])
    findings += problems
    if any(p.severity == ERROR for p in problems) and not options.lenient:
        raise TemplateError(findings)
    findings += _judge(loaded, folders, options, outcome, found)
    findings, outcome.accepted = acknowledge(loaded.content, loaded.sources, findings,
                                             {r.id for r in RULES} | OTHER_FINDINGS,
                                             complete=not options.only)
    findings += unacknowledged(loaded.content, loaded.sources, list(outcome.outputs.values()),
                               findings)
    outcome.findings = findings
    if not (options.draft or options.lenient):
        _fail_on(findings, options.strict)
    return outcome


def _judge(loaded: Loaded, folders: Folders, options: Options, outcome: Outcome,
           found: TemplateSet) -> list[Finding]:
    """The output rules on what was rendered (a sent deliverable is judged by its archive:
    it stays as sent), and the comparison of the sent ones with the archive."""
    content, sources = loaded.content, loaded.sources
    judged = [r for r in outcome.outputs.values() if r.status != "inviato"]
    findings = run_output_rules(content, sources, judged)
    if not options.archive:
        return findings
    rendered = {ident: (r.text, outcome.files[f"{ident}.docx"]) for ident, r in outcome.outputs.items()}
    templates = {name: sha256(t.data) for name, t in found.word.items()}
    templates |= {name: sha256(text.encode("utf-8")) for name, text in found.jinja.items()}
    more, outcome.archives = sent_findings(content, sources, folders.archive, rendered, templates)
    findings += more
    if not options.only:
        findings += orphans(content, sources, folders.archive)
    return findings


def _holes(content: Content, found: TemplateSet, judged: set[str]) -> dict[str, Holes]:
    """For each document judged for readiness (definitivo, being sent, or asked by `status`):
    the stand-ins its template, phrases.jinja and its prose print for a missing fact."""
    result = {doc_id: Holes() for doc_id in content.documents}
    if not judged:
        return result
    phrases = holes(found.jinja.get(PHRASES, ""))
    for doc_id, document in content.documents.items():
        if doc_id not in judged:
            continue
        template = found.word.get(document.template)
        combined = phrases | template.holes if template is not None else phrases
        for _, _, source in prose_blocks(content, only=doc_id):
            combined = combined | holes(source)
        result[doc_id] = combined
    return result


def _render_one(item: Deliverable, found: TemplateSet, env, options: Options, outcome: Outcome,
                problems: list[Finding], stand_ins: Holes) -> None:
    from generator.rendering.docx import render_docx  # docxtpl: only commands that render

    status = "definitivo" if item.document_id in options.final else item.document.effective_status
    template = found.word[item.template]
    try:
        with item.context.recording(item.reads):
            item.reads.where = template.shown
            rendered = render_docx(item, template, env, draft=options.draft or status == "bozza",
                                   markdown="md" in options.formats)
    except TemplateError as error:
        problems.extend(f for f in error.findings if f not in problems)
        return
    outcome.files[f"{item.id}.docx"] = rendered.data
    outcome.outputs[item.id] = Rendered(item.id, item.document_id, item.document, rendered.text,
                                        item.reads, stand_ins, template.shown, status)
    if rendered.markdown is not None:
        outcome.markdown[item.id] = rendered.markdown


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


def check(folders: Folders, options: Options = Options()) -> Outcome:
    """Load, validate, run every rule and render everything, writing nothing."""
    return render_all(folders, options)


def build(folders: Folders, options: Options = Options()) -> Outcome:
    """Render every deliverable (or those named) in each format, then replace the output folder
    by the complete set, with its manifest, in one step."""
    outcome = render_all(folders, options)
    outputs, kinds = _formats(outcome, options.formats)
    previous = previous_entries(folders.out)
    built = {stem for stem, _ in kinds.values()}
    known = {out for outs in output_ids(outcome.content).values() for out in outs}
    kept = [e for e in previous if options.only and e.get("deliverable") in known - built
            and (folders.out / e["file"]).is_file()]
    base = folders.content.resolve().parent
    outputs[MANIFEST] = make_manifest(dict(outputs), kinds, outcome.inputs, base, kept)
    outcome.report = write_outputs(folders.out, outputs, keep={e["file"] for e in kept},
                                   owned={e["file"] for e in previous})
    return outcome


def _formats(outcome: Outcome, formats: tuple[str, ...]
             ) -> tuple[dict[str, bytes], dict[str, tuple[str, str]]]:
    """Every output file (name -> bytes) in the formats asked, and its (deliverable, format);
    a sent deliverable's files come from its archive, never from a new rendering."""
    sent = {output: archive for archive in outcome.archives.values() for output in archive.outputs()}
    outputs: dict[str, bytes] = {}
    for name, data in outcome.files.items():
        stem = name.removesuffix(".docx")
        archive = sent.get(stem)
        if archive is None and outcome.outputs[stem].status == "inviato":
            continue  # sent, but its archive is missing or damaged (an error says so): never rebuilt
        for fmt in ("docx", "md", "pdf"):
            kept = archive.as_format(stem, fmt) if archive is not None else None
            if fmt in formats and kept is not None:
                outputs[f"{stem}.{fmt}"] = kept
        if "docx" in formats and archive is None:
            outputs[name] = data
        if "md" in formats and archive is None:
            outputs[f"{stem}.md"] = outcome.markdown[stem].encode("utf-8")
    if "pdf" in formats:
        from generator.rendering.pdf import convert_to_pdfa  # LibreOffice: only when asked

        fresh = {name: data for name, data in outcome.files.items()
                 if outcome.outputs[name.removesuffix(".docx")].status != "inviato"}
        outputs |= convert_to_pdfa(fresh, timeout=Limits.from_environ().conversion) if fresh else {}
    kinds = {name: (name.rsplit(".", 1)[0], name.rsplit(".", 1)[1]) for name in outputs}
    return outputs, kinds


def _fail_on(findings: list[Finding], strict: bool) -> None:
    failing = {ERROR, WARNING} if strict else {ERROR}
    if any(f.severity in failing for f in findings):
        raise ContentError(findings)
