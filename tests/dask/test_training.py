"""lightgbm.dask training gives the same kind of artifact as in-process training, within 0.01 ROC-AUC of it."""

import pickle

import numpy as np
import pandas as pd
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


def _window(outcome, dates, positives_only: bool = False) -> pd.DataFrame:
    frame = outcome.frame
    rows = frame["as_of"].isin(dates) & ((frame["label"] == 1) if positives_only else True)
    columns = ["unit_id", "as_of", "label", *outcome.fitted.pyfunc.feature_names]
    return frame.loc[rows, columns].sort_values(["unit_id", "as_of"]).reset_index(drop=True)


def test_the_windows_hold_the_in_process_features_and_labels(local_outcome, dask_outcome):
    """Features at every snapshot of the split (each with its own broadcast context) and labels, row for row: the
    unthinned windows whole, and the train window's positives, which thinning always keeps."""
    split = local_outcome.fitted.split
    for dates in (split.validation, split.calibration, split.test):
        pd.testing.assert_frame_equal(_window(dask_outcome, dates), _window(local_outcome, dates))
    positives = [_window(o, split.train, positives_only=True) for o in (dask_outcome, local_outcome)]
    assert len(positives[0]) > 0
    pd.testing.assert_frame_equal(*positives)


def test_the_dask_run_reports_how_long_each_stage_took(local_outcome, dask_outcome):
    stages = dask_outcome.stages
    assert [name.split(" ")[0] for name in stages] == ["contexts", "split", "booster,", "evaluation"]
    assert all(seconds > 0 for seconds in stages.values())
    assert "partitions" in list(stages)[1]
    assert local_outcome.stages == {}  # the in-process run does not time its stages
