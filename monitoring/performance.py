"""Live performance once labels mature: ranking and calibration of the champion, month by month.

An as-of month t is matured when its whole label horizon (t, t + H] lies inside the data. Only months after the
champion's training window count: earlier months were fitted on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from data.dataset import Dataset
from data.timeline import data_end
from features import build_training_frame
from features.labels import split_by_horizon
from models.metrics import expected_calibration_error, safe_pr_auc, safe_roc_auc
from models.pyfunc import DisputeRiskPyfunc

PERFORMANCE_COLUMNS = (
    "as_of", "rows", "positives", "base_rate", "mean_probability", "roc_auc", "pr_auc", "ece",
)  # fmt: skip


def matured_months(
    dataset: Dataset, after: pd.Timestamp, until: pd.Timestamp, horizon_days: int, last: int
) -> list[pd.Timestamp]:
    """Month starts after `after` whose label horizon ended by `until` and inside the data (the `last` latest)."""
    end = min(data_end(dataset), pd.Timestamp(until))
    first = (pd.Timestamp(after) + pd.offsets.MonthBegin(1)).normalize()
    candidates = list(pd.date_range(first, end.normalize(), freq="MS"))
    kept, _ = split_by_horizon(candidates, horizon_days, end) if candidates else ([], [])
    return kept[-last:]


def score_matured(dataset: Dataset, model: DisputeRiskPyfunc, months: Sequence[pd.Timestamp]) -> pd.DataFrame:
    """as_of, label and the model's probability for every unit at every matured month (the model's horizon)."""
    if not months:
        return pd.DataFrame({"as_of": pd.DatetimeIndex([]), "label": np.empty(0, np.int64), "probability": []})
    frame = build_training_frame(dataset, list(months), model.horizon_days, model.feature_config)
    scored = frame.loc[:, ["as_of", "label"]].copy()
    scored["probability"] = model.score(frame, with_reasons=False)["probability"].to_numpy(np.float64)
    return scored


def month_metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """Ranking (ROC-AUC, PR-AUC) and calibration (equal-mass ECE) of one month's scores."""
    return {
        "rows": float(len(y)),
        "positives": float(y.sum()),
        "base_rate": float(y.mean()) if len(y) else float("nan"),
        "mean_probability": float(p.mean()) if len(p) else float("nan"),
        "roc_auc": safe_roc_auc(y, p),
        "pr_auc": safe_pr_auc(y, p),
        "ece": expected_calibration_error(y, p),
    }


def performance_by_month(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per as-of month of `scored` (as_of, label, probability), oldest first."""
    rows = [
        {"as_of": month, **month_metrics(part["label"].to_numpy(), part["probability"].to_numpy())}
        for month, part in scored.groupby("as_of", sort=True)
    ]
    frame = pd.DataFrame(rows, columns=list(PERFORMANCE_COLUMNS))
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return frame


def recent_upper_bounds(scored: pd.DataFrame, window: int, rounds: int, seed: int) -> dict[str, float]:
    """The 95th percentile of the mean monthly ROC-AUC and PR-AUC over the latest `window` months, by bootstrap.

    Rows are resampled within each month, so each resample keeps the months' sizes. A decline counts as decay only
    when even this upper bound lies below the threshold: a few hundred positives make PR-AUC noisy.
    """
    months = sorted(scored["as_of"].unique())[-window:]
    if not months or rounds < 1:
        return {"roc_auc": float("nan"), "pr_auc": float("nan")}
    rng = np.random.default_rng(seed)
    parts = [(part["label"].to_numpy(), part["probability"].to_numpy()) for _, part in scored.groupby("as_of")
             if part["as_of"].iloc[0] in months]  # fmt: skip
    draws = np.empty((rounds, 2))
    for r in range(rounds):
        values = []
        for y, p in parts:
            at = rng.integers(0, len(y), len(y))
            values.append((safe_roc_auc(y[at], p[at]), safe_pr_auc(y[at], p[at])))
        draws[r] = np.nanmean(np.array(values, dtype=np.float64), axis=0)
    upper = np.nanquantile(draws, 0.95, axis=0)
    return {"roc_auc": float(upper[0]), "pr_auc": float(upper[1])}
