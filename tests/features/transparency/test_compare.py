"""Better, about the same or worse than the district median, by each indicator's direction and tolerance."""

from __future__ import annotations

import pandas as pd
import pytest

from data.dataset import Dataset
from features.transparency.community import community_transparency
from features.transparency.compare import compare_with_district
from features.transparency.privacy import disclose

from .hand_district import AS_OF


def verdicts(values: dict[str, float], indicator: str, kind: str, counts: dict[str, float] | None = None) -> dict:
    counts = counts or dict.fromkeys(values, 100.0)
    raw = pd.DataFrame({
        "community_id": list(values), "indicator": indicator, "key": "", "value": list(values.values()),
        "count": [counts[c] for c in values], "kind": kind,
    })  # fmt: skip
    districts = pd.Series("罗湖区", index=list(values))
    out = compare_with_district(disclose(raw), districts)
    return dict(zip(out["community_id"], out["verdict"], strict=True))


def test_lower_is_better_with_a_relative_tolerance():
    # Median 10 disputes per 100 units; about the same within ±15%, that is 8.5 … 11.5.
    got = verdicts({"a": 8.4, "b": 8.5, "c": 10.0, "d": 11.5, "e": 11.6}, "disputes_per100", "per100")
    assert got == {"a": "better", "b": "about_the_same", "c": "about_the_same", "d": "about_the_same", "e": "worse"}


def test_higher_is_better_for_shares_within_five_points():
    got = verdicts({"a": 0.84, "b": 0.86, "c": 0.90, "d": 0.95, "e": 0.96}, "collection_rate", "share")
    assert got == {"a": "worse", "b": "about_the_same", "c": "about_the_same", "d": "about_the_same", "e": "better"}


def test_thin_rates_are_left_out_of_the_median_and_get_no_verdict():
    got = verdicts(
        {"a": 0.5, "b": 0.9, "c": 0.91, "d": 0.2}, "mediation_share", "share", {"a": 10, "b": 10, "c": 10, "d": 2}
    )
    # Median of 0.5, 0.9, 0.91 is 0.9 (d's 0.2 rests on 2 disputes and is left out).
    assert got == {"a": "worse", "b": "about_the_same", "c": "about_the_same", "d": None}


def test_the_hand_made_district(hand: Dataset):
    comparison = community_transparency(hand, AS_OF).comparison.set_index(["community_id", "indicator"])
    # Fee rates 2.5, 3.0, 2.0: median 2.5; lower is better, ±10%.
    assert comparison.loc[("A", "fee_rate"), "verdict"] == "about_the_same"
    assert comparison.loc[("B", "fee_rate"), "verdict"] == "worse"
    assert comparison.loc[("C", "fee_rate"), "verdict"] == "better"
    # C's collection rate rests on 4 bills and B's 100% says that none of its 6 bills is unpaid: both are hidden,
    # so both stay out of the median (with B in it, 2 × median − A's 72.5% would give B's 100% back).
    assert comparison.loc[("A", "collection_rate"), "median"] == pytest.approx(0.725)
    assert comparison.loc[("A", "collection_rate"), "verdict"] == "about_the_same"
    assert comparison.loc[("B", "collection_rate"), "verdict"] is None
    assert comparison.loc[("C", "collection_rate"), "verdict"] is None
    assert comparison.loc[("A", "collection_rate"), "communities"] == 1


def test_a_share_hidden_on_its_page_stays_out_of_the_median():
    raw = pd.DataFrame({
        "community_id": ["a", "b", "c"], "indicator": "complaint_resolved_share", "key": "",
        "value": [0.5, 0.6, 55 / 56], "count": [20.0, 20.0, 56.0], "part": [10.0, 12.0, 55.0],
        "rest": [10.0, 8.0, 1.0], "kind": "share",
    })  # fmt: skip
    out = compare_with_district(disclose(raw), pd.Series("罗湖区", index=["a", "b", "c"]))
    # c's 98.2% says 1 of 56 was not resolved: hidden, and the median is that of a and b alone (with c in it, the
    # median of three would be b's 60%; as it is, it is 55%, which with a's and b's says nothing about c).
    assert out["median"].tolist() == pytest.approx([0.55, 0.55, 0.55])
    assert out["communities"].tolist() == [2, 2, 2]
    assert out["verdict"].tolist() == ["about_the_same", "about_the_same", None]
