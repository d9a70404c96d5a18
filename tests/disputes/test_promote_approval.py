"""`promote` approves what it moves to champion: the version is tagged with its artifact's hash, forced or not."""

from __future__ import annotations

from data.settings import Settings
from models.pyfunc import DisputeRiskPyfunc
from models.registry import CHAMPION, Registry
from training import tracking
from training.pipeline import run_promote


def _challenger(fitted_model, rows_like, metrics: dict[str, float]) -> str:
    pyfunc, rows = DisputeRiskPyfunc(fitted_model, 90), rows_like(50, 5)
    reference = rows.head(10).loc[:, ["as_of", *pyfunc.feature_names]]
    reference = reference.assign(probability=pyfunc.model.predict_proba(reference))
    return tracking.log_training_run(pyfunc, rows, {}, metrics, {}, {}, reference, "dispute-risk")[1]


def test_promote_tags_the_version_it_approves_and_serving_loads_it(mlflow_home, fitted_model, rows_like):
    version = _challenger(fitted_model, rows_like, {"pr_auc": 0.3, "ece": 0.01})
    result = run_promote(Settings())
    registry = Registry(Settings().tracking_uri, "dispute-risk")
    assert (result.promoted, result.forced) == (True, False)
    approval = registry.approval(version)
    assert approval is not None
    assert approval["forced"] is False
    assert len(str(approval["sha256"])) == 64
    assert registry.alias_version(CHAMPION) == version
    assert registry.load_approved().version == version


def test_a_forced_promotion_is_approved_and_says_so(mlflow_home, fitted_model, rows_like):
    version = _challenger(fitted_model, rows_like, {"pr_auc": 0.3, "ece": 0.5})  # fails the ECE gate
    assert not run_promote(Settings()).promoted
    assert Registry(Settings().tracking_uri, "dispute-risk").approval(version) is None
    result = run_promote(Settings(), force=True)
    assert (result.promoted, result.forced) == (True, True)
    assert Registry(Settings().tracking_uri, "dispute-risk").approval(version)["forced"] is True


def test_a_champion_set_by_hand_is_approved_only_by_force(mlflow_home, fitted_model, rows_like):
    version = _challenger(fitted_model, rows_like, {"pr_auc": 0.3, "ece": 0.01})
    registry = Registry(Settings().tracking_uri, "dispute-risk")
    registry.set_alias(CHAMPION, version)  # as an older release, or a hand, left it
    result = run_promote(Settings())
    assert not result.promoted
    assert "`disputes promote --force` approves it" in result.decision.reason
    assert registry.approval(version) is None
    assert run_promote(Settings(), force=True).promoted
    assert registry.approval(version)["forced"] is True
    assert "already the champion" in run_promote(Settings()).decision.reason
