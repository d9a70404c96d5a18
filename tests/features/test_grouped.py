"""Reductions over group codes, checked against pandas groupby."""

import numpy as np
import pandas as pd

from features.grouped import count_by, max_by, mean_by, median_by, per_units, ratio


def test_reductions_match_pandas() -> None:
    rng = np.random.default_rng(3)
    codes = rng.integers(-1, 12, 500)  # -1: no group
    values = rng.normal(size=500)
    values[rng.random(500) < 0.1] = np.nan
    mask = rng.random(500) < 0.7
    kept = pd.DataFrame({"g": codes, "v": values})[mask & (codes >= 0)]
    grouped = kept.groupby("g")["v"]
    n = 14  # groups 12 and 13 are empty
    expected_median = grouped.median().reindex(range(n)).to_numpy()
    expected_mean = grouped.mean().reindex(range(n)).to_numpy()
    np.testing.assert_allclose(median_by(codes, values, n, mask), expected_median)
    np.testing.assert_allclose(mean_by(codes, values, n, mask), expected_mean)
    assert count_by(codes, n, mask).tolist() == grouped.size().reindex(range(n), fill_value=0).tolist()


def test_median_of_even_and_odd_groups() -> None:
    codes = np.array([0, 0, 0, 1, 1, 1, 1])
    values = np.array([5.0, 1.0, 3.0, 4.0, 1.0, 2.0, 10.0])
    assert median_by(codes, values, 3).tolist()[:2] == [3.0, 3.0]
    assert np.isnan(median_by(codes, values, 3)[2])


def test_max_ratio_and_per_units() -> None:
    codes = np.array([0, 0, 1])
    assert max_by(codes, np.array([4, 9, 2]), 3).tolist()[:2] == [9, 2]
    assert max_by(codes, np.array([4, 9, 2]), 3)[2] == np.iinfo(np.int64).min
    assert np.isnan(ratio(np.array([1.0]), np.array([0.0])))[0]
    assert per_units(np.array([1.0, 2.0]), np.array([4.0, 0.0]))[0] == 25.0
