"""Ready means ready: what a deliverable lacks before it can be definitivo, and the rules on status.

A deliverable is ready when it prints no stand-in for a missing fact ("—" in a table, "Il
cronoprogramma non è ancora definito"), no illustrative figure, no placeholder typed in its
prose (TODO, "da completare"), and has its real date. The stand-ins are the templates' own
(generator/templating/templates.py `Holes`), the facts the content's (`needed` in the model), and the
record of what the deliverable read says which of them it printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.checks.common import Rendered, place, prose_blocks, typed_text
from generator.content.words import EnglishOnly, field_path
from generator.errors import Finding
from generator.messages import Message, _
from generator.model import Content, Unfilled, field_docs
from generator.sources import KeyPath, SourceMap, format_path
from generator.templating.filters.formatting import short_date
from generator.templating.recording import Where
from generator.templating.templates import Holes

PLACEHOLDER = re.compile(
    r"\b(?:TODO|TBD|XXX+)\b|\[[^\]\n]{0,40}\]|\bda (?:completare|definire|inserire|verificare)\b",
    re.IGNORECASE)
"""What a person types while a fact is not known yet: TODO, XXX, [importo], "da completare"."""


@dataclass
class Readiness:
    """What one deliverable lacks before it can be definitivo (nothing: it is ready)."""

    missing: list[tuple[KeyPath, Where]] = field(default_factory=list)
    """Facts it prints a stand-in for, with where they were read."""
    illustrative: list[tuple[KeyPath, Where]] = field(default_factory=list)
    """Budgets marked illustrative whose figures it prints."""
    stand_ins: list[str] = field(default_factory=list)
    """Sentences of its templates that stand in for a missing fact, as printed."""
    typed: list[tuple[KeyPath, str, int, str]] = field(default_factory=list)
    """Placeholders typed in its prose: (block, source, index, text)."""
    date_assumed: bool = False
    """Its date is a placeholder (`date_assumed: true`, or DA COMPILARE)."""

    @property
    def ready(self) -> bool:
        return not (self.missing or self.illustrative or self.stand_ins or self.typed
                    or self.date_assumed)

    def summary(self) -> list[str]:
        """What is missing, as short phrases naming the fields (for `fsegen status`)."""
        parts = []
        if self.date_assumed:
            parts.append("the real date (date_assumed)")
        parts += [format_path(path) for path, _ in self.missing]
        parts += [f"{format_path(path)}: illustrative figures" for path, _ in self.illustrative]
        parts += [f'stand-in "{text}"' for text in self.stand_ins]
        parts += [f"placeholder {text!r} typed in {format_path(path)}" for path, _, _, text in self.typed]
        return parts


def readiness(content: Content, item: Rendered) -> Readiness:
    """What `item` lacks before it can be definitivo."""
    holes = item.holes or Holes()
    reads = item.reads
    result = Readiness(date_assumed=item.document.date_assumed or isinstance(item.document.date, Unfilled))
    if reads is not None:
        result.missing = sorted(((path, where) for path, where in reads.empty.items()
                                 if path[-1] in holes.fields), key=lambda entry: format_path(entry[0]))
        result.illustrative = list(reads.illustrative.items())
    text = " ".join(item.text.split())
    result.stand_ins = [sentence for sentence in holes.sentences if sentence in text]
    for _doc, path, source in prose_blocks(content, only=item.document_id, output=item.id):
        for match in PLACEHOLDER.finditer(typed_text(source)):
            result.typed.append((path, source, match.start(), match.group()))
    return result


def definitivo(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A definitivo deliverable has every fact it prints: no stand-in, illustrative figure or placeholder.

    A missing fact is reported at the field to fill; a deliverable written once per project
    reports it once, naming the files that print a stand-in for it.

    Example: content/organisations.yaml:4:3: formulario-candidatura is definitivo, but
        organisations.cmm.fiscal_code is missing (Codice fiscale: 11 digits for a body...)
    Fix: fill the field, or keep the document `status: bozza` until the fact is known.
    """
    findings: list[Finding] = []
    grouped: dict[tuple, list[str]] = {}
    for item in rendered:
        if item.status != "definitivo":
            continue
        state = readiness(content, item)
        for path, _where in state.missing:
            grouped.setdefault((item.document_id, "missing", path), []).append(item.id)
        for path, _where in state.illustrative:
            grouped.setdefault((item.document_id, "illustrative", path), []).append(item.id)
        findings += _printed_problems(content, sources, item, state)
    for (doc_id, kind, path), outputs in grouped.items():
        files = f" ({', '.join(outputs)})" if outputs != [doc_id] else ""
        field = field_path(path, content)
        if kind == "missing":
            findings.append(sources.finding(
                path, _("{doc_id} is definitivo, but {field} is missing{described}: it prints a stand-in "
                        "for it{files}", doc_id=doc_id, field=field, described=_described(content, path),
                        files=files),
                _("fill {field}, or keep the document `status: bozza` until it is known", field=field)))
        else:
            findings.append(sources.finding(
                path + ("illustrative",), _("{doc_id} is definitivo, but it prints the illustrative figures "
                                            "of {field}{files}", doc_id=doc_id, field=field, files=files),
                _("record the figures submitted and remove `illustrative: true`, or keep the document "
                  "`status: bozza`")))
    return [f for index, f in enumerate(findings) if f not in findings[:index]]


def _printed_problems(content: Content, sources: SourceMap, item: Rendered,
                      state: Readiness) -> list[Finding]:
    findings = []
    doc_id = item.document_id
    if state.date_assumed:
        findings.append(sources.finding(
            ("documents", doc_id, "date_assumed"), _("{doc_id} is definitivo, but its date is assumed",
                                                     doc_id=doc_id),
            _("write the real date and remove `date_assumed: true`")))
    for sentence in state.stand_ins:
        findings.append(place(content, sources, item, item.template or "", [],
                              _("{doc_id} is definitivo, but {output} prints the stand-in \"{sentence}\"",
                                doc_id=doc_id, output=item.id, sentence=sentence),
                              _("give the content the fact the sentence stands in for")))
    for path, source, index, text in state.typed:
        findings.append(sources.finding_in_text(
            path, source, index, _("{doc_id} is definitivo, but its prose holds the placeholder {text!r}",
                                   doc_id=doc_id, text=text),
            _("write the final text")))
    return findings


def _described(content: Content, path: KeyPath) -> str | Message:
    """` (what the field is)`, from the model's docstring of the field at `path` (English: the
    field in words says it in the reader's language)."""
    node: Any = content
    for part in path[:-1]:
        try:
            node = node[part] if isinstance(part, int) or isinstance(node, dict) else getattr(node, part)
        except (KeyError, IndexError, AttributeError):
            return ""
    kind: type = type(node)
    text = field_docs(kind).get(str(path[-1]), "") if hasattr(kind, "model_fields") else ""
    first = text.split(". ")[0].split("\n")[0].rstrip(".")
    return EnglishOnly(f" ({first})") if first else ""


def status(content: Content, sources: SourceMap) -> list[Finding]:
    """A deliverable's status agrees with its record of sending.

    `status: inviato` needs `sent:` (date, protocol); a document with `sent:` is inviato; it is
    sent on or after its own date.

    Example: documents.formulario-candidatura.status: status inviato, but no `sent:` records when
        and under which protocol
    Fix: record the sending with `fsegen send DOC --protocol N --date YYYY-MM-DD`, or correct `status`.
    """
    findings = []
    for doc_id, document in content.documents.items():
        path = ("documents", doc_id)
        if document.status == "inviato" and document.sent is None:
            findings.append(sources.finding(
                path + ("status",), _("status inviato, but no `sent:` records when and under which protocol"),
                _("record it with `fsegen send {doc_id} --protocol N --date YYYY-MM-DD`", doc_id=doc_id)))
        if document.sent is not None and document.status in ("bozza", "definitivo"):
            findings.append(sources.finding(
                path + ("status",), _("status {status}, but `sent:` records its sending",
                                      status=document.status),
                _("remove `status:` (a sent document is inviato) or the `sent:` record")))
        if document.sent is not None and document.sent.date < document.date:
            findings.append(sources.finding(
                path + ("sent", "date"), _("sent on {sent}, before its own date {date}",
                                           sent=short_date(document.sent.date),
                                           date=short_date(document.date)),
                _("correct one of the two dates")))
    return findings
