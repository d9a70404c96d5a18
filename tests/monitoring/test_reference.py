import pandas as pd
import pytest

from monitoring.config import MonitorConfig
from monitoring.reference import comparable_reference

from .conftest import feature_frame

START = pd.Timestamp("2023-01-01")


def test_rows_whose_windows_reach_before_the_data_are_left_out():
    reference = feature_frame(2_400, 24, seed=1).assign(as_of=lambda f: f["as_of"] - pd.DateOffset(years=1))
    kept = comparable_reference(reference, START, MonitorConfig(min_reference_rows=100))
    assert kept["as_of"].min() >= pd.Timestamp("2024-01-01")
    assert len(kept) == (reference["as_of"] >= pd.Timestamp("2024-01-01")).sum()


def test_the_whole_reference_stays_when_too_little_would_remain():
    reference = feature_frame(1_200, 12, seed=2).assign(as_of=lambda f: f["as_of"] - pd.DateOffset(years=1))
    kept = comparable_reference(reference, START, MonitorConfig(min_reference_rows=1_000))
    assert len(kept) == len(reference)


@pytest.mark.parametrize("rows", [100, 5_000])
def test_the_reference_is_sampled_to_at_most_reference_rows(rows):
    reference = feature_frame(8_000, 12, seed=3)
    kept = comparable_reference(reference, START, MonitorConfig(reference_rows=rows, history_months=0))
    assert len(kept) == rows
    assert set(kept.columns) == set(reference.columns)


def test_the_reference_is_never_larger_than_fifty_thousand_rows():
    with pytest.raises(ValueError, match="less than or equal to 50000"):
        MonitorConfig(reference_rows=50_001)
