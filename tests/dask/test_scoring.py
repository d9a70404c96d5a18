"""Batch scoring on the cluster equals in-process scoring with the same booster: probabilities, reasons, levers."""

import numpy as np
import pandas as pd
import pytest

from data.timeline import latest_as_of
from features import build_unit_features
from scoring.batch import score_features
from scoring.dask_engine import dask_batch_score

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def both_runs(local_outcome, small_parts, small_world):
    pyfunc = local_outcome.fitted.pyfunc
    when = latest_as_of(small_world)
    local = score_features(pyfunc, build_unit_features(small_world, when, pyfunc.feature_config), when)
    return local, dask_batch_score(small_parts, pyfunc, when)


def _order(frame: pd.DataFrame) -> np.ndarray:
    return np.argsort(frame["unit_id"].astype(str).to_numpy(), kind="stable")


def test_probabilities_agree_to_1e_12_and_reasons_and_bands_are_identical(both_runs):
    local, distributed = both_runs
    a, b = local.scores.iloc[_order(local.scores)], distributed.scores.iloc[_order(distributed.scores)]
    assert list(a["unit_id"]) == list(b["unit_id"])
    np.testing.assert_allclose(b["probability"], a["probability"], rtol=0, atol=1e-12)
    assert list(b["reasons"]) == list(a["reasons"])
    assert list(b["band"]) == list(a["band"])
    assert (b["as_of"].to_numpy() == a["as_of"].to_numpy()).all()


def test_feature_rows_levers_and_rollups_agree(both_runs):
    local, distributed = both_runs
    ia, ib = _order(local.scores), _order(distributed.scores)
    np.testing.assert_array_equal(distributed.matrix[ib], local.matrix[ia])
    assert list(distributed.levers.lever[ib]) == list(local.levers.lever[ia])
    np.testing.assert_allclose(distributed.levers.probability_after[ib], local.levers.probability_after[ia], atol=1e-12)
    pd.testing.assert_frame_equal(distributed.rollups, local.rollups, check_exact=False, rtol=1e-12)
    assert distributed.feature_names == local.feature_names
