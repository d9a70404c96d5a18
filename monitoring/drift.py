"""Data and prediction drift with Evidently, judged against each column's own trend in the training window.

`drift_table` runs Evidently's DataDriftPreset (method and threshold from MonitorConfig) over the features and
the probability, reference against current. `trend_scores` measures, with the same statistic, how far each
column already moved inside the reference (its earlier half against its later half) and scales that to the time
between the reference and the current snapshot: the drift the column's trend predicts. Evidently is imported
lazily, inside the functions that build reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import wasserstein_distance

from monitoring.config import MonitorConfig

DRIFT_COLUMNS = ("column", "score", "drifted", "trend", "unexpected")


def _datasets(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> list[Any]:
    from evidently import DataDefinition, Dataset

    definition = DataDefinition(numerical_columns=list(columns))
    return [Dataset.from_pandas(frame.loc[:, list(columns)], data_definition=definition) for frame in frames]


def _status(value: object) -> str:
    return str(getattr(value, "value", value))


def _column_results(snapshot: Any) -> pd.DataFrame:
    """Per column: Evidently's drift score and whether its drift test failed."""
    result = snapshot.dict()
    scores, ids = {}, {}
    for metric in result["metrics"]:
        column = metric["config"].get("column")
        if column is not None:
            scores[column], ids[metric["id"]] = float(metric["value"]), column
    failed = {
        ids[t["metric_config"]["metric_id"]]: _status(t["status"]) == "FAIL"
        for t in result.get("tests", [])
        if t["metric_config"]["metric_id"] in ids
    }
    return pd.DataFrame({
        "column": list(scores), "score": list(scores.values()),
        "drifted": [failed.get(c, False) for c in scores],
    })  # fmt: skip


def drift_table(
    reference: pd.DataFrame, current: pd.DataFrame, columns: Sequence[str], cfg: MonitorConfig
) -> tuple[pd.DataFrame, Any]:
    """Evidently DataDriftPreset over `columns`: (column, score, drifted) and the snapshot for the HTML report."""
    from evidently import Report
    from evidently.presets import DataDriftPreset

    preset = DataDriftPreset(columns=list(columns), method=cfg.drift_method, threshold=cfg.drift_threshold)
    ref, cur = _datasets([reference, current], columns)
    snapshot = Report([preset], include_tests=True).run(current_data=cur, reference_data=ref)
    return _column_results(snapshot), snapshot


def _halves(reference: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    months = np.sort(pd.to_datetime(reference["as_of"]).unique())
    if len(months) < 2:
        return None
    half = len(months) // 2
    as_of = pd.to_datetime(reference["as_of"])
    return reference[as_of.isin(months[:half])], reference[as_of.isin(months[-half:])]


def _mean_time(frame: pd.DataFrame) -> pd.Timestamp:
    return pd.Timestamp(pd.to_datetime(frame["as_of"]).mean())


def normed_wasserstein(reference: pd.Series, current: pd.Series) -> float:
    """Evidently's `wasserstein` drift score: the Wasserstein distance over the reference's standard deviation."""
    a, b = reference.dropna().to_numpy(np.float64), current.dropna().to_numpy(np.float64)
    if len(a) == 0 or len(b) == 0:
        return 0.0
    return float(wasserstein_distance(a, b) / max(float(np.std(a)), 0.001))


def trend_scores(
    reference: pd.DataFrame, columns: Sequence[str], current_as_of: pd.Timestamp, cfg: MonitorConfig
) -> pd.Series:
    """Per column, the drift its trend inside the reference predicts at `current_as_of` (0 without a trend).

    Score(earlier half → later half of the reference) × (time from the reference to now) / (time between halves):
    a linear extrapolation, which suits the normed Wasserstein distance (it grows in step with a steady shift).
    Computed directly with the formula Evidently uses (a test checks they agree), as it needs no report.
    """
    halves = _halves(reference)
    if halves is None:
        return pd.Series(0.0, index=list(columns))
    early, late = (h.sample(n=min(len(h), cfg.trend_rows), random_state=cfg.seed) for h in halves)
    within = pd.Series({c: normed_wasserstein(early[c], late[c]) for c in columns}, index=list(columns), dtype=float)
    span = (_mean_time(late) - _mean_time(early)) / pd.Timedelta(days=1)
    gap = (pd.Timestamp(current_as_of) - _mean_time(reference)) / pd.Timedelta(days=1)
    return within * max(gap, 0.0) / span if span > 0 else within * 0.0


def combined_trend(
    full: pd.DataFrame, compared: pd.DataFrame, columns: Sequence[str], current_as_of: pd.Timestamp, cfg: MonitorConfig
) -> pd.Series:
    """The larger of the trends of the compared reference and of the whole one.

    The whole training window shows slow steps that a shorter part of it can miss (a building's age moves once a
    year); the compared part, clear of the data's first months, shows trends those months would blur.
    """
    if len(full) == len(compared):
        return trend_scores(compared, columns, current_as_of, cfg)
    both = [trend_scores(part, columns, current_as_of, cfg) for part in (compared, full)]
    return pd.concat(both, axis=1).max(axis=1)


def judge(table: pd.DataFrame, trend: pd.Series, cfg: MonitorConfig) -> pd.DataFrame:
    """Add each column's trend and whether its drift goes beyond it (drifted and ≥ trend_factor × trend)."""
    out = table.copy()
    out["trend"] = trend.reindex(out["column"]).fillna(0.0).to_numpy()
    out["unexpected"] = out["drifted"] & (out["score"] >= cfg.trend_factor * out["trend"])
    return out.loc[:, list(DRIFT_COLUMNS)]


def comparable_columns(reference: pd.DataFrame, current: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """Columns present and not entirely empty on both sides (Evidently cannot measure drift of an empty column)."""
    return [
        c for c in columns
        if c in reference and c in current and reference[c].notna().any() and current[c].notna().any()
    ]  # fmt: skip
