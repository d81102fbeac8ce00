"""One error hierarchy and the `Finding` record every problem is reported as.

Every error subclasses `click.ClickException`, so the CLI needs no try/except:
click prints the message and exits with the error's code (1 for content,
template and environment problems; click's own usage errors exit 2).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import click

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem, located as precisely as we know it, with a way to fix it."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    hint: str | None = None
    severity: str = ERROR
    rule: str = "content"

    def location(self) -> str:
        """`file:line:column`, as much of it as is known."""
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def as_dict(self) -> dict:
        return asdict(self)


class FsegenError(click.ClickException):
    """Base of every error fsegen reports to its user (exit code 1)."""

    exit_code = 1


class ContentError(FsegenError):
    """The content or a template has problems; carries every finding at once."""

    report_format = "text"
    """How `show` prints the findings: text, json or github (set by the CLI)."""

    def __init__(self, findings: list[Finding], summary: str | None = None):
        self.findings = findings
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = len(findings) - errors
        summary = summary or (f"{errors} problem(s) found" + (f" and {warnings} warning(s)" if warnings else "")
                              + "; nothing was written.")
        super().__init__(summary)

    def format_message(self) -> str:
        from generator.reporting import as_text

        return "\n".join(filter(None, [as_text(self.findings), self.message]))

    def show(self, file=None) -> None:
        from generator.reporting import report

        if self.report_format == "text":
            click.echo(report(self.findings, "text", color=None if file else _is_tty()), err=True)
            click.echo(self.message, err=True)
        else:
            click.echo(report(self.findings, self.report_format))


def _is_tty() -> bool:
    import sys

    return sys.stderr.isatty()


class TemplateError(ContentError):
    """A Word template is broken or asks for something the content lacks."""


class EnvironmentProblem(FsegenError):
    """Something outside the content is missing: LibreOffice, fonts, Git."""


class DocumentError(FsegenError):
    """A .docx cannot be read: not a zip package, damaged, or over a size limit."""


class OutputError(FsegenError):
    """The output folder cannot be written, or does not match its manifest."""


@dataclass
class Findings:
    """A collector that rules and loaders append to, then raise once."""

    items: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.items.append(finding)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == ERROR]

    def raise_if_errors(self, error_class: type[ContentError] = ContentError) -> None:
        if self.errors:
            raise error_class(self.items)
