import numpy as np
import pandas as pd
import pytest

from training.frames import _thin, negative_keep_share


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
