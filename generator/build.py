"""The pipeline: load -> validate -> check -> render in memory -> write.

Nothing is written until every deliverable has rendered; problems from every
stage are collected and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ERROR, ContentError, Finding, TemplateError
from generator.loading import Loaded, load_content


@dataclass(frozen=True)
class Folders:
    """Where a programme's content, templates and outputs live."""

    content: Path = Path("content")
    templates: Path = Path("templates")
    out: Path = Path("output")


@dataclass
class Outcome:
    """What a check or build produced: warnings and, for builds, the files written."""

    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def load_and_check(folders: Folders) -> tuple[Loaded, list[Finding]]:
    """Validated content and the findings of every rule (errors and warnings)."""
    from generator.checks import run_rules

    loaded = load_content(folders.content)
    return loaded, run_rules(loaded)


def render_all(folders: Folders, only: list[str] | None = None
               ) -> tuple[Loaded, dict[str, bytes], list[Finding]]:
    """Every deliverable rendered in memory, with all findings met on the way."""
    from generator.documents import deliverables
    from generator.rendering.docx import RenderProblem, render_docx
    from generator.templating import make_environment

    loaded, findings = load_and_check(folders)
    _raise_on_errors(findings, ContentError)
    unknown = sorted(set(only or []) - set(loaded.content.documents))
    if unknown:
        known = ", ".join(loaded.content.documents) or "(none)"
        raise ContentError([Finding(f"no deliverable {name!r}", hint=f"known deliverables: {known}",
                                    rule="usage") for name in unknown])
    env = make_environment(folders.templates)
    items, problems = deliverables(loaded, env, only)
    files: dict[str, bytes] = {}
    for item in items:
        try:
            files[f"{item.id}.docx"] = render_docx(item, folders.templates, env)
        except RenderProblem as problem:
            problems.append(problem.finding)
    _raise_on_errors(findings + problems, TemplateError)
    return loaded, files, findings + problems


def check(folders: Folders) -> Outcome:
    """Load, validate, run the rules and render everything, writing nothing."""
    _, _, findings = render_all(folders)
    return Outcome(findings=findings)


def build(folders: Folders, only: list[str] | None = None) -> Outcome:
    """Render every deliverable (or those named), then write them all at once."""
    from generator.writing import write_all

    _, files, findings = render_all(folders, only)
    return Outcome(findings=findings, written=write_all(folders.out, files))


def _raise_on_errors(findings: list[Finding], error_class: type[ContentError]) -> None:
    if any(f.severity == ERROR for f in findings):
        raise error_class(findings)
