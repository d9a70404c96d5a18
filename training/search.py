"""A small hyper-parameter search inside the training window, judged on the validation window, within a time budget.

`disputes train --search SECONDS` fits the default parameters first, then each candidate of SEARCH_SPACE in order
while the budget lasts, every one on the same train window with early stopping on the same validation window, and
keeps the lowest validation log-loss (a proper score, steadier than PR-AUC on a few hundred positives). The test
window is never read here. Without `--search` the defaults are used as they are; benchmarks/oracle_gap.py measures
the same candidates across varied worlds, which is the evidence for those defaults.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models.metrics import log_loss, safe_pr_auc
from models.risk_model import RiskModel, RiskModelParams
from models.spec import FeatureSpec

SEARCH_SPACE: dict[str, dict[str, Any]] = {
    "default": {},
    "leaves15": {"num_leaves": 15},
    "leaves31": {"num_leaves": 31, "min_child_samples": 200},
    "child100": {"min_child_samples": 100},
    "child1000": {"min_child_samples": 1000},
    "slow": {"learning_rate": 0.02, "n_estimators": 1600, "early_stopping_rounds": 120},
    "lambda10": {"reg_lambda": 10.0},
    "cols05": {"colsample_bytree": 0.5},
}
"""Candidates, as changes to the run's own parameters (its seed and thread count stay)."""


@dataclass(frozen=True)
class SearchReport:
    """Every candidate tried, in order, and the one kept."""

    chosen: str
    budget_seconds: float
    candidates: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"chosen": self.chosen, "budget_seconds": self.budget_seconds, "candidates": self.candidates}


def search(
    spec: FeatureSpec, base: RiskModelParams, train: pd.DataFrame, y_train: np.ndarray, valid: pd.DataFrame,
    y_valid: np.ndarray, weights: np.ndarray | None, budget_seconds: float,
) -> tuple[RiskModel, SearchReport]:  # fmt: skip
    """Fit candidates while the budget lasts (the default always); the best on validation log-loss and the report."""
    started, tried = time.perf_counter(), []
    best: tuple[float, str, RiskModel] | None = None
    for name, change in SEARCH_SPACE.items():
        if best is not None and time.perf_counter() - started >= budget_seconds:
            break
        began = time.perf_counter()
        model = RiskModel(spec, base.model_copy(update=change)).fit(
            train, y_train, valid, y_valid, sample_weight=weights
        )
        raw = model.raw_proba(valid)
        loss = log_loss(y_valid, raw)
        tried.append({
            "name": name, **change, "validation_log_loss": round(loss, 6),
            "validation_pr_auc": round(safe_pr_auc(y_valid, raw), 6), "best_iteration": model.best_iteration_,
            "seconds": round(time.perf_counter() - began, 2),
        })  # fmt: skip
        if best is None or loss < best[0]:
            best = (loss, name, model)
    assert best is not None  # the default is always fitted
    return best[2], SearchReport(best[1], budget_seconds, tried)
