"""Findings as text for people, JSON for tools, or GitHub workflow commands for PRs.

Text for people is short by default: the same finding for many items is one entry
("the partnership of 5 projects (ciao, in-lav, ...) is not recorded"), the same finding
for several documents too, each with the places it was found. `detailed` lists every
finding on its own (`-v`). JSON and GitHub annotations always list every finding, each
on its own line. No click here: the CLI passes a `style` function for colours, and the
`Language` of the invocation: findings are translated (`localized`) before they are grouped, and
the report's own words with them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import get_origin

from generator.errors import ERROR, WARNING, Finding
from generator.messages import Language, Message, _, language, ngettext

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


Words = Callable[[str], str]
"""A field path as the reader's words (`organisations.cmm.fiscal_code` -> "codice fiscale di
Città metropolitana di Milano"); the path as it is by default."""


def as_written(path: str) -> str:
    return path


@dataclass(frozen=True)
class Reader:
    """Who reads a report: colours, language, and how field paths are shown."""

    style: Style = plain
    language: Language = field(default_factory=language)
    words: Words = as_written

    def __call__(self, value: object) -> str:
        return self.language.text(value)


def localized(findings: list[Finding], reader: Language) -> list[Finding]:
    """The findings with their message and hint in the reader's language (the rest as is)."""
    return [replace(f, message=reader.text(f.message), hint=reader.optional(f.hint)) for f in findings]


def report(findings: list[Finding], fmt: str, style: Style = plain, detailed: bool = True,
           reader: Reader | None = None) -> str:
    """The findings in the chosen format (empty string for none in text/github)."""
    reader = reader or Reader(style)
    findings = localized(findings, reader.language)
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github_command(f, reader) for f in findings)
    return as_text(findings, reader=reader) if detailed else grouped_text(findings, reader=reader)


def as_text(findings: list[Finding], style: Style = plain, reader: Reader | None = None) -> str:
    """Every finding: `file:line:col: severity: message`, grouped by file, with its hint."""
    return _by_file([Group([f]) for f in _ordered(findings)], reader or Reader(style))


def grouped_text(findings: list[Finding], style: Style = plain, reader: Reader | None = None) -> str:
    """One entry per distinct finding, errors first: the same finding for several items or
    documents is one entry naming them all, and an exact repetition is shown once."""
    return _by_file(sorted(group(findings), key=lambda g: g.first.severity != ERROR), reader or Reader(style))


SEVERITIES = {ERROR: _("error"), WARNING: _("warning")}
"""How a finding's severity is shown."""


def severity_word(severity: str, reader: Language) -> str:
    return reader.text(SEVERITIES.get(severity, severity))


def items(noun: str, count: int) -> Message:
    """`5 projects`: a count of a collection's items (or of deliverables, places)."""
    nouns = {
        "projects": ngettext("{count} project", "{count} projects", count),
        "organisations": ngettext("{count} organisation", "{count} organisations", count),
        "people": ngettext("{count} person", "{count} people", count),
        "districts": ngettext("{count} district", "{count} districts", count),
        "measures": ngettext("{count} measure", "{count} measures", count),
        "documents": ngettext("{count} document", "{count} documents", count),
        "events": ngettext("{count} event", "{count} events", count),
        "networks": ngettext("{count} network", "{count} networks", count),
        "glossary": ngettext("{count} acronym", "{count} acronyms", count),
        "indicators": ngettext("{count} indicator", "{count} indicators", count),
        "periods": ngettext("{count} period", "{count} periods", count),
        "monitoring": ngettext("{count} period", "{count} periods", count),
        "deliverables": ngettext("{count} deliverable", "{count} deliverables", count),
    }
    return nouns.get(noun, ngettext("{count} place", "{count} places", count))


@dataclass
class Group:
    """One finding, or the same finding for several items (the first one stands for all)."""

    findings: list[Finding]

    @property
    def first(self) -> Finding:
        return self.findings[0]

    def message(self, reader: Reader | None = None) -> str:
        """The message, naming every item the finding is about when there are several."""
        if len(self.findings) == 1:
            return self.first.message
        say = reader or Reader()
        labels, noun, inline = self._labels(say)
        if not inline and len(set(labels)) == 1:  # one item, several places: `places` names them
            return self.first.message
        names = ", ".join(labels[:SHOWN_LABELS])
        if len(labels) > SHOWN_LABELS:
            names = say(_("{names} and {more} more", names=names, more=len(labels) - SHOWN_LABELS))
        if inline:
            pattern = _subject_pattern(self.first)
            subjects = say(_("{items} ({names})", items=items(noun, len(labels)), names=names))
            return pattern.sub(lambda _match: subjects, self.first.message, 1)
        return say(_("{message} ({items}: {names})", message=self.first.message,
                     items=items(noun, len(labels)), names=names))

    def places(self, reader: Reader | None = None) -> str:
        """Where the others are: `also at lines 22, 38; content/x.yaml lines 9, 16` (the first
        SHOWN_PLACES, then how many more)."""
        say = reader or Reader()
        others = [f for f in self.findings[1:] if f.file
                  and (f.file, f.line) != (self.first.file, self.first.line)]  # (not "also at" itself)
        by_file: dict[str, list[str]] = {}
        for finding in others[:SHOWN_PLACES]:
            by_file.setdefault(finding.file or "", []).append(str(finding.line or "?"))
        parts = [("" if file == self.first.file else f"{file} ")
                 + say(ngettext("line {lines}", "lines {lines}", len(lines), lines=", ".join(lines)))
                 for file, lines in by_file.items()]
        if not parts:
            return ""
        more = len(others) - SHOWN_PLACES
        places = "; ".join(parts)
        if more > 0:
            places = say(_("{names} and {more} more", names=places, more=more))
        return say(_("also at {places}", places=places))

    def _labels(self, reader: Reader) -> tuple[list[str], str, bool]:
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
        general = reader(_("(general)"))
        places = [reader.words(f.path) if f.path else f.location() or general for f in self.findings]
        return places, "places", False


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


def _by_file(groups: list[Group], reader: Reader) -> str:
    style, say = reader.style, reader
    blocks = []
    for _file, in_file in groupby(groups, key=lambda g: g.first.file or ""):
        lines = []
        for entry in in_file:
            finding = entry.first
            where = style(finding.location() or say(_("(general)")), bold=True)
            tone = "red" if finding.severity == ERROR else "yellow"
            severity = style(severity_word(finding.severity, reader.language), fg=tone, bold=True)
            field = f" [{reader.words(finding.path)}]" if finding.path and len(entry.findings) == 1 else ""
            lines.append(f"{where}: {severity}: {entry.message(reader)}{field} ({finding.rule})")
            places = entry.places(reader)
            if places:
                lines.append(f"    {places}")
            if finding.hint:
                lines.append("    " + say(_("hint: {hint}", hint=finding.hint)))
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


def counts(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, sum(1 for f in findings if f.severity == WARNING)


def summary(done: object, findings: list[Finding], style: Style = plain, details: object = None,
            acknowledged: int = 0, where: bool = True, reader: Reader | None = None) -> str:
    """`7 deliverables built, 0 errors, 2 warnings (fsegen check -v for details)`; warnings
    acknowledged by `accept:` entries are counted apart (`, 9 acknowledged (fsegen status)`)."""
    say = reader or Reader(style)
    style = say.style
    errors, warnings = counts(findings)
    errors_text = say(ngettext("{count} error", "{count} errors", errors))
    warnings_text = say(ngettext("{count} warning", "{count} warnings", warnings))
    text = _("{done}, {errors}, {warnings}", done=done,
             errors=style(errors_text, fg="red" if errors else "green", bold=True),
             warnings=style(warnings_text, fg="yellow" if warnings else "green", bold=True))
    if acknowledged:
        text = (_("{text}, {count} acknowledged (fsegen status)", text=text, count=acknowledged) if where
                else _("{text}, {count} acknowledged", text=text, count=acknowledged))
    if details and (errors or warnings):
        text = _("{text} ({details})", text=text, details=details)
    return say(text)


def github_command(finding: Finding, reader: Reader | None = None) -> str:
    """`::error file=...,line=N,title=RULE::message`, escaped as GitHub expects."""
    say = reader or Reader()
    level = "error" if finding.severity == ERROR else "warning"
    properties = []
    if finding.file:
        properties.append(f"file={_property(finding.file)}")
    if finding.line:
        properties.append(f"line={finding.line}")
    if finding.column:
        properties.append(f"col={finding.column}")
    properties.append(f"title={_property(finding.rule)}")
    message = say(_("{message} (hint: {hint})", message=finding.message, hint=finding.hint)
                  if finding.hint else finding.message)
    return f"::{level} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
