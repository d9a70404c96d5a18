"""MLflow: log a training run, register the model version, read and move aliases."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import mlflow
import pandas as pd
from matplotlib.figure import Figure
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from mlflow.models import infer_signature

from models.pyfunc import DisputeRiskPyfunc, input_example

EXPERIMENT = "dispute-risk"
CHALLENGER, CHAMPION = "challenger", "champion"
REFERENCE_ARTIFACT = "reference/reference.parquet"
# Explicit requirements: inference by subprocess costs seconds per run and can pick up test-only packages.
PIP_REQUIREMENTS = [
    f"mlflow=={mlflow.__version__}", "lightgbm", "numba", "scikit-learn", "pandas<3.0", "numpy", "pyarrow",
]  # fmt: skip


def configure(tracking_uri: str, artifacts_dir: Path) -> None:
    """Point MLflow at the settings' tracking URI and make sure the experiment exists."""
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_registry_uri(tracking_uri)
    if os.environ.get("MLFLOW_RUN_ID"):
        # Launched by `mlflow run`: log into the run (and experiment) that it created.
        return
    if mlflow.get_experiment_by_name(EXPERIMENT) is None:
        artifacts_dir.mkdir(parents=True, exist_ok=True)
        mlflow.create_experiment(EXPERIMENT, artifact_location=artifacts_dir.as_uri())
    mlflow.set_experiment(EXPERIMENT)


def log_training_run(
    pyfunc: DisputeRiskPyfunc,
    example_rows: pd.DataFrame,
    params: Mapping[str, object],
    metrics: Mapping[str, float],
    figures: Mapping[str, Figure],
    tables: Mapping[str, pd.DataFrame],
    reference: pd.DataFrame,
    model_name: str,
) -> tuple[str, str]:
    """Log everything about one run, register a version, and point `challenger` at it; returns (run_id, version)."""
    example = input_example(example_rows, pyfunc.feature_names)
    signature = infer_signature(example, pyfunc.score(example))
    with mlflow.start_run() as run, tempfile.TemporaryDirectory() as tmp:
        mlflow.log_params({k: str(v)[:500] for k, v in params.items()})
        mlflow.log_metrics({k: float(v) for k, v in metrics.items() if pd.notna(v)})
        for name, fig in figures.items():
            mlflow.log_figure(fig, f"plots/{name}.png")
        for name, table in tables.items():
            path = Path(tmp) / f"{name}.csv"
            table.to_csv(path, index=False)
            mlflow.log_artifact(str(path), "evaluation")
        ref_path = Path(tmp) / "reference.parquet"
        reference.to_parquet(ref_path, index=False)
        mlflow.log_artifact(str(ref_path), "reference")
        mlflow.log_dict(dict(metrics), "evaluation/metrics.json")
        info = mlflow.pyfunc.log_model(
            name="model", python_model=pyfunc, signature=signature, input_example=example,
            pip_requirements=PIP_REQUIREMENTS, registered_model_name=model_name,
        )  # fmt: skip
        version = str(info.registered_model_version)
        MlflowClient().set_registered_model_alias(model_name, CHALLENGER, version)
        return run.info.run_id, version


def alias_version(model_name: str, alias: str) -> str | None:
    """The version an alias points to, or None when the alias (or the model) does not exist."""
    try:
        return str(MlflowClient().get_model_version_by_alias(model_name, alias).version)
    except MlflowException:
        return None


def run_metrics(model_name: str, version: str) -> dict[str, float]:
    """The logged metrics of the run that produced a model version."""
    client = MlflowClient()
    run_id = client.get_model_version(model_name, version).run_id
    return dict(client.get_run(run_id).data.metrics) if run_id else {}


def load_pyfunc(model_name: str, alias: str) -> DisputeRiskPyfunc:
    """The in-process model object behind an alias."""
    loaded = mlflow.pyfunc.load_model(f"models:/{model_name}@{alias}")
    model = loaded.unwrap_python_model()
    if not isinstance(model, DisputeRiskPyfunc):
        raise TypeError(f"models:/{model_name}@{alias} is not a dispute-risk model")
    return model


def set_alias(model_name: str, alias: str, version: str) -> None:
    MlflowClient().set_registered_model_alias(model_name, alias, version)
