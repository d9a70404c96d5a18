"""Cross-validation on NYC-shaped frames: the inner split, fold metrics, baselines and determinism."""

import numpy as np
import pytest

from models.risk_model import RiskModelParams
from training.realdata.evaluation import (
    RealDataConfig,
    evaluate_label,
    evaluate_nyc,
    ranking_metrics,
    split_training_part,
)
from training.realdata.nyc import LABELS

# Large enough that a fold's ECE (calibrated on 15% of the training part) measures calibration, not sampling noise.
ROWS = 10_000
FAST = RealDataConfig(
    folds=3, seed=5, params=RiskModelParams(n_estimators=80, learning_rate=0.1, min_child_samples=40, n_jobs=1)
)


@pytest.fixture(scope="module")
def evaluations(nyc_like):
    return evaluate_nyc(nyc_like(ROWS, 11), FAST)


def test_ranking_metrics_count_the_top_of_the_whole_fold():
    y = np.array([1] * 3 + [0] * 197)
    score = np.linspace(1, 0, 200)
    score[2] = -1.0  # one positive falls to the bottom
    metrics = ranking_metrics(y, score)
    assert metrics["precision_at_1pct"] == 1.0  # top 2 rows
    assert metrics["precision_at_5pct"] == 0.2  # 2 of the top 10
    assert metrics["recall_at_5pct"] == pytest.approx(2 / 3)
    assert 0.6 < metrics["roc_auc"] < 1.0


def test_training_part_splits_into_disjoint_stratified_parts():
    y = np.array([1] * 100 + [0] * 900)
    parts = split_training_part(y, RealDataConfig(), seed=3)
    together = np.concatenate([parts.fit, parts.stop, parts.calibrate])
    assert sorted(together.tolist()) == list(range(1_000))
    assert (len(parts.fit), len(parts.stop), len(parts.calibrate)) == (700, 150, 150)
    assert [int(y[p].sum()) for p in (parts.fit, parts.stop, parts.calibrate)] == [70, 15, 15]


def test_every_fold_reports_model_rule_size_and_logistic(evaluations):
    assert list(evaluations) == ["label_a", "label_b"]
    for evaluation in evaluations.values():
        assert len(evaluation.folds) == 3
        for fold in evaluation.folds:
            for key in (
                "roc_auc",
                "pr_auc",
                "precision_at_1pct",
                "ece",
                "rule_precision_at_1pct",
                "size_only_roc_auc",
                "logistic_pr_auc",
            ):
                assert 0 <= fold[key] <= 1, key
        assert sum(evaluation.lead_reasons.values()) > 0


def test_model_learns_the_planted_signal_beyond_size(evaluations):
    for key, driver_family in (("label_a", "violations"), ("label_b", "eviction_filings")):
        folds = evaluations[key].folds
        model = np.mean([f["roc_auc"] for f in folds])
        size_only = np.mean([f["size_only_roc_auc"] for f in folds])
        assert model > size_only + 0.05, key
        assert model > 0.7, key
        assert max(evaluations[key].lead_reasons, key=evaluations[key].lead_reasons.get) == driver_family


def test_probabilities_are_calibrated_on_held_out_folds(evaluations):
    for evaluation in evaluations.values():
        for fold in evaluation.folds:
            assert fold["ece"] < 0.02
            assert abs(fold["mean_probability"] - fold["base_rate"]) < 0.02


def test_same_seed_gives_the_same_numbers(nyc_like, evaluations):
    again = evaluate_label(nyc_like(ROWS, 11), LABELS[0], FAST)
    assert again.folds == evaluations["label_a"].folds


def test_too_few_positives_is_a_clear_error(nyc_like):
    frame = nyc_like(400, 12)
    frame["lit_2015"] = 0.0
    frame.loc[:3, "lit_2015"] = 1.0
    with pytest.raises(ValueError, match="only 4 positive buildings"):
        evaluate_label(frame, LABELS[0], FAST)
