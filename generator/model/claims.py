"""Payment claims (domande di rimborso) and the simplified cost options a call uses.

A call may reimburse a budget line not at the real costs documented (costi reali) but through a
simplified cost option (opzione di costo semplificato, Reg. (EU) 1303/2013 art. 67-68 and Reg.
(EU) 1304/2013 art. 14 for 2014-2020; Reg. (EU) 2021/1060 art. 53-56 for 2021-2027):

- a unit cost (costo unitario standard): a quantity the monitoring counts (hours, participants,
  traineeships: an indicator) times a rate;
- a flat rate (tasso forfettario): a percentage of the costs of the lines the call names as its
  base (15 % of direct staff costs for indirect costs; 40 % of direct staff costs for all the
  other costs of an operation);
- a lump sum (somma forfettaria): a fixed amount, due once the output it pays for is delivered.

The call names them (`call.simplified_costs`); a claim (`claim:` on a document) says which
periods it covers and which lump sums are due. Every amount claimed is computed
(generator/context/claims.py), and the rules of generator/checks/claims.py keep a claim within
each budget line, the project's total and its periods, and a flat rate on the base the call names.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from generator.messages import _, chained
from generator.model.base import Amount, Id, Model, Text, ref

FLAT_RATE_CEILING = Decimal(40)
"""The highest flat rate the regulations allow on direct staff costs (Reg. (EU) 1304/2013
art. 14(2); Reg. (EU) 2021/1060 art. 56(1)), in percent."""


class SimplifiedCost(Model):
    """A simplified cost option of the call: how one budget line is reimbursed."""

    kind: Literal["costo unitario", "tasso forfettario", "somma forfettaria"]
    """Unit cost, flat rate or lump sum."""
    name: Text
    """Name as the claim prints it ("Costo unitario standard per tirocinio avviato")."""
    line: Text
    """The budget line (its `item`) it reimburses: its real costs are not claimed."""
    rate: Amount | None = None
    """Unit cost: euro per unit. Flat rate: the percentage of its base (15 for 15 %)."""
    indicator: Id | None = ref("indicators", default=None)
    """Unit cost: the indicator that counts the units (participants, traineeships, hours)."""
    base: list[Text] = []
    """Flat rate: the budget lines whose costs are its base, as the call names them ("Personale
    e coordinamento", the direct staff costs)."""
    amount: Amount | None = None
    """Lump sum: the amount, due once for each project that delivers it."""
    act: Text | None = None
    """Where the call sets it ("Avviso, art. 12.3")."""

    @model_validator(mode="after")
    def _complete(self) -> SimplifiedCost:
        needed = {"costo unitario": ("rate", "indicator"), "tasso forfettario": ("rate", "base"),
                  "somma forfettaria": ("amount",)}[self.kind]
        missing = [name for name in needed if not getattr(self, name)]
        if missing:
            raise ValueError(_("a {kind} needs {fields}", kind=self.kind, fields=chained(missing)),
                             _("add {fields} to the option, as the call sets it", fields=chained(missing)))
        if self.kind == "tasso forfettario" and self.rate is not None and self.rate > FLAT_RATE_CEILING:
            rate, ceiling = f"{self.rate} %", f"{FLAT_RATE_CEILING} %"
            raise ValueError(_("a flat rate of {rate} is above the {ceiling} of direct staff costs the "
                               "regulations allow", rate=rate, ceiling=ceiling),
                             _("write the rate the call sets, {ceiling} or less", ceiling=ceiling))
        if self.kind == "tasso forfettario" and self.line in self.base:
            raise ValueError(_("the flat rate reimburses {line!r}, which cannot also be its base",
                               line=self.line),
                             _("remove {line!r} from `base`: a flat rate is computed on other lines",
                               line=self.line))
        return self


class ClaimScope(Model):
    """What a payment claim (domanda di rimborso) covers."""

    number: int = Field(ge=1)
    """Its number (1 for the first claim): earlier claims are those with a lower number."""
    periods: list[Id] = ref("periods", min_length=1)
    """The reporting periods whose costs and units it claims, oldest first."""
    lump_sums: dict[Id, list[Id]] = {}
    """Lump sum (its id in `call.simplified_costs`) -> the projects that delivered it in these
    periods."""
