"""training.search: candidates on the validation window within a budget; the lowest validation log-loss is kept."""

import numpy as np
import pytest

from models.metrics import log_loss
from models.risk_model import RiskModelParams
from tests.conftest import SPEC, make_frame
from training.search import SEARCH_SPACE, search

BASE = RiskModelParams(n_estimators=80, learning_rate=0.1, min_child_samples=50, n_jobs=1)


@pytest.fixture(scope="module")
def windows():
    train, valid = make_frame(8_000, 11), make_frame(4_000, 12)
    return train, train["label"].to_numpy(), valid, valid["label"].to_numpy()


def test_an_unlimited_budget_tries_every_candidate_and_keeps_the_lowest_validation_loss(windows):
    train, y_train, valid, y_valid = windows
    model, report = search(SPEC, BASE, train, y_train, valid, y_valid, None, budget_seconds=1e9)
    assert [c["name"] for c in report.candidates] == list(SEARCH_SPACE)
    losses = {c["name"]: c["validation_log_loss"] for c in report.candidates}
    assert report.chosen == min(losses, key=losses.__getitem__)
    assert log_loss(y_valid, model.raw_proba(valid)) == pytest.approx(losses[report.chosen], abs=1e-6)
    chosen = SEARCH_SPACE[report.chosen]
    assert all(getattr(model.params, k) == v for k, v in chosen.items())
    assert model.params.seed == BASE.seed
    assert model.params.n_jobs == 1


def test_a_spent_budget_still_fits_the_default_and_stops(windows):
    train, y_train, valid, y_valid = windows
    model, report = search(SPEC, BASE, train, y_train, valid, y_valid, None, budget_seconds=1e-9)
    assert [c["name"] for c in report.candidates] == ["default"]
    assert report.chosen == "default"
    assert model.params == BASE
    assert report.as_dict()["candidates"][0]["best_iteration"] >= 1


def test_log_loss_is_the_mean_negative_log_likelihood():
    y, p = np.array([1, 0]), np.array([0.8, 0.4])
    assert log_loss(y, p) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)
