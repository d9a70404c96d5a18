"""The one disclosure step: small counts, thin rates, one-sided shares, rounding and complementary cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from features.transparency.privacy import disclose


def rows(*records: tuple[str, str, str, float, float, str]) -> pd.DataFrame:
    columns = ["community_id", "indicator", "key", "value", "count", "kind"]
    return pd.DataFrame(list(records), columns=columns)


def shares(*parts_and_wholes: tuple[float, float], indicator: str = "complaint_resolved_share") -> pd.DataFrame:
    """A community's share of cases per (part, whole), with both sides as the figure modules keep them."""
    records = [(f"C{i}", indicator, "", p / w, w, p, w - p, "share") for i, (p, w) in enumerate(parts_and_wholes)]
    return pd.DataFrame(records, columns=["community_id", "indicator", "key", "value", "count", "part", "rest", "kind"])


def test_counts_under_five_and_zero_are_suppressed_and_five_is_shown():
    out = disclose(rows(
        ("A", "complaints", "", 4.0, 4.0, "count"), ("B", "complaints", "", 0.0, 0.0, "count"),
        ("C", "complaints", "", 5.0, 5.0, "count"),
    ))  # fmt: skip
    assert out["status"].tolist() == ["suppressed", "suppressed", "ok"]
    assert out["value"].isna().tolist() == [True, True, False]
    assert "count" not in out.columns  # the bases are never published


def test_derived_figures_follow_their_base_and_money_is_always_shown():
    out = disclose(rows(
        ("A", "mediation_share", "", 1.0, 4.0, "share"), ("A", "complaint_resolution_days", "", 3.0, 5.0, "days"),
        ("A", "disputes_per100", "", 0.2, 1.0, "per100"), ("A", "fund_balance", "", 12.0, np.nan, "money"),
        ("A", "fee_income", "", np.nan, np.nan, "money"),
    ))  # fmt: skip
    assert out["status"].tolist() == ["suppressed", "ok", "suppressed", "ok", "unavailable"]


def test_a_threshold_can_be_raised():
    out = disclose(rows(("A", "complaints", "", 7.0, 7.0, "count")), min_count=10)
    assert out["status"].tolist() == ["suppressed"]


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    out = disclose(rows(
        ("A", "disputes_by_kind", "fee_arrears", 30.0, 30.0, "count"),
        ("A", "disputes_by_kind", "repair", 6.0, 6.0, "count"),
        ("A", "disputes_by_kind", "parking", 2.0, 2.0, "count"),
        ("B", "disputes_by_kind", "parking", 9.0, 9.0, "count"),
    ))  # fmt: skip
    # 2 alone could be worked out from the total 38; with the 6 hidden too, 8 cases hide behind two cells.
    assert out["status"].tolist() == ["ok", "suppressed", "suppressed", "ok"]


breakdowns = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=10)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(cells=breakdowns)
def test_no_hidden_cell_can_be_worked_out_from_the_total(cells):
    frame = rows(*[("A", "complaints_by_category", f"k{i}", float(v), float(v), "count") for i, v in enumerate(cells)])
    out = disclose(frame)
    hidden = out["status"] == "suppressed"
    values = np.array(cells, dtype=float)
    assert (values[~hidden.to_numpy()] >= 5).all()  # every cell shown holds at least 5 cases
    if hidden.any():
        # The hidden cells together hold at least 5 cases, unless every cell is hidden (and so is the total).
        assert values[hidden.to_numpy()].sum() >= 5 or hidden.all()
    if (values >= 5).all():
        assert not hidden.any()


def test_a_share_is_hidden_when_fewer_than_five_cases_fall_on_either_side():
    out = disclose(shares((55, 56), (56, 56), (4, 56), (51, 56), (5, 10)))
    # 98.2% of 56 says 1 was not resolved, 100% that none was, 7.1% that 4 were; 51 and 5, 5 and 5 are safe.
    assert out["status"].tolist() == ["suppressed", "suppressed", "suppressed", "ok", "ok"]
    assert not out["small"].any()  # a hidden share reads as a dash, never "<5"


def test_a_mean_score_a_few_points_from_either_end_of_its_scale_is_hidden():
    records = [  # (mean, ratings, points above 1, points below 5)
        ("A", "complaint_satisfaction", "", 4.9, 10.0, 39.0, 1.0, "score"),  # one rater gave a 4
        ("B", "complaint_satisfaction", "", 1.2, 10.0, 2.0, 38.0, "score"),
        ("C", "complaint_satisfaction", "", 3.7, 10.0, 27.0, 13.0, "score"),
    ]
    columns = ["community_id", "indicator", "key", "value", "count", "part", "rest", "kind"]
    assert disclose(pd.DataFrame(records, columns=columns))["status"].tolist() == ["suppressed", "suppressed", "ok"]


def test_values_are_published_rounded_as_shown():
    out = disclose(rows(
        ("A", "collection_rate", "", 0.93265065, np.nan, "share"), ("A", "fee_income", "", 12345.67, np.nan, "money"),
        ("A", "complaints_per100", "", 18.6666667, 56.0, "per100"), ("A", "fee_rate", "", 2.5049, np.nan, "price"),
        ("A", "complaint_resolution_days", "", 3.0416667, 40.0, "days"),
    ))  # fmt: skip
    assert out["value"].tolist() == [0.933, 12346.0, 18.7, 2.5, 3.0]


def test_small_marks_the_hidden_counts_that_are_themselves_under_five():
    out = disclose(rows(
        ("A", "disputes_by_kind", "fee_arrears", 6.0, 6.0, "count"),
        ("A", "disputes_by_kind", "repair", 2.0, 2.0, "count"),
    ))  # fmt: skip
    assert out["status"].tolist() == ["suppressed", "suppressed"]
    assert out["small"].tolist() == [False, True]  # the 6 reads "—": it is hidden with the 2, but is not under 5
