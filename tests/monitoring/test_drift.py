import numpy as np
import pandas as pd
import pytest

from monitoring.config import MonitorConfig
from monitoring.drift import comparable_columns, drift_table, judge, normed_wasserstein, trend_scores

from .conftest import feature_frame

CFG = MonitorConfig(drift_threshold=0.2, trend_factor=2.0, trend_rows=10_000)
NOW = pd.Timestamp("2025-06-01")
COLUMNS = ["steady", "trending", "probability"]


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A year of reference; a current snapshot 17 months in where `steady` jumped and `trending` kept going."""
    reference = feature_frame(12_000, 12, seed=1)
    current = feature_frame(3_000, 1, seed=2, shift=0.6).assign(as_of=NOW)
    current["trending"] = np.random.default_rng(3).normal(0.0, 1.0, len(current)) + 0.1 * 17
    return reference, current


@pytest.fixture(scope="module")
def judged(frames) -> pd.DataFrame:
    reference, current = frames
    table, _ = drift_table(reference, current, COLUMNS, CFG)
    return judge(table, trend_scores(reference, COLUMNS, NOW, CFG), CFG).set_index("column")


def test_evidently_flags_the_moved_columns_with_the_configured_method(frames):
    reference, current = frames
    table, snapshot = drift_table(reference, current, COLUMNS, CFG)
    flags = table.set_index("column")["drifted"].to_dict()
    assert flags == {"steady": True, "trending": True, "probability": False}
    assert table.set_index("column").loc["steady", "score"] == pytest.approx(0.6, abs=0.1)
    assert "method=wasserstein" in str(snapshot.dict()["metrics"][1]["metric_name"])


def test_the_trend_statistic_is_the_one_evidently_reports(frames):
    reference, current = frames
    table, _ = drift_table(reference, current, COLUMNS, CFG)
    for column, score in table.set_index("column")["score"].items():
        assert normed_wasserstein(reference[column], current[column]) == pytest.approx(score, rel=1e-9)


def test_a_jump_is_unexpected_but_a_steady_trend_is_not(judged):
    assert judged.loc["steady", "unexpected"]
    assert judged.loc["trending", "drifted"]
    assert not judged.loc["trending", "unexpected"]
    # The trend inside the year predicts about the drift seen 17 months in (linear extrapolation).
    assert judged.loc["trending", "trend"] == pytest.approx(judged.loc["trending", "score"], rel=0.35)
    # A steady column's trend is sampling noise only.
    assert judged.loc["steady", "trend"] < 0.15


def test_a_single_month_reference_has_no_trend():
    reference = feature_frame(2_000, 1, seed=4)
    assert (trend_scores(reference, ["steady", "trending"], NOW, CFG) == 0).all()


def test_empty_columns_are_left_out_of_the_comparison():
    reference = pd.DataFrame({"a": [1.0, 2.0], "b": [np.nan, np.nan], "c": [1.0, 2.0]})
    current = pd.DataFrame({"a": [1.0, np.nan], "b": [1.0, 2.0]})
    assert comparable_columns(reference, current, ["a", "b", "c"]) == ["a"]
