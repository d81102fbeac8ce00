"""Rules on the rendered deliverables themselves."""

from __future__ import annotations

import datetime as dt
import re

from generator.checks.common import NameIndex, Rendered, place, prose_blocks, typed_mention
from generator.errors import Finding
from generator.messages import Message, _
from generator.model import Content
from generator.sources import SourceMap
from generator.templating.filters.formatting import short_date

EMPTY = re.compile(r"\bNone\b|\bnan\b|\bundefined\b")


def rendered_output(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A built deliverable has no leftover template syntax, no "None" and no empty table cell.

    (Leftover `{{ }}`/`{% %}` is caught while rendering each file, under this rule's id.)

    Example: templates/formulario-candidatura.docx: 'None' in deliverable formulario-candidatura: "Codice
        fiscale: None"
    Fix: give the field a value in the content, or guard it in the template with {% if %}.
    """
    findings = []
    for item in rendered:
        where = ("documents", item.document_id)
        for line in item.text.splitlines():
            if EMPTY.search(line):
                findings.append(sources.finding(
                    where, _("empty value in {output}: {line!r}", output=item.id, line=line.strip()[:80]),
                    _("give the field a value in the content, or guard it with {{% if %}}")))
            cells = [c.strip() for c in line.split(" | ")] if " | " in line else []
            if cells and any(c == "" for c in cells):
                findings.append(sources.finding(
                    where, _("empty table cell in {output}: {line!r}", output=item.id,
                             line=line.strip()[:80]),
                    _("fill the fact in the content, or print a dash for an unknown one")))
    return findings


def replaced_leads(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A body is named as lead only while it leads: not after its substitution, nor before it.

    Both directions are caught in the text of every deliverable, typed or printed: a body named
    as "capofila" in a document dated after its substitution (unless the line tells the
    substitution), a body named as lead before it became lead, and a substitution told as done
    in a document dated before it. One pass over the text, whatever the number of projects.

    Example: content/documents/integrazione-allegato-1.yaml:31: Azienda Sole del Legnanese is named as
        lead in scheda-progetto-work-in-progress (20/07/2020), after its substitution on 15/06/2020
    Fix: name the lead of the document's date (`lead:` and `former_leads:` of the project); a former lead
        may appear only as replaced.
    """
    periods = _lead_periods(content)
    names = {name: org_id for org_id, spans in periods.items()
             if any(start or end for _, start, end in spans)
             for name in _names(content, org_id)}
    index = NameIndex(names)
    findings: list[Finding] = []
    if not index:
        return findings
    for item in rendered:
        day = item.document.date
        for line in item.text.splitlines():
            folded = line.casefold()
            tells = bool(TELLS.search(folded))
            if not tells and "capofila" not in folded:
                continue
            for _start, name, org_id in index.find(line):
                problem = _lead_problem(periods[org_id], day, tells, name, item.document_id)
                if problem is None:
                    continue
                finding = _at_mention(content, sources, item, name, org_id, problem,
                                      _("name the lead of the document's date; a former lead may appear "
                                        "only as replaced (`former_leads` tells the story)"))
                if finding not in findings:
                    findings.append(finding)
    return findings


TELLS = re.compile(r"sostitu|subentr|inizialmente|\bgià\b")
"""Words with which a line tells a substitution rather than naming the lead of the day."""


def _lead_periods(content: Content) -> dict[str, list[tuple[str, dt.date | None, dt.date | None]]]:
    """Organisation id -> (project, first day as lead, first day no longer lead) for each
    project it leads or led; a project with an undated substitution tells nothing."""
    periods: dict[str, list] = {}
    for project_id, project in content.projects.items():
        if any(former.replaced_on is None for former in project.former_leads):
            continue
        start = None
        for former in project.former_leads:
            periods.setdefault(former.organisation, []).append((project_id, start, former.replaced_on))
            start = former.replaced_on
        periods.setdefault(project.lead, []).append((project_id, start, None))
    return periods


def _names(content: Content, org_id: str) -> list[str]:
    organisation = content.organisations.get(org_id)
    if organisation is None:
        return []
    names = [organisation.name, organisation.short_name]
    names += [n for former in organisation.former_names for n in (former.name, former.short_name)]
    return [n for n in names if n]


def _lead_problem(spans: list, day: dt.date, tells: bool, name: str, item: str) -> Message | None:
    """What is wrong with naming this body as lead (or as replaced, when `tells`) on `day`."""
    values = {"name": name, "item": item, "day": short_date(day)}
    if tells:
        later = [end for _p, _s, end in spans if end is not None and end > day]
        return _("{name} is told as replaced in {item} ({day}), but its substitution is dated {date}, after "
                 "the document", date=short_date(min(later)), **values) if later else None
    if any((start is None or start <= day) and (end is None or day < end) for _p, start, end in spans):
        return None
    ended = [end for _p, _s, end in spans if end is not None and end <= day]
    if ended:
        return _("{name} is named as lead in {item} ({day}), after its substitution on {date}",
                 date=short_date(max(ended)), **values)
    started = [start for _p, start, _e in spans if start is not None and start > day]
    if started:
        return _("{name} is named as lead in {item} ({day}), before it became lead on {date}",
                 date=short_date(min(started)), **values)
    return None


def renamed_bodies(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A renamed body bears, in each deliverable, the name it had on the deliverable's date.

    A former name in a document dated after the change of name (unless the document tells the
    change, reading `former_names`), or a new name in a document dated before it, is an error.

    Example: content/documents/integrazione-allegato-1.yaml:40: 'Consorzio Sole' is the name
        organisations.sole bore until 01/01/2020; integrazione-allegato-1 is dated 20/07/2020
    Fix: print the name from the data (`{{ organisations.sole.name }}` is the name of the document's
        date), or tell the change (`former_names`).
    """
    index = NameIndex(_name_periods(content))
    findings: list[Finding] = []
    for item in rendered if index else []:
        for line in item.text.splitlines():
            for _start, name, spans in index.find(line):
                problem = _name_problem(spans, item, name)
                if problem is not None:
                    org_id, message = problem
                    finding = _at_mention(content, sources, item, name, org_id, message,
                                          _("print the name from the data (the name of the document's "
                                            "date), or tell the change of name (`former_names`)"))
                    if finding not in findings:
                        findings.append(finding)
    return findings


def _name_periods(content: Content) -> dict[str, list[tuple[str, dt.date | None, dt.date | None]]]:
    """Each name of a renamed body -> (body, first day, first day no longer borne)."""
    names: dict[str, list] = {}
    for org_id, organisation in content.organisations.items():
        if not organisation.former_names:
            continue
        start = None
        bearers = [(former, former.renamed_on) for former in organisation.former_names]
        for bearer, end in bearers + [(organisation, None)]:
            for name in (bearer.name, bearer.short_name or organisation.short_name):
                if name:
                    names.setdefault(name, []).append((org_id, start, end))
            start = end
    return names


def _name_problem(spans: list, item: Rendered, name: str) -> tuple[str, Message] | None:
    day = item.document.date
    if any((start is None or start <= day) and (end is None or day < end) for _o, start, end in spans):
        return None
    org_id = spans[0][0]
    values = {"name": name, "body": f"organisations.{org_id}", "item": item.document_id,
              "day": short_date(day)}
    ended = [end for _o, _s, end in spans if end is not None and end <= day]
    if ended:
        if item.reads is not None and ("organisations", org_id, "former_names") in item.reads.reads:
            return None  # the deliverable tells the change of name
        return org_id, _("{name!r} is the name {body} bore until {date}; {item} is dated {day}",
                         date=short_date(max(ended)), **values)
    started = [start for _o, start, _e in spans if start is not None and start > day]
    return org_id, _("{name!r} is the name {body} bears from {date}; {item} is dated {day}, before",
                     date=short_date(min(started)), **values)


def _at_mention(content: Content, sources: SourceMap, item: Rendered, name: str, org_id: str,
                message: Message, hint: Message) -> Finding:
    """The finding at the line of prose that types `name`, else at the first prose line that
    prints the body from the data, else at the template that printed it."""
    typed = typed_mention(content, item.document_id, name, item.id)
    if typed is not None:
        path, source, index = typed
        return sources.finding_in_text(path, source, index, message, hint)
    for _doc, path, source in prose_blocks(content, only=item.document_id, output=item.id):
        for needle in (f"organisations.{org_id}.", f'organisations["{org_id}"]',
                       f"organisations['{org_id}']"):
            if needle in source:
                return sources.finding_in_text(path, source, source.find(needle), message, hint)
    return place(content, sources, item, item.template or "", [], message, hint)
