import pickle

import lightgbm as lgb
import numpy as np
import pandas as pd
import pytest

from models.tree_shap import PARALLEL_ROWS, TreeShap


def _pred_contrib(booster: lgb.Booster, X: np.ndarray, num_iteration: int | None = None) -> np.ndarray:
    return np.asarray(booster.predict(X, num_iteration=num_iteration, pred_contrib=True))


def _messy_matrix(rows: int, seed: int) -> np.ndarray:
    """Continuous, count-like and mostly-zero columns, with NaNs and exact zeros."""
    rng = np.random.default_rng(seed)
    X = np.column_stack(
        [
            rng.normal(size=rows),
            rng.poisson(1.5, size=rows).astype(float),
            np.where(rng.random(rows) < 0.7, 0.0, rng.exponential(3.0, size=rows)),
            rng.uniform(-5, 5, size=rows),
            rng.integers(0, 3, size=rows).astype(float),
        ]
    )
    X[rng.random(X.shape) < 0.08] = np.nan
    return X


def _target(X: np.ndarray, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    filled = np.nan_to_num(X, nan=-1.0)
    logit = filled[:, 0] + 0.6 * filled[:, 1] - 0.4 * filled[:, 2] + 0.3 * filled[:, 0] * filled[:, 3] - 1.0
    return (rng.random(len(X)) < 1 / (1 + np.exp(-logit))).astype(int)


@pytest.fixture(scope="module", params=["nan_missing", "zero_as_missing", "deep"])
def booster(request: pytest.FixtureRequest) -> lgb.Booster:
    X = _messy_matrix(4_000, 1)
    params = {"objective": "binary", "verbose": -1, "seed": 3, "num_threads": 1, "min_data_in_leaf": 20}
    if request.param == "zero_as_missing":
        params |= {"zero_as_missing": True, "num_leaves": 15}
    elif request.param == "deep":
        params |= {"num_leaves": 63, "max_depth": 12, "min_data_in_leaf": 5}
    else:
        params |= {"num_leaves": 15}
    return lgb.train(params, lgb.Dataset(X, _target(X, 2)), num_boost_round=40)


def test_contributions_equal_lightgbm_pred_contrib(booster: lgb.Booster) -> None:
    X = _messy_matrix(1_500, 5)
    X[:20] = 0.0  # every split decided by a zero
    X[20:40] = np.nan  # every split decided by the missing-value rule
    np.testing.assert_allclose(TreeShap.from_booster(booster).contributions(X), _pred_contrib(booster, X), atol=1e-10)


def test_contributions_stop_at_the_requested_iteration(booster: lgb.Booster) -> None:
    X = _messy_matrix(300, 6)
    explained = TreeShap.from_booster(booster, num_iteration=7).contributions(X)
    np.testing.assert_allclose(explained, _pred_contrib(booster, X, num_iteration=7), atol=1e-10)
    assert not np.allclose(explained, _pred_contrib(booster, X))


def test_contributions_add_up_to_the_raw_score(booster: lgb.Booster) -> None:
    X = _messy_matrix(500, 7)
    total = TreeShap.from_booster(booster).contributions(X).sum(axis=1)
    np.testing.assert_allclose(total, booster.predict(X, raw_score=True), atol=1e-9)


def test_parallel_kernel_gives_the_serial_result(booster: lgb.Booster) -> None:
    X = _messy_matrix(PARALLEL_ROWS + 501, 8)
    explainer = TreeShap.from_booster(booster)
    np.testing.assert_array_equal(explainer.contributions(X, threads=2), explainer.contributions(X, threads=1))


def test_a_constant_model_puts_everything_in_the_bias() -> None:
    X = _messy_matrix(200, 9)
    booster = lgb.train(
        {"objective": "binary", "verbose": -1, "min_data_in_leaf": 500}, lgb.Dataset(X, _target(X, 1)), 3
    )
    explained = TreeShap.from_booster(booster).contributions(X)
    np.testing.assert_allclose(explained, _pred_contrib(booster, X), atol=1e-12)
    assert np.all(explained[:, :-1] == 0.0)


def test_wrong_width_is_a_clear_error(booster: lgb.Booster) -> None:
    with pytest.raises(ValueError, match="5 columns"):
        TreeShap.from_booster(booster).contributions(np.zeros((3, 4)))


def test_categorical_splits_are_refused() -> None:
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"kind": pd.Categorical(rng.integers(0, 6, 2_000)), "x": rng.normal(size=2_000)})
    y = (X["kind"].cat.codes.isin([1, 4]) ^ (rng.random(2_000) < 0.1)).astype(int)
    booster = lgb.train({"objective": "binary", "verbose": -1, "min_data_per_group": 5}, lgb.Dataset(X, y), 5)
    with pytest.raises(ValueError, match="numerical splits only"):
        TreeShap.from_booster(booster)


def test_risk_model_contributions_equal_pred_contrib(fitted_model, rows_like) -> None:
    rows = rows_like(400, 21)
    matrix = fitted_model.spec.matrix(rows).to_numpy()
    reference = _pred_contrib(fitted_model.booster_, matrix, fitted_model.best_iteration_)
    np.testing.assert_allclose(fitted_model.contributions(rows).to_numpy(), reference, atol=1e-10)
    families = fitted_model.family_contributions(rows)
    for family in families.columns:
        members = [i for i, f in enumerate(fitted_model.spec.families) if f == family]
        np.testing.assert_allclose(families[family].to_numpy(), reference[:, members].sum(axis=1), atol=1e-10)


def test_the_explainer_is_rebuilt_after_pickling_not_stored(fitted_model, rows_like) -> None:
    rows = rows_like(50, 22)
    before = fitted_model.contributions(rows)
    assert "_explainer" in fitted_model.__dict__
    restored = pickle.loads(pickle.dumps(fitted_model))
    assert "_explainer" not in restored.__dict__
    pd.testing.assert_frame_equal(restored.contributions(rows), before)


def test_a_model_the_tables_cannot_hold_falls_back_to_lightgbm(fitted_model, rows_like, monkeypatch, caplog) -> None:
    rows = rows_like(100, 23)
    model = pickle.loads(pickle.dumps(fitted_model))
    monkeypatch.setattr("models.tree_shap.MAX_PATH_FEATURES", 1)
    assert model.explainer is None
    assert "fall back to LightGBM" in caplog.text
    reference = _pred_contrib(model.booster_, model.spec.matrix(rows).to_numpy(), model.best_iteration_)
    np.testing.assert_allclose(model.contributions(rows).to_numpy(), reference, atol=1e-12)


def test_the_reasons_path_falls_back_too_and_says_so(fitted_model, rows_like, monkeypatch, caplog) -> None:
    rows = rows_like(100, 25)
    expected = fitted_model.family_contributions(rows)
    model = pickle.loads(pickle.dumps(fitted_model))
    monkeypatch.setattr("models.tree_shap.MAX_PATH_FEATURES", 1)
    pd.testing.assert_frame_equal(model.family_contributions(rows), expected, atol=1e-10)
    assert model.family_explainer is None
    assert "fall back to LightGBM" in caplog.text


def test_probabilities_from_the_contributions_equal_the_boosters(fitted_model, rows_like) -> None:
    matrix = fitted_model.spec.matrix(rows_like(500, 24)).to_numpy()
    probability, families = fitted_model.proba_and_families(matrix)
    np.testing.assert_allclose(probability, fitted_model.predict_proba(matrix), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(families, fitted_model.family_matrix(matrix), atol=1e-12)


def test_grouped_tables_give_the_sums_of_the_feature_contributions(booster: lgb.Booster) -> None:
    X = _messy_matrix(800, 10)
    groups = [2, 0, 2, 1, 0]
    grouped = TreeShap.from_booster(booster, groups=groups).contributions(X)
    reference = _pred_contrib(booster, X)
    assert grouped.shape == (800, 4)
    for group in range(3):
        members = [i for i, g in enumerate(groups) if g == group]
        np.testing.assert_allclose(grouped[:, group], reference[:, members].sum(axis=1), atol=1e-10)
    np.testing.assert_allclose(grouped[:, -1], reference[:, -1], atol=1e-12)


def test_groups_must_cover_every_feature(booster: lgb.Booster) -> None:
    with pytest.raises(ValueError, match="each of the 5 features"):
        TreeShap.from_booster(booster, groups=[0, 1])


def test_parallel_calls_from_several_threads_are_safe_and_exact(booster: lgb.Booster) -> None:
    from concurrent.futures import ThreadPoolExecutor

    X = _messy_matrix(PARALLEL_ROWS + 100, 11)
    explainer = TreeShap.from_booster(booster)
    expected = explainer.contributions(X)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: explainer.contributions(X, threads=2), range(8)))
    for result in results:
        np.testing.assert_array_equal(result, expected)
