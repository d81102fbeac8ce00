"""The pipeline: load -> validate -> check -> render in memory -> check output -> write.

Nothing is written until every deliverable has rendered and passed the checks;
problems from every stage are collected and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ERROR, WARNING, ContentError, Finding, TemplateError
from generator.loading import Loaded, load_content


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


FORMATS = ("docx", "pdf", "md")
BLOCKING_RULES = {"references", "templates", "outputs"}
"""Rules whose errors stop a run before rendering, even a draft."""


@dataclass
class Outcome:
    """What a check or build produced: findings and, for builds, the files written."""

    findings: list[Finding] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    """Rendered .docx files by name."""
    written: list[Path] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    """Content files and templates the run read."""
    content: Any = None
    """The validated content."""
    report: Any = None
    """What the writer did (files written, kept, removed)."""


def load_and_check(folders: Folders) -> tuple[Loaded, list[Finding]]:
    """Validated content and the findings of every content rule (errors and warnings)."""
    from generator.checks import run_rules

    loaded = load_content(folders.content)
    loaded.templates = folders.templates
    return loaded, run_rules(loaded)


def render_all(folders: Folders, options: Options = Options()) -> Outcome:
    """Every deliverable rendered in memory and checked, with all findings met on the way."""
    from generator.checks import Rendered, run_output_rules
    from generator.documents import deliverables
    from generator.rendering.docx import RenderProblem, render_docx
    from generator.rendering.text import docx_to_text
    from generator.templating import make_environment

    loaded, findings = load_and_check(folders)
    # Unresolved references and missing templates make rendering impossible; any other
    # finding waits, so that problems in prose and templates are reported with it.
    if any(f.rule in BLOCKING_RULES and f.severity == ERROR for f in findings):
        raise ContentError(findings)
    only = _resolve_only(loaded, options.only)
    env = make_environment(folders.templates)
    items, problems = deliverables(loaded, env, only)
    files: dict[str, bytes] = {}
    rendered: list[Rendered] = []
    for item in items:
        if options.only and item.id not in options.only and item.document_id not in options.only:
            continue
        try:
            data = render_docx(item, folders.templates, env, draft=options.draft)
        except RenderProblem as problem:
            problems.append(problem.finding)
            continue
        files[f"{item.id}.docx"] = data
        rendered.append(Rendered(item.id, item.document_id, item.document, docx_to_text(data)))
    findings += problems
    if any(p.severity == ERROR for p in problems):
        raise TemplateError(findings)
    findings += run_output_rules(loaded, rendered)
    if not options.draft:
        _fail_on(findings, options.strict, ContentError)
    used = {folders.templates / item.template for item in items}
    phrases = folders.templates / "phrases.jinja"
    inputs = list(loaded.sources.files) + sorted(used) + ([phrases] if phrases.is_file() else [])
    return Outcome(findings=findings, files=files, inputs=inputs, content=loaded.content)


def _resolve_only(loaded: Loaded, names: tuple[str, ...]) -> list[str] | None:
    """Document ids to build for the names given (a document id or one of its outputs)."""
    from generator.model import output_ids

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
    from generator.manifest import make_manifest, previous_entries
    from generator.model import output_ids
    from generator.writing import MANIFEST, write_outputs

    outcome = render_all(folders, options)
    outputs: dict[str, bytes] = {}
    kinds: dict[str, tuple[str, str]] = {}
    for name, data in outcome.files.items():
        stem = name.removesuffix(".docx")
        for fmt, produced in _convert(name, data, options.formats).items():
            outputs[f"{stem}.{fmt}"] = produced
            kinds[f"{stem}.{fmt}"] = (stem, fmt)
    if "pdf" in options.formats:
        for name, pdf in _pdfs(outcome.files).items():
            outputs[name] = pdf
            kinds[name] = (name.removesuffix(".pdf"), "pdf")
    previous = previous_entries(folders.out)
    built = {stem for stem, _ in kinds.values()}
    known = {out for outs in output_ids(outcome.content).values() for out in outs}
    kept = [e for e in previous if options.only and e.get("deliverable") in known - built
            and (folders.out / e["file"]).is_file()]
    base = folders.content.resolve().parent
    outputs[MANIFEST] = make_manifest(dict(outputs), kinds, outcome.inputs, base, kept)
    outcome.report = write_outputs(folders.out, outputs, keep={e["file"] for e in kept},
                                   owned={e["file"] for e in previous})
    outcome.written = outcome.report.written
    return outcome


def _convert(name: str, data: bytes, formats: tuple[str, ...]) -> dict[str, bytes]:
    """The in-memory formats of one deliverable (docx as is, md from it)."""
    from generator.rendering.text import docx_to_markdown

    produced = {}
    if "docx" in formats:
        produced["docx"] = data
    if "md" in formats:
        produced["md"] = docx_to_markdown(data).encode("utf-8")
    return produced


def _pdfs(files: dict[str, bytes]) -> dict[str, bytes]:
    """PDF/A-2b of every .docx, converted by LibreOffice in batches."""
    from generator.limits import Limits
    from generator.rendering.pdf import convert_to_pdfa

    return convert_to_pdfa(files, timeout=Limits.from_environ().conversion)


def _fail_on(findings: list[Finding], strict: bool, error_class: type[ContentError]) -> None:
    failing = {ERROR, WARNING} if strict else {ERROR}
    if any(f.severity in failing for f in findings):
        raise error_class(findings)
