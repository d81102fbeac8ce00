"""Findings as text for people, JSON for tools, or GitHub workflow commands for PRs.

Text for people is short by default: the same finding for many items is one entry
("the partnership of 5 projects (ciao, in-lav, ...) is not recorded"), the same finding
for several documents too, each with the places it was found. `detailed` lists every
finding on its own (`-v`). JSON and GitHub annotations always list every finding, each
on its own line. No click here: the CLI passes a `style` function for colours.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import get_origin

from generator.errors import ERROR, WARNING, Finding, counted

FORMATS = ("text", "json", "github")

Style = Callable[..., str]
"""`style(text, fg=..., bold=...)`: the CLI passes click's colouring on a terminal."""

SHOWN_LABELS = 6
"""Items named in a grouped entry before "and N more" (`-v` lists every finding)."""
SHOWN_PLACES = 24
"""Places of the other findings of a grouped entry shown before "and N more"."""

@functools.cache
def collections() -> frozenset[str]:
    """Top-level keys whose second path part is an item id (`projects.ciao`). Read from the
    model when first needed: `fsegen --help` prints no finding and builds no model."""
    from generator.model import Content

    return frozenset(name for name, info in Content.model_fields.items()
                     if get_origin(info.annotation) is dict)


def plain(text: str, **_: object) -> str:
    return text


def report(findings: list[Finding], fmt: str, style: Style = plain, detailed: bool = True) -> str:
    """The findings in the chosen format (empty string for none in text/github)."""
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github_command(f) for f in findings)
    return as_text(findings, style) if detailed else grouped_text(findings, style)


def as_text(findings: list[Finding], style: Style = plain) -> str:
    """Every finding: `file:line:col: severity: message`, grouped by file, with its hint."""
    return _by_file([Group([f]) for f in _ordered(findings)], style)


def grouped_text(findings: list[Finding], style: Style = plain) -> str:
    """One entry per distinct finding, errors first: the same finding for several items or
    documents is one entry naming them all, and an exact repetition is shown once."""
    return _by_file(sorted(group(findings), key=lambda g: g.first.severity != ERROR), style)


@dataclass
class Group:
    """One finding, or the same finding for several items (the first one stands for all)."""

    findings: list[Finding]

    @property
    def first(self) -> Finding:
        return self.findings[0]

    def message(self) -> str:
        """The message, naming every item the finding is about when there are several."""
        if len(self.findings) == 1:
            return self.first.message
        labels, noun, inline = self._labels()
        names = ", ".join(labels[:SHOWN_LABELS]) + (
            f" and {len(labels) - SHOWN_LABELS} more" if len(labels) > SHOWN_LABELS else "")
        if inline:
            pattern = _subject_pattern(self.first)
            return pattern.sub(f"{counted(len(labels), noun, noun)} ({names})", self.first.message, 1)
        return f"{self.first.message} ({counted(len(labels), noun, noun)}: {names})"

    def places(self) -> str:
        """Where the others are: `also at lines 22, 38; content/x.yaml lines 9, 16` (the first
        SHOWN_PLACES, then how many more)."""
        others = [f for f in self.findings[1:] if f.file]
        by_file: dict[str, list[str]] = {}
        for finding in others[:SHOWN_PLACES]:
            by_file.setdefault(finding.file or "", []).append(str(finding.line or "?"))
        parts = [("" if file == self.first.file else f"{file} ")
                 + ("line " if len(lines) == 1 else "lines ") + ", ".join(lines)
                 for file, lines in by_file.items()]
        more = len(others) - SHOWN_PLACES
        return ("also at " + "; ".join(parts) + (f" and {more} more" if more > 0 else "")) if parts else ""

    def _labels(self) -> tuple[list[str], str, bool]:
        """(the items' names, what they are, whether the message names the item itself)."""
        tokens = [_subject_token(f) for f in self.findings]
        if all(tokens):
            subjects = [_subject(f) for f in self.findings]
            collection = _parts(self.first.path)[0]
            noun = collection if tokens == subjects else "deliverables"
            return [str(t) for t in tokens], noun, True
        paths = [_parts(f.path) for f in self.findings]
        if all(paths) and len({p[0] for p in paths}) == 1 and paths[0][0] in collections():
            return [str(_subject(f)) for f in self.findings], paths[0][0], False
        return [f.path or f.location() or "(general)" for f in self.findings], "places", False


def group(findings: list[Finding]) -> list[Group]:
    """Findings with the same rule, severity, message and hint but for their item, together,
    in the order of their first place."""
    groups: dict[tuple, Group] = {}
    for finding in _ordered(findings):
        key = (finding.rule, finding.severity, _normal(finding.message, finding),
               _normal(finding.hint or "", finding))
        if key in groups:
            if finding not in groups[key].findings:
                groups[key].findings.append(finding)
        else:
            groups[key] = Group([finding])
    return list(groups.values())


def _by_file(groups: list[Group], style: Style) -> str:
    blocks = []
    for _, in_file in groupby(groups, key=lambda g: g.first.file or ""):
        lines = []
        for entry in in_file:
            finding = entry.first
            where = style(finding.location() or "(general)", bold=True)
            tone = "red" if finding.severity == ERROR else "yellow"
            severity = style(finding.severity, fg=tone, bold=True)
            field = f" [{finding.path}]" if finding.path and len(entry.findings) == 1 else ""
            lines.append(f"{where}: {severity}: {entry.message()}{field} ({finding.rule})")
            if entry.places():
                lines.append(f"    {entry.places()}")
            if finding.hint:
                lines.append(f"    hint: {finding.hint}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file or "", f.line or 0, f.column or 0))


def _parts(path: str | None) -> list[str]:
    return path.split(".") if path else []


def _subject(finding: Finding) -> str | None:
    """The id of the item a finding is about (`ciao` of `projects.ciao.budget`), if any."""
    parts = _parts(finding.path)
    if len(parts) < 2 or parts[0] not in collections():
        return None
    return parts[1].split("[", 1)[0]


def _subject_pattern(finding: Finding) -> re.Pattern:
    """The item's id as a message writes it: quoted or not; for a document, also one of its
    per-item outputs (`scheda-progetto-ciao`)."""
    subject = re.escape(_subject(finding) or "\0")
    suffix = r"(?:-[a-z0-9][a-z0-9_-]*)?" if _parts(finding.path)[:1] == ["documents"] else ""
    return re.compile(rf"(?<![\w'-])'?({subject}{suffix})'?(?![\w-])")


def _subject_token(finding: Finding) -> str | None:
    """The item's id (or output id) as the message names it, or None."""
    if _subject(finding) is None:
        return None
    match = _subject_pattern(finding).search(finding.message)
    return match.group(1) if match else None


def _normal(text: str, finding: Finding) -> str:
    """`text` with the finding's own item named by a placeholder, so that the same finding
    about two items compares equal."""
    if _subject(finding) is None:
        return text
    return _subject_pattern(finding).sub("\0", text)


def tally(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, sum(1 for f in findings if f.severity == WARNING)


def summary(done: str, findings: list[Finding], style: Style = plain, details: str | None = None,
            acknowledged: int = 0, where: str = " (fsegen status)") -> str:
    """`7 deliverables built, 0 errors, 2 warnings (fsegen check -v for details)`; warnings
    acknowledged by `accept:` entries are counted apart (`, 9 acknowledged: fsegen status`)."""
    errors, warnings = tally(findings)
    text = (f"{done}, {style(counted(errors, 'error'), fg='red' if errors else 'green', bold=True)}, "
            + style(counted(warnings, "warning"), fg="yellow" if warnings else "green", bold=True))
    text += f", {acknowledged} acknowledged{where}" if acknowledged else ""
    return text + (f" ({details})" if details and (errors or warnings) else "")


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
