"""NYC model inputs: nothing dated after a label's cut-off, sensible values, monotone where the domain says so."""

import numpy as np
import pandas as pd
import pytest

from models.risk_model import RiskModel, RiskModelParams
from training.realdata.baselines import aep_inputs, aep_rule_scores
from training.realdata.nyc import LABELS, column_year, label_vector
from training.realdata.nyc_features import SIZE_FEATURES, build_features, size_spec


@pytest.mark.parametrize("label", LABELS, ids=lambda label: label.key)
def test_no_feature_is_dated_after_the_cutoff(nyc_like, label):
    frame = nyc_like(300, 1)
    features, spec = build_features(frame, label)
    assert list(features.columns) == list(spec.names)
    years = [column_year(name) for name in spec.names]
    assert all(year is None or year <= label.cutoff_year for year in years)
    # Scramble every column dated after the cut-off: the features must not move at all.
    later = [c for c in frame.columns if (column_year(c) or 0) > label.cutoff_year]
    assert label.target in later
    scrambled = frame.copy()
    scrambled[later] = np.random.default_rng(9).uniform(0, 50, (len(frame), len(later)))
    pd.testing.assert_frame_equal(build_features(scrambled, label)[0], features)


def test_label_b_adds_later_years_and_filings(nyc_like):
    frame = nyc_like(200, 2)
    names_a = set(build_features(frame, LABELS[0])[1].names)
    names_b = set(build_features(frame, LABELS[1])[1].names)
    assert {"viol_ser_2016", "lit_2015", "filings_2013_2015", "comp_2015"} <= names_b - names_a
    assert "viol_vs_tract_2014" in names_a
    assert "viol_vs_tract_2016" in names_b


def test_values_are_finite_rates_counts_and_codes(nyc_like):
    frame = nyc_like(200, 3)
    frame.loc[0, "viol_trct_2014"] = 0.0
    features, spec = build_features(frame, LABELS[0])
    assert np.isfinite(features.to_numpy(dtype=float)[~features.isna().to_numpy()]).all()
    np.testing.assert_allclose(features["log_res_units"], np.log1p(frame["res_units"]))
    serious = frame["viol_bbl_ser_2013"] + frame["viol_bbl_ser_2014"]
    np.testing.assert_allclose(features["viol_ser_total"], serious)
    np.testing.assert_allclose(features["log_viol_ser_count"], np.log1p(serious * frame["res_units"]))
    assert features["building_class_code"].isin([2.0, 3.0, 18.0]).all()  # C, D, S
    assert set(spec.family_of().values()) == {
        "building",
        "neighbourhood",
        "violations",
        "emergency_complaints",
        "litigation",
    }


def test_violations_complaints_and_court_history_are_constrained_upwards(nyc_like):
    _, spec = build_features(nyc_like(50, 4), LABELS[1])
    direction = dict(zip(spec.names, spec.monotone, strict=True))
    assert all(
        direction[n] == 1 for n in ("viol_ser_2016", "viol_ser_total", "comp_2015", "lit_2015", "filings_2013_2015")
    )
    assert all(direction[n] == 0 for n in ("log_res_units", "viol_oth_trend", "boro_code"))


def test_size_spec_keeps_only_unconstrained_size(nyc_like):
    _, spec = build_features(nyc_like(50, 5), LABELS[0])
    small = size_spec(spec)
    assert small.names == SIZE_FEATURES
    assert set(small.monotone) == {0}


def test_more_serious_violations_never_lower_the_fitted_risk(nyc_like):
    frame = nyc_like(6_000, 6)
    features, spec = build_features(frame, LABELS[0])
    y = label_vector(frame, LABELS[0])
    params = RiskModelParams(n_estimators=60, learning_rate=0.1, min_child_samples=40, n_jobs=1)
    model = RiskModel(spec, params).fit(features.iloc[:4_500], y[:4_500], features.iloc[4_500:], y[4_500:])
    worse = frame.head(500).copy()
    worse[["viol_bbl_ser_2013", "viol_bbl_ser_2014"]] += [1.0, 3.0]
    before = model.raw_proba(build_features(frame.head(500), LABELS[0])[0])
    after = model.raw_proba(build_features(worse, LABELS[0])[0])
    assert (after >= before - 1e-12).all()
    assert after.mean() > before.mean()


@pytest.mark.parametrize("label", LABELS, ids=lambda label: label.key)
def test_the_enforcement_rule_is_an_input_as_the_rule_scores_it(nyc_like, label):
    frame = nyc_like(300, 4)
    features, spec = build_features(frame, label)
    np.testing.assert_allclose(features["aep_rule_score"], aep_rule_scores(frame, label))
    np.testing.assert_allclose(features["aep_serious_ratio"], aep_inputs(frame, label)["aep_serious_ratio"])
    assert spec.monotone[spec.names.index("aep_rule_score")] == 1
