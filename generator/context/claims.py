"""Payment claims (domande di rimborso): what each budget line claims, and how it is computed.

A line is claimed at its real costs (the expenditure imported for the claim's periods), or
through the simplified cost option the call names for it (generator/model/claims.py): a unit
cost (units the monitoring counted in the periods times the rate), a flat rate (a percentage
of what the claim asks for the lines of its base) or a lump sum (its amount, for a project the
claim says delivered it). Earlier claims (lower `number`) are computed the same way, so that
each line shows what was claimed before, what is claimed now, and what remains of its budget.

A template sees the result as `claim` (`PaymentClaim`); the rules (generator/checks/claims.py)
judge the same sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.context.progress import allowed_excess
from generator.context.views import Collection, Read, View, record
from generator.model import Content, Document, Period, Project
from generator.model.claims import SimplifiedCost
from generator.templating.filters.formatting import amount, grouped

ZERO = Decimal(0)
CENT = Decimal("0.01")
METHODS = {None: "costi reali", "costo unitario": "costo unitario standard",
           "tasso forfettario": "tasso forfettario", "somma forfettaria": "somma forfettaria"}


@dataclass
class Claimed:
    """One budget line of one project in one claim: how and how much."""

    line: str
    option: str | None
    """The id of the simplified cost option, None for real costs."""
    amount: Decimal
    basis: str
    """How the amount is computed, in Italian ("81 tirocini × 1.200,00 €")."""
    units: Decimal | None = None
    base: Decimal | None = None


def claimed(content: Content, document: Document, project_id: str) -> dict[str, Claimed]:
    """Budget line item -> what `document`'s claim asks for it, for one project."""
    scope = document.claim
    project = content.projects[project_id]
    if scope is None or project.budget is None:
        return {}
    options = {o.line: (oid, o) for oid, o in content.call.simplified_costs.items()}
    spent: dict[str, Decimal] = {}
    units: dict[str, Decimal] = {}
    for period in scope.periods:
        record_ = content.monitoring.get(period, {}).get(project_id)
        if record_ is None:
            continue
        for item, euro in record_.spent.items():
            spent[item] = spent.get(item, ZERO) + euro
        for indicator, value in record_.achieved.items():
            units[indicator] = units.get(indicator, ZERO) + value
    result: dict[str, Claimed] = {}
    flat: list[tuple[str, str, SimplifiedCost]] = []
    for line in project.budget.lines:
        found = options.get(line.item)
        if found is None:
            euro = spent.get(line.item, ZERO)
            result[line.item] = Claimed(line.item, None, euro, "spese sostenute nei periodi")
            continue
        oid, option = found
        if option.kind == "costo unitario":
            assert option.indicator is not None and option.rate is not None
            count = units.get(option.indicator, ZERO)
            unit = content.indicators[option.indicator].unit if option.indicator in content.indicators else ""
            result[line.item] = Claimed(line.item, oid, (count * option.rate).quantize(CENT, ROUND_HALF_UP),
                                        f"{grouped(count)} {unit} × {amount(option.rate)}", units=count)
        elif option.kind == "somma forfettaria":
            assert option.amount is not None
            due = project_id in scope.lump_sums.get(oid, [])
            result[line.item] = Claimed(line.item, oid, option.amount if due else ZERO,
                                        "risultato conseguito" if due else "risultato non ancora conseguito")
        else:
            flat.append((line.item, oid, option))
    for item, oid, option in flat:  # after the lines of their base
        assert option.rate is not None
        base = sum((result[b].amount for b in option.base if b in result), ZERO)
        result[item] = Claimed(item, oid, (base * option.rate / 100).quantize(CENT, ROUND_HALF_UP),
                               f"{grouped(option.rate)}% di {amount(base)} ({', '.join(option.base)})",
                               base=base)
    return result


def earlier_claims(content: Content, document: Document) -> list[Document]:
    """The claims numbered before `document`'s."""
    scope = document.claim
    if scope is None:
        return []
    return [d for d in content.documents.values() if d.claim is not None and d.claim.number < scope.number]


@dataclass
class ClaimLine:
    """A budget line of a project's claim (or a project's total): now, before, budget, residual."""

    label: str
    method: str
    """"costi reali", "costo unitario standard", "tasso forfettario" or "somma forfettaria"."""
    basis: str
    """How the amount is computed."""
    amount: Decimal
    """Claimed now."""
    previous: Decimal
    """Claimed by earlier claims."""
    budget: Decimal
    """The line's budget plus any acknowledged deviation."""

    @property
    def cumulated(self) -> Decimal:
        return self.previous + self.amount

    @property
    def residual(self) -> Decimal:
        """Budget not yet claimed (negative above budget)."""
        return self.budget - self.cumulated


@dataclass
class ProjectClaim:
    """What the claim asks for one project."""

    project: View[Project]
    lines: list[ClaimLine]
    total: ClaimLine


@dataclass
class OptionRow:
    """A simplified cost option the call uses, as the claim lists it."""

    name: str
    kind: str
    line: str
    parameter: str
    """"1.200,00 € per tirocinio", "15% di Personale e coordinamento", "5.000,00 €"."""
    act: str | None


@dataclass
class PaymentClaim:
    """What a payment claim shows (`claim` in a template)."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            for read in object.__getattribute__(self, "_reads"):
                record(read)  # reused only if its figures, the call and earlier claims hold
        return object.__getattribute__(self, name)

    number: int
    periods: list[View[Period]]
    projects: list[ProjectClaim]
    """Project by project (`.project`, `.lines`, `.total`)."""
    total: ClaimLine
    """Over every project."""
    real: Decimal
    """Claimed at real costs."""
    simplified: Decimal
    """Claimed through simplified cost options."""
    options: list[OptionRow]
    illustrative: bool
    _reads: list[Read] = field(default_factory=list)

    @property
    def start(self) -> Any:
        return self.periods[0].start

    @property
    def end(self) -> Any:
        return self.periods[-1].end


def payment_claim(content: Content, doc_id: str, document: Document, projects: Collection[Project],
                  periods: Collection[Period]) -> PaymentClaim | None:
    """The claim of `document` over every project with a budget; None when it is not a claim."""
    scope = document.claim
    if scope is None or any(p not in content.periods for p in scope.periods):
        return None
    earlier = earlier_claims(content, document)
    rows, real, simplified = [], ZERO, ZERO
    for pid, project in content.projects.items():
        if project.budget is None:
            continue
        now = claimed(content, document, pid)
        before = [claimed(content, d, pid) for d in earlier]
        lines = []
        for line in project.budget.lines:
            this = now[line.item]
            previous = sum((b[line.item].amount for b in before if line.item in b), ZERO)
            lines.append(ClaimLine(line.item, METHODS[_kind(content, this.option)], this.basis, this.amount,
                                   previous, line.amount + allowed_excess(project, line.item)))
            if this.option is None:
                real += this.amount
            else:
                simplified += this.amount
        rows.append(ProjectClaim(projects[pid], lines, _sum(projects[pid].title, lines)))
    total = _sum("Totale", [r.total for r in rows])
    options = [_option(o, content) for o in content.call.simplified_costs.values()]
    illustrative = any(r is not None and r.source.illustrative for p in scope.periods
                       for r in content.monitoring.get(p, {}).values())
    reads: list[Read] = [("report", ""), ("call",),
                         *[("item", "documents", d) for d, x in content.documents.items() if x.claim]]
    return PaymentClaim(scope.number, [periods[p] for p in scope.periods], rows, total, real, simplified,
                        options, illustrative, reads)


def _kind(content: Content, option: str | None) -> str | None:
    return content.call.simplified_costs[option].kind if option is not None else None


def _sum(label: str, lines: list[ClaimLine]) -> ClaimLine:
    return ClaimLine(label, "", "", sum((x.amount for x in lines), ZERO),
                     sum((x.previous for x in lines), ZERO), sum((x.budget for x in lines), ZERO))


def _option(option: SimplifiedCost, content: Content) -> OptionRow:
    if option.kind == "costo unitario":
        indicator = content.indicators.get(option.indicator or "")
        parameter = f"{amount(option.rate)} per unità ({indicator.unit if indicator else option.indicator})"
    elif option.kind == "tasso forfettario":
        parameter = f"{grouped(option.rate)}% di {', '.join(option.base)}"
    else:
        parameter = amount(option.amount) or ""
    return OptionRow(option.name, METHODS[option.kind], option.line, parameter, option.act)
