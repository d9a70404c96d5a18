"""Complementary suppression: totals and their parts, rates per 100 units, and the months of a 12-month rate."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from features.transparency.privacy import disclose

COLUMNS = ["community_id", "indicator", "key", "value", "count", "part", "rest", "kind"]


def counts(total_name: str, total: float, part_name: str, cells: dict[str, float], community: str = "A") -> list:
    """A total and its breakdown, each count resting on itself."""
    rows = [(community, total_name, "", total, total, np.nan, np.nan, "count")]
    return rows + [(community, part_name, k, v, v, np.nan, np.nan, "count") for k, v in cells.items()]


def published(records: list) -> pd.DataFrame:
    return disclose(pd.DataFrame(records, columns=COLUMNS)).set_index(["community_id", "indicator", "key"])


def shown(out: pd.DataFrame, community: str, indicator: str) -> dict[str, str]:
    part = out.loc[community].loc[indicator]
    return {key: ("<5" if row.small else "—") if row.status == "suppressed" else "ok" for key, row in part.iterrows()}


def test_two_small_cells_that_add_up_to_eight_take_a_third_with_them():
    # Shown 20 of 28 leaves 8 for two cells under 5: both would be 4 (the small world's C0002 venues).
    out = published(counts("disputes", 28, "disputes_by_venue", {"a": 4, "b": 4, "c": 20}))
    assert shown(out, "A", "disputes_by_venue") == {"a": "<5", "b": "<5", "c": "—"}
    assert out.loc[("A", "disputes", ""), "status"] == "ok"


def test_a_hidden_five_beside_zeros_takes_the_next_cell_too():
    # Hiding 0, 0 and 5 leaves 5 for cells that read "<5", "<5" and "5 or more": the zeros would show.
    out = published(counts("complaints", 25, "complaints_by_category", {"a": 0, "b": 0, "c": 5, "d": 20}))
    assert shown(out, "A", "complaints_by_category") == {"a": "<5", "b": "<5", "c": "—", "d": "—"}


def test_the_total_goes_when_hiding_every_cell_is_not_enough():
    records = counts("disputes", 5, "disputes_by_kind", {"fee_arrears": 5, "repair": 0})
    records += counts("disputes", 5, "disputes_by_venue", {"mediation": 3, "court": 2})[1:]
    records.append(("A", "disputes_per100", "", 5.0, 5.0, np.nan, np.nan, "per100"))
    out = published(records)
    # 5 disputes, all about fee arrears: every kind hidden would still read 5 or more and "<5" for 5 in all.
    assert out.loc[("A", "disputes", ""), "status"] == "suppressed"
    assert not out.loc[("A", "disputes", ""), "small"]
    assert set(out.loc["A"].loc["disputes_by_venue"]["status"]) == {"suppressed"}
    assert out.loc[("A", "disputes_per100", ""), "status"] == "suppressed"  # the rate goes with its count


def test_elevator_outages_are_hidden_when_the_other_repairs_are_few():
    def outages(repairs: float, elevator: float) -> list[str]:
        records = counts("repairs", repairs, "elevator_outages", {"": elevator})
        records.append(("A", "elevator_outages_per100", "", elevator * 10, elevator, np.nan, np.nan, "per100"))
        out = published(records)
        names = ("repairs", "elevator_outages", "elevator_outages_per100")
        return [out.loc[("A", name, ""), "status"] for name in names]

    assert outages(9, 5) == ["ok", "suppressed", "suppressed"]  # 9 − 5 leaves 4 other repairs
    assert outages(10, 5) == ["ok", "ok", "ok"]
    assert outages(5, 5) == ["suppressed", "suppressed", "suppressed"]  # "5 or more" of 5: no other repair
    assert outages(9, 3) == ["ok", "suppressed", "suppressed"]  # 3 is under 5 itself


def months(rests: list[float], bills: float = 100.0) -> list:
    """A 12-month collection rate and its months, equal bills, `rests` bills per month not paid in full."""
    total_rest = sum(rests)
    n = bills * len(rests)
    records = [("A", "collection_rate", "", 1 - total_rest / n, n, n - total_rest, total_rest, "share")]
    return records + [
        ("A", "collection_by_month", f"2024-{i + 1:02d}", 1 - r / bills, bills, bills - r, r, "share")
        for i, r in enumerate(rests)
    ]


def test_a_hidden_month_takes_another_with_it():
    out = published(months([3, 20, 8, 12]))
    # January (3 unpaid) could be read back from the 12-month rate and the other months: March (the fewest
    # unpaid of those shown) goes with it.
    assert out.loc["A"].loc["collection_by_month"]["status"].tolist() == ["suppressed", "ok", "suppressed", "ok"]
    assert out.loc[("A", "collection_rate", ""), "status"] == "ok"


def test_months_hidden_together_hold_five_bills_each_way():
    out = published(months([0, 1, 30, 12]))
    # January and February hold 1 unpaid bill together: a third month (12 unpaid) joins them.
    statuses = out.loc["A"].loc["collection_by_month"]["status"].tolist()
    assert statuses == ["suppressed", "suppressed", "ok", "suppressed"]
    assert disclose(pd.DataFrame(months([6, 9, 30]), columns=COLUMNS))["status"].eq("ok").all()


def possible_values(boxes: list[tuple[int, int]], total: int) -> list[set[int]]:
    """For each cell, the values it can take when the cells, each within its box, add up to `total`."""
    out = []
    for i, (low, high) in enumerate(boxes):
        sums = {0}
        for j, (lo, hi) in enumerate(boxes):
            if j != i:
                sums = {s + v for s in sums for v in range(lo, hi + 1) if s + v <= total}
        out.append({v for v in range(low, high + 1) if total - v in sums})
    return out


@settings(max_examples=300, deadline=None, derandomize=True)
@given(cells=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=6))
def test_no_hidden_count_under_five_has_a_single_possible_value(cells):
    keyed = {f"k{i}": v for i, v in enumerate(cells)}
    out = published(counts("complaints", sum(cells), "complaints_by_category", keyed))
    if out.loc[("A", "complaints", ""), "status"] != "ok":
        return  # an unknown total: nothing to subtract from
    part = out.loc["A"].loc["complaints_by_category"]
    hidden = [(v, row.small) for v, (_, row) in zip(cells, part.iterrows(), strict=True) if row.status == "suppressed"]
    boxes = [(0, 4) if small else (5, sum(cells)) for _, small in hidden]  # what "<5" and "—" tell a reader
    for (value, _), values in zip(hidden, possible_values(boxes, sum(v for v, _ in hidden)), strict=True):
        if value < 5:
            assert len(values) >= 2, (cells, value, values)
