"""Stratified cross-validation of the risk model and its baselines on the NYC panel, one label at a time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field
from sklearn.model_selection import StratifiedKFold, train_test_split

from models.bands import Bands
from models.baselines import fit_logistic
from models.calibration import choose_calibrator
from models.metrics import expected_calibration_error, safe_pr_auc, safe_roc_auc, top_k_mask
from models.risk_model import RiskModel, RiskModelParams
from models.spec import FeatureSpec
from training.realdata.baselines import aep_rule_scores
from training.realdata.nyc import LABELS, LabelSpec, label_vector
from training.realdata.nyc_features import build_features, size_spec


class RealDataConfig(BaseModel):
    """Cross-validation settings; every random choice is seeded from `seed`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    folds: int = Field(default=5, ge=2)
    seed: int = 7
    early_stopping_share: float = 0.15
    calibration_share: float = 0.15
    calibration_groups: int = 5
    logistic: bool = True
    # One thread: on a shared CPU, LightGBM's OpenMP threads wait on each other and two run ~10× slower than one.
    params: RiskModelParams = Field(default_factory=lambda: RiskModelParams(n_jobs=1))


@dataclass(frozen=True)
class LabelEvaluation:
    """Per-fold metrics of one label, and which reason families led the model's top 1%."""

    label: LabelSpec
    folds: list[dict[str, float]]
    lead_reasons: dict[str, int] = field(default_factory=dict)
    features: int = 0


@dataclass(frozen=True)
class _Parts:
    fit: np.ndarray
    stop: np.ndarray
    calibrate: np.ndarray


def ranking_metrics(y: np.ndarray, score: np.ndarray) -> dict[str, float]:
    """ROC-AUC, PR-AUC (average precision) and precision at the top 1% and 5% of the whole fold."""
    top1, top5 = top_k_mask(score, 0.01), top_k_mask(score, 0.05)
    return {
        "roc_auc": safe_roc_auc(y, score),
        "pr_auc": safe_pr_auc(y, score),
        "precision_at_1pct": float(y[top1].mean()),
        "precision_at_5pct": float(y[top5].mean()),
        "recall_at_5pct": float(y[top5].sum() / max(y.sum(), 1)),
    }


def split_training_part(y: np.ndarray, cfg: RealDataConfig, seed: int) -> _Parts:
    """Positions of the fit, early-stopping and calibration parts of a fold's training rows (stratified)."""
    rows = np.arange(len(y))
    held = cfg.early_stopping_share + cfg.calibration_share
    fit, rest = train_test_split(rows, test_size=held, stratify=y, random_state=seed)
    stop, calibrate = train_test_split(
        rest, test_size=cfg.calibration_share / held, stratify=y[rest], random_state=seed + 1
    )
    return _Parts(np.sort(fit), np.sort(stop), np.sort(calibrate))


def _fit_model(spec: FeatureSpec, X: pd.DataFrame, y: np.ndarray, parts: _Parts, cfg: RealDataConfig) -> RiskModel:
    fit, stop = parts.fit, parts.stop
    return RiskModel(spec, cfg.params).fit(X.iloc[fit], y[fit], X.iloc[stop], y[stop])


def _calibrate(model: RiskModel, X: pd.DataFrame, y: np.ndarray, cfg: RealDataConfig, seed: int) -> RiskModel:
    """Choose and fit Platt or isotonic on the calibration part; bands from its calibrated scores."""
    raw = model.raw_proba(X)
    groups = np.random.default_rng(seed).permutation(len(y)) % cfg.calibration_groups
    calibrator, _ = choose_calibrator(raw, y, groups, expected_calibration_error)
    return model.set_calibration(calibrator, Bands.from_scores(calibrator.transform(raw)))


def _prefixed(prefix: str, metrics: dict[str, float]) -> dict[str, float]:
    return {f"{prefix}_{k}": v for k, v in metrics.items() if k != "recall_at_5pct"}


def evaluate_fold(
    X: pd.DataFrame, y: np.ndarray, rule: np.ndarray, spec: FeatureSpec, train: np.ndarray, test: np.ndarray,
    cfg: RealDataConfig, seed: int,
) -> tuple[dict[str, float], RiskModel]:  # fmt: skip
    """Fit on the training rows (fit / stop early / calibrate), score the held-out fold with every scorer."""
    X_train, y_train, X_test, y_test = X.iloc[train], y[train], X.iloc[test], y[test]
    parts = split_training_part(y_train, cfg, seed)
    model = _fit_model(spec, X_train, y_train, parts, cfg)
    model = _calibrate(model, X_train.iloc[parts.calibrate], y_train[parts.calibrate], cfg, seed)
    # Ranking uses the raw score: calibration is monotone, and the raw score breaks ties of isotonic steps.
    metrics = ranking_metrics(y_test, model.raw_proba(X_test))
    probability = model.predict_proba(X_test)
    metrics |= {"ece": expected_calibration_error(y_test, probability), "base_rate": float(y_test.mean())}
    metrics |= {"mean_probability": float(probability.mean()), "best_iteration": float(model.best_iteration_)}
    metrics |= {"calibration_platt": float(model.calibrator_.method == "platt")}
    metrics |= _prefixed("rule", ranking_metrics(y_test, rule[test]))
    size_model = _fit_model(size_spec(spec), X_train, y_train, parts, cfg)
    metrics |= _prefixed("size_only", ranking_metrics(y_test, size_model.raw_proba(X_test)))
    if cfg.logistic:
        fit_rows = np.concatenate([parts.fit, parts.stop])
        logistic = fit_logistic(spec, X_train.iloc[fit_rows], y_train[fit_rows], seed)
        scores = logistic.predict_proba(spec.matrix(X_test).to_numpy())[:, 1]
        metrics |= _prefixed("logistic", ranking_metrics(y_test, scores))
    return metrics, model


def lead_reason_families(model: RiskModel, X_test: pd.DataFrame) -> Counter[str]:
    """How often each family is the first reason code among the model's top 1% of a held-out fold."""
    top = X_test.iloc[np.flatnonzero(top_k_mask(model.raw_proba(X_test), 0.01))]
    contributions = model.family_contributions(top)
    lead = contributions.idxmax(axis=1)[contributions.max(axis=1) > 0]
    return Counter(lead.astype(str))


def evaluate_label(frame: pd.DataFrame, label: LabelSpec, cfg: RealDataConfig) -> LabelEvaluation:
    """Stratified k-fold over buildings with fixed seeds: per-fold metrics of the model and its baselines."""
    X, spec = build_features(frame, label)
    y, rule = label_vector(frame, label), aep_rule_scores(frame, label)
    if y.sum() < cfg.folds * 4:
        raise ValueError(f"{label.key}: only {int(y.sum())} positive buildings, too few for {cfg.folds} folds")
    folds, reasons = [], Counter[str]()
    splitter = StratifiedKFold(n_splits=cfg.folds, shuffle=True, random_state=cfg.seed)
    for i, (train, test) in enumerate(splitter.split(X, y)):
        metrics, model = evaluate_fold(X, y, rule, spec, train, test, cfg, cfg.seed + 100 * i)
        folds.append({"fold": float(i), **metrics})
        reasons.update(lead_reason_families(model, X.iloc[test]))
    return LabelEvaluation(label, folds, dict(reasons.most_common()), len(spec.names))


def evaluate_nyc(frame: pd.DataFrame, cfg: RealDataConfig) -> dict[str, LabelEvaluation]:
    """Both labels, in order: label A (court case in 2015), label B (eviction in 2018)."""
    return {label.key: evaluate_label(frame, label, cfg) for label in LABELS}
