"""Payment claims stay within their budget lines, their project's total and their periods, and
simplified cost options are applied as the call sets them.

The amounts are the claim's own (generator/context/claims.py): a rule checks what a claim prints.
"""

from __future__ import annotations

from decimal import Decimal

from generator.context.claims import claimed, earlier_claims
from generator.context.progress import allowed_excess
from generator.errors import Finding
from generator.messages import Message, _
from generator.model import Content
from generator.sources import SourceMap
from generator.templating.filters.formatting import amount

ZERO = Decimal(0)


def _claims(content: Content) -> list[tuple[str, int]]:
    return sorted(((d, doc.claim.number) for d, doc in content.documents.items() if doc.claim),
                  key=lambda pair: pair[1])


def claim_budgets(content: Content, sources: SourceMap) -> list[Finding]:
    """What the claims ask, cumulated, stays within each line (and its deviations) and each project's total.

    Example: documents.domanda-rimborso.claim: project ciao, line Servizi al lavoro e tirocini:
        claims 86.400,00 € with the earlier claims, above its budget of 80.000,00 €
    Fix: claim no more than the line's budget (an acknowledged deviation under the project's
        `deviations` raises it), or correct the units or the expenditure imported.
    """
    findings = []
    for doc_id, _number in _claims(content):
        document = content.documents[doc_id]
        where = ("documents", doc_id, "claim")
        for pid, project in content.projects.items():
            if project.budget is None:
                continue
            now = claimed(content, document, pid)
            before = [claimed(content, d, pid) for d in earlier_claims(content, document)]
            overall = ZERO
            for line in project.budget.lines:
                earlier = sum((b[line.item].amount for b in before if line.item in b), ZERO)
                total = now[line.item].amount + earlier
                overall += total
                allowed = line.amount + allowed_excess(project, line.item)
                if total > allowed:
                    findings.append(sources.finding(
                        where, _("project {project}, line {line}: claims {claimed} with the earlier claims, "
                                 "above its budget of {budget}", project=pid, line=line.item,
                                 claimed=amount(total), budget=amount(allowed)),
                        _("{basis}; claim no more than the line's budget, or record the acknowledged "
                          "deviation under the project's `deviations`", basis=now[line.item].basis)))
            budget = sum((line.amount for line in project.budget.lines), ZERO)  # a deviation moves money
            # between lines: it lets one line exceed its budget, never the project's total
            if overall > budget:
                findings.append(sources.finding(
                    where, _("project {project}: claims {claimed} with the earlier claims, above its total "
                             "budget of {budget}", project=pid, claimed=amount(overall),
                             budget=amount(budget)),
                    _("claim no more than the project's budget")))
    return findings


def claim_periods(content: Content, sources: SourceMap) -> list[Finding]:
    """Each period is claimed once, by a claim dated after it, numbered once; lump sums are due ones.

    Example: documents.domanda-rimborso-2.claim.periods: period s2 was already claimed by
        domanda-rimborso (claim 1)
    Fix: a claim covers the periods after the last claimed; correct `periods` or `number`.
    """
    findings = []
    claimed_by: dict[str, Message] = {}
    numbers: dict[int, str] = {}
    for doc_id, number in _claims(content):
        document = content.documents[doc_id]
        scope = document.claim
        assert scope is not None
        where = ("documents", doc_id, "claim")
        if number in numbers:
            findings.append(sources.finding((*where, "number"),
                                            _("claim number {number} is also {other}'s", number=number,
                                              other=numbers[number]),
                                            _("number the claims 1, 2, 3...")))
        numbers.setdefault(number, doc_id)
        for index, period in enumerate(scope.periods):
            if period not in content.periods:
                continue  # the references rule says so
            if period in claimed_by:
                findings.append(sources.finding((*where, "periods", index),
                                                _("period {period} was already claimed by {claim}",
                                                  period=period, claim=claimed_by[period]),
                                                _("a claim covers the periods after the last claimed")))
            claimed_by.setdefault(period, _("{document} (claim {number})", document=doc_id, number=number))
            end = content.periods[period].end
            if document.date <= end:
                dated, ends = document.date.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y")
                findings.append(sources.finding(
                    (*where, "periods", index),
                    _("the claim is dated {date}, before period {period} ends ({end})", date=dated,
                      period=period, end=ends),
                    _("claim a period once it has ended")))
        findings += _lump_sums(content, sources, where, scope.lump_sums)
    return findings


def _lump_sums(content: Content, sources: SourceMap, where: tuple, lump_sums: dict[str, list[str]]
               ) -> list[Finding]:
    """The lump sums a claim lists are the call's, due for projects of the content."""
    findings = []
    options = content.call.simplified_costs
    for option_id, projects in lump_sums.items():
        option = options.get(option_id)
        if option is None or option.kind != "somma forfettaria":
            lumps = [o for o, x in options.items() if x.kind == "somma forfettaria"]
            findings.append(sources.finding(
                (*where, "lump_sums", option_id),
                _("{option!r} is not a lump sum of the call", option=option_id),
                _("the call's lump sums: {names}", names=", ".join(lumps)) if lumps
                else _("the call sets no lump sum")))
        for index, pid in enumerate(projects):
            if pid not in content.projects:
                findings.append(sources.finding((*where, "lump_sums", option_id, index),
                                                _("no project {project!r}", project=pid)))
    return findings


def simplified_costs(content: Content, sources: SourceMap) -> list[Finding]:
    """A simplified cost option reimburses a budgeted line; a flat rate applies to the base the call names.

    Example: call.simplified_costs.altri-costi.base: project ciao has no budget line 'Personale'
        (the flat rate's base)
    Fix: name the base as the call does, with the lines' `item` of the projects' budgets; a flat
        rate's base is made of lines claimed at real costs or unit costs, never of another flat rate.
    """
    findings = []
    options = content.call.simplified_costs
    flat_lines = {o.line for o in options.values() if o.kind == "tasso forfettario"}
    lines = [o.line for o in options.values()]
    for option_id, option in options.items():
        where = ("call", "simplified_costs", option_id)
        if lines.count(option.line) > 1:
            findings.append(sources.finding((*where, "line"),
                                            _("line {line!r} is reimbursed by more than one option",
                                              line=option.line), _("one option per budget line")))
        for pid, project in content.projects.items():
            items = [line.item for line in project.budget.lines] if project.budget else []
            if not items:
                continue
            if option.line not in items:
                findings.append(sources.finding(
                    (*where, "line"), _("project {project} has no budget line {line!r}", project=pid,
                                        line=option.line),
                    _("its lines: {lines}", lines=", ".join(items))))
            for index, base in enumerate(option.base):
                if base not in items:
                    findings.append(sources.finding(
                        (*where, "base", index), _("project {project} has no budget line {line!r} (the flat "
                                                   "rate's base)", project=pid, line=base),
                        _("its lines: {lines}", lines=", ".join(items))))
        for index, base in enumerate(option.base):
            if base in flat_lines:
                findings.append(sources.finding(
                    (*where, "base", index), _("the base line {line!r} is itself reimbursed by a flat rate",
                                               line=base),
                    _("a flat rate applies to costs claimed at real costs or unit costs (direct staff "
                      "costs)")))
    return findings
