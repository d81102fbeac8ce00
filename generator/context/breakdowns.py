"""The breakdowns of a report's figures on participants: by gender, by age band at entry and by
labour-market status at entry, as the regulation of the call's period asks
(generator/model/common_indicators.py). They are computed at import from one row per
participant (generator/importing/participants.py) and summed here over the projects and
periods a report covers; each breakdown's shares add up to 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.context.views import Collection, View
from generator.model import Content, Indicator, apportion
from generator.model.common_indicators import STATUS_LABELS, catalogue

ZERO = Decimal(0)


@dataclass
class BreakdownRow:
    """One category of a breakdown (donne, da 25 a 54 anni, disoccupati) and its participants."""

    dimension: str
    """"Sesso", "Età all'ingresso" or "Condizione all'ingresso"."""
    label: str
    value: Decimal
    percentage: Decimal
    """Share of the indicator's value, to one decimal (the rows of a dimension add up to 100)."""


@dataclass
class Breakdowns:
    """An indicator's value over the report's periods broken down by gender, age and status at
    entry, as the regulation of the call's period asks."""

    indicator: View[Indicator]
    total: Decimal
    rows: list[BreakdownRow]


DIMENSIONS = {"gender": "Sesso", "age": "Età all'ingresso", "status": "Condizione all'ingresso"}


def breakdowns(content: Content, ids: list[str], periods: list[str],
                indicators: Collection[Indicator]) -> list[Breakdowns]:
    """Each indicator's breakdowns summed over the projects and periods covered, in the order
    and with the labels of the call's period's catalogue."""
    own = catalogue(content.call.period)
    labels = {"gender": dict(own.genders) if own else {},
              "age": {b.id: b.label for b in own.ages} if own else {},
              "status": dict(STATUS_LABELS)}
    tables = []
    for indicator_id in content.indicators:
        sums: dict[str, dict[str, Decimal]] = {}
        for period in periods:
            for pid in ids:
                record = content.monitoring.get(period, {}).get(pid)
                part = record.breakdowns.get(indicator_id) if record else None
                for dimension in DIMENSIONS:
                    for key, value in (getattr(part, dimension) if part else {}).items():
                        into = sums.setdefault(dimension, {})
                        into[key] = into.get(key, ZERO) + value
        if not sums:
            continue
        rows = []
        for dimension, counts in sums.items():
            order = list(labels[dimension]) + sorted(k for k in counts if k not in labels[dimension])
            keys = [k for k in order if k in counts]
            shares = apportion([counts[k] for k in keys])
            rows += [BreakdownRow(DIMENSIONS[dimension], labels[dimension].get(k, k), counts[k], share)
                     for k, share in zip(keys, shares)]
        total_value = sum(next(iter(sums.values())).values(), ZERO)
        tables.append(Breakdowns(indicators[indicator_id], total_value, rows))
    return tables
