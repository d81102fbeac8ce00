"""The judgement of a run: one function, whichever command asks (check, build, the preview,
status, send, diff).

Every deliverable made this run (evaluated or rendered, or reused from the cache) is
judged on what it prints, read the same way in every case: the output rules, the rules of
a programme's life by its status and as of its date (from the record of what it read,
generator/templating/recording.py), a sent one by its archive under sent/ (it stays as sent, and is
compared with what the content renders now). Warnings acknowledged by `accept:` entries are
set apart, and a definitivo deliverable that an unacknowledged warning concerns is refused.
Then the verdict: a run fails on an error (and, `strict`, on a warning), unless it is a
draft or lenient. The rules are in generator/checks/, the archive in generator/pipeline/archive.py.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks import RULES, Rendered, run_output_rules
from generator.checks.acceptance import Accepted, acknowledge, unacknowledged
from generator.errors import ERROR, WARNING, ContentError, Finding, OutputError, TemplateError, counted
from generator.limits import Limits
from generator.model import Content
from generator.pipeline.archive import Archive, orphans, read_archive, sent_findings, sha256
from generator.pipeline.prepare import Options, Prepared
from generator.pipeline.produce import Product
from generator.pipeline.writing import WriteReport
from generator.sources import SourceMap

OTHER_FINDINGS = {"template", "prose", "sent", "accept"}
"""Ids of findings that come from rendering, the sent archive and `accept:`, not from RULES."""


@dataclass
class Outcome:
    """What a run made and how it was judged."""

    findings: list[Finding] = field(default_factory=list)
    """Every finding left once acknowledged warnings are set apart."""
    accepted: list[Accepted] = field(default_factory=list)
    """Warnings acknowledged by `accept:` entries (left out of `findings`)."""
    outputs: dict[str, Rendered] = field(default_factory=dict)
    """The deliverables made (evaluated, rendered or reused), as the rules saw them, by output id."""
    failed: dict[str, list[Finding]] = field(default_factory=dict)
    """Output id -> the findings that stopped it (it was not made)."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Rendered .docx files by name, when the run keeps them in memory (diff, send, preview)."""
    products: dict[str, Product] = field(default_factory=dict)
    """What each deliverable made, by output id, when the run keeps it (the preview)."""
    content: Content | None = None
    sources: SourceMap | None = None
    """Where each fact of the content was written (file, line)."""
    inputs: list[Path] = field(default_factory=list)
    """Every content and template file read (the manifest lists their hashes)."""
    report: WriteReport | None = None
    """What the writer did (files written, kept, removed): a build's."""
    rendered: int = 0
    """How many deliverables were rendered, or evaluated by a check (the others came unchanged
    from the last build)."""
    archives: dict[str, Archive] = field(default_factory=dict)
    """The archives of the sent documents, by document id."""
    statuses: dict[str, str] = field(default_factory=dict)
    """The status each document was judged by (bozza, definitivo, inviato)."""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    def fails(self, strict: bool = False) -> bool:
        """Whether `fsegen check` (with `--strict`) fails on these findings: the verdict."""
        return bool(self.errors or (strict and self.warnings))


def collect(prepared: Prepared, product: Product, outcome: Outcome, problems: list[Finding]) -> bool:
    """Record a product as the rules see it, or the findings that stopped it (once each); True
    when it was made."""
    item = product.item
    if product.findings:
        outcome.failed[item.id] = product.findings
        problems.extend(f for f in product.findings if f not in problems)
        return False
    outcome.outputs[item.id] = prepared.rendered(item, product.printed, product.record, product.text)
    return True


def conclude(prepared: Prepared, options: Options, outcome: Outcome, problems: list[Finding],
             data: dict[str, bytes | None]) -> None:
    """All the findings of the run, and the verdict: what stopped a deliverable, the output rules
    on the others, the archive of what was sent, the warnings acknowledged by `accept:`. Raises
    ContentError when the run fails (unless a draft, with no deliverable stopped, or lenient).
    `data`: the .docx of each sent deliverable rendered this run (None: its text is compared)."""
    outcome.statuses, outcome.sources = prepared.statuses, prepared.loaded.sources
    content, sources = prepared.content, prepared.loaded.sources
    complete = not options.only and not outcome.failed  # every deliverable was judged
    rendered = list(outcome.outputs.values())
    findings = prepared.findings + problems
    findings += run_output_rules(content, sources, [r for r in rendered if r.status != "inviato"])
    if options.archive:
        findings += _archive_findings(prepared, rendered, complete, data, outcome)
    left, outcome.accepted = acknowledge(content, sources, findings, {r.id for r in RULES} | OTHER_FINDINGS,
                                         complete=complete)
    outcome.findings = left + unacknowledged(content, sources, rendered, left)
    if options.lenient or (options.draft and not outcome.failed) or not outcome.fails(options.strict):
        return
    counts = f"{counted(outcome.errors, 'error')}, {counted(outcome.warnings, 'warning')}" + (
        f", {len(outcome.accepted)} acknowledged" if outcome.accepted else "")
    why = "" if outcome.errors else ", which fail the run with --strict"
    error = TemplateError if outcome.failed else ContentError
    raise error(outcome.findings, f"{counts}{why}; nothing was written.")


def _archive_findings(prepared: Prepared, rendered: list[Rendered], complete: bool,
                      data: dict[str, bytes | None], outcome: Outcome) -> list[Finding]:
    """The sent deliverables compared with their archive (and, when every deliverable was
    made, archives that belong to no sent document)."""
    root = prepared.folders.archive
    now = {r.id: (r.shown or "", data.get(r.id)) for r in rendered if r.status == "inviato"}
    templates = {name: sha256(t.data) for name, t in prepared.found.word.items()}
    templates |= {name: sha256(text.encode("utf-8")) for name, text in prepared.found.jinja.items()}
    findings, outcome.archives = sent_findings(prepared.content, prepared.loaded.sources, root,
                                               now, templates, prepared.limits)
    if complete:
        findings += orphans(prepared.content, prepared.loaded.sources, root)
    return findings


def archives(content: Content, root: Path, limits: Limits) -> dict[str, Archive]:
    """The archives of the sent documents that have a readable one (the others are reported
    by the judgement): a sent deliverable's files come from there, never from a new rendering."""
    found = {}
    for doc_id, document in content.documents.items():
        if document.sent is not None:
            with contextlib.suppress(OutputError):
                archive = read_archive(root, doc_id, limits)
                if archive is not None:
                    found[doc_id] = archive
    return found
