"""Findings as text for people, JSON for tools, or GitHub workflow commands for PRs."""

from __future__ import annotations

import json
from itertools import groupby

import click

from generator.errors import ERROR, Finding

FORMATS = ("text", "json", "github")


def report(findings: list[Finding], fmt: str, color: bool | None = None) -> str:
    """The findings in the chosen format (empty string for none in text/github)."""
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github_command(f) for f in findings)
    return as_text(findings, color)


def as_text(findings: list[Finding], color: bool | None = None) -> str:
    """`file:line:col: severity: message`, grouped by file, errors red and warnings yellow."""
    groups = []
    ordered = sorted(findings, key=lambda f: (f.file or "", f.line or 0, f.column or 0))
    for _, group in groupby(ordered, key=lambda f: f.file or ""):
        lines = []
        for finding in group:
            where = finding.location() or "(general)"
            tone = "red" if finding.severity == ERROR else "yellow"
            severity = click.style(finding.severity, fg=tone, bold=True) if color else finding.severity
            where = click.style(where, bold=True) if color else where
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
