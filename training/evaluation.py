"""Evaluate the risk model, its baselines and (on synthetic data) the oracle on the test window."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.metrics import score_metrics
from training.fairness import MIN_POSITIVES, fairness_slices, worst_judged_ece
from training.fit import LABEL, FittedModels


@dataclass(frozen=True)
class Evaluation:
    """Headline metrics, slices and per-row scores of the test window."""

    metrics: dict[str, float]
    slices: pd.DataFrame
    scores: pd.DataFrame


def score_test_window(test: pd.DataFrame, fitted: FittedModels, truth: pd.DataFrame | None) -> pd.DataFrame:
    """One row per (unit, as-of) in the test window with every scorer's output."""
    spec = fitted.pyfunc.model.spec
    scores = test.loc[:, ["unit_id", "as_of", LABEL]].copy()
    scores["model"] = fitted.pyfunc.model.predict_proba(test)
    scores["rule"] = fitted.rule.score(test)
    scores["logistic"] = fitted.logistic.predict_proba(spec.matrix(test).to_numpy())[:, 1]
    if truth is not None:
        merged = scores.merge(truth.loc[:, ["unit_id", "as_of", "p_true"]], on=["unit_id", "as_of"], how="left")
        scores["oracle"] = merged["p_true"].to_numpy()
    return scores


def headline_metrics(scores: pd.DataFrame) -> dict[str, float]:
    """The metrics the gate and the report read, under their published names."""
    y, months = scores[LABEL].to_numpy(), scores["as_of"].to_numpy()
    metrics = score_metrics(y, scores["model"].to_numpy(), months)
    rule = score_metrics(y, scores["rule"].to_numpy(), months)
    logistic = score_metrics(y, scores["logistic"].to_numpy(), months)
    metrics |= {f"rule_{k}": v for k, v in rule.items() if k not in ("brier", "ece", "base_rate", "rows")}
    metrics |= {f"logistic_{k}": v for k, v in logistic.items() if k not in ("base_rate", "rows")}
    if "oracle" in scores and scores["oracle"].notna().all():
        oracle = score_metrics(y, scores["oracle"].to_numpy(), months)
        metrics |= {f"oracle_{k}": v for k, v in oracle.items() if k not in ("base_rate", "rows")}
    return metrics


def evaluate(
    test: pd.DataFrame, fitted: FittedModels, attributes: pd.DataFrame, truth: pd.DataFrame | None
) -> Evaluation:
    """Score the test window with every scorer and summarise, fairness slices included."""
    scores = score_test_window(test, fitted, truth)
    slices = fairness_slices(scores, attributes)
    worst, _ = worst_judged_ece(slices)
    judged = float((slices["positives"] >= MIN_POSITIVES).sum())
    metrics = headline_metrics(scores) | {"slice_max_ece": worst, "slices_judged": judged}
    return Evaluation(metrics, slices, scores)
