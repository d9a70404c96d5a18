import numpy as np
import pandas as pd
import pytest

from training.frames import _sample, _thin, keep_shares, negative_keep_share
from training.split import TimeSplit


def test_keep_share_only_thins_windows_above_the_budget():
    assert negative_keep_share(1_000, 2_000) == 1.0
    assert negative_keep_share(8_000, 2_000) == pytest.approx(0.25)


def test_thinning_keeps_every_positive_and_restores_the_negative_count_by_weight():
    rng = np.random.default_rng(0)
    chunk = pd.DataFrame({"label": (rng.random(100_000) < 0.03).astype(int), "x": rng.random(100_000)})
    thinned = _thin(chunk, 0.25, np.random.default_rng(1))
    assert thinned["label"].sum() == chunk["label"].sum()
    negatives = thinned[thinned["label"] == 0]
    assert len(negatives) == pytest.approx(0.25 * (chunk["label"] == 0).sum(), rel=0.03)
    assert negatives["weight"].sum() == pytest.approx((chunk["label"] == 0).sum(), rel=0.03)
    assert (thinned.loc[thinned["label"] == 1, "weight"] == 1.0).all()


def test_no_thinning_gives_unit_weights():
    chunk = pd.DataFrame({"label": [0, 1, 0]})
    assert _thin(chunk, 1.0, np.random.default_rng(0))["weight"].tolist() == [1.0, 1.0, 1.0]


def test_keep_shares_sample_the_test_window_only_beyond_its_budget():
    months = [pd.Timestamp(f"2024-{m:02d}-01") for m in range(1, 13)]
    split = TimeSplit(
        train=tuple(months[:6]), validation=(months[7],), calibration=(months[8],), test=tuple(months[9:])
    )
    district = keep_shares(400_000, split, 1_500_000, 600_000, 4_000_000)
    assert district[2] == 1.0  # luohu's 3 test months are 1.2 M rows: kept whole
    city = keep_shares(6_500_000, split, 1_500_000, 600_000, 4_000_000)
    assert city[2] == pytest.approx(4_000_000 / (6_500_000 * 3))
    assert city[0] == pytest.approx(1_500_000 / (6_500_000 * 6))
    assert city[1] == pytest.approx(600_000 / 6_500_000)


def test_a_sampled_test_window_is_uniform_and_unweighted():
    rng = np.random.default_rng(0)
    chunk = pd.DataFrame({"label": (rng.random(200_000) < 0.02).astype(int)})
    kept = _sample(chunk, 0.1, np.random.default_rng(1))
    assert len(kept) == pytest.approx(20_000, rel=0.03)
    assert kept["label"].mean() == pytest.approx(chunk["label"].mean(), rel=0.1)
    assert "weight" not in kept
