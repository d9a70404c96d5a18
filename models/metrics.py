"""Ranking and calibration metrics, including per-month precision and recall at an outreach capacity."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

ECE_BINS = 10


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = ECE_BINS) -> float:
    """ECE over equal-mass bins: with rare events, equal-width bins would hide almost everything in one bin."""
    if len(y) == 0:
        return float("nan")
    order = np.argsort(p, kind="stable")
    chunks = np.array_split(order, min(bins, len(y)))
    return float(sum(len(c) * abs(p[c].mean() - y[c].mean()) for c in chunks if len(c)) / len(y))


def reliability_table(y: np.ndarray, p: np.ndarray, bins: int = ECE_BINS) -> pd.DataFrame:
    """Mean predicted vs observed rate per equal-mass bin, for the reliability diagram."""
    order = np.argsort(p, kind="stable")
    rows = [
        {"predicted": float(p[c].mean()), "observed": float(y[c].mean()), "n": len(c)}
        for c in np.array_split(order, min(bins, max(len(y), 1)))
        if len(c)
    ]
    return pd.DataFrame(rows)


def top_k_mask(scores: np.ndarray, share: float) -> np.ndarray:
    """The top `share` of rows by score (at least one row), ties broken by position for determinism."""
    k = max(1, round(share * len(scores)))
    chosen = np.zeros(len(scores), dtype=bool)
    chosen[np.argsort(-scores, kind="stable")[:k]] = True
    return chosen


def at_k_by_month(y: np.ndarray, scores: np.ndarray, months: np.ndarray, share: float) -> tuple[float, float]:
    """Precision and recall within the top `share` of units, computed per month and then averaged."""
    precisions, recalls = [], []
    for month in np.unique(months):
        rows = months == month
        chosen = top_k_mask(scores[rows], share)
        hits = y[rows][chosen].sum()
        precisions.append(hits / chosen.sum())
        positives = y[rows].sum()
        if positives:
            recalls.append(hits / positives)
    return float(np.mean(precisions)), float(np.mean(recalls)) if recalls else float("nan")


def safe_roc_auc(y: np.ndarray, p: np.ndarray) -> float:
    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    """Mean binary log-loss (LightGBM's `binary_logloss`), probabilities clipped away from 0 and 1."""
    q = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(q) + (1 - y) * np.log1p(-q)))


def safe_pr_auc(y: np.ndarray, p: np.ndarray) -> float:
    return float(average_precision_score(y, p)) if y.sum() > 0 else float("nan")


def score_metrics(y: np.ndarray, p: np.ndarray, months: np.ndarray) -> dict[str, float]:
    """Every headline metric of one scorer on one window."""
    p1, _ = at_k_by_month(y, p, months, 0.01)
    p5, r5 = at_k_by_month(y, p, months, 0.05)
    return {
        "roc_auc": safe_roc_auc(y, p),
        "pr_auc": safe_pr_auc(y, p),
        "brier": float(brier_score_loss(y, np.clip(p, 0, 1))),
        "ece": expected_calibration_error(y, p),
        "precision_at_1pct": p1,
        "precision_at_5pct": p5,
        "recall_at_5pct": r5,
        "base_rate": float(y.mean()) if len(y) else float("nan"),
        "rows": float(len(y)),
    }
