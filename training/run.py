"""One training run, end to end over in-memory data: snapshots → split → fit → evaluate → figures."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure

from data.dataset import Dataset
from features import catalogue_for
from models.metrics import safe_pr_auc, safe_roc_auc
from models.pyfunc import DisputeRiskPyfunc
from models.spec import FeatureSpec
from training.baseline_check import compare_on_test, validation_comparison
from training.evaluation import Evaluation, evaluate
from training.fairness import slice_attributes, slices_figure
from training.fit import LABEL, FittedModels, TrainingConfig, fit_models, reference_sample
from training.frames import build_split_frame
from training.plots import (
    contribution_summary_figure,
    family_importance_figure,
    precision_recall_figure,
    reliability_figure,
)
from training.snapshots import monthly_as_of_dates
from training.split import time_split

# Contribution plots summarise a sample: exact per-row contributions cost far more than a prediction.
EXPLAIN_ROWS = 20_000


@dataclass(frozen=True)
class TrainingOutcome:
    """What a run produced, ready to be logged."""

    fitted: FittedModels
    evaluation: Evaluation
    metrics: dict[str, float]
    reference: pd.DataFrame
    figures: dict[str, Figure]
    frame: pd.DataFrame
    stages: dict[str, float] = field(default_factory=dict)
    """Seconds per stage, in order, where the run measures them (the Dask run: contexts, split frames, booster,
    evaluation); empty otherwise."""


def compare_champion(test: pd.DataFrame, champion: DisputeRiskPyfunc, version: str) -> dict[str, float]:
    """The current champion's ranking quality on the challenger's test window."""
    missing = [n for n in champion.feature_names if n not in test.columns]
    if missing:
        return {}
    p = champion.model.predict_proba(test)
    y = test[LABEL].to_numpy()
    return {
        "champion_compared_version": float(version),
        "champion_pr_auc": safe_pr_auc(y, p),
        "champion_roc_auc": safe_roc_auc(y, p),
    }


def train_on_dataset(
    dataset: Dataset,
    cfg: TrainingConfig,
    truth: pd.DataFrame | None = None,
    champion: tuple[DisputeRiskPyfunc, str] | None = None,
) -> TrainingOutcome:
    """Build snapshots, fit the model and baselines, and evaluate them on the latest fully-labelled months."""
    split = time_split(monthly_as_of_dates(dataset, cfg.horizon_days), cfg.horizon_days, cfg.split)
    frame = build_split_frame(
        dataset,
        split,
        cfg.horizon_days,
        cfg.max_train_rows,
        cfg.max_window_rows,
        cfg.seed,
        cfg.max_test_rows,
        cfg.features,
    )
    spec = FeatureSpec.from_catalogue(catalogue_for(cfg.features), frame.columns)
    fitted = fit_models(frame, spec, cfg, split)
    attributes = slice_attributes(dataset, max(fitted.split.test).year)
    return assess(frame, fitted, attributes, cfg, truth, champion)


def assess(
    frame: pd.DataFrame,
    fitted: FittedModels,
    attributes: pd.DataFrame,
    cfg: TrainingConfig,
    truth: pd.DataFrame | None = None,
    champion: tuple[DisputeRiskPyfunc, str] | None = None,
) -> TrainingOutcome:
    """Evaluate fitted models on the frame's test window; figures, champion comparison and the drift reference."""
    spec = fitted.pyfunc.model.spec
    test = frame[frame["as_of"].isin(fitted.split.test)]
    evaluation = evaluate(test, fitted, attributes, truth)
    metrics = dict(evaluation.metrics) | validation_comparison(frame, fitted)
    metrics |= compare_on_test(metrics)
    if champion is not None:
        metrics |= compare_champion(test, *champion)
    explained = test.sample(n=min(len(test), EXPLAIN_ROWS), random_state=cfg.seed)
    family = fitted.pyfunc.model.family_contributions(spec.matrix(explained))
    figures = {
        "precision_recall": precision_recall_figure(evaluation.scores),
        "reliability": reliability_figure(evaluation.scores),
        "family_importance": family_importance_figure(family),
        "contribution_summary": contribution_summary_figure(family),
        "fairness_slices": slices_figure(evaluation.slices),
    }
    reference = reference_sample(frame, fitted, cfg.reference_rows, cfg.seed)
    return TrainingOutcome(fitted, evaluation, metrics, reference, figures, frame)
