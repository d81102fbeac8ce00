"""Money is exact: amounts as typed, totals in Decimal, percentages that add up to 100,0%."""

from __future__ import annotations

import shutil
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from generator.model import apportion
from generator.rendering.text import docx_to_text
from tests.conftest import edit

amounts = st.lists(st.decimals(min_value=0, max_value=10**9, places=2), min_size=1, max_size=12)


@given(amounts)
def test_shares_add_up_to_exactly_one_hundred(values):
    shares = apportion(values)
    if sum(values):
        assert sum(shares) == 100
        for share, value in zip(shares, values):
            assert abs(share - value * 100 / sum(values)) < Decimal("0.1")
    else:
        assert set(shares) == {0}


def test_equal_thirds_are_printed_as_a_whole(example, fsegen):
    for old in ("amount: 120000", "amount: 180000", "amount: 80000", "amount: 20000"):
        edit(example, "content/projects.yaml", old, "amount: 100000" if old != "amount: 20000"
             else "amount: 0")
    edit(example, "content/projects.yaml", "public_contribution: 340000", "public_contribution: 250000")
    shutil.rmtree(example / "content/monitoring")  # its spending would exceed the new budgets
    assert fsegen(example, "build").exit_code == 0
    text = docx_to_text((example / "output/scheda-progetto-ciao.docx").read_bytes())
    rows = [line for line in text.splitlines() if "100.000,00" in line]
    assert [row.split(" | ")[-1] for row in rows] == ["33,4%", "33,3%", "33,3%"]
    lines = text.splitlines()
    assert next(x for x in lines if x.startswith("Contributo pubblico")).endswith("| 83,3%")
    assert next(x for x in lines if x.startswith("Cofinanziamento")).endswith("| 16,7%")
