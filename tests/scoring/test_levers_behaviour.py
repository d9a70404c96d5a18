"""Behaviour of levers on a model trained on the small world with the catalogue's monotone constraints.

A lever that only removes risk factors never raises risk; a lever never changes the past; only levers that apply
are offered; one unit's lever equals the batch path's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.loading import load_dataset
from features import FEATURES, build_training_frame
from features.levers import LEVER_BY_CODE, LEVERS, LeverNames, edit, writes
from models.bands import Bands
from models.calibration import Calibrator
from models.pyfunc import DisputeRiskPyfunc
from models.risk_model import RiskModel, RiskModelParams
from models.spec import FeatureSpec
from scoring.levers import MIN_DROP, community_levers, levers_for_units, lowering, top_levers, unit_levers

PAST = ("history_unit_disputes", "history_unit_days_since_dispute", "context_building_age_years",
        "arrears_late_share_12m", "complaints_unit_365d", "context_tenure_years")  # fmt: skip


@pytest.fixture(scope="module")
def trained(small_world_dir) -> tuple[DisputeRiskPyfunc, pd.DataFrame]:
    world = load_dataset(small_world_dir)
    months = list(pd.date_range("2023-09-01", "2024-06-01", freq="MS"))
    frame = build_training_frame(world, months, 90)
    spec = FeatureSpec.from_catalogue(FEATURES, frame.columns)
    train, valid = frame[frame["as_of"] < "2024-04-01"], frame[frame["as_of"] >= "2024-04-01"]
    params = RiskModelParams(n_estimators=80, learning_rate=0.1, min_child_samples=100)
    model = RiskModel(spec, params).fit(train, train["label"].to_numpy(), valid, valid["label"].to_numpy())
    raw = model.raw_proba(valid)
    calibrator = Calibrator("isotonic").fit(raw, valid["label"].to_numpy())
    model.set_calibration(calibrator, Bands.from_scores(calibrator.transform(raw)))
    return DisputeRiskPyfunc(model, 90), valid[valid["as_of"] == valid["as_of"].max()].reset_index(drop=True)


def _matrix(pyfunc: DisputeRiskPyfunc, frame: pd.DataFrame) -> np.ndarray:
    return pyfunc.model.spec.matrix(frame).to_numpy()


def test_monotone_levers_never_raise_risk_on_random_units(trained):
    pyfunc, frame = trained
    rows = frame.sample(n=min(800, len(frame)), random_state=5)
    results = levers_for_units(pyfunc, _matrix(pyfunc, rows))
    pulled = [(p, lever) for p, levers in results for lever in levers if LEVER_BY_CODE[lever.lever].monotone]
    assert len(pulled) > 50, "the sample should hold units with arrears, complaints or repairs to fix"
    assert all(lever.probability_after <= p + 1e-12 for p, lever in pulled)


def test_levers_never_change_the_past_and_only_write_what_they_declare(trained):
    pyfunc, frame = trained
    values = {name: frame[name].to_numpy(np.float64) for name in pyfunc.feature_names}
    names = LeverNames.for_config()
    for lever in LEVERS:
        changed = edit(lever, values, names)
        assert set(changed) <= set(writes(lever, names))
        assert not set(changed) & set(PAST)


def test_only_levers_that_apply_are_listed(trained):
    pyfunc, frame = trained
    calm = frame[(frame["arrears_unpaid_bills"] == 0) & (frame["repairs_unit_overdue"] == 0)].head(50)
    for _, levers in levers_for_units(pyfunc, _matrix(pyfunc, calm)):
        assert not {"settle_arrears", "close_overdue_repairs"} & {lever.lever for lever in levers}
    owing = frame[frame["arrears_unpaid_bills"] >= 2].head(20)
    for _, levers in levers_for_units(pyfunc, _matrix(pyfunc, owing)):
        assert "settle_arrears" in {lever.lever for lever in levers}


def test_closing_repairs_moves_them_from_open_to_completed_and_lowers_the_community_rate(trained):
    pyfunc, frame = trained
    values = {name: frame[name].to_numpy(np.float64) for name in pyfunc.feature_names}
    changed = edit(LEVER_BY_CODE["close_overdue_repairs"], values, LeverNames.for_config())
    overdue, units = values["repairs_unit_overdue"], values["context_community_units"]
    assert (changed["repairs_unit_overdue"] == 0).all()
    np.testing.assert_allclose(changed["repairs_unit_open"], np.maximum(values["repairs_unit_open"] - overdue, 0))
    expected = np.maximum(values["repairs_community_overdue_per100"] - overdue * 100 / units, 0)
    np.testing.assert_allclose(changed["repairs_community_overdue_per100"], expected)


def test_the_batch_top_lever_is_the_units_best_lever(trained):
    pyfunc, frame = trained
    matrix = _matrix(pyfunc, frame.head(300))
    top = top_levers(pyfunc, matrix)
    for i in range(0, 300, 7):
        probability, levers = unit_levers(pyfunc, matrix[i])
        best, idle = lowering(probability, levers)
        assert all(lever.probability_after > probability - MIN_DROP for lever in idle)
        assert top.lever[i] == (best[0].lever if best else "")
        if best:
            assert top.probability_after[i] == pytest.approx(best[0].probability_after, abs=1e-12)


def test_a_community_lever_applied_everywhere_sums_its_units(trained):
    pyfunc, frame = trained
    community = frame[frame["community_id"] == frame["community_id"].iloc[0]]
    expected, levers = community_levers(pyfunc, _matrix(pyfunc, community))
    assert expected == pytest.approx(pyfunc.model.predict_proba(_matrix(pyfunc, community)).sum())
    for lever in levers:
        if LEVER_BY_CODE[lever.lever].monotone:
            assert lever.expected_disputes_after <= expected + 1e-9


def test_the_model_keeps_every_monotone_constraint(trained):
    """More of a +1 feature never lowers risk, more of a −1 feature never raises it (LightGBM's "advanced" method
    broke this; the model uses "intermediate")."""
    pyfunc, frame = trained
    rows = _matrix(pyfunc, frame.sample(n=min(400, len(frame)), random_state=11))
    base = pyfunc.model.raw_proba(rows)
    for j, direction in enumerate(pyfunc.model.spec.monotone):
        if direction == 0:
            continue
        raised = rows.copy()
        raised[:, j] = rows[:, j] * 2 + 1  # NaN stays NaN: the constraint says nothing about missing values
        change = (pyfunc.model.raw_proba(raised) - base) * direction
        assert change.min() >= -1e-12, pyfunc.feature_names[j]
