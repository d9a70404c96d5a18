"""Loading `models:/<name>@champion` for serving, and swapping it on reload without dropping the old one."""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass, field
from datetime import datetime

from models.pyfunc import DisputeRiskPyfunc
from serving.db import now_local

log = logging.getLogger(__name__)
CHAMPION = "champion"


@dataclass(frozen=True)
class LoadedModel:
    """The champion's in-process model with the registry facts /v1/model reports."""

    name: str
    version: str
    run_id: str | None
    pyfunc: DisputeRiskPyfunc
    metrics: dict[str, float] = field(default_factory=dict)
    loaded_at: datetime = field(default_factory=now_local)


class ModelLoadError(RuntimeError):
    """The champion could not be loaded; the message says why."""


def _load_errors() -> tuple[type[BaseException], ...]:
    from mlflow.exceptions import MlflowException

    # What a missing alias, a missing or corrupt artifact, or a foreign model class raises while loading.
    return (
        MlflowException, OSError, EOFError, pickle.UnpicklingError, ImportError, AttributeError,
        TypeError, ValueError, KeyError,
    )  # fmt: skip


def load_champion(tracking_uri: str, model_name: str) -> LoadedModel:
    """Resolve `models:/<name>@champion` to its version, load that exact version's artifact and unwrap it.

    Raises ModelLoadError with the reason when the alias, the artifact or the model class is wrong.
    """
    import mlflow
    from mlflow import MlflowClient

    # An explicit client, not mlflow.set_tracking_uri: that changes process-wide state (and the environment).
    client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
    try:
        version = client.get_model_version_by_alias(model_name, CHAMPION)
        location = client.get_model_version_download_uri(model_name, version.version)
        pyfunc = mlflow.pyfunc.load_model(location).unwrap_python_model()
        if isinstance(pyfunc, DisputeRiskPyfunc):
            pyfunc.warm_up()
        metrics = dict(client.get_run(version.run_id).data.metrics) if version.run_id else {}
    except _load_errors() as error:
        raise ModelLoadError(f"models:/{model_name}@{CHAMPION} could not be loaded: {error}") from error
    if not isinstance(pyfunc, DisputeRiskPyfunc):
        raise ModelLoadError(f"models:/{model_name}@{CHAMPION} is a {type(pyfunc).__name__}, not a dispute-risk model")
    return LoadedModel(model_name, str(version.version), version.run_id, pyfunc, metrics)


class ModelSlot:
    """Holds the serving model; a failed reload leaves the current one in place."""

    def __init__(self, tracking_uri: str, model_name: str) -> None:
        self.tracking_uri, self.model_name = tracking_uri, model_name
        self.current: LoadedModel | None = None
        self.last_error: str | None = None

    def load(self) -> LoadedModel:
        """Load the champion and make it current; on failure keep the old model and raise ModelLoadError."""
        try:
            loaded = load_champion(self.tracking_uri, self.model_name)
        except ModelLoadError as error:
            self.last_error = str(error)
            log.warning("%s; still serving %s", error, self.current.version if self.current else "no model")
            raise
        self.current, self.last_error = loaded, None
        log.info("serving %s version %s", loaded.name, loaded.version)
        return loaded
