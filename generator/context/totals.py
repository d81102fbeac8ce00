"""Budget totals as templates see them (`totals` of generator/context/views.py).

Reading any of them is recorded: the cache keys a deliverable on `("totals",)`, and a
deliverable that prints a figure summed from a budget marked `illustrative` has it noted
for the lifecycle rules (a definitivo deliverable may not show example figures).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from generator.model import Budget, Content, apportion, approximate_if
from generator.sources import KeyPath
from generator.templating.recording import current, record

if TYPE_CHECKING:
    from generator.context.views import Collection, View
    from generator.model import Project


@dataclass
class Totals:
    """Budget totals: the programme's own (`programme.budget`), else the sums over the
    projects that have a budget. An unknown figure is None, never 0."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            record(("totals",))
            if name in _FIGURES:
                _shown(object.__getattribute__(self, "__dict__").get("_illustrative", ()))
        return object.__getattribute__(self, name)

    total: Decimal | None
    public_contribution: Decimal
    co_financing: Decimal | None
    illustrative: bool
    projects: list[View[Project]]
    declared: bool = False
    """True when the totals are the programme's own (`programme.budget`), not sums."""

    @property
    def public_share(self) -> Decimal | None:
        """Public contribution over the total, to one decimal (with co-financing: 100)."""
        if self.co_financing is None:
            return None
        return approximate_if(apportion([self.public_contribution, self.co_financing])[0],
                              self.public_contribution, self.co_financing)

    @property
    def co_financing_share(self) -> Decimal | None:
        """Co-financing over the total, to one decimal (with the public share: 100)."""
        if self.co_financing is None:
            return None
        return approximate_if(apportion([self.public_contribution, self.co_financing])[1],
                              self.public_contribution, self.co_financing)


_FIGURES = frozenset({"total", "public_contribution", "co_financing", "public_share",
                      "co_financing_share"})


def _shown(paths: Iterable[KeyPath]) -> None:
    """The illustrative budgets a total sums, noted as shown by the deliverable reading it."""
    recorder = current()
    if recorder is not None and recorder.document_id:
        for path in paths:
            recorder.illustrative.setdefault(path, recorder.where or "")


def totals(projects: Collection[Project], content: Content) -> Totals:
    """The programme's declared totals, else the sums over the projects that have a budget;
    the budgets marked illustrative are remembered, for the deliverables that print a total."""
    found = _totals(projects, content)
    declared = content.programme.budget
    paths: list[KeyPath] = [("programme", "budget")] if declared is not None and declared.illustrative \
        else [p._path + ("budget",) for p in found.projects  # ("projects", id, "budget")
              if declared is None and p._model.budget is not None and p._model.budget.illustrative]
    found.__dict__["_illustrative"] = paths
    return found


def _totals(projects: Collection[Project], content: Content) -> Totals:
    with_budget = [p for p in projects if p.budget is not None]
    declared = content.programme.budget
    if declared is not None:
        return Totals(declared.total, declared.public_contribution, declared.co_financing,
                      declared.illustrative, with_budget, declared=True)
    budgets: list[Budget] = [p.budget._model for p in with_budget]
    public = approximate_if(sum((b.public_contribution for b in budgets), Decimal(0)),
                            *(b.public_contribution for b in budgets))
    parts = [part for part in (b.total for b in budgets) if part is not None]
    if len(parts) < len(budgets):  # a total unknown: so is the sum
        return Totals(None, public, None, any(b.illustrative for b in budgets), with_budget)
    total = approximate_if(sum(parts, Decimal(0)), *parts)
    return Totals(total, public, approximate_if(total - public, total, public),
                  any(b.illustrative for b in budgets), with_budget)
