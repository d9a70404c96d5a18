"""Feature frames: shape, missing and empty tables, and training frames over many snapshots."""

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from data.dataset import Dataset
from features import build_labels, build_training_frame, build_unit_features, feature_names

AS_OF = pd.Timestamp("2024-04-01")


def test_one_row_per_registered_unit(tiny: Dataset) -> None:
    frame = build_unit_features(tiny, AS_OF)
    assert frame["unit_id"].tolist() == ["U1", "U2", "U3", "U4", "U5"]
    assert frame["community_id"].tolist() == ["C1", "C1", "C1", "C2", "C3"]
    assert (frame["as_of"] == AS_OF).all()
    assert frame.attrs["missing_families"] == []


def test_missing_tables_drop_their_families(tiny_rows, dataset_from: Callable[..., Dataset]) -> None:
    data = dataset_from(tiny_rows, missing=["fee_bills", "ledger"])
    frame = build_unit_features(data, AS_OF)
    assert frame.attrs["missing_families"] == ["arrears", "fees", "ledger"]
    assert list(frame.columns[3:]) == feature_names(["arrears", "fees", "ledger"])
    assert not any(c.startswith(("arrears_", "fees_", "ledger_")) for c in frame.columns)
    assert frame.set_index("unit_id").loc["U1", "complaints_unit_open"] == 2


def test_missing_disputes_drop_history_and_blank_the_firm_rate(tiny_rows, dataset_from) -> None:
    frame = build_unit_features(dataset_from(tiny_rows, missing=["disputes"]), AS_OF)
    assert frame.attrs["missing_families"] == ["history"]
    assert frame["context_firm_dispute_rate_12m"].isna().all()


def test_empty_tables_give_zero_counts_and_undefined_rates(tiny_rows, dataset_from) -> None:
    registers = {name: tiny_rows[name] for name in ("firms", "communities", "units")}
    frame = build_unit_features(dataset_from(registers), AS_OF).set_index("unit_id")
    assert frame.attrs["missing_families"] == []
    assert list(frame.columns[2:]) == feature_names()
    counts = ["arrears_unpaid_bills", "complaints_unit_365d", "repairs_community_open_per100",
              "history_unit_disputes", "history_community_collective_365d"]  # fmt: skip
    assert (frame[counts] == 0).all().all()
    undefined = ["arrears_late_share_3m", "fees_due_per_m2", "fees_community_vs_district",
                 "complaints_unit_satisfaction", "repairs_community_completion_days_180d",
                 "ledger_fund_spend_ratio_12m"]  # fmt: skip
    assert frame[undefined].isna().all().all()
    assert (frame["history_unit_days_since_dispute"] == 3650).all()
    assert (frame["context_firm_dispute_rate_12m"] == 0).all()


def test_as_of_with_a_zone_is_read_as_local_time(tiny: Dataset) -> None:
    zoned = pd.Timestamp("2024-03-31 16:00", tz="UTC")  # 2024-04-01 00:00 in Asia/Shanghai
    pd.testing.assert_frame_equal(build_unit_features(tiny, zoned), build_unit_features(tiny, AS_OF))


def test_training_frame_equals_snapshots_joined_to_labels(world: Dataset) -> None:
    dates = list(pd.date_range("2023-06-01", "2024-06-01", freq="MS"))
    frame = build_training_frame(world, dates)
    labels = build_labels(world, dates)
    kept = sorted(set(labels["as_of"]))
    assert frame.attrs["dropped_as_of"] == labels.attrs["dropped_as_of"] != []
    assert sorted(set(frame["as_of"])) == kept
    snapshots = pd.concat([build_unit_features(world, t) for t in kept], ignore_index=True)
    pd.testing.assert_frame_equal(frame.drop(columns="label"), snapshots)
    merged = snapshots.merge(labels, on=["unit_id", "as_of"], validate="one_to_one")
    assert np.array_equal(frame["label"].to_numpy(), merged["label"].to_numpy())
    assert frame["label"].sum() > 0


def test_training_frame_with_no_labelled_dates_is_empty(world: Dataset) -> None:
    frame = build_training_frame(world, [pd.Timestamp("2030-01-01")])
    assert len(frame) == 0
    assert list(frame.columns) == ["unit_id", "community_id", "as_of", *feature_names(), "label"]


def test_inputs_are_not_modified(tiny: Dataset) -> None:
    before = {name: frame.copy() for name, frame in tiny.tables.items()}
    build_training_frame(tiny, [pd.Timestamp("2024-01-01")], horizon_days=30)
    for name, frame in tiny.tables.items():
        pd.testing.assert_frame_equal(frame, before[name])


@pytest.mark.parametrize("horizon", [0, -5])
def test_horizon_must_be_positive(tiny: Dataset, horizon: int) -> None:
    with pytest.raises(ValueError, match="horizon_days"):
        build_training_frame(tiny, [AS_OF], horizon_days=horizon)
