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


def quarterly_disputes(world: World) -> pd.Series:
    """Household (unit) disputes filed per calendar quarter of the published window."""
    disputes = world.tables["disputes"].dropna(subset=["unit_id"])
    quarters = pd.period_range(world.config.start, periods=world.config.n_months, freq="M").asfreq("Q").unique()
    return disputes.filed_at.dt.to_period("Q").value_counts().reindex(quarters, fill_value=0).sort_index()


def expected_quarterly_disputes(world: World) -> pd.Series:
    """The oracle's expected unit disputes per quarter: the sum of p_true on each quarter's first day."""
    truth = world.truth
    firsts = truth[truth.as_of.dt.month.isin([1, 4, 7, 10])]
    expected = firsts.groupby("as_of").p_true.sum()
    return pd.Series(expected.to_numpy(), index=expected.index.to_period("Q"))


def community_rates(world: World) -> pd.Series:
    """Unit disputes per 100 units a year, per community (communities without disputes count as 0)."""
    units = world.tables["units"].community_id.value_counts()
    disputes = world.tables["disputes"].dropna(subset=["unit_id"]).community_id.value_counts()
    per_year = disputes.reindex(units.index, fill_value=0) / units / (world.config.n_months / 12)
    return (100 * per_year).astype(float).sort_index()
