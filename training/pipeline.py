"""The training pipelines as functions: train (load → fit → evaluate → log and register) and promote (the gate).

The command line, the MLproject and the benchmarks call these; they only parse arguments and print.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.cluster import EngineConfig
from data.progress import Progress
from data.settings import Settings
from data.sources import load_source, truth_table_path
from models.pyfunc import DisputeRiskPyfunc
from models.registry import CHALLENGER, CHAMPION, ModelLoadError, Registry
from training import tracking
from training.fit import TrainingConfig
from training.promotion import GateDecision, gate
from training.run import TrainingOutcome, train_on_dataset

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainResult:
    """A registered challenger: its run, version and test metrics, and the outcome behind them."""

    run_id: str
    version: str
    metrics: dict[str, float]
    outcome: TrainingOutcome


def run_train(
    settings: Settings,
    cfg: TrainingConfig,
    data_dir: Path | None = None,
    progress: Progress | None = None,
    engine: EngineConfig = EngineConfig(),
) -> TrainResult:
    """Train on a dataset folder (or the store), log the run and register the version as `challenger`.

    `engine` dask: on a cluster (training.dask_run); the logged artifact and the metrics are of the same kind."""
    progress = progress or Progress()
    with progress.stage("loading data"):
        dataset = None if engine.is_dask else load_source(data_dir, settings.store_url)
        truth_path = truth_table_path(data_dir)
        truth = pd.read_parquet(truth_path) if truth_path is not None else None
    tracking.configure(settings.tracking_uri, settings.artifacts_dir)
    registry = Registry(settings.tracking_uri, settings.model_name)
    champion = _champion(registry)
    with progress.stage(f"training and evaluating {engine.describe()}"):
        if dataset is not None:
            outcome = train_on_dataset(dataset, cfg, truth=truth, champion=champion)
        else:
            outcome = _train_on_cluster(engine, data_dir, settings.store_url, cfg, truth, champion)
    with progress.stage("logging to MLflow"):
        run_id, version = tracking.log_training_run(
            outcome.fitted.pyfunc, outcome.reference, training_params(cfg, outcome), outcome.metrics,
            outcome.figures, {"slices": outcome.evaluation.slices}, outcome.reference, settings.model_name,
        )  # fmt: skip
    return TrainResult(run_id, version, outcome.metrics, outcome)


def _train_on_cluster(
    engine: EngineConfig, data_dir: Path | None, store_url: str, cfg: TrainingConfig,
    truth: pd.DataFrame | None, champion: tuple[DisputeRiskPyfunc, str] | None,
) -> TrainingOutcome:  # fmt: skip
    from data.cluster import dask_client
    from features.distributed import load_partitions
    from training.dask_run import train_on_partitions

    with dask_client(engine) as client:
        parts, _ = load_partitions(client, data_dir, store_url)
        return train_on_partitions(parts, cfg, truth=truth, champion=champion)


def _champion(registry: Registry) -> tuple[DisputeRiskPyfunc, str] | None:
    """The current champion to compare with on the new test window; None when there is none, or it cannot load."""
    if registry.alias_version(CHAMPION) is None:
        return None
    try:
        loaded = registry.load(CHAMPION)
    except ModelLoadError as error:  # the gate then refuses: the challenger was not compared
        log.warning("%s; training without a comparison", error)
        return None
    return loaded.pyfunc, loaded.version


def training_params(cfg: TrainingConfig, outcome: TrainingOutcome) -> dict[str, object]:
    """What MLflow records as the run's parameters, the feature configuration included."""
    split = {f"split_{k}": v for k, v in outcome.fitted.split.describe().items()}
    features = {f"features_{k}": v for k, v in cfg.features.model_dump().items()}
    return {
        **outcome.fitted.pyfunc.model.params.model_dump(), **split, **features, "horizon_days": cfg.horizon_days,
        "search": outcome.fitted.search.chosen if outcome.fitted.search else "off",
        "calibration": outcome.fitted.pyfunc.model.calibrator_.method,
        "best_iteration": outcome.fitted.pyfunc.model.best_iteration_,
        "features": len(outcome.fitted.pyfunc.feature_names),
    }  # fmt: skip


@dataclass(frozen=True)
class PromotionResult:
    """What `promote` decided: the versions involved, the gate's reasoning and whether champion moved."""

    challenger: str | None
    champion: str | None
    decision: GateDecision
    promoted: bool
    forced: bool = False


def _already_champion(registry: Registry, version: str, force: bool) -> PromotionResult:
    """Nothing to move; but a champion never approved (aliased by hand, or before approvals existed) is approved
    when the operator forces it, since serving loads approved versions only."""
    if registry.approval(version) is not None:
        return PromotionResult(version, version, GateDecision(False, f"v{version} is already the champion"), False)
    if not force:
        reason = f"v{version} is the champion but was never approved; `disputes promote --force` approves it"
        return PromotionResult(version, version, GateDecision(False, reason), False)
    registry.approve(version, forced=True)
    decision = GateDecision(False, f"v{version} was the champion without approval; approved by --force")
    return PromotionResult(version, version, decision, True, forced=True)


def run_promote(settings: Settings, force: bool = False) -> PromotionResult:
    """Approve the current challenger and move `champion` to it when the gate passes (or when forced)."""
    registry = Registry(settings.tracking_uri, settings.model_name)
    challenger, champion = registry.alias_version(CHALLENGER), registry.alias_version(CHAMPION)
    if challenger is None:
        return PromotionResult(None, champion, GateDecision(False, "no challenger: run `disputes train` first"), False)
    if champion == challenger:
        return _already_champion(registry, challenger, force)
    decision = gate(registry.run_metrics(challenger), champion)
    if not decision.promote and not force:
        return PromotionResult(challenger, champion, decision, False)
    # Approval tags the version with its artifact's hash (forced or not: forcing is an operator's decision, and
    # the tag records it) and moves `champion`; serving loads only approved versions whose hash still matches.
    registry.approve(challenger, forced=not decision.promote)
    return PromotionResult(challenger, champion, decision, True, forced=not decision.promote)
