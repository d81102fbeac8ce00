"""Acknowledged warnings: `accept:` entries, and which deliverables a finding concerns.

A warning the office has read and decided to live with (a fact the record will never
give, say) is acknowledged once in the content, with the reason, who and when. It then
leaves the output of every build and check, and `fsegen status` lists it with the
deliverables it concerns. An entry that matches no warning any more is reported, so
acknowledgements do not outlive what they acknowledged; an error cannot be acknowledged.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from generator.checks.common import Rendered
from generator.errors import ERROR, WARNING, Finding, did_you_mean
from generator.messages import _, ngettext
from generator.model import Acceptance, Content, item_output
from generator.model.timeline import RELATED
from generator.sources import SourceMap, parse_path


@dataclass(frozen=True)
class Accepted:
    """A warning and the `accept:` entry that acknowledges it."""

    finding: Finding
    acceptance: Acceptance
    index: int
    """The entry's position in `accept:`."""


def acknowledge(content: Content, sources: SourceMap, findings: list[Finding], rules: set[str],
                complete: bool = True) -> tuple[list[Finding], list[Accepted]]:
    """(findings left, warnings acknowledged). Entries naming an unknown rule are errors; an entry
    that matches only errors, or nothing (when `complete`: every deliverable was checked), is a
    warning of the rule `accept`."""
    by_rule: dict[str, list[int]] = {}
    for index, entry in enumerate(content.accept):
        by_rule.setdefault(entry.rule, []).append(index)
    left: list[Finding] = []
    accepted: list[Accepted] = []
    used: set[int] = set()
    on_errors: set[int] = set()
    for finding in findings:
        matches = [i for i in by_rule.get(finding.rule, ())
                   if _pattern(content.accept[i].path).fullmatch(finding.path or "")]
        if matches and finding.severity == WARNING:
            accepted.append(Accepted(finding, content.accept[matches[0]], matches[0]))
            used.add(matches[0])
            continue
        if finding.severity == ERROR:
            on_errors.update(matches)
        left.append(finding)
    return left + _entry_problems(content, sources, rules, used, on_errors, complete), accepted


@functools.lru_cache(maxsize=1024)
def _pattern(path: str) -> re.Pattern:
    """An accepted path: `*` stands for any characters, everything else for itself
    (`former_leads[0]` is literal, unlike in shell patterns)."""
    return re.compile(".*".join(re.escape(part) for part in path.split("*")), re.DOTALL)




def _entry_problems(content: Content, sources: SourceMap, rules: set[str], used: set[int],
                    on_errors: set[int], complete: bool) -> list[Finding]:
    problems = []
    for index, entry in enumerate(content.accept):
        path = ("accept", index)
        if entry.rule not in rules:
            close = difflib.get_close_matches(entry.rule, sorted(rules), n=1)
            problems.append(sources.finding(
                path + ("rule",), _("accept[{index}] names no rule {rule!r}", index=index, rule=entry.rule),
                did_you_mean(close) or _("use a rule id of `fsegen rules`"), rule="accept"))
        elif index in used:
            continue
        elif index in on_errors:
            problems.append(sources.finding(
                path, _("accept[{index}] ({rule} {path}) matches an error, which cannot be acknowledged",
                        index=index, rule=entry.rule, path=entry.path),
                _("fix the error; only warnings can be acknowledged"), severity=WARNING, rule="accept"))
        elif complete:
            problems.append(sources.finding(
                path, _("accept[{index}] ({rule} {path}) matches no warning: what it acknowledged is gone",
                        index=index, rule=entry.rule, path=entry.path),
                _("remove the entry (or correct its rule and path: `fsegen check --format json` shows "
                  "both for each warning)"), severity=WARNING, rule="accept"))
    return problems


def concerns(item: Rendered, finding: Finding) -> bool:
    """Whether a finding is about this deliverable: its document, its template, or a fact it
    speaks of (`projects.ciao` concerns every deliverable that read something of that project)."""
    if finding.file is not None and finding.file == item.template and not finding.path:
        return True
    if not finding.path:
        return False
    path = parse_path(finding.path)
    if path[:1] == ("documents",):  # its document; a text of one item's own, that item's file
        own = path[path.index("for_item") + 1:][:1] if "for_item" in path else ()
        mine = not own or item.id == item_output(item.document_id, str(own[0]))
        return path[1:2] == (item.document_id,) and mine
    if item.reads is None:
        return False
    related = RELATED.get(str(path[2])) if len(path) > 2 else None
    return item.reads.speaks_of(path) or (related is not None
                                          and item.reads.speaks_of(path[:2] + (related,)))


def unacknowledged(content: Content, sources: SourceMap, rendered: list[Rendered],
                   findings: list[Finding]) -> list[Finding]:
    """An error for each definitivo document that a warning still concerns."""
    warnings = [f for f in findings if f.severity == WARNING]
    about: dict[str, list[Finding]] = {}
    for item in rendered:
        if item.status != "definitivo" or not warnings:
            continue
        found = about.setdefault(item.document_id, [])
        found.extend(w for w in warnings if w not in found and concerns(item, w))
    errors = []
    for doc_id, found in about.items():
        if found:
            listed: object = "; ".join(f"{w.rule}: {w.path or w.file}" for w in found[:5])
            if len(found) > 5:
                listed = _("{names} and {more} more", names=listed, more=len(found) - 5)
            errors.append(sources.finding(
                ("documents", doc_id, "status"),
                ngettext("{doc_id} is definitivo, but {count} warning about it is not acknowledged "
                         "({listed})",
                         "{doc_id} is definitivo, but {count} warnings about it are not acknowledged "
                         "({listed})", len(found), doc_id=doc_id, listed=listed),
                _("fix each warning, or acknowledge it with an `accept:` entry (rule, path, reason, "
                  "who, date)"), rule="definitivo"))
    return errors
