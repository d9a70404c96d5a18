import numpy as np
import pytest

from models.bands import Bands
from models.calibration import Calibrator, choose_calibrator
from models.metrics import expected_calibration_error


def test_bands_follow_top_shares():
    bands = Bands.from_scores(np.linspace(0, 1, 10_001))
    assert bands.medium == pytest.approx(0.8)
    assert bands.high == pytest.approx(0.95)
    assert bands.critical == pytest.approx(0.99)
    assert bands.assign(np.array([0.0, 0.85, 0.96, 1.0])).tolist() == ["low", "medium", "high", "critical"]


def test_bands_stay_ordered_when_scores_tie():
    bands = Bands.from_scores(np.zeros(100))
    assert bands.medium <= bands.high <= bands.critical


@pytest.mark.parametrize("method", ["platt", "isotonic"])
def test_calibrators_repair_overconfident_scores(method):
    rng = np.random.default_rng(0)
    true_p = rng.uniform(0, 0.2, 20_000)
    y = (rng.uniform(size=true_p.size) < true_p).astype(int)
    raw = np.clip(true_p * 3, 0, 1)  # three times too confident
    calibrated = Calibrator(method).fit(raw, y).transform(raw)
    assert expected_calibration_error(y, raw) > 0.1
    assert expected_calibration_error(y, calibrated) < 0.01


def test_choose_calibrator_reports_both_and_picks_the_lower_error():
    rng = np.random.default_rng(1)
    true_p = rng.uniform(0, 0.2, 12_000)
    y = (rng.uniform(size=true_p.size) < true_p).astype(int)
    groups = np.repeat(np.arange(3), 4_000)
    chosen, errors = choose_calibrator(true_p**0.5, y, groups, expected_calibration_error)
    assert set(errors) == {"platt", "isotonic"}
    assert errors[chosen.method] == min(errors.values())
