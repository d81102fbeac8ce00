"""Budgets as calls define them: lines or only totals, public contribution, who co-finances."""

from __future__ import annotations

from decimal import Decimal

from generator.model.base import Amount, Id, Model, Text, apportion, approximate_if, ref


class BudgetLine(Model):
    """One line of a budget."""

    item: Text
    """Cost item ("Personale", "Servizi al lavoro")."""
    amount: Amount
    """Cost in euro."""


class CoFinancing(Model):
    """A share of the co-financing and the body that pays it."""

    organisation: Id = ref("organisations")
    """The body that pays it (it appears in the network as co-finanziatore)."""
    amount: Amount
    """How much, in euro."""
    form: Text | None = None
    """How it is given, when the form says it ("personale dipendente", "risorse proprie")."""


class Budget(Model):
    """A budget (piano finanziario): by lines, or only its totals when the lines were not
    submitted (the deliverables then say so). An unknown figure is never taken as zero."""

    illustrative: bool = False
    """True when the figures are examples, not the submitted ones: deliverables say so."""
    lines: list[BudgetLine] = []
    """Cost items, when submitted; their sum is the total cost."""
    total_cost: Amount | None = None
    """The total cost, when known without its lines (with lines, it must equal their sum)."""
    public_contribution: Amount
    """Contribution requested from the call, in euro."""
    co_financing_by: list[CoFinancing] = []
    """Who pays the co-financing, and how much each (their sum is the co-financing)."""

    @property
    def itemised(self) -> bool:
        """Whether the cost lines are known (else only the totals are)."""
        return bool(self.lines)

    @property
    def lines_total(self) -> Decimal | None:
        """The sum of the lines, if there are lines."""
        if not self.lines:
            return None
        return approximate_if(sum((line.amount for line in self.lines), Decimal(0)),
                              *(line.amount for line in self.lines))

    @property
    def co_financing_total(self) -> Decimal | None:
        """The sum of `co_financing_by`, if it is given."""
        if not self.co_financing_by:
            return None
        amounts = [c.amount for c in self.co_financing_by]
        return approximate_if(sum(amounts, Decimal(0)), *amounts)

    @property
    def total(self) -> Decimal | None:
        """Total cost: the sum of the lines, else `total_cost`, else contribution plus
        co-financing; None (unknown, never 0) when only the contribution is known."""
        if self.lines:
            return self.lines_total
        if self.total_cost is not None:
            return self.total_cost
        co_financing = self.co_financing_total
        if co_financing is None:
            return None
        return approximate_if(self.public_contribution + co_financing, self.public_contribution,
                              co_financing)

    @property
    def co_financing(self) -> Decimal | None:
        """The part of the total not covered by the public contribution (None if unknown)."""
        total = self.total
        if total is None:
            return self.co_financing_total
        return approximate_if(total - self.public_contribution, total, self.public_contribution)

    def share(self, amount: Decimal | None) -> Decimal | None:
        """`amount` as a percentage of the total, unrounded (0 when the total is 0; None when
        either is unknown); tables use `shares`, `public_share` and `co_financing_share`."""
        total = self.total
        if amount is None or total is None:
            return None
        return approximate_if(amount * 100 / total if total else Decimal(0), amount, total)

    @property
    def total_share(self) -> Decimal | None:
        """The total's percentage of itself: exactly 100 when the total is known, even a total
        known only roughly (never "circa 100,0%"); None when it is unknown."""
        return None if self.total is None else Decimal(100)

    @property
    def shares(self) -> list[Decimal]:
        """Each line's percentage of the total, to one decimal, adding up to exactly 100."""
        shares = apportion([line.amount for line in self.lines])
        return [approximate_if(s, line.amount) for s, line in zip(shares, self.lines)]

    @property
    def public_share(self) -> Decimal | None:
        """The public contribution's percentage, to one decimal (with co-financing: 100)."""
        return self._pair()[0]

    @property
    def co_financing_share(self) -> Decimal | None:
        """The co-financing's percentage, to one decimal (with the public share: 100)."""
        return self._pair()[1]

    def _pair(self) -> tuple[Decimal | None, Decimal | None]:
        co_financing = self.co_financing
        if co_financing is None:
            return None, None
        public, rest = apportion([self.public_contribution, co_financing])
        return (approximate_if(public, self.public_contribution, co_financing),
                approximate_if(rest, self.public_contribution, co_financing))
