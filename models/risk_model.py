"""The dispute-risk model: monotone LightGBM, a calibrator fitted on a later window, bands and contributions."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from models.bands import Bands
from models.calibration import Calibrator
from models.spec import FeatureSpec


class RiskModelParams(BaseModel):
    """LightGBM hyper-parameters; seeds are fields, not globals."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    n_estimators: int = 800
    learning_rate: float = 0.04
    num_leaves: int = 15
    min_child_samples: int = 400
    subsample: float = 0.8
    colsample_bytree: float = 0.8
    reg_lambda: float = 1.0
    early_stopping_rounds: int = 60
    seed: int = 7
    n_jobs: int = 2


class RiskModel:
    """Gradient-boosted risk score with calibrated probabilities (scikit-learn style: fitted state ends in _)."""

    def __init__(self, spec: FeatureSpec, params: RiskModelParams | None = None) -> None:
        self.spec = spec
        self.params = params or RiskModelParams()

    def fit(
        self,
        X: pd.DataFrame,
        y: np.ndarray,
        X_valid: pd.DataFrame,
        y_valid: np.ndarray,
        sample_weight: np.ndarray | None = None,
    ) -> RiskModel:
        """Fit the booster, stopping early on the validation window's log-loss."""
        p = self.params
        self.estimator_ = lgb.LGBMClassifier(
            n_estimators=p.n_estimators, learning_rate=p.learning_rate, num_leaves=p.num_leaves,
            min_child_samples=p.min_child_samples, subsample=p.subsample, subsample_freq=1,
            colsample_bytree=p.colsample_bytree, reg_lambda=p.reg_lambda, random_state=p.seed,
            n_jobs=p.n_jobs, monotone_constraints=list(self.spec.monotone),
            monotone_constraints_method="advanced", verbose=-1,
        )  # fmt: skip
        self.estimator_.fit(
            self.spec.matrix(X), y, sample_weight=sample_weight,
            eval_X=self.spec.matrix(X_valid), eval_y=y_valid, eval_metric="binary_logloss",
            callbacks=[lgb.early_stopping(p.early_stopping_rounds, verbose=False)],
        )  # fmt: skip
        self.booster_ = self.estimator_.booster_
        self.best_iteration_ = int(self.estimator_.best_iteration_ or p.n_estimators)
        return self

    def raw_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Uncalibrated probabilities from the booster."""
        return np.asarray(self.booster_.predict(self.spec.matrix(X), num_iteration=self.best_iteration_))

    def set_calibration(self, calibrator: Calibrator, bands: Bands) -> RiskModel:
        self.calibrator_ = calibrator
        self.bands_ = bands
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Calibrated probability of a dispute within the horizon."""
        return self.calibrator_.transform(self.raw_proba(X))

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Per-feature contributions to the log-odds (LightGBM pred_contrib); the last column is the bias."""
        values = self.booster_.predict(self.spec.matrix(X), num_iteration=self.best_iteration_, pred_contrib=True)
        return pd.DataFrame(np.asarray(values), columns=[*self.spec.names, "bias"], index=X.index)

    def family_contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Contributions summed by feature family (one matrix product with a feature × family 0/1 matrix)."""
        values = np.asarray(
            self.booster_.predict(self.spec.matrix(X).to_numpy(), num_iteration=self.best_iteration_, pred_contrib=True)
        )[:, :-1]
        families = sorted(set(self.spec.families))
        membership = np.array([[f == fam for fam in families] for f in self.spec.families], dtype=np.float64)
        return pd.DataFrame(values @ membership, columns=families, index=X.index)
