import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from data.loading import load_dataset
from features import build_labels, build_unit_features
from models.pyfunc import DisputeRiskPyfunc
from monitoring.performance import matured_months, performance_by_month, score_matured


@pytest.fixture(scope="module")
def dataset(small_world_dir):
    return load_dataset(small_world_dir)


@pytest.fixture(scope="module")
def model(fitted_model):
    return DisputeRiskPyfunc(fitted_model, 90)


def test_matured_months_follow_training_and_end_with_the_horizon(dataset):
    # The small world runs 2023-01 to 2024-12: a 90-day horizon from 2024-10-01 still ends inside it.
    months = matured_months(dataset, pd.Timestamp("2023-12-01"), pd.Timestamp("2025-01-01"), 90, last=24)
    assert months == list(pd.date_range("2024-01-01", "2024-10-01", freq="MS"))
    assert matured_months(dataset, pd.Timestamp("2023-12-01"), pd.Timestamp("2025-01-01"), 90, last=2) == months[-2:]
    # Monitoring as of an earlier date only counts horizons that had passed by then.
    early = matured_months(dataset, pd.Timestamp("2023-12-01"), pd.Timestamp("2024-06-01"), 90, last=24)
    assert early == list(pd.date_range("2024-01-01", "2024-03-01", freq="MS"))


def equal_mass_ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over ten bins of (nearly) equal size, sorted by probability."""
    frame = pd.DataFrame({"y": y, "p": p}).sort_values("p", kind="stable").reset_index(drop=True)
    sizes = [len(frame) // bins + (i < len(frame) % bins) for i in range(bins)]
    frame["bin"] = np.repeat(np.arange(bins), sizes)
    per_bin = frame.groupby("bin").agg(y=("y", "mean"), p=("p", "mean"), n=("y", "size"))
    return float((per_bin["n"] * (per_bin["p"] - per_bin["y"]).abs()).sum() / len(frame))


def test_performance_by_month_equals_an_independent_computation(dataset, model):
    months = list(pd.date_range("2024-05-01", "2024-08-01", freq="MS"))
    table = performance_by_month(score_matured(dataset, model, months)).set_index("as_of")
    assert list(table.index) == months
    for month in months:
        rows = build_unit_features(dataset, month).merge(build_labels(dataset, [month], 90), on=["unit_id", "as_of"])
        y, p = rows["label"].to_numpy(), model.score(rows, with_reasons=False)["probability"].to_numpy()
        got = table.loc[month]
        assert got["rows"] == len(rows) == len(dataset["units"])
        assert got["positives"] == y.sum() > 0
        assert got["roc_auc"] == pytest.approx(roc_auc_score(y, p), abs=1e-12)
        assert got["pr_auc"] == pytest.approx(average_precision_score(y, p), abs=1e-12)
        assert got["ece"] == pytest.approx(equal_mass_ece(y, p), abs=1e-12)
        assert got["base_rate"] == pytest.approx(y.mean())
        assert got["mean_probability"] == pytest.approx(p.mean())


def test_no_matured_month_gives_an_empty_table(dataset, model):
    table = performance_by_month(score_matured(dataset, model, []))
    assert table.empty
    assert "roc_auc" in table.columns
