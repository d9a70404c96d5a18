import numpy as np
import pandas as pd
import pytest

from monitoring.config import MonitorConfig
from monitoring.verdict import Verdict, decide, recent_performance

CFG = MonitorConfig(warn_unexpected=2, retrain_unexpected=5, roc_auc_drop=0.05, pr_auc_ratio=0.7, ece_limit=0.02)
TEST = {"roc_auc": 0.86, "pr_auc": 0.24}


def months(roc: float = 0.86, pr: float = 0.24, ece: float = 0.005, n: int = 4) -> pd.DataFrame:
    return pd.DataFrame({
        "as_of": pd.date_range("2025-01-01", periods=n, freq="MS"),
        "roc_auc": roc, "pr_auc": pr, "ece": ece,
    })  # fmt: skip


INFO = {"column": "a", "check": "out_of_range", "severity": "info"}
WARN = {"column": "b", "check": "missing", "severity": "warn"}


def test_a_quiet_world_is_ok():
    decision = decide(["fees_due_per_m2"], False, [INFO], months(), TEST, CFG)
    assert decision.verdict is Verdict.ok
    assert decision.reasons == ()


@pytest.mark.parametrize(
    ("unexpected", "prediction", "quality", "reason"),
    [
        (["fees_due_per_m2", "fees_change_12m"], False, [], "2 features drift beyond"),
        ([], True, [], "predicted probability"),
        ([], False, [INFO, WARN], "1 data quality issues (missing)"),
    ],
)
def test_warn_reasons(unexpected, prediction, quality, reason):
    decision = decide(unexpected, prediction, quality, months(), TEST, CFG)
    assert decision.verdict is Verdict.warn
    assert any(reason in r for r in decision.reasons)


@pytest.mark.parametrize(
    ("performance", "reason"),
    [
        (months(roc=0.80), "ROC-AUC 0.800"),
        (months(pr=0.16), "PR-AUC 0.160"),
        (months(ece=0.03), "ECE"),
    ],
)
def test_decayed_matured_performance_means_retrain(performance, reason):
    decision = decide(["x", "y"], False, [], performance, TEST, CFG)
    assert decision.verdict is Verdict.retrain
    assert reason in decision.reasons[0]
    assert any("2 features drift" in r for r in decision.reasons[1:])


def test_broad_drift_alone_means_retrain():
    decision = decide(list("abcde"), False, [], months(), TEST, CFG)
    assert decision.verdict is Verdict.retrain


def test_only_the_latest_window_of_months_counts():
    performance = months(n=6)
    performance.loc[:2, "roc_auc"] = 0.5  # three bad months, then three good ones
    assert recent_performance(performance, 3)["roc_auc"] == pytest.approx(0.86)
    assert decide([], False, [], performance, TEST, CFG).verdict is Verdict.ok


def test_without_matured_months_or_test_metrics_performance_is_not_judged():
    empty = months(n=0)
    assert np.isnan(recent_performance(empty, 3)["roc_auc"])
    assert decide([], False, [], empty, TEST, CFG).verdict is Verdict.ok
    assert decide([], False, [], months(roc=0.5, pr=0.01), {}, CFG).verdict is Verdict.ok


@pytest.mark.parametrize(("upper", "verdict"), [(0.20, Verdict.ok), (0.15, Verdict.retrain)])
def test_a_pr_auc_decline_within_sampling_noise_is_not_decay(upper, verdict):
    # Threshold 0.7 × 0.24 = 0.168; the recent PR-AUC 0.14 is below it. An upper bound of 0.20 says the months could
    # as well be at the threshold (noise), one of 0.15 that even the luckiest resample is below it (decay).
    decision = decide([], False, [], months(pr=0.14), TEST, CFG, upper={"roc_auc": 0.9, "pr_auc": upper})
    assert decision.verdict is verdict


def test_the_bootstrap_bound_reflects_how_many_positives_there_are():
    from monitoring.performance import recent_upper_bounds

    rng = np.random.default_rng(3)

    def scored(rows: int) -> pd.DataFrame:
        y = (rng.random(rows * 3) < 0.02).astype(int)
        p = np.clip(0.02 + 0.03 * y + rng.normal(0, 0.03, rows * 3), 0, 1)  # weakly informative scores
        return pd.DataFrame({"as_of": np.repeat(pd.date_range("2025-01-01", periods=3, freq="MS"), rows),
                             "label": y, "probability": p})  # fmt: skip

    def spread(frame: pd.DataFrame) -> float:
        from models.metrics import safe_pr_auc

        point = np.mean([safe_pr_auc(g["label"].to_numpy(), g["probability"].to_numpy())
                         for _, g in frame.groupby("as_of")])  # fmt: skip
        return recent_upper_bounds(frame, 3, 200, seed=7)["pr_auc"] - point

    few, many = spread(scored(2_000)), spread(scored(40_000))
    assert few > 0  # the bound lies above the point estimate
    assert many > 0
    assert few > 2 * many  # and far closer to it with twenty times the rows
    assert np.isnan(recent_upper_bounds(scored(100).iloc[:0], 3, 200, seed=7)["pr_auc"])
