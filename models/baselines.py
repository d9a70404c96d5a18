"""Reference scorers the risk model must beat: a transparent outreach rule and a logistic regression."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from models.spec import FeatureSpec


@dataclass(frozen=True)
class RuleCriterion:
    """One point when `feature` ≥ `threshold`."""

    feature: str
    threshold: float


@dataclass(frozen=True)
class RuleScore:
    """A points rule in the spirit of NYC's Alternative Enforcement Program: count the thresholds a unit crosses.

    Ties within a point total are broken by `tiebreak` (e.g. overdue money), as a committee would.
    """

    criteria: tuple[RuleCriterion, ...]
    tiebreak: str | None = None

    def score(self, X: pd.DataFrame) -> np.ndarray:
        """Points plus a tie-break fraction below one point."""
        points = sum((X[c.feature].fillna(0).to_numpy() >= c.threshold).astype(float) for c in self.criteria)
        points = np.asarray(points, dtype=float)
        if self.tiebreak is None:
            return points
        t = X[self.tiebreak].fillna(0).to_numpy(dtype=float)
        return points + 0.999 * (t / (1.0 + np.abs(t))).clip(0, 1)


def logistic_baseline(seed: int = 7) -> Pipeline:
    """Median-imputed, standardised logistic regression with missing-value indicators."""
    return make_pipeline(
        SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
        StandardScaler(),
        LogisticRegression(C=1.0, max_iter=2000, random_state=seed),
    )


def fit_logistic(
    spec: FeatureSpec, X: pd.DataFrame, y: np.ndarray, seed: int = 7, sample_weight: np.ndarray | None = None
) -> Pipeline:
    """Fit the logistic baseline on the same feature columns as the risk model."""
    return logistic_baseline(seed).fit(spec.matrix(X).to_numpy(), y, logisticregression__sample_weight=sample_weight)
