import pandas as pd
import pytest

from models.pyfunc import DisputeRiskPyfunc
from training import tracking


@pytest.fixture
def logged(mlflow_home, fitted_model, rows_like):
    rows = rows_like(200, 21)
    pyfunc = DisputeRiskPyfunc(fitted_model, 90)
    run_id, version = tracking.log_training_run(
        pyfunc, rows, {"seed": 7}, {"pr_auc": 0.3, "ece": 0.01}, {}, {}, rows.head(10), "dispute-risk"
    )
    return pyfunc, rows, run_id, version


def test_registered_version_gets_the_challenger_alias(logged):
    *_, version = logged
    assert tracking.alias_version("dispute-risk", tracking.CHALLENGER) == version
    assert tracking.alias_version("dispute-risk", tracking.CHAMPION) is None
    assert tracking.run_metrics("dispute-risk", version)["pr_auc"] == pytest.approx(0.3)


def test_pyfunc_round_trip_through_the_registry_is_exact(logged):
    pyfunc, rows, _, _ = logged
    import mlflow.pyfunc

    loaded = mlflow.pyfunc.load_model("models:/dispute-risk@challenger")
    features = rows.loc[:, list(pyfunc.feature_names)]
    pd.testing.assert_frame_equal(loaded.predict(features), pyfunc.score(features))
    unwrapped = tracking.load_pyfunc("dispute-risk", tracking.CHALLENGER)
    pd.testing.assert_frame_equal(unwrapped.score(features), pyfunc.score(features))


def test_second_run_moves_the_challenger_and_keeps_the_champion(logged, rows_like):
    pyfunc, rows, _, first = logged
    tracking.set_alias("dispute-risk", tracking.CHAMPION, first)
    _, second = tracking.log_training_run(
        pyfunc, rows, {}, {"pr_auc": 0.31, "ece": 0.01}, {}, {}, rows.head(10), "dispute-risk"
    )
    assert tracking.alias_version("dispute-risk", tracking.CHALLENGER) == second != first
    assert tracking.alias_version("dispute-risk", tracking.CHAMPION) == first
