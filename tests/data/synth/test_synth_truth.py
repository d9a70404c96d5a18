"""Ground truth: which as-of dates it covers, and that p_true ranks and scales like the realised labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from data.synth import World
from data.synth.calendar import build_calendar
from data.synth.truth import labelled_months, p_true, window_fractions


def test_truth_covers_every_unit_at_every_labelled_month(small_world: World) -> None:
    truth = small_world.truth
    expected = pd.date_range("2023-01-01", "2024-10-01", freq="MS")
    assert sorted(truth.as_of.unique()) == list(expected)
    assert (truth.groupby("as_of").unit_id.nunique() == 6_000).all()
    assert not truth.duplicated(["unit_id", "as_of"]).any()
    assert ((truth.as_of + pd.Timedelta(days=90)) <= pd.Timestamp("2025-01-01")).all()
    assert list(truth.columns) == ["unit_id", "as_of", "p_true"]


def test_p_true_is_a_probability_that_separates_the_labels(small_labels: pd.DataFrame) -> None:
    p, y = small_labels.p_true, small_labels.y
    assert ((p > 0) & (p < 1)).all()
    assert p[y == 1].mean() > 3 * p[y == 0].mean()
    assert roc_auc_score(y, p) > 0.75
    assert 0.75 < p.mean() / y.mean() < 1.25


def test_the_oracle_beats_a_score_from_visible_arrears(small_world: World, small_labels: pd.DataFrame, unpaid) -> None:
    as_of = pd.Timestamp("2024-03-01")
    rows = small_labels[small_labels.as_of == as_of].set_index("unit_id")
    arrears = unpaid(small_world, as_of).reindex(rows.index)
    assert roc_auc_score(rows.y, rows.p_true) > roc_auc_score(rows.y, arrears)


def test_window_fractions_cover_exactly_ninety_days() -> None:
    cal = build_calendar("2024-01", 6)
    for m in labelled_months(cal):
        assert np.isclose((window_fractions(cal, m) * cal.days).sum(), 90)
    assert window_fractions(cal, 0)[:4] == pytest.approx([1, 1, 30 / 31, 0])  # Jan+Feb 2024 = 60 days
    assert list(labelled_months(cal)) == [0, 1, 2, 3]  # 2024-04-01 + 90 days = 2024-06-30


def test_p_true_compounds_a_frozen_monthly_hazard() -> None:
    cal = build_calendar("2023-01", 4)  # Jan+Feb+Mar 2023 = 90 days: exactly three whole months
    hazard = np.array([[0.1, 0.0], [0.9, 0.9], [0.9, 0.9], [0.9, 0.9]])
    assert p_true(hazard, cal)[0] == pytest.approx([1 - 0.9**3, 0.0])


def test_realised_labels_match_a_direct_join(small_world: World, small_labels: pd.DataFrame) -> None:
    from data.synth.summary import headline, realised_labels

    assert (realised_labels(small_world) == small_labels.y.to_numpy()).all()
    figures = headline(small_world)
    assert figures["base_rate_90d"] == pytest.approx(small_labels.y.mean())
    assert 0.75 < figures["oracle_roc_auc"] < 1
