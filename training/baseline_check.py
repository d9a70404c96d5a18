"""Is LightGBM earning its keep? The logistic baseline against the model, on the validation and the test window.

The validation comparison is evidence for choosing a model; the test comparison is only reported, since no choice
may read the test window. Either way, a run whose baseline wins says so in its metrics, its `--json` report and a
warning line.
"""

from __future__ import annotations

import pandas as pd

from models.metrics import safe_pr_auc
from training.fit import LABEL, FittedModels

WINDOWS = {
    "validation": ("validation_pr_auc", "validation_logistic_pr_auc"),
    "test": ("pr_auc", "logistic_pr_auc"),
}
"""Per window: the metric names of the model's and the logistic baseline's PR-AUC."""


def validation_comparison(frame: pd.DataFrame, fitted: FittedModels) -> dict[str, float]:
    """LightGBM against the logistic baseline on the validation window (never the test window: this is evidence
    for choosing a model, and the test window must stay untouched by choices)."""
    valid = frame[frame["as_of"].isin(fitted.split.validation)]
    y = valid[LABEL].to_numpy()
    model = fitted.pyfunc.model.predict_proba(valid)
    logistic = fitted.logistic.predict_proba(fitted.pyfunc.model.spec.matrix(valid).to_numpy())[:, 1]
    out = {"validation_pr_auc": safe_pr_auc(y, model), "validation_logistic_pr_auc": safe_pr_auc(y, logistic)}
    out["validation_logistic_beats_model"] = float(out["validation_logistic_pr_auc"] > out["validation_pr_auc"])
    return out


def compare_on_test(metrics: dict[str, float]) -> dict[str, float]:
    """Whether the baseline's test PR-AUC beats the model's (reported, never used to choose)."""
    return {"test_logistic_beats_model": float(metrics["logistic_pr_auc"] > metrics["pr_auc"])}


def baseline_report(metrics: dict[str, float]) -> dict[str, object]:
    """`baseline_beats_model` (on either window) and each window's two PR-AUCs, for `disputes train --json`."""
    windows = {
        window: {
            "model_pr_auc": round(metrics[model], 6),
            "logistic_pr_auc": round(metrics[logistic], 6),
            "logistic_beats_model": metrics[logistic] > metrics[model],
        }
        for window, (model, logistic) in WINDOWS.items()
        if model in metrics and logistic in metrics
    }
    return {"baseline_beats_model": any(w["logistic_beats_model"] for w in windows.values()), "baseline": windows}


def baseline_warnings(metrics: dict[str, float]) -> list[str]:
    """One sentence per window on which the logistic baseline beats LightGBM."""
    return [
        f"The logistic baseline beats LightGBM on the {window} window "
        f"(PR-AUC {metrics[logistic]:.4f} against {metrics[model]:.4f})."
        for window, (model, logistic) in WINDOWS.items()
        if model in metrics and logistic in metrics and metrics[logistic] > metrics[model]
    ]
