import numpy as np
import pytest

from models.metrics import at_k_by_month, expected_calibration_error, score_metrics, top_k_mask


def test_ece_is_zero_for_probabilities_matching_bin_rates():
    y = np.array([0] * 9 + [1] + [1] * 10)
    p = np.array([0.1] * 10 + [1.0] * 10)
    assert expected_calibration_error(y, p, bins=2) == pytest.approx(0.0)


def test_ece_measures_overconfidence():
    y = np.zeros(100)
    p = np.full(100, 0.3)
    assert expected_calibration_error(y, p) == pytest.approx(0.3)


def test_top_k_takes_at_least_one_row_and_breaks_ties_by_position():
    mask = top_k_mask(np.array([0.5, 0.9, 0.9, 0.1]), 0.5)
    assert mask.tolist() == [False, True, True, False]
    assert top_k_mask(np.array([0.2, 0.1]), 0.01).tolist() == [True, False]


def test_precision_and_recall_at_k_are_averaged_over_months():
    # Month 1: 10 units, top 10% = 1 unit, a hit (1 of 2 positives). Month 2: the top unit is a miss.
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0] + [0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    s = np.array([9, 1, 0, 0, 0, 0, 0, 0, 0, 0] + [9, 1, 0, 0, 0, 0, 0, 0, 0, 0], dtype=float)
    months = np.array([1] * 10 + [2] * 10)
    precision, recall = at_k_by_month(y, s, months, 0.1)
    assert precision == pytest.approx(0.5)
    assert recall == pytest.approx((0.5 + 0.0) / 2)


def test_score_metrics_of_a_perfect_ranker():
    y = np.array([0] * 95 + [1] * 5)
    p = np.linspace(0, 1, 100)
    m = score_metrics(y, p, np.zeros(100))
    assert m["roc_auc"] == pytest.approx(1.0)
    assert m["pr_auc"] == pytest.approx(1.0)
    assert m["precision_at_5pct"] == pytest.approx(1.0)
    assert m["recall_at_5pct"] == pytest.approx(1.0)
