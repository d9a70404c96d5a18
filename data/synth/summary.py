"""Realised labels and headline figures of a generated world (for benchmarks and reports)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, roc_auc_score

from data.synth.generation import World
from data.synth.truth import HORIZON_DAYS


def realised_labels(world: World, horizon_days: int = HORIZON_DAYS) -> np.ndarray:
    """y(u, t) for every truth row (same order): a unit dispute filed in (t, t + horizon]."""
    truth = world.truth
    as_of = np.sort(truth.as_of.unique())
    units = pd.Index(truth.unit_id[truth.as_of == as_of[0]])
    disputes = world.tables["disputes"].dropna(subset=["unit_id"])
    unit = units.get_indexer(disputes.unit_id)
    filed = disputes.filed_at.to_numpy()
    inside = (filed[None, :] > as_of[:, None]) & (filed[None, :] <= as_of[:, None] + np.timedelta64(horizon_days, "D"))
    y = np.zeros((len(as_of), len(units)), dtype=np.int8)
    rows, cols = np.nonzero(inside)
    y[rows, unit[cols]] = 1
    position = np.searchsorted(as_of, truth.as_of.to_numpy()) * len(units) + units.get_indexer(truth.unit_id)
    return y.ravel()[position]


def headline(world: World) -> dict[str, float]:
    """The unit-dispute 90-day base rate, mean p_true, and the oracle's ROC-AUC and PR-AUC on the labels."""
    y, p = realised_labels(world), world.truth.p_true.to_numpy()
    both = len(np.unique(y)) == 2
    return {
        "base_rate_90d": float(y.mean()),
        "mean_p_true": float(p.mean()),
        "oracle_roc_auc": float(roc_auc_score(y, p)) if both else float("nan"),
        "oracle_pr_auc": float(average_precision_score(y, p)) if both else float("nan"),
    }
