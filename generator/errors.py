"""One error hierarchy, and the `Finding` every problem is reported as.

Library code raises these and never prints; the CLI alone turns them into output
and an exit code (1 for every `FsegenError`, 2 for a `UsageError`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.messages import Message, _, ngettext
from generator.sources import ERROR, WARNING, Finding

__all__ = ["ERROR", "WARNING", "ContentError", "counted", "DocumentError", "Finding", "Findings",
           "FsegenError", "OutputError", "TemplateError", "ToolError", "UsageError", "did_you_mean", "tally"]


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """`1 partner`, `2 partners`: a count with a noun of the content (Italian already) in the
    right number; the interface's own nouns go through `ngettext`."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def tally(errors: int, warnings: int) -> Message:
    """`2 errors, 1 warning`, in the reader's language once shown."""
    errors_text = ngettext("{count} error", "{count} errors", errors)
    warnings_text = ngettext("{count} warning", "{count} warnings", warnings)
    return _("{errors}, {warnings}", errors=errors_text, warnings=warnings_text)


def did_you_mean(close: list[str], then: Message | None = None) -> Message | None:
    """`did you mean 'x'? <then>`: the closest candidate (difflib's), if any, before the rest of
    a hint."""
    if not close:
        return then
    if then is None:
        return _("did you mean {close!r}?", close=close[0])
    return _("did you mean {close!r}? {then}", close=close[0], then=then)


class FsegenError(Exception):
    """Base of every error fsegen reports to its user (exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.message = message
        self.findings = list(findings or [])


class UsageError(FsegenError):
    """The command line asks for something impossible (exit code 2)."""

    exit_code = 2


class ContentError(FsegenError):
    """The content has problems: every finding of the run, reported at once."""

    def __init__(self, findings: list[Finding], summary: str | None = None):
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = len(findings) - errors
        summary = summary or _("{counts}; nothing was written.", counts=tally(errors, warnings))
        super().__init__(summary, findings)


class TemplateError(ContentError):
    """A template (Word or phrases.jinja) is broken or asks for what the content lacks."""


class OutputError(FsegenError):
    """The output folder cannot be written, or does not match its manifest."""


class DocumentError(FsegenError):
    """A .docx cannot be read: not a zip package, damaged, or over a size limit."""


class ToolError(FsegenError):
    """A tool fsegen runs is missing or failed: LibreOffice, fonts, Git."""


@dataclass
class Findings:
    """A collector that loaders append to, then raise once."""

    items: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.items.append(finding)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == ERROR]

    def raise_if_errors(self, error_class: type[ContentError] = ContentError) -> None:
        if self.errors:
            raise error_class(self.items)
