"""Fairness slices by hand: supports, recall at the monthly top 5%, shares, and the judged worst ECE."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.metrics import expected_calibration_error
from training.fairness import SLICE_FIELDS, fairness_slices, in_monthly_top, worst_judged_ece


def _scores() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two months of 100 units; renters (u50–u99) carry every positive and the highest scores."""
    units = [f"u{i:02d}" for i in range(100)]
    rng = np.random.default_rng(4)
    frames = []
    for month in ("2025-01-01", "2025-02-01"):
        p = np.r_[rng.uniform(0.0, 0.05, 50), rng.uniform(0.05, 0.3, 50)]
        y = np.r_[np.zeros(50, int), (rng.uniform(size=50) < p[50:]).astype(int)]
        frames.append(pd.DataFrame({"unit_id": units, "as_of": pd.Timestamp(month), "label": y, "model": p}))
    attributes = pd.DataFrame({
        "unit_id": units, "subdistrict": "翠竹街道", "occupancy": ["owner_occupied"] * 50 + ["rented"] * 50,
        "firm": ["F01", "F02"] * 50, "building_age": "20-29y",
    })  # fmt: skip
    return pd.concat(frames, ignore_index=True), attributes


def test_the_top_five_percent_is_taken_month_by_month():
    scores, _ = _scores()
    flags = in_monthly_top(scores)
    assert flags.sum() == 10
    for _, part in scores.assign(flag=flags).groupby("as_of"):
        assert part.loc[part["flag"], "model"].min() >= part.loc[~part["flag"], "model"].max()


def test_slices_by_hand():
    scores, attributes = _scores()
    table = fairness_slices(scores, attributes).set_index(["group", "value"])
    assert list(table.reset_index().columns) == list(SLICE_FIELDS)
    renters, owners = table.loc[("occupancy", "rented")], table.loc[("occupancy", "owner_occupied")]
    positives = int(scores["label"].sum())
    assert (renters["rows"], renters["positives"]) == (100, positives)
    assert (owners["rows"], owners["positives"]) == (100, 0)
    assert renters["top5_share"] == pytest.approx(1.0)
    assert renters["positive_share"] == pytest.approx(1.0)
    assert np.isnan(owners["recall_at_5pct"])
    flagged = scores[in_monthly_top(scores)]
    assert renters["recall_at_5pct"] == pytest.approx(flagged["label"].sum() / positives)
    rented = scores[scores["unit_id"].isin(attributes.loc[attributes["occupancy"] == "rented", "unit_id"])]
    assert renters["ece"] == pytest.approx(expected_calibration_error(rented["label"].to_numpy(),
                                                                      rented["model"].to_numpy()))  # fmt: skip
    assert table.loc[("subdistrict", "翠竹街道"), "rows"] == 200


def test_only_slices_with_enough_positives_are_judged():
    slices = pd.DataFrame({"group": ["occupancy", "occupancy"], "value": ["rented", "vacant"],
                           "positives": [40, 10], "ece": [0.02, 0.2]})  # fmt: skip
    assert worst_judged_ece(slices) == (0.02, "occupancy=rented (40 positives)")
    assert worst_judged_ece(slices, min_positives=50)[0] == 0.0
