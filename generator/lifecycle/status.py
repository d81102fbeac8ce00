"""Where each deliverable stands: bozza, definitivo or inviato, and what it lacks to move on.

`statuses()` runs the pipeline's check (writing nothing, raising on no finding: the very
judgement of `fsegen check`) and says, for every deliverable, its status, what is missing
before it can be definitivo (fields to fill, illustrative figures, stand-in sentences), the
warnings and errors about it, the warnings acknowledged, and, once sent, its protocol and
whether the content would now render it differently. `fsegen status` prints it, with the
verdict of the whole (the same counts and exit code as `fsegen check`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.checks.acceptance import Accepted, concerns
from generator.checks.readiness import Readiness, readiness
from generator.content.words import Words, compact
from generator.errors import ERROR, WARNING, Finding
from generator.folders import Folders
from generator.limits import Limits
from generator.messages import Message, _, language, ngettext
from generator.model import Content, Document, Sent, output_ids
from generator.pipeline import Options, Outcome, check
from generator.sources import format_path, parse_path


@dataclass
class DeliverableStatus:
    """One deliverable (an output file) and where it stands."""

    id: str
    """Its output id (the file name without extension)."""
    document_id: str
    status: str
    """bozza, definitivo or inviato."""
    ready: bool = False
    """Whether it could be definitivo now: nothing missing, no error or warning left about it."""
    missing: list[str] = field(default_factory=list)
    """What it lacks before it can be definitivo, naming the fields to fill."""
    errors: list[Finding] = field(default_factory=list)
    """Errors about it (any status)."""
    warnings: list[Finding] = field(default_factory=list)
    """Warnings about it not acknowledged."""
    accepted: list[Accepted] = field(default_factory=list)
    """Warnings about it acknowledged by `accept:`."""
    sent: Sent | None = None
    """How it was sent, once inviato."""
    rendered: bool = True
    """False when its template or prose could not be rendered (see `errors`)."""
    lacking: Readiness | None = None
    """What it lacks, field by field (`missing` says it as text)."""

    def as_dict(self) -> dict:
        return {"id": self.id, "document": self.document_id, "status": self.status,
                "ready": self.ready, "missing": self.missing, "rendered": self.rendered,
                "errors": [f.as_dict() for f in self.errors],
                "warnings": [f.as_dict() for f in self.warnings],
                "accepted": [{"rule": a.finding.rule, "path": a.finding.path,
                              "message": a.finding.message, "reason": a.acceptance.reason,
                              "who": a.acceptance.who, "date": a.acceptance.date.isoformat()}
                             for a in self.accepted],
                "sent": self.sent.model_dump(mode="json") if self.sent else None}


def statuses(folders: Folders, strict: bool = False, limits: Limits = Limits()
             ) -> tuple[list[DeliverableStatus], Outcome]:
    """Every deliverable of the content and where it stands, and the judgement of the whole
    (nothing is written). Content that cannot be loaded raises its ContentError, as `fsegen
    check` does."""
    outcome = check(folders, Options(lenient=True, strict=strict, limits=limits))
    content = outcome.content
    assert content is not None  # check raises when the content cannot be loaded
    result = []
    for doc_id, outputs in output_ids(content).items():
        document = content.documents[doc_id]
        for output in outputs:
            result.append(_status_of(outcome, content, document, doc_id, output))
    return result, outcome


def _status_of(outcome: Outcome, content: Content, document: Document, doc_id: str, output: str
               ) -> DeliverableStatus:
    state = DeliverableStatus(output, doc_id, outcome.statuses.get(doc_id, document.effective_status),
                              sent=document.sent)
    item = outcome.outputs.get(output)
    if item is None:
        state.rendered = False
        stopped = outcome.failed.get(output, [])
        state.errors = stopped + [f for f in outcome.findings if f.severity == ERROR and f not in stopped
                                  and (f.path or "").startswith(f"documents.{doc_id}")]
        return state
    state.errors = [f for f in outcome.findings if f.severity == ERROR and concerns(item, f)]
    state.warnings = [f for f in outcome.findings if f.severity == WARNING and concerns(item, f)]
    state.accepted = [a for a in outcome.accepted if concerns(item, a.finding)]
    if state.status == "inviato":
        state.ready = not state.errors
        return state
    lacking = readiness(content=content, item=item)
    state.missing, state.lacking = lacking.summary(), lacking
    state.ready = lacking.ready and not state.errors and not state.warnings
    return state


def summary_line(state: DeliverableStatus, words: Words | None = None) -> str:
    """`fsegen status`'s line for one deliverable, in the reader's words."""
    words = words or Words(language())
    say = words.language.text
    parts: list[Message] = []
    if state.sent is not None:
        parts.append(_("protocol {protocol} of {date}", protocol=state.sent.protocol,
                       date=state.sent.date.isoformat()) if not state.sent.via else
                     _("protocol {protocol} of {date}, {via}", protocol=state.sent.protocol,
                       date=state.sent.date.isoformat(), via=state.sent.via))
        for r in state.sent.receipts:
            when = f"{r.date:%Y-%m-%d %H:%M}"
            parts.append(_("ricevuta di {kind} {date} ({recipient})", kind=r.kind, date=when,
                           recipient=r.recipient) if r.recipient else
                         _("ricevuta di {kind} {date}", kind=r.kind, date=when))
    elif state.ready:
        parts.append(_("ready") if state.status == "definitivo" else _("ready to be definitivo"))
    if not state.rendered:
        parts.append(_("cannot be rendered"))
    missing = _missing(state, words)
    if missing:  # in words, an item may name several: they are told apart by semicolons
        separator = "; " if words.spoken else ", "
        parts.append(_("missing before definitivo: {items}", items=separator.join(missing)))
    if state.errors:
        parts.append(ngettext("{count} error: {rules}", "{count} errors: {rules}", len(state.errors),
                              rules=_rules(state.errors, words)))
    if state.warnings:
        parts.append(ngettext("{count} warning: {rules}", "{count} warnings: {rules}",
                              len(state.warnings), rules=_rules(state.warnings, words)))
    if state.accepted:
        parts.append(_("acknowledged: {rules}", rules=_rules([a.finding for a in state.accepted], words)))
    return (" — " if words.spoken else "; ").join(say(part) for part in parts)


def _missing(state: DeliverableStatus, words: Words) -> list[str]:
    """What a deliverable lacks, as the reader says it."""
    lacking = state.lacking
    if lacking is None or not words.spoken:
        return compact(state.missing)
    say = words.language.text
    shown = [say(_("the real date"))] if lacking.date_assumed else []
    shown += words.many([path for path, _where in lacking.missing])
    shown += [say(_("{field}: illustrative figures", field=field))
              for field in words.many([path for path, _where in lacking.illustrative])]
    shown += [say(_("stand-in \"{text}\"", text=text)) for text in lacking.stand_ins]
    shown += [say(_("placeholder {text!r} typed in {field}", text=text, field=words(format_path(path))))
              for path, _source, _index, text in lacking.typed]
    return shown


def _rules(findings: list[Finding], words: Words) -> str:
    """`placeholders programme.{network,territory}`, or in words: `placeholders: rete del Programma,
    territorio del Programma`."""
    if not words.spoken:
        return ", ".join(compact([f"{f.rule} {f.path or f.file or ''}".strip() for f in findings]))
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    shown = []
    for rule, found in by_rule.items():
        paths = [parse_path(f.path) for f in found if f.path]
        places = words.many(paths) + [f.file for f in found if not f.path and f.file]
        shown.append(f"{rule} ({'; '.join(dict.fromkeys(places))})" if places else rule)
    return ", ".join(shown)
