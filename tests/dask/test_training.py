"""lightgbm.dask training gives the same kind of artifact as in-process training, within 0.01 ROC-AUC of it."""

import pickle

import numpy as np
import pytest

from models.pyfunc import DisputeRiskPyfunc
from models.risk_model import RiskModel

pytestmark = pytest.mark.slow


def test_quality_is_within_001_roc_auc_of_in_process(local_outcome, dask_outcome):
    local, distributed = local_outcome.metrics, dask_outcome.metrics
    assert set(distributed) == set(local)
    assert abs(distributed["roc_auc"] - local["roc_auc"]) <= 0.01
    assert abs(distributed["pr_auc"] - local["pr_auc"]) <= 0.03


def test_the_artifact_is_the_plain_pyfunc_and_survives_pickling(dask_outcome):
    pyfunc = dask_outcome.fitted.pyfunc
    assert isinstance(pyfunc, DisputeRiskPyfunc)
    assert isinstance(pyfunc.model, RiskModel)
    assert 0 < pyfunc.model.best_iteration_ <= pyfunc.model.params.n_estimators
    restored = pickle.loads(pickle.dumps(pyfunc))
    X = dask_outcome.reference.loc[:, list(pyfunc.feature_names)].to_numpy(np.float64)[:200]
    np.testing.assert_allclose(restored.model.predict_proba(X), pyfunc.model.predict_proba(X), atol=0)


def test_the_test_window_is_evaluated_in_full(local_outcome, dask_outcome):
    """Same months and the same number of test rows: calibration and evaluation saw the whole window."""
    assert dask_outcome.fitted.split == local_outcome.fitted.split
    local_scores, dask_scores = local_outcome.evaluation.scores, dask_outcome.evaluation.scores
    assert len(dask_scores) == len(local_scores)
    assert dask_outcome.metrics["slices_judged"] == local_outcome.metrics["slices_judged"]


def test_the_best_iteration_follows_the_early_stopping_rule():
    from training.dask_fit import best_iteration

    class Trees:  # a fake booster whose validation loss falls for 5 trees, then rises
        def num_trees(self) -> int:
            return 40

        def predict(self, X, start_iteration, num_iteration, raw_score):
            return np.full(len(X), -0.5 if start_iteration < 5 else 0.5)

    y = np.zeros(100)
    assert best_iteration(Trees(), np.zeros((100, 1)), y, patience=10) == 5
