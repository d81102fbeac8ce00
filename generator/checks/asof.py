"""Deliverables true to their own date: nothing from their future, every change they must tell.

Each deliverable renders the content as it stood on its date (generator/context/asof.py), so the
data alone cannot put a later fact into an earlier document. What remains to check is what
a deliverable names explicitly (by id, in prose or in a template) and what it leaves out:
both come from the record of its reads (generator/templating/recording.py), so the rule costs one pass
over what each deliverable read.
"""

from __future__ import annotations

from generator.checks.common import Rendered, block_source, place
from generator.content.words import field_path
from generator.errors import Finding
from generator.messages import _
from generator.model import Change, Content, changes
from generator.sources import SourceMap
from generator.templating.filters.formatting import short_date


def as_of(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A deliverable states nothing dated after it, and tells the changes it must.

    It may not cite by id an event, a measure or a document dated after it; a measure that
    ended, or a body merged into another, before its date only with that end (`until`,
    `merged_into`); and where it speaks of a fact that changed since the document it
    integrates (the lead of a project, a partnership, the name of a body), it tells the change
    (`former_leads`, `former_partners`, `former_names`). Prose citations of events are the
    `dates` rule's.

    Example: content/documents/integrazione-allegato-1.yaml:31: integrazione-allegato-1 (20/07/2020)
        speaks of projects.work-in-progress.lead but does not tell the substitution of sole as lead of
        work-in-progress on 15/06/2020, after formulario-candidatura (09/03/2020), which it integrates
    Fix: tell the change (the `capofila` macro of phrases.jinja reads `former_leads`), cite only what
        precedes the document, or correct the dates.
    """
    by_subject: dict[tuple, list[Change]] = {}
    for change in changes(content):
        by_subject.setdefault(change.subject, []).append(change)
    findings: list[Finding] = []
    for item in rendered:
        if item.reads is None:
            continue
        for finding in _anachronisms(content, sources, item) + _untold(content, sources, item,
                                                                       by_subject):
            if finding not in findings:
                findings.append(finding)
    return findings


def _anachronisms(content: Content, sources: SourceMap, item: Rendered) -> list[Finding]:
    reads = item.reads
    if reads is None:
        return []
    found = []
    for anachronism in reads.anachronisms.values():
        if anachronism.story is not None and anachronism.story in reads.reads:
            continue  # it says the item ended
        item_id = str(anachronism.item[1]) if len(anachronism.item) > 1 else ""
        if anachronism.item[0] == "events" and item_id in _prose(content, anachronism.where):
            continue  # the prose cites the event itself: the dates rule reports it at its line
        hint = (_("say that it ended (`{field}`), or leave it out", field=anachronism.story[-1])
                if anachronism.story else _("cite only what precedes the document, or check both dates"))
        found.append(place(content, sources, item, anachronism.where, [item_id],
                           _("{doc_id} ({date}) {message}", doc_id=item.document_id,
                             date=short_date(item.document.date), message=anachronism.message),
                           hint))
    return found


def _prose(content: Content, where: object) -> str:
    """The source of the prose block a read happened in ("" for a template or a list)."""
    return (block_source(content, where) or "") if isinstance(where, tuple) else ""


def _untold(content: Content, sources: SourceMap, item: Rendered,
            by_subject: dict[tuple, list[Change]]) -> list[Finding]:
    """Changes dated between the integrated document and this one, of facts this one speaks of
    without telling them."""
    document = item.document
    integrated = content.documents.get(document.integrates) if document.integrates else None
    if integrated is None or not by_subject or item.reads is None:
        return []
    reads = item.reads.reads
    found = []
    for path, where in reads.items():
        for change in by_subject.get(path, ()):
            if not integrated.date < change.day <= document.date or change.story in reads:
                continue
            found.append(place(
                content, sources, item, where, [str(path[1]), str(path[-1])],
                _("{doc_id} ({date}) speaks of {field} but does not tell {change} on {day}, after {other} "
                  "({other_date}), which it integrates", doc_id=item.document_id,
                  date=short_date(document.date), field=field_path(path, content), change=change.text,
                  day=short_date(change.day),
                  other=document.integrates, other_date=short_date(integrated.date)),
                _("tell the change (read `{field}` where the document speaks of it), or correct its date",
                  field=change.story[-1])))
    return found

