"""The judgement of a run by the rules of a programme's life (issue 10), beside the output rules.

A deliverable is judged by its status (bozza, definitivo, inviato), as of its own date,
from the record of what it read (generator/recording.py); a sent one is judged by its
archive under sent/ (it stays as sent), and compared with what the content renders now.
Warnings acknowledged by `accept:` entries are set apart, and a definitivo deliverable
that an unacknowledged warning concerns is refused. Orchestration only: the rules are
in generator/checks/, the archive in generator/archive.py.
"""

from __future__ import annotations

import contextlib
import html
from pathlib import Path
from typing import Any

import jinja2

from generator.archive import Archive, orphans, read_archive, sent_findings, sha256
from generator.checks import RULES, Rendered, run_output_rules
from generator.checks.acceptance import Accepted, acknowledge, unacknowledged
from generator.checks.common import prose_blocks
from generator.errors import Finding, OutputError
from generator.model import Content
from generator.recording import Recorder, recording
from generator.sandbox import budget
from generator.sources import SourceMap
from generator.templates import PHRASES, Holes, TemplateSet, WordTemplate, holes, word_jinja

OTHER_FINDINGS = {"template", "prose", "sent", "accept"}
"""Ids of findings that come from rendering, the sent archive and `accept:`, not from RULES."""


def status_of(document: Any, document_id: str, final: tuple[str, ...]) -> str:
    """The status a deliverable is judged by: definitivo while `fsegen send` sends it."""
    return "definitivo" if document_id in final else document.effective_status


def stand_ins(content: Content, found: TemplateSet, judged: set[str]) -> dict[str, Holes]:
    """For each document judged for readiness (definitivo, being sent, or asked by `status`):
    the stand-ins its template, phrases.jinja and its prose print for a missing fact."""
    result = {doc_id: Holes() for doc_id in content.documents}
    if not judged:
        return result
    source = found.jinja.get(PHRASES, "")
    phrases = holes(source)
    for doc_id, document in content.documents.items():
        if doc_id not in judged:
            continue
        template = found.word.get(document.template)
        combined = phrases | template.holes_with(source) if template is not None else phrases
        for _, _, source in prose_blocks(content, only=doc_id):
            combined = combined | holes(source)
        result[doc_id] = combined
    return result


def archives(content: Content, root: Path) -> dict[str, Archive]:
    """The archives of the sent documents that have a readable one (the others are reported
    by `judge`): a sent deliverable's files come from there, never from a new rendering."""
    found = {}
    for doc_id, document in content.documents.items():
        if document.sent is not None:
            with contextlib.suppress(OutputError):
                archive = read_archive(root, doc_id)
                if archive is not None:
                    found[doc_id] = archive
    return found


def judge(content: Content, sources: SourceMap, rendered: list[Rendered], found: TemplateSet,
          root: Path | None, complete: bool,
          data: dict[str, bytes | None]) -> tuple[list[Finding], dict[str, Archive]]:
    """The output rules on what was rendered (a sent deliverable is judged by its archive:
    it stays as sent), and the comparison of the sent ones with the archive `root` (None: no
    comparison; `data`: the .docx rendered of each output, None when it came from the cache:
    the text is compared)."""
    findings = run_output_rules(content, sources, [r for r in rendered if r.status != "inviato"])
    if root is None:
        return findings, {}
    now = {r.id: (r.text, data.get(r.id)) for r in rendered}
    templates = {name: sha256(t.data) for name, t in found.word.items()}
    templates |= {name: sha256(text.encode("utf-8")) for name, text in found.jinja.items()}
    more, read = sent_findings(content, sources, root, now, templates)  # type: ignore[arg-type]
    findings += more
    if complete:
        findings += orphans(content, sources, root)
    return findings, read


def acknowledged(content: Content, sources: SourceMap, findings: list[Finding],
                 rendered: list[Rendered], complete: bool) -> tuple[list[Finding], list[Accepted]]:
    """(findings left, warnings acknowledged by `accept:`), with an error for each definitivo
    deliverable that a warning left still concerns."""
    left, accepted = acknowledge(content, sources, findings, {r.id for r in RULES} | OTHER_FINDINGS,
                                 complete=complete)
    return left + unacknowledged(content, sources, rendered, left), accepted


_COMPILED: dict[tuple[int, str, int], jinja2.Template | None] = {}


def read_through(context: Any, template: WordTemplate, env: jinja2.Environment,
                 record: Recorder) -> str:
    """What a Word template reads of the content, recorded without rendering the Word file
    (`fsegen check` stays free of docxtpl): its tags evaluated as plain Jinja; returns what it
    printed, as plain text. A template that fails here is left to the build, which reports it."""
    key = (id(env), template.name, hash(template.text))
    if key not in _COMPILED:
        if len(_COMPILED) > 64:  # a long-running process (the preview) builds many environments
            _COMPILED.clear()
        # What docxtpl adds (`{{r para.rich }}`) and facts still missing read as empty here.
        lenient = env.overlay(undefined=jinja2.ChainableUndefined, finalize=None)
        try:
            _COMPILED[key] = lenient.from_string(word_jinja(template.text))
        except jinja2.TemplateError:
            _COMPILED[key] = None
    compiled = _COMPILED[key]
    if compiled is None:
        return ""
    record.where = template.shown
    printed = ""
    with recording(record), budget(env.limits), contextlib.suppress(Exception):
        printed = html.unescape(compiled.render(context.names()))
    return printed
