"""One monitoring pass over in-memory data: reference vs current snapshot, quality, matured performance, verdict."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data.dataset import Dataset
from data.timeline import data_start
from monitoring.config import MonitorConfig
from monitoring.current import PREDICTION, current_snapshot, snapshot_as_of
from monitoring.drift import combined_trend, comparable_columns, drift_table, judge
from monitoring.performance import matured_months, performance_by_month, recent_upper_bounds, score_matured
from monitoring.quality import missing_shares, quality_issues, summary_snapshot
from monitoring.reference import Champion, comparable_reference
from monitoring.verdict import Decision, decide


@dataclass(frozen=True)
class MonitorResult:
    """What one pass found, plus the Evidently snapshots behind the HTML reports."""

    as_of: pd.Timestamp
    champion: Champion
    decision: Decision
    drift: pd.DataFrame
    quality: list[dict[str, Any]]
    missing: pd.DataFrame
    performance: pd.DataFrame
    rows: dict[str, int]
    cfg: MonitorConfig
    snapshots: dict[str, Any]

    def summary(self) -> dict[str, Any]:
        """The JSON-ready result: verdict, drift, quality and performance (NaN as null)."""
        features = self.drift[self.drift["column"] != PREDICTION]
        prediction = self.drift[self.drift["column"] == PREDICTION].drop(columns="column").to_dict("records")
        return _plain({
            "verdict": self.decision.verdict.value,
            "reasons": list(self.decision.reasons),
            "as_of": self.as_of.date().isoformat(),
            "model": {"name": self.champion.name, "version": self.champion.version, "run_id": self.champion.run_id},
            "drift_method": {"method": self.cfg.drift_method, "threshold": self.cfg.drift_threshold,
                             "trend_factor": self.cfg.trend_factor},
            "drift_share": float(features["drifted"].mean()) if len(features) else 0.0,
            "drifted_features": features.loc[features["drifted"], "column"].tolist(),
            "unexpected_drift": features.loc[features["unexpected"], "column"].tolist(),
            "prediction_drift": prediction[0] if prediction else None,
            "quality_issues": self.quality,
            "missing_shares": self.missing.to_dict("records"),
            "performance_by_month": self.performance.assign(as_of=self.performance["as_of"].dt.strftime("%Y-%m-%d"))
            .to_dict("records"),
            "rows": self.rows,
        })  # fmt: skip


def _plain(value: Any) -> Any:
    """JSON-safe: NaN and infinities become None, NumPy scalars become Python numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def monitor(
    dataset: Dataset, champion: Champion, cfg: MonitorConfig, as_of: pd.Timestamp | None = None
) -> MonitorResult:
    """Compare the champion's reference with the snapshot at `as_of` (default: the latest) and decide."""
    start = data_start(dataset)
    when = snapshot_as_of(dataset, as_of)
    reference = comparable_reference(champion.reference, start, cfg)
    current = current_snapshot(dataset, champion.model, when)
    names = list(champion.model.feature_names)
    columns = comparable_columns(reference, current, [*names, PREDICTION])
    sample = current.sample(n=min(len(current), cfg.current_rows), random_state=cfg.seed)
    table, drift_snapshot = drift_table(reference, sample, columns, cfg)
    drift = judge(table, combined_trend(champion.reference, reference, columns, when, cfg), cfg)
    quality = quality_issues(reference, current, names, cfg)
    missing = missing_shares(reference, current, names)
    trained_until = pd.Timestamp(pd.to_datetime(champion.reference["as_of"]).max())
    horizon = champion.model.horizon_days  # the champion's own horizon, not a default
    months = matured_months(dataset, trained_until, when, horizon, cfg.performance_months)
    scored = score_matured(dataset, champion.model, months)
    performance = performance_by_month(scored)
    upper = recent_upper_bounds(scored, cfg.performance_window, cfg.bootstrap_rounds, cfg.seed)
    unexpected = drift.loc[drift["unexpected"] & (drift["column"] != PREDICTION), "column"].tolist()
    prediction_unexpected = bool(drift.loc[drift["column"] == PREDICTION, "unexpected"].any())
    decision = decide(unexpected, prediction_unexpected, quality, performance, champion.metrics, cfg, upper)
    snapshots = {"drift": drift_snapshot, "quality": summary_snapshot(reference, current, quality, cfg)}
    rows = {"reference": len(reference), "current": len(current), "matured": int(performance["rows"].sum())}
    return MonitorResult(when, champion, decision, drift, quality, missing, performance, rows, cfg, snapshots)
