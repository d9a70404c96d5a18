import json

import numpy as np
import pandas as pd
import pytest

from models.pyfunc import DisputeRiskPyfunc
from models.risk_model import RiskModel, RiskModelParams
from tests.conftest import SPEC, make_frame


def test_more_unpaid_bills_never_lower_risk(fitted_model, rows_like):
    rows = rows_like(2_000, 11)
    base = fitted_model.predict_proba(rows)
    more = rows.assign(
        arrears_unpaid_bills=rows["arrears_unpaid_bills"] + 2, arrears_overdue_cny=rows["arrears_overdue_cny"] + 500
    )
    assert np.all(fitted_model.predict_proba(more) >= base - 1e-12)
    assert fitted_model.predict_proba(more).mean() > base.mean()


def test_resolving_open_complaints_never_raises_risk(fitted_model, rows_like):
    rows = rows_like(2_000, 12)
    resolved = rows.assign(complaints_unit_open=0.0)
    assert np.all(fitted_model.predict_proba(resolved) <= fitted_model.predict_proba(rows) + 1e-12)


def test_renaming_ids_changes_nothing(fitted_model, rows_like):
    rows = rows_like(500, 13)
    renamed = rows.assign(unit_id=[f"X-{i}" for i in range(len(rows))])
    pyfunc = DisputeRiskPyfunc(fitted_model, 90)
    pd.testing.assert_frame_equal(pyfunc.score(rows), pyfunc.score(renamed))


def test_contributions_add_up_to_the_raw_log_odds(fitted_model, rows_like):
    rows = rows_like(300, 14)
    raw = fitted_model.raw_proba(rows)
    total = fitted_model.contributions(rows).sum(axis=1).to_numpy()
    np.testing.assert_allclose(1 / (1 + np.exp(-total)), raw, rtol=1e-6)


def test_reasons_name_the_families_that_raise_risk_most(fitted_model, rows_like):
    rows = rows_like(400, 15)
    scored = DisputeRiskPyfunc(fitted_model, 90).score(rows)
    # The reference is LightGBM's own pred_contrib, summed by family, not the model's faster tables.
    matrix = fitted_model.spec.matrix(rows).to_numpy()
    contrib = fitted_model.booster_.predict(matrix, num_iteration=fitted_model.best_iteration_, pred_contrib=True)
    names = sorted(set(fitted_model.spec.families))
    members = {n: [i for i, f in enumerate(fitted_model.spec.families) if f == n] for n in names}
    family = pd.DataFrame({n: contrib[:, members[n]].sum(axis=1) for n in names}, index=rows.index)
    for i in range(len(rows)):
        reasons = json.loads(scored["reasons"].iloc[i])
        positive = family.iloc[i][family.iloc[i] > 0].sort_values(ascending=False)
        assert [r["family"] for r in reasons] == list(positive.index[:3])
        for r in reasons:
            assert r["contribution"] == pytest.approx(family.iloc[i][r["family"]], abs=1e-4)


def test_reason_sentences_carry_the_units_values(fitted_model, rows_like):
    rows = rows_like(50, 16).assign(arrears_unpaid_bills=3.0, arrears_overdue_cny=1230.0)
    reasons = json.loads(DisputeRiskPyfunc(fitted_model, 90).score(rows)["reasons"].iloc[0])
    arrears = next(r for r in reasons if r["family"] == "arrears")
    assert arrears["zh"] == "3 笔物业费未缴，欠费 ¥1,230"
    assert arrears["en"] == "3 unpaid bills, ¥1,230 overdue"


def test_bands_are_ordered_by_probability(fitted_model, rows_like):
    scored = DisputeRiskPyfunc(fitted_model, 90).score(rows_like(3_000, 17), with_reasons=False)
    order = {"low": 0, "medium": 1, "high": 2, "critical": 3}
    ranked = scored.assign(level=scored["band"].map(order)).sort_values("probability")
    assert ranked["level"].is_monotonic_increasing


def test_the_dask_booster_takes_the_models_arguments():
    from training.dask_fit import dask_classifier

    params = RiskModelParams(n_estimators=60, learning_rate=0.07, num_leaves=9, reg_lambda=3.0, n_jobs=1, seed=5)
    frame = make_frame(2_000, 3)
    local = RiskModel(SPEC, params).fit(frame, frame["label"].to_numpy(), frame, frame["label"].to_numpy())
    dask = dask_classifier(None, SPEC, params, threads=3).get_params()  # type: ignore[arg-type]
    fitted = local.estimator_.get_params()
    assert dask.pop("n_jobs") == 3
    assert dask.pop("client") is None
    fitted.pop("n_jobs")
    assert dask == fitted
    assert fitted["num_leaves"] == 9
    assert fitted["monotone_constraints"] == list(SPEC.monotone)
