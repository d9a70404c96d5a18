"""Point-in-time correctness: features on the full data equal features on the data cut back to t."""

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.dataset import Dataset
from features import arrears, build_unit_features, cut_to_as_of
from features.clock import NEVER
from features.grouped import count_by

MONTHS = list(pd.date_range("2023-01-01", "2024-07-01", freq="MS"))


def _same_features(data: Dataset, as_of: pd.Timestamp) -> bool:
    full = build_unit_features(data, as_of)
    cut = build_unit_features(cut_to_as_of(data, as_of), as_of)
    return full.equals(cut)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 3), as_of=st.sampled_from(MONTHS))
def test_features_use_only_what_was_known_at_t(
    world_factory: Callable[..., Dataset], seed: int, as_of: pd.Timestamp
) -> None:
    data = world_factory(seed, communities=4, units_per=6)
    full = build_unit_features(data, as_of)
    cut = build_unit_features(cut_to_as_of(data, as_of), as_of)
    pd.testing.assert_frame_equal(full, cut)


def test_a_leaking_feature_would_be_caught(world: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bill counted as unpaid only when it is never paid (ignoring when) leaks later payments."""
    honest = arrears.compute

    def leaky(prep, as_of, cfg, context):  # type: ignore[no-untyped-def]
        columns = honest(prep, as_of, cfg, context)
        b, t = prep.bills, int(as_of.value)
        never_paid = (b["start"] <= t) & (b["due"] < t) & (b["paid"] == NEVER)
        columns["arrears_unpaid_bills"] = count_by(b["unit"], prep.index.n_units, never_paid)
        return columns

    assert all(_same_features(world, t) for t in MONTHS[3:9])
    monkeypatch.setattr(arrears, "compute", leaky)
    assert not all(_same_features(world, t) for t in MONTHS[3:9])


def test_cut_drops_later_records_and_undoes_later_changes(tiny: Dataset) -> None:
    cut = cut_to_as_of(tiny, pd.Timestamp("2024-04-01"))
    bills = cut["fee_bills"].set_index("bill_id")
    assert "b6" not in bills.index  # May's bill is not issued yet
    assert pd.isna(bills.loc["b4", "paid_at"])
    assert pd.isna(bills.loc["b4", "amount_paid_cny"])
    complaints = cut["complaints"].set_index("complaint_id")
    assert "K6" not in complaints.index
    assert "K5" in complaints.index  # K5 is created exactly at t
    assert pd.isna(complaints.loc["K2", "resolved_at"])
    assert pd.isna(complaints.loc["K2", "satisfaction"])
    repairs = cut["repair_orders"].set_index("order_id")
    assert pd.isna(repairs.loc["R1", "completed_at"])
    assert pd.isna(repairs.loc["R1", "cost_cny"])
    disputes = cut["disputes"].set_index("dispute_id")
    assert "D5" not in disputes.index
    assert pd.isna(disputes.loc["D2", "outcome"])
    assert set(cut["ledger"]["period"]) == {"2023-03", "2023-04", "2024-01", "2024-02", "2024-03"}
    assert pd.isna(cut["units"].set_index("unit_id").loc["U3", "moved_in"])


def test_cut_keeps_dtypes_and_leaves_the_input_alone(tiny: Dataset) -> None:
    before = {name: frame.copy() for name, frame in tiny.tables.items()}
    cut = cut_to_as_of(tiny, pd.Timestamp("2024-04-01"))
    for name, frame in tiny.tables.items():
        pd.testing.assert_frame_equal(frame, before[name])
        assert cut[name].dtypes.equals(frame.dtypes)
    assert np.array_equal(cut["units"]["unit_id"], tiny["units"]["unit_id"])


@pytest.mark.parametrize("as_of", MONTHS[3:15:3])
def test_world_has_state_changes_straddling_t(world: Dataset, as_of: pd.Timestamp) -> None:
    """The leakage test is only meaningful if records created before t change state after t."""
    straddling = {
        "fee_bills": ("due_date", "paid_at"),
        "complaints": ("created_at", "resolved_at"),
        "repair_orders": ("reported_at", "completed_at"),
        "disputes": ("filed_at", "resolved_at"),
    }
    for name, (created, changed) in straddling.items():
        frame = world[name]
        assert ((frame[created] <= as_of) & (frame[changed] > as_of)).sum() > 0, name
