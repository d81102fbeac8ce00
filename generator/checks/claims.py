"""Payment claims stay within their budget lines, their project's total and their periods, and
simplified cost options are applied as the call sets them.

The amounts are the claim's own (generator/context/claims.py): a rule checks what a claim prints.
"""

from __future__ import annotations

from decimal import Decimal

from generator.context.claims import claimed, earlier_claims
from generator.context.progress import allowed_excess
from generator.errors import Finding
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
    for doc_id, _ in _claims(content):
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
                        where, f"project {pid}, line {line.item}: claims {amount(total)} with the earlier "
                               f"claims, above its budget of {amount(allowed)}",
                        f"{now[line.item].basis}; claim no more than the line's budget, or record the "
                        "acknowledged deviation under the project's `deviations`"))
            budget = sum((line.amount for line in project.budget.lines), ZERO)  # a deviation moves money
            # between lines: it lets one line exceed its budget, never the project's total
            if overall > budget:
                findings.append(sources.finding(
                    where, f"project {pid}: claims {amount(overall)} with the earlier claims, above its "
                           f"total budget of {amount(budget)}", "claim no more than the project's budget"))
    return findings


def claim_periods(content: Content, sources: SourceMap) -> list[Finding]:
    """Each period is claimed once, by a claim dated after it, numbered once; lump sums are due ones.

    Example: documents.domanda-rimborso-2.claim.periods: period s2 was already claimed by
        domanda-rimborso (claim 1)
    Fix: a claim covers the periods after the last claimed; correct `periods` or `number`.
    """
    findings = []
    claimed_by: dict[str, str] = {}
    numbers: dict[int, str] = {}
    options = content.call.simplified_costs
    for doc_id, number in _claims(content):
        document = content.documents[doc_id]
        scope = document.claim
        assert scope is not None
        where = ("documents", doc_id, "claim")
        if number in numbers:
            findings.append(sources.finding((*where, "number"), f"claim number {number} is also "
                                            f"{numbers[number]}'s", "number the claims 1, 2, 3..."))
        numbers.setdefault(number, doc_id)
        for index, period in enumerate(scope.periods):
            if period not in content.periods:
                continue  # the references rule says so
            if period in claimed_by:
                findings.append(sources.finding((*where, "periods", index), f"period {period} was "
                                                f"already claimed by {claimed_by[period]}",
                                                "a claim covers the periods after the last claimed"))
            claimed_by.setdefault(period, f"{doc_id} (claim {number})")
            end = content.periods[period].end
            if document.date <= end:
                findings.append(sources.finding(
                    (*where, "periods", index), f"the claim is dated {document.date:%d/%m/%Y}, before "
                    f"period {period} ends ({end:%d/%m/%Y})", "claim a period once it has ended"))
        for option_id, projects in scope.lump_sums.items():
            option = options.get(option_id)
            if option is None or option.kind != "somma forfettaria":
                lumps = [o for o, x in options.items() if x.kind == "somma forfettaria"]
                findings.append(sources.finding((*where, "lump_sums", option_id),
                                                f"{option_id!r} is not a lump sum of the call",
                                                f"the call's lump sums: {', '.join(lumps) or 'none'}"))
            for index, pid in enumerate(projects):
                if pid not in content.projects:
                    findings.append(sources.finding((*where, "lump_sums", option_id, index),
                                                    f"no project {pid!r}"))
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
            findings.append(sources.finding((*where, "line"), f"line {option.line!r} is reimbursed by "
                                            "more than one option", "one option per budget line"))
        for pid, project in content.projects.items():
            items = [line.item for line in project.budget.lines] if project.budget else []
            if not items:
                continue
            if option.line not in items:
                findings.append(sources.finding((*where, "line"), f"project {pid} has no budget line "
                                                f"{option.line!r}", f"its lines: {', '.join(items)}"))
            for index, base in enumerate(option.base):
                if base not in items:
                    findings.append(sources.finding((*where, "base", index), f"project {pid} has no "
                                                    f"budget line {base!r} (the flat rate's base)",
                                                    f"its lines: {', '.join(items)}"))
        for index, base in enumerate(option.base):
            if base in flat_lines:
                findings.append(sources.finding((*where, "base", index), f"the base line {base!r} is "
                                                "itself reimbursed by a flat rate",
                                                "a flat rate applies to costs claimed at real costs or "
                                                "unit costs (direct staff costs)"))
    return findings
