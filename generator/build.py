"""The pipeline: load -> check -> render in memory -> check outputs -> write.

Orchestration only: reading is loading's and templates', rendering is rendering's,
writing is writing's. Nothing is written until every deliverable has rendered and
passed the checks; problems from every stage are collected and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.checks import Rendered, run_output_rules, run_rules
from generator.documents import Deliverable, deliverables
from generator.errors import ERROR, WARNING, ContentError, Finding, TemplateError
from generator.limits import Limits
from generator.loading import Loaded, load_content
from generator.manifest import make_manifest, previous_entries
from generator.model import output_ids
from generator.templates import TemplateSet, read_templates
from generator.templating import make_environment
from generator.writing import MANIFEST, WriteReport, write_outputs

FORMATS = ("docx", "pdf", "md")
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
    env = make_environment(found, limits, draft=options.draft)
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

        outputs |= convert_to_pdfa(outcome.files, timeout=Limits.from_environ().conversion)
    kinds = {name: (name.rsplit(".", 1)[0], name.rsplit(".", 1)[1]) for name in outputs}
    return outputs, kinds


def _fail_on(findings: list[Finding], strict: bool) -> None:
    failing = {ERROR, WARNING} if strict else {ERROR}
    if any(f.severity in failing for f in findings):
        raise ContentError(findings)
