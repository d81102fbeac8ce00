"""The pipeline: load -> check -> render in memory -> check outputs -> write.

Orchestration only: reading is loading's and templates', rendering is rendering's,
writing is writing's. Nothing is written until every deliverable has rendered and
passed the checks; problems from every stage are collected and reported together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks import Rendered, run_output_rules, run_rules
from generator.documents import Deliverable, deliverables
from generator.errors import ERROR, WARNING, ContentError, Finding, TemplateError, counted
from generator.limits import Limits
from generator.loading import Loaded, load_content
from generator.manifest import make_manifest, previous_entries
from generator.model import output_ids
from generator.templates import TemplateSet, read_templates
from generator.templating import make_environment
from generator.writing import MANIFEST, WriteReport, write_outputs

FORMATS = ("docx", "pdf", "md")
Progress = Callable[[int, int], None]
"""`progress(done, total)`: called as each file of a long step (PDF conversion) is done."""
BLOCKING_RULES = {"references", "templates", "outputs"}
"""Rules whose errors stop a run before rendering, even a draft."""


@dataclass(frozen=True)
class Folders:
    """Where a programme's content, templates and outputs live."""

    content: Path = Path("content")
    templates: Path = Path("templates")
    out: Path = Path("output")


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


def render_all(folders: Folders, options: Options = Options()) -> Outcome:
    """Every deliverable rendered in memory and checked, with all findings met on the way."""
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
    for item in items:
        if options.only and item.id not in options.only and item.document_id not in options.only:
            continue
        _render_one(item, found, env, options, outcome, problems)
    findings += problems
    if any(p.severity == ERROR for p in problems):
        raise TemplateError(findings)
    findings += run_output_rules(loaded.content, loaded.sources, list(outcome.outputs.values()))
    if not options.draft:
        _fail_on(findings, options.strict)
    outcome.findings = findings
    return outcome


def _render_one(item: Deliverable, found: TemplateSet, env, options: Options, outcome: Outcome,
                problems: list[Finding]) -> None:
    from generator.rendering.docx import render_docx  # docxtpl: only commands that render

    try:
        rendered = render_docx(item, found.word[item.template], env, draft=options.draft,
                               markdown="md" in options.formats)
    except TemplateError as error:
        problems.extend(f for f in error.findings if f not in problems)
        return
    outcome.files[f"{item.id}.docx"] = rendered.data
    outcome.outputs[item.id] = Rendered(item.id, item.document_id, item.document, rendered.text)
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
    outcome = render_all(folders, options)
    if not outcome.outputs:
        outcome.findings.append(replace(_nothing_to_build(folders, outcome), severity=WARNING))
    return outcome


def build(folders: Folders, options: Options = Options(), progress: Progress | None = None) -> Outcome:
    """Render every deliverable (or those named) in each format, then replace the output folder
    by the complete set, with its manifest, in one step. `progress(done, total)` follows the
    PDF conversion."""
    outcome = render_all(folders, options)
    if not outcome.files:
        raise ContentError(outcome.findings + [_nothing_to_build(folders, outcome)])
    outputs, kinds = _formats(outcome, options.formats, progress)
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


def _nothing_to_build(folders: Folders, outcome: Outcome) -> Finding:
    """Why a build produced no deliverable: no document, or only per-item ones with no item."""
    documents = folders.content / "documents"
    if not getattr(outcome.content, "documents", None):
        return Finding(f"nothing to build: {documents} holds no document",
                       file=str(documents), rule="outputs",
                       hint="add a deliverable as documents/<id>.yaml (README: \"Add a deliverable\"), "
                            "or start from the skeleton with `fsegen init`")
    return Finding("nothing to build: every document is written once per item of an empty "
                   "collection", file=str(documents), rule="outputs",
                   hint="add the items (projects...), or a document that is not `for_each`")


def _formats(outcome: Outcome, formats: tuple[str, ...], progress: Progress | None = None
             ) -> tuple[dict[str, bytes], dict[str, tuple[str, str]]]:
    """Every output file (name -> bytes) in the formats asked, and its (deliverable, format)."""
    outputs: dict[str, bytes] = {}
    for name, data in outcome.files.items():
        stem = name.removesuffix(".docx")
        if "docx" in formats:
            outputs[name] = data
        if "md" in formats:
            outputs[f"{stem}.md"] = outcome.markdown[stem].encode("utf-8")
    if "pdf" in formats:
        from generator.rendering.pdf import convert_to_pdfa  # LibreOffice: only when asked

        outputs |= convert_to_pdfa(outcome.files, timeout=Limits.from_environ().conversion,
                                   progress=progress)
    kinds = {name: (name.rsplit(".", 1)[0], name.rsplit(".", 1)[1]) for name in outputs}
    return outputs, kinds


def _fail_on(findings: list[Finding], strict: bool) -> None:
    failing = {ERROR, WARNING} if strict else {ERROR}
    if any(f.severity in failing for f in findings):
        only_warnings = not any(f.severity == ERROR for f in findings)
        raise ContentError(findings, f"0 errors, {counted(len(findings), 'warning')}, which fail the run "
                                     "with --strict; nothing was written." if only_warnings else None)
