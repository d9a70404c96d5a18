"""The monitor's thresholds and sample sizes: typed, documented, and overridable as DISPUTES_MONITOR_<FIELD>.

How the verdict reads them (see monitoring.verdict):
- **retrain** when labels that matured after training show the champion decaying: over the latest
  `performance_window` matured months, ROC-AUC fell more than `roc_auc_drop` below the champion's test
  ROC-AUC, PR-AUC fell below `pr_auc_ratio` × its test PR-AUC (each only when the 95th percentile of
  `bootstrap_rounds` resamples of those months lies below the threshold too, so that noise is not decay), or ECE
  rose above `ece_limit`; or when
  `retrain_unexpected` or more features drift beyond their trend.
- **warn** when `warn_unexpected` or more features drift beyond their trend, when the prediction does, or when
  data quality has an issue.
- **ok** otherwise.

A feature *drifts* when Evidently's `drift_method` score reaches `drift_threshold` (for the normed Wasserstein
distance: the current distribution has moved by that many reference standard deviations). It drifts *beyond its
trend* when the score is also at least `trend_factor` × the drift its own trend inside the training window
predicts for the time since (see monitoring.drift). Features that age (cumulative counts, tenure, building age)
drift steadily; only a break from that trend signals a changed world. The trend rule needs a distance that grows
in step with a steady shift, so the method is Evidently's `wasserstein` (the normed Wasserstein distance).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class MonitorConfig(BaseSettings):
    """Thresholds of the verdict and sizes of the samples the monitor compares."""

    model_config = SettingsConfigDict(env_prefix="DISPUTES_MONITOR_", frozen=True, extra="forbid")

    # Drift (Evidently DataDriftPreset)
    drift_method: Literal["wasserstein"] = "wasserstein"
    drift_threshold: float = Field(default=0.2, gt=0)
    trend_factor: float = Field(default=2.0, ge=1)
    warn_unexpected: int = Field(default=2, ge=1)
    retrain_unexpected: int = Field(default=8, ge=1)
    # Live performance on matured labels, against the champion's own test metrics
    roc_auc_drop: float = Field(default=0.05, ge=0)
    pr_auc_ratio: float = Field(default=0.7, ge=0, le=1)
    ece_limit: float = Field(default=0.02, gt=0)
    performance_window: int = Field(default=3, ge=1)
    performance_months: int = Field(default=12, ge=1)
    bootstrap_rounds: int = Field(default=200, ge=0)  # 0: judge the point estimates alone
    # Data quality
    missing_increase: float = Field(default=0.05, ge=0, le=1)
    out_of_range_share: float = Field(default=0.05, ge=0, le=1)
    # Samples
    reference_rows: int = Field(default=50_000, ge=100, le=50_000)
    current_rows: int = Field(default=50_000, ge=100)
    trend_rows: int = Field(default=10_000, ge=100)
    quality_rows: int = Field(default=10_000, ge=100)
    summary_columns: int = Field(default=20, ge=1)
    history_months: int = Field(default=12, ge=0)
    min_reference_rows: int = Field(default=1_000, ge=1)
    seed: int = 7
