"""The champion and its reference sample: fetched from the MLflow run that trained it, then made comparable."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.pyfunc import DisputeRiskPyfunc
from models.registry import CHAMPION, ModelLoadError, Registry
from monitoring.config import MonitorConfig


class MonitorError(RuntimeError):
    """Monitoring cannot run; the message says what to do about it."""


@dataclass(frozen=True)
class Champion:
    """The model under watch, the reference logged with it and its test metrics."""

    name: str
    version: str
    run_id: str
    model: DisputeRiskPyfunc
    reference: pd.DataFrame
    metrics: dict[str, float]


def load_champion(registry: Registry) -> Champion:
    """The champion version, its model, reference and metrics, from the registry."""
    if registry.alias_version(CHAMPION) is None:
        raise MonitorError(
            f"no model {registry.model_name}@{CHAMPION}: run `disputes train` and `disputes promote` first"
        )
    try:
        loaded = registry.load_approved()
        reference = registry.reference(loaded)
    except ModelLoadError as error:
        raise MonitorError(str(error)) from None
    return Champion(loaded.name, loaded.version, loaded.run_id or "", loaded.pyfunc, reference, loaded.metrics)


def comparable_reference(reference: pd.DataFrame, data_start: pd.Timestamp, cfg: MonitorConfig) -> pd.DataFrame:
    """The reference rows to compare with, sampled to at most cfg.reference_rows.

    Rows from as-of dates within cfg.history_months of the data's start are left out when enough rows remain:
    their windows (up to 365 days) reached back before the first record, so they are truncated, and current
    rows, whose windows are full, would look drifted for that reason alone.
    """
    cutoff = pd.Timestamp(data_start) + pd.DateOffset(months=cfg.history_months)
    settled = reference[pd.to_datetime(reference["as_of"]) >= cutoff]
    rows = settled if len(settled) >= cfg.min_reference_rows else reference
    if len(rows) > cfg.reference_rows:
        rows = rows.sample(n=cfg.reference_rows, random_state=cfg.seed)
    return rows.reset_index(drop=True)
