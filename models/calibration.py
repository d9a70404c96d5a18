"""Probability calibration of raw model scores: Platt scaling or isotonic regression."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

CalibrationMethod = Literal["platt", "isotonic"]
TIE_BREAK = 1e-6


def _logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(clipped / (1 - clipped))


@dataclass
class Calibrator:
    """Maps raw probabilities to calibrated ones; fitted on a window later than the training data."""

    method: CalibrationMethod = "isotonic"

    def fit(self, raw: np.ndarray, y: np.ndarray) -> Calibrator:
        if self.method == "platt":
            self.platt_ = LogisticRegression(C=1e6).fit(_logit(raw).reshape(-1, 1), y)
        else:
            self.isotonic_ = IsotonicRegression(out_of_bounds="clip", y_min=1e-6, y_max=1 - 1e-6).fit(raw, y)
        return self

    def transform(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for raw scores."""
        if self.method == "platt":
            return np.asarray(self.platt_.predict_proba(_logit(raw).reshape(-1, 1))[:, 1])
        # Isotonic steps are flat; a negligible share of the raw score keeps the ranking strict inside a step,
        # so the outreach queue and precision@k never fall back to row order.
        return np.asarray(self.isotonic_.predict(raw)) + TIE_BREAK * raw


def choose_calibrator(
    raw: np.ndarray, y: np.ndarray, groups: np.ndarray, score: Callable[[np.ndarray, np.ndarray], float]
) -> tuple[Calibrator, dict[str, float]]:
    """Pick Platt or isotonic by leave-one-group-out error on the calibration window, then refit on all of it."""
    results: dict[str, float] = {}
    methods: tuple[CalibrationMethod, ...] = ("platt", "isotonic")
    for method in methods:
        errors = []
        for g in np.unique(groups):
            held = groups == g
            if held.all() or y[~held].sum() == 0:
                continue
            fitted = Calibrator(method).fit(raw[~held], y[~held])
            errors.append(score(y[held], fitted.transform(raw[held])))
        results[method] = float(np.mean(errors)) if errors else float("inf")
    best: CalibrationMethod = "platt" if results["platt"] <= results["isotonic"] else "isotonic"
    return Calibrator(best).fit(raw, y), results
