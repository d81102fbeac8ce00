"""Findings as text for people, JSON for tools, or GitHub workflow commands for PRs."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

from generator.errors import ERROR, Finding

FORMATS = ("text", "json", "github")

Style = Callable[..., str]
"""`style(text, fg=..., bold=...)`: the CLI passes click's colouring on a terminal."""


def plain(text: str, **_: object) -> str:
    return text


def report(findings: list[Finding], fmt: str, style: Style = plain) -> str:
    """The findings in the chosen format (empty string for none in text/github)."""
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github_command(f) for f in findings)
    return as_text(findings, style)


def as_text(findings: list[Finding], style: Style = plain) -> str:
    """`file:line:col: severity: message`, grouped by file, errors red and warnings yellow."""
    groups = []
    ordered = sorted(findings, key=lambda f: (f.file or "", f.line or 0, f.column or 0))
    for _, group in groupby(ordered, key=lambda f: f.file or ""):
        lines = []
        for finding in group:
            where = finding.location() or "(general)"
            tone = "red" if finding.severity == ERROR else "yellow"
            severity = style(finding.severity, fg=tone, bold=True)
            where = style(where, bold=True)
            field = f" [{finding.path}]" if finding.path else ""
            lines.append(f"{where}: {severity}: {finding.message}{field} ({finding.rule})")
            if finding.hint:
                lines.append(f"    hint: {finding.hint}")
        groups.append("\n".join(lines))
    return "\n\n".join(groups)


def github_command(finding: Finding) -> str:
    """`::error file=...,line=N,title=RULE::message`, escaped as GitHub expects."""
    level = "error" if finding.severity == ERROR else "warning"
    properties = []
    if finding.file:
        properties.append(f"file={_property(finding.file)}")
    if finding.line:
        properties.append(f"line={finding.line}")
    if finding.column:
        properties.append(f"col={finding.column}")
    properties.append(f"title={_property(finding.rule)}")
    message = finding.message + (f" (hint: {finding.hint})" if finding.hint else "")
    return f"::{level} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
