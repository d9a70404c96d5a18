"""Fit the risk model and its baselines on a time-split training frame."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field
from sklearn.pipeline import Pipeline

from features.config import FeatureConfig
from models.bands import Bands
from models.baselines import RuleScore, fit_logistic
from models.calibration import choose_calibrator
from models.metrics import expected_calibration_error
from models.pyfunc import DisputeRiskPyfunc
from models.risk_model import RiskModel, RiskModelParams
from models.rules import default_rule
from models.spec import FeatureSpec
from training.frames import LABEL, WEIGHT
from training.search import SearchReport, search
from training.split import SplitConfig, TimeSplit


class TrainingConfig(BaseModel):
    """Experiment parameters of one training run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    horizon_days: int = Field(default=90, gt=0)
    features: FeatureConfig = Field(default_factory=FeatureConfig)
    split: SplitConfig = Field(default_factory=SplitConfig)
    params: RiskModelParams = Field(default_factory=RiskModelParams)
    reference_rows: int = 50_000
    max_train_rows: int = 1_500_000
    max_window_rows: int = 600_000
    max_test_rows: int = 4_000_000
    search_seconds: float = Field(default=0.0, ge=0)
    """With a budget, training.search tries candidate parameters on the validation window (0: the defaults)."""
    seed: int = 7


# The logistic baseline learns from a (weight-proportional) sample: beyond this it gains nothing but memory.
LOGISTIC_ROWS = 300_000


@dataclass(frozen=True)
class FittedModels:
    """Everything fitted in one run, plus how the frame was split."""

    pyfunc: DisputeRiskPyfunc
    logistic: Pipeline
    rule: RuleScore
    split: TimeSplit
    calibration_errors: dict[str, float]
    search: SearchReport | None = None


def _window(frame: pd.DataFrame, dates: tuple[pd.Timestamp, ...]) -> pd.DataFrame:
    return frame[frame["as_of"].isin(dates)]


def fit_models(frame: pd.DataFrame, spec: FeatureSpec, cfg: TrainingConfig, split: TimeSplit) -> FittedModels:
    """Train on the train window, stop early on validation, calibrate and set bands on the calibration window."""
    train, valid, calib = (_window(frame, getattr(split, w)) for w in ("train", "validation", "calibration"))
    require_positives(split, train=train, validation=valid, calibration=calib)
    weights = _weights(train)
    y_train, y_valid = train[LABEL].to_numpy(), valid[LABEL].to_numpy()
    if cfg.search_seconds > 0:
        model, report = search(spec, cfg.params, train, y_train, valid, y_valid, weights, cfg.search_seconds)
        return replace(finish_models(model, train, calib, cfg, split), search=report)
    model = RiskModel(spec, cfg.params).fit(train, y_train, valid, y_valid, sample_weight=weights)
    return finish_models(model, train, calib, cfg, split)


def require_positives(split: TimeSplit, **windows: pd.DataFrame) -> None:
    """Fail with the window's dates when a window has no positive label to learn or calibrate from."""
    for name, part in windows.items():
        if part[LABEL].sum() == 0:
            raise ValueError(f"the {name} window ({split.describe().get(name)}) has no positive labels")


def finish_models(
    model: RiskModel, train: pd.DataFrame, calib: pd.DataFrame, cfg: TrainingConfig, split: TimeSplit
) -> FittedModels:
    """Calibrate and set bands on the calibration window; fit the baselines on (a sample of) the train window."""
    raw = model.raw_proba(calib)
    y_cal = calib[LABEL].to_numpy()
    calibrator, errors = choose_calibrator(raw, y_cal, calib["as_of"].to_numpy(), expected_calibration_error)
    model.set_calibration(calibrator, Bands.from_scores(calibrator.transform(raw)))
    fit_rows = train.sample(n=min(len(train), LOGISTIC_ROWS), weights=_weights(train), random_state=cfg.seed)
    return FittedModels(
        pyfunc=DisputeRiskPyfunc(model, cfg.horizon_days, cfg.features),
        logistic=fit_logistic(model.spec, fit_rows, fit_rows[LABEL].to_numpy(), cfg.seed),
        rule=default_rule(model.spec.names),
        split=split,
        calibration_errors=errors,
    )


def _weights(rows: pd.DataFrame) -> np.ndarray | None:
    return rows[WEIGHT].to_numpy() if WEIGHT in rows else None


def reference_sample(frame: pd.DataFrame, fitted: FittedModels, rows: int, seed: int) -> pd.DataFrame:
    """Training-window features with the model's probabilities, sampled (by row weight) for drift monitoring."""
    train = _window(frame, fitted.split.train)
    weights = train.get(WEIGHT)
    sample = train.sample(n=min(rows, len(train)), weights=weights, random_state=seed) if len(train) else train
    out = sample.loc[:, ["as_of", *fitted.pyfunc.feature_names]].copy()
    out["probability"] = fitted.pyfunc.model.predict_proba(sample) if len(sample) else np.array([])
    out.attrs = {}
    return out.reset_index(drop=True)
