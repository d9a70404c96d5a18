"""MLflow for training: point it at the settings, log a run and register the version as `challenger`.

Aliases and loading belong to the registry (models/registry.py); the functions below read the tracking URI that
`configure` set.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import mlflow
import pandas as pd
from matplotlib.figure import Figure
from mlflow.models import infer_signature

from models.pyfunc import DisputeRiskPyfunc, input_example
from models.registry import CHALLENGER, CHAMPION, REFERENCE_ARTIFACT, Registry

EXPERIMENT = "dispute-risk"
__all__ = ["CHALLENGER", "CHAMPION", "alias_version", "configure", "load_pyfunc", "log_training_run", "set_alias"]
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


class _TrustedPickleNotice(logging.Filter):
    """Drops MLflow's CloudPickle notice: the pickle is our own class, written and read by this project only.

    The notice says nothing a user can act on: models-from-code would not change who can write the artifact store,
    and the registry serves only versions that the promotion gate approved.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "serialized using CloudPickle" not in record.getMessage()


@contextmanager
def _without_pickle_notice() -> Iterator[None]:
    logger, notice = logging.getLogger("mlflow.pyfunc"), _TrustedPickleNotice()
    logger.addFilter(notice)
    try:
        yield
    finally:
        logger.removeFilter(notice)


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
        ref_path = Path(tmp) / Path(REFERENCE_ARTIFACT).name
        reference.to_parquet(ref_path, index=False)
        mlflow.log_artifact(str(ref_path), str(Path(REFERENCE_ARTIFACT).parent))
        mlflow.log_dict(dict(metrics), "evaluation/metrics.json")
        with _without_pickle_notice():
            info = mlflow.pyfunc.log_model(
                name="model", python_model=pyfunc, signature=signature, input_example=example,
                pip_requirements=PIP_REQUIREMENTS, registered_model_name=model_name,
            )  # fmt: skip
        version = str(info.registered_model_version)
        Registry(None, model_name).set_alias(CHALLENGER, version)
        return run.info.run_id, version


def alias_version(model_name: str, alias: str) -> str | None:
    """The version an alias points to, or None when the alias (or the model) does not exist."""
    return Registry(None, model_name).alias_version(alias)


def run_metrics(model_name: str, version: str) -> dict[str, float]:
    """The logged metrics of the run that produced a model version."""
    return Registry(None, model_name).run_metrics(version)


def load_pyfunc(model_name: str, alias: str) -> DisputeRiskPyfunc:
    """The in-process model object behind an alias."""
    return Registry(None, model_name).load(alias).pyfunc


def set_alias(model_name: str, alias: str, version: str) -> None:
    Registry(None, model_name).set_alias(alias, version)
