"""The verdict: ok, warn or retrain, from drift, data quality and live performance (thresholds: MonitorConfig)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from monitoring.config import MonitorConfig


class Verdict(StrEnum):
    ok = "ok"
    warn = "warn"
    retrain = "retrain"


@dataclass(frozen=True)
class Decision:
    """The verdict and every reason behind it (empty when ok)."""

    verdict: Verdict
    reasons: tuple[str, ...]


def recent_performance(performance: pd.DataFrame, window: int) -> dict[str, float]:
    """Mean ROC-AUC, PR-AUC and ECE over the latest `window` matured months (NaN when none matured)."""
    recent = performance.sort_values("as_of").tail(window)
    return {
        k: float(np.nanmean(recent[k])) if recent[k].notna().any() else float("nan")
        for k in ("roc_auc", "pr_auc", "ece")
    }


def performance_reasons(
    performance: pd.DataFrame,
    champion_metrics: Mapping[str, float],
    cfg: MonitorConfig,
    upper: Mapping[str, float] | None = None,
) -> list[str]:
    """Why matured labels say the champion decayed, against its own test-window metrics.

    `upper` holds bootstrap upper bounds of the recent ROC-AUC and PR-AUC (performance.recent_upper_bounds): a
    metric below its threshold counts only when its upper bound is below it too, so sampling noise is not decay.
    """
    if performance.empty:
        return []
    now = recent_performance(performance, cfg.performance_window)
    months = min(len(performance), cfg.performance_window)
    bound = {k: (upper or {}).get(k, np.nan) for k in ("roc_auc", "pr_auc")}

    def below(metric: str, threshold: float) -> bool:
        return bool(now[metric] < threshold and not bound[metric] >= threshold)  # a NaN bound does not excuse

    reasons = []
    test_roc, test_pr = champion_metrics.get("roc_auc", np.nan), champion_metrics.get("pr_auc", np.nan)
    if below("roc_auc", test_roc - cfg.roc_auc_drop):
        reasons.append(f"ROC-AUC {now['roc_auc']:.3f} over the last {months} matured months, test {test_roc:.3f}")
    if below("pr_auc", cfg.pr_auc_ratio * test_pr):
        reasons.append(f"PR-AUC {now['pr_auc']:.3f} over the last {months} matured months, test {test_pr:.3f}")
    if now["ece"] > cfg.ece_limit:
        reasons.append(f"calibration error (ECE) {now['ece']:.4f} over the last {months} matured months")
    return reasons


def decide(
    unexpected: Sequence[str],
    prediction_unexpected: bool,
    quality: Sequence[Mapping[str, Any]],
    performance: pd.DataFrame,
    champion_metrics: Mapping[str, float],
    cfg: MonitorConfig,
    upper: Mapping[str, float] | None = None,
) -> Decision:
    """retrain on decayed performance or broad drift beyond trend; warn on drift, prediction drift or quality.

    Every reason is listed, the retrain ones first.
    """
    retrain = performance_reasons(performance, champion_metrics, cfg, upper)
    warn: list[str] = []
    if len(unexpected) >= cfg.warn_unexpected:
        drift = f"{len(unexpected)} features drift beyond their training trend: {', '.join(unexpected)}"
        (retrain if len(unexpected) >= cfg.retrain_unexpected else warn).append(drift)
    if prediction_unexpected:
        warn.append("the predicted probability drifts beyond its training trend")
    serious = [issue for issue in quality if issue["severity"] == "warn"]
    if serious:
        checks = ", ".join(sorted({str(issue["check"]) for issue in serious}))
        warn.append(f"{len(serious)} data quality issues ({checks})")
    verdict = Verdict.retrain if retrain else Verdict.warn if warn else Verdict.ok
    return Decision(verdict, (*retrain, *warn))
