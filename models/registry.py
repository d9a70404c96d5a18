"""The model registry: aliases, the champion loader and the reference sample logged with each version.

Every consumer (training's promotion, batch scoring, serving, monitoring) goes through this module; nobody else
builds a `models:/` URI or reads an alias. MLflow is reached through an explicit client, never process-wide state.
"""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from data.local_time import now_local
from models.pyfunc import DisputeRiskPyfunc

if TYPE_CHECKING:
    import pandas as pd
    from mlflow import MlflowClient

MODEL_NAME = "dispute-risk"
CHAMPION, CHALLENGER = "champion", "challenger"
REFERENCE_ARTIFACT = "reference/reference.parquet"


def model_uri(model_name: str, alias: str) -> str:
    """`models:/<name>@<alias>`: the one place that spells a registry URI."""
    return f"models:/{model_name}@{alias}"


class ModelLoadError(RuntimeError):
    """A registered model could not be loaded; the message says why."""


@dataclass(frozen=True)
class LoadedModel:
    """A registered version's in-process model with the registry facts that reports and /v1/model show."""

    name: str
    version: str
    run_id: str | None
    pyfunc: DisputeRiskPyfunc
    metrics: dict[str, float] = field(default_factory=dict)
    loaded_at: datetime = field(default_factory=now_local)


def _load_errors() -> tuple[type[BaseException], ...]:
    from mlflow.exceptions import MlflowException

    # What a missing alias, a missing or corrupt artifact, or a foreign model class raises while loading.
    return (
        MlflowException, OSError, EOFError, pickle.UnpicklingError, ImportError, AttributeError,
        TypeError, ValueError, KeyError,
    )  # fmt: skip


class Registry:
    """One registered model (`dispute-risk` by default) in one MLflow tracking store."""

    def __init__(self, tracking_uri: str | None = None, model_name: str = MODEL_NAME) -> None:
        self.tracking_uri, self.model_name = tracking_uri, model_name

    def client(self) -> MlflowClient:
        from mlflow import MlflowClient

        return MlflowClient(tracking_uri=self.tracking_uri, registry_uri=self.tracking_uri)

    def alias_version(self, alias: str) -> str | None:
        """The version an alias points to, or None when the alias (or the model) does not exist."""
        from mlflow.exceptions import MlflowException

        try:
            return str(self.client().get_model_version_by_alias(self.model_name, alias).version)
        except MlflowException:
            return None

    def set_alias(self, alias: str, version: str) -> None:
        self.client().set_registered_model_alias(self.model_name, alias, version)

    def run_metrics(self, version: str) -> dict[str, float]:
        """The logged metrics of the run that produced a version."""
        client = self.client()
        run_id = client.get_model_version(self.model_name, version).run_id
        return dict(client.get_run(run_id).data.metrics) if run_id else {}

    def load(self, alias: str = CHAMPION) -> LoadedModel:
        """Resolve the alias to its version, load that exact version's artifact and unwrap it.

        Raises ModelLoadError with the reason when the alias, the artifact or the model class is wrong.
        """
        import mlflow

        client, where = self.client(), model_uri(self.model_name, alias)
        try:
            version = client.get_model_version_by_alias(self.model_name, alias)
            location = client.get_model_version_download_uri(self.model_name, version.version)
            pyfunc = mlflow.pyfunc.load_model(location).unwrap_python_model()
            if isinstance(pyfunc, DisputeRiskPyfunc):
                pyfunc.warm_up()
            metrics = dict(client.get_run(version.run_id).data.metrics) if version.run_id else {}
        except _load_errors() as error:
            raise ModelLoadError(f"{where} could not be loaded: {error}") from error
        if not isinstance(pyfunc, DisputeRiskPyfunc):
            raise ModelLoadError(f"{where} is a {type(pyfunc).__name__}, not a dispute-risk model")
        return LoadedModel(self.model_name, str(version.version), version.run_id, pyfunc, metrics)

    def reference(self, loaded: LoadedModel) -> pd.DataFrame:
        """The reference sample logged with a version's training run (features and probability)."""
        import pandas as pd
        from mlflow.exceptions import MlflowException

        label = f"{self.model_name} v{loaded.version}"
        if not loaded.run_id:
            raise ModelLoadError(f"{label} has no training run, so no reference sample")
        with tempfile.TemporaryDirectory() as tmp:
            try:
                path = self.client().download_artifacts(loaded.run_id, REFERENCE_ARTIFACT, tmp)
            except (MlflowException, OSError) as error:
                raise ModelLoadError(
                    f"{label}: its run {loaded.run_id} has no {REFERENCE_ARTIFACT} ({error})"
                ) from None
            return pd.read_parquet(Path(path))
