"""Labels y(u, t) over (t, t + H]: both boundaries, collective disputes and incomplete horizons."""

from collections.abc import Callable

import pandas as pd
import pytest

from data.dataset import Dataset
from features import build_labels

T = pd.Timestamp("2024-01-01")
ROWS = {
    "firms": [("F1", "甲")],
    "communities": [("C1", "翠竹花园", "D1", "S1", "F1", 2000, 2.0, True)],
    "units": [(f"U{i}", "C1", "B1", 80.0, "owner_occupied", None) for i in (1, 2, 3, 4)],
    "disputes": [
        ("D1", "C1", "U1", "2024-01-01 00:00:00", "other", "mediation", None, None),  # at t: not counted
        ("D2", "C1", "U2", "2024-03-31 00:00:00", "other", "mediation", None, None),  # at t + 90 d: counted
        ("D3", "C1", "U3", "2024-03-31 00:00:01", "other", "mediation", None, None),  # after: not counted
        ("D4", "C1", None, "2024-02-01 00:00:00", "other", "mediation", None, None),  # collective: no label
    ],
}


@pytest.fixture
def labelled(dataset_from: Callable[..., Dataset]) -> Dataset:
    return dataset_from(ROWS)


def _labels(frame: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, int]:
    rows = frame[frame["as_of"] == as_of]
    return dict(zip(rows["unit_id"], rows["label"], strict=True))


def test_horizon_is_open_at_t_and_closed_at_t_plus_h(labelled: Dataset) -> None:
    frame = build_labels(labelled, [T])
    assert _labels(frame, T) == {"U1": 0, "U2": 1, "U3": 0, "U4": 0}


def test_earlier_as_of_sees_the_dispute_filed_at_the_later_t(labelled: Dataset) -> None:
    earlier = pd.Timestamp("2023-12-01")
    frame = build_labels(labelled, [T, earlier])
    assert _labels(frame, earlier) == {"U1": 1, "U2": 0, "U3": 0, "U4": 0}
    assert frame["as_of"].drop_duplicates().tolist() == [earlier, T]  # sorted
    assert frame["label"].dtype == "int64"


def test_dates_whose_horizon_leaves_the_data_are_dropped_and_reported(labelled: Dataset) -> None:
    late = pd.Timestamp("2024-02-01")  # horizon to 2024-05-01, data ends 2024-03-31 00:00:01
    frame = build_labels(labelled, [T, late])
    assert set(frame["as_of"]) == {T}
    assert frame.attrs["dropped_as_of"] == [late]
    assert frame.attrs["data_end"] == pd.Timestamp("2024-03-31 00:00:01")
    kept = build_labels(labelled, [late], data_end=pd.Timestamp("2024-06-30"))
    assert set(kept["as_of"]) == {late}
    assert kept.attrs["dropped_as_of"] == []


def test_horizon_length_is_respected(labelled: Dataset) -> None:
    frame = build_labels(labelled, [T], horizon_days=30, data_end=pd.Timestamp("2024-12-31"))
    assert _labels(frame, T) == {"U1": 0, "U2": 0, "U3": 0, "U4": 0}


def test_labels_need_the_disputes_table(dataset_from: Callable[..., Dataset]) -> None:
    with pytest.raises(ValueError, match="disputes table"):
        build_labels(dataset_from(ROWS, missing=["disputes"]), [T])


def test_bill_periods_extend_the_data_end(dataset_from: Callable[..., Dataset]) -> None:
    rows = dict(ROWS, fee_bills=[("b1", "U1", "2024-09", 100.0, "2024-09-15", None, None)])
    frame = build_labels(dataset_from(rows), [T, pd.Timestamp("2024-06-01")])
    assert frame.attrs["data_end"] == pd.Timestamp("2024-09-01")
    assert frame.attrs["dropped_as_of"] == []
