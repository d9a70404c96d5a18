"""The model registry: aliases, the champion loader and the reference sample logged with each version.

Every consumer (training's promotion, batch scoring, serving, monitoring) goes through this module; nobody else
builds a `models:/` URI or reads an alias. MLflow is reached through an explicit client, never process-wide state.

Approval: `approve` (called by `promote`, forced or not) tags a version with the SHA-256 of its whole artifact
folder and points `champion` at it. Serving loads with `load_approved`, which refuses a version without that tag
or whose artifact no longer hashes the same (an alias moved by hand, a file swapped afterwards), and smoke-tests
the model on a few rows of its reference sample before anyone is served by it.
"""

from __future__ import annotations

import json
import pickle
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from data.local_time import now_local
from models.approval import APPROVAL_TAG, artifact_sha256, smoke_test_problem
from models.pyfunc import DisputeRiskPyfunc

if TYPE_CHECKING:
    import pandas as pd
    from mlflow import MlflowClient
    from mlflow.entities.model_registry import ModelVersion

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

    def _download(self, version: str, folder: Path) -> Path:
        """The version's model artifact, copied into `folder` (hashed and loaded from there, never re-read)."""
        import mlflow

        location = self.client().get_model_version_download_uri(self.model_name, version)
        return Path(mlflow.artifacts.download_artifacts(artifact_uri=location, dst_path=str(folder)))

    def approve(self, version: str, forced: bool = False) -> str:
        """Tag the version as gate-approved with its artifact's SHA-256 (and whether the gate was overridden),
        then point `champion` at it; returns the hash. `promote` is the one production caller."""
        with tempfile.TemporaryDirectory(prefix="approve-") as tmp:
            sha256 = artifact_sha256(self._download(version, Path(tmp)))
        tag = {"sha256": sha256, "forced": forced, "approved_at": now_local().isoformat(timespec="seconds")}
        client = self.client()
        client.set_model_version_tag(self.model_name, version, APPROVAL_TAG, json.dumps(tag))
        client.set_registered_model_alias(self.model_name, CHAMPION, version)
        return sha256

    def approval(self, version: str) -> dict[str, object] | None:
        """The version's approval tag, or None when `promote` never approved it."""
        text = self.client().get_model_version(self.model_name, version).tags.get(APPROVAL_TAG)
        return json.loads(text) if text else None

    def run_metrics(self, version: str) -> dict[str, float]:
        """The logged metrics of the run that produced a version."""
        client = self.client()
        run_id = client.get_model_version(self.model_name, version).run_id
        return dict(client.get_run(run_id).data.metrics) if run_id else {}

    def load(self, alias: str = CHAMPION) -> LoadedModel:
        """Resolve the alias to its version, load that exact version's artifact and unwrap it.

        Raises ModelLoadError with the reason when the alias, the artifact or the model class is wrong. Serving
        uses `load_approved`, which also checks the approval.
        """
        where = model_uri(self.model_name, alias)
        try:
            version = self.client().get_model_version_by_alias(self.model_name, alias)
            location = self.client().get_model_version_download_uri(self.model_name, version.version)
        except _load_errors() as error:
            raise ModelLoadError(f"{where} could not be loaded: {error}") from error
        return self._unwrap(version, location, where)

    def _unwrap(self, version: ModelVersion, location: str, where: str) -> LoadedModel:
        import mlflow

        try:
            pyfunc = mlflow.pyfunc.load_model(location).unwrap_python_model()
            if isinstance(pyfunc, DisputeRiskPyfunc):
                pyfunc.warm_up()
            metrics = dict(self.client().get_run(version.run_id).data.metrics) if version.run_id else {}
        except _load_errors() as error:
            raise ModelLoadError(f"{where} could not be loaded: {error}") from error
        if not isinstance(pyfunc, DisputeRiskPyfunc):
            raise ModelLoadError(f"{where} is a {type(pyfunc).__name__}, not a dispute-risk model")
        return LoadedModel(self.model_name, str(version.version), version.run_id, pyfunc, metrics)

    def _approved_artifact(self, version: ModelVersion, folder: Path, where: str) -> Path:
        """The version's artifact downloaded into `folder`, once its approval tag and hash check out."""
        text = version.tags.get(APPROVAL_TAG)
        if not text:
            raise ModelLoadError(
                f"{where} could not be loaded: `disputes promote` never approved it (was its alias moved by hand?); "
                "promote a version, point the alias back to an approved one, or approve this one with "
                "`disputes promote --force`"
            )
        approved = str(json.loads(text)["sha256"])
        try:
            artifact = self._download(str(version.version), folder)
        except _load_errors() as error:
            raise ModelLoadError(f"{where} could not be loaded: {error}") from error
        found = artifact_sha256(artifact)
        # An approval recorded before MLflow's bookkeeping was left out hashed every file: it still holds when
        # every file, that one included, is as it was.
        if found != approved and artifact_sha256(artifact, skip=frozenset()) != approved:
            raise ModelLoadError(
                f"{where} could not be loaded: its artifact changed after approval (sha256 {found[:12]}…, approved "
                f"{approved[:12]}…); promote a new version"
            )
        return artifact

    def load_approved(self, alias: str = CHAMPION) -> LoadedModel:
        """The alias's version, only if `promote` approved it and its artifact still hashes the same, and only
        once it passed a smoke test on its reference sample. Raises ModelLoadError naming the check that failed."""
        where = model_uri(self.model_name, alias)
        try:
            version = self.client().get_model_version_by_alias(self.model_name, alias)
        except _load_errors() as error:
            raise ModelLoadError(f"{where} could not be loaded: {error}") from error
        where = f"{where} (v{version.version})"
        with tempfile.TemporaryDirectory(prefix="load-") as tmp:
            artifact = self._approved_artifact(version, Path(tmp), where)
            loaded = self._unwrap(version, str(artifact), where)  # loaded from the very files that were hashed
        problem = smoke_test_problem(loaded.pyfunc, self.reference(loaded))
        if problem is not None:
            raise ModelLoadError(f"{where} could not be loaded: it failed its smoke test: {problem}")
        return loaded

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
