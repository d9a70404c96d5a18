"""The champion and its reference sample: fetched from the MLflow run that trained it, then made comparable."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from models.pyfunc import DisputeRiskPyfunc
from monitoring.config import MonitorConfig
from training.tracking import CHAMPION, REFERENCE_ARTIFACT


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


def load_champion(model_name: str) -> Champion:
    """The champion version, its model, reference and metrics, from the configured MLflow registry."""
    import mlflow
    from mlflow import MlflowClient
    from mlflow.exceptions import MlflowException

    client = MlflowClient()
    try:
        version = client.get_model_version_by_alias(model_name, CHAMPION)
    except MlflowException:
        raise MonitorError(
            f"no model {model_name}@{CHAMPION}: run `disputes train` and `disputes promote` first"
        ) from None
    if not version.run_id:
        raise MonitorError(f"{model_name} v{version.version} has no training run, so no reference sample")
    model = mlflow.pyfunc.load_model(f"models:/{model_name}/{version.version}").unwrap_python_model()
    if not isinstance(model, DisputeRiskPyfunc):
        raise MonitorError(f"{model_name} v{version.version} is a {type(model).__name__}, not a dispute-risk model")
    reference = _download_reference(version.run_id, f"{model_name} v{version.version}")
    metrics = dict(client.get_run(version.run_id).data.metrics)
    return Champion(model_name, str(version.version), version.run_id, model, reference, metrics)


def _download_reference(run_id: str, label: str) -> pd.DataFrame:
    import mlflow
    from mlflow.exceptions import MlflowException

    with tempfile.TemporaryDirectory() as tmp:
        try:
            path = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=REFERENCE_ARTIFACT, dst_path=tmp)
        except (MlflowException, OSError) as error:
            raise MonitorError(f"{label}: its run {run_id} has no {REFERENCE_ARTIFACT} ({error})") from None
        return pd.read_parquet(Path(path))


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
