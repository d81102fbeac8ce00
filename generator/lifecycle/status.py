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
from generator.checks.readiness import readiness
from generator.errors import ERROR, WARNING, Finding
from generator.folders import Folders
from generator.limits import Limits
from generator.model import Content, Document, Sent, output_ids
from generator.pipeline import Options, Outcome, check


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
    state.missing = lacking.summary()
    state.ready = lacking.ready and not state.errors and not state.warnings
    return state


def summary_line(state: DeliverableStatus) -> str:
    """`fsegen status`'s line for one deliverable."""
    parts = []
    if state.sent is not None:
        via = f", {state.sent.via}" if state.sent.via else ""
        parts.append(f"protocol {state.sent.protocol} of {state.sent.date.isoformat()}{via}")
        parts += [f"ricevuta di {r.kind} {r.date:%Y-%m-%d %H:%M}"
                  + (f" ({r.recipient})" if r.recipient else "") for r in state.sent.receipts]
    elif state.ready:
        parts.append("ready" if state.status == "definitivo" else "ready to be definitivo")
    if not state.rendered:
        parts.append("cannot be rendered")
    if state.missing:
        parts.append("missing before definitivo: " + compact(state.missing))
    if state.errors:
        parts.append(f"{len(state.errors)} error(s): " + compact(_rules(state.errors)))
    if state.warnings:
        parts.append(f"{len(state.warnings)} warning(s): " + compact(_rules(state.warnings)))
    if state.accepted:
        parts.append("acknowledged: " + compact(_rules([a.finding for a in state.accepted])))
    return "; ".join(parts)


def _rules(findings: list[Finding]) -> list[str]:
    return [f"{f.rule} {f.path or f.file or ''}".strip() for f in findings]


def compact(items: list[str]) -> str:
    """Items that differ only in their second part (an id), once:
    `districts.{rho,garbagnate}.health_authority`."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in dict.fromkeys(items):
        parts = item.split(".", 2)
        if len(parts) >= 2 and parts[1] and not any(c in parts[1] for c in ' "[('):
            groups.setdefault((parts[0], parts[2] if len(parts) == 3 else ""), []).append(parts[1])
        else:
            groups.setdefault((item, "\0"), [])
    shown = []
    for (head, tail), ids in groups.items():
        if tail == "\0":
            shown.append(head)
            continue
        middle = ids[0] if len(ids) == 1 else "{" + ",".join(ids) + "}"
        shown.append(f"{head}.{middle}" + (f".{tail}" if tail else ""))
    return ", ".join(shown)
