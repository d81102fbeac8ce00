"""The EU's visibility: every deliverable of a funded operation carries the emblem and the
statement of the period (Reg. (UE) 1303/2013 Annex XII; Reg. (UE) 2021/1060 art. 47, 50 and
Annex IX; generator/model/funding.py)."""

from __future__ import annotations

from generator.checks.common import Rendered
from generator.context.funding import EMBLEM_READ
from generator.errors import ERROR, WARNING, Finding
from generator.messages import _, chained
from generator.model import FUNDS, Content
from generator.sources import SourceMap

_TEMPLATE_HINT = ("place the EU block at the top of the first page of the Word template: "
                  "{%p if funding %}, a paragraph with {{ funding.emblem }} {{ funding.statement }}, "
                  "{%p endif %} (docs/how-to/eu-visibility.md)")


def eu_visibility(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A deliverable of an EU-funded call carries the Union's emblem with the statement of the period.

    The period (2014-2020 or 2021-2027) words the statement: it is read from `call.visibility.period`,
    the operational programme's name or the fund; a draft (bozza) that lacks either gets a warning,
    any other deliverable an error.

    Example: templates/scheda-progetto.docx: scheda-progetto-ciao does not show the EU emblem
        (the call is funded by the FSE, 2014-2020)
    Fix: keep the EU block at the top of the template's first page ({{ funding.emblem }}
        {{ funding.statement }}); for a call the EU does not fund, `visibility: {eu_funded: false}`
        under `call:`.
    """
    call = content.call
    if not call.visibility.eu_funded:
        return []
    statement = call.eu_statement
    if statement is None:
        return [_unworded(content, sources)]
    findings = []
    for item in rendered:
        missing = [what for what, shown in (
            (_("the EU emblem"), item.reads is None or EMBLEM_READ in item.reads.reads),
            (_("the statement {statement!r}", statement=statement), statement in item.text)) if not shown]
        if missing:
            where = item.template or f"documents.{item.document_id}"
            findings.append(Finding(
                _("{where}: {id} does not show {missing} (the call is funded by the {fund}, {period})",
                  where=where, id=item.id, missing=chained(missing, "nor"), fund=call.fund,
                  period=call.period),
                file=item.template,
                path=f"documents.{item.document_id}", hint=_TEMPLATE_HINT,
                severity=WARNING if item.status == "bozza" else ERROR))
    return findings


def _unworded(content: Content, sources: SourceMap) -> Finding:
    """The call is EU-funded but nothing tells its period (or, for 2014-2020, its fund's name)."""
    call = content.call
    if call.period is None:
        return sources.finding(
            ("call", "fund"), _("the period of the call's EU funding is not known (fund {fund!r}, "
                                "{operational_programme!r}): its deliverables cannot word the EU "
                                "statement", fund=call.fund,
                                operational_programme=call.operational_programme),
            _("add `visibility: {{period: 2021-2027}}` (or 2014-2020) under `call:`; for a call the EU "
              "does not fund, `visibility: {{eu_funded: false}}`"))
    known = ", ".join(FUNDS)
    return sources.finding(
        ("call", "fund"), _("the fund {fund!r} is not one fsegen knows ({known}): the 2014-2020 "
                            "statement names the fund in full", fund=call.fund, known=known),
        _("add `visibility: {{fund_name: ...}}` under `call:` (\"Fondo sociale europeo\")"))
