"""The scoring pipeline as one function: champion × features at the as-of → scores, rollups and pages in the store.

`disputes score`, the MLproject and the benchmarks call `run_score`; the stages below it are plain functions
(scoring.batch, scoring.writing, scoring.transparency.precompute) that a test can run on an in-memory dataset.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine

from data.cluster import EngineConfig
from data.dataset import Dataset
from data.local_time import now_local
from data.progress import Progress
from data.settings import Settings
from data.sources import load_source
from data.store.engine import open_engine
from data.timeline import as_of_after, data_end, month_start
from models.registry import LoadedModel, Registry
from scoring.batch import BatchScores, batch_score
from scoring.transparency.precompute import precompute_transparency
from scoring.writing import ScoredBy, run_parts, write_run

if TYPE_CHECKING:
    from features.distributed import Partitions


class ScoreDateError(ValueError):
    """The requested as-of date cannot be scored; the message says why."""


@dataclass(frozen=True)
class ScoreResult:
    """One stored scoring run and what it wrote."""

    run_id: int
    as_of: pd.Timestamp
    model_version: str
    units: int
    communities: int
    pages: int
    bands: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        """The one-line summary the command prints."""
        return (
            f"Scored {self.units:,} units as of {self.as_of.date()} with v{self.model_version} (run {self.run_id}); "
            f"{self.communities:,} communities; {self.pages:,} transparency pages; bands {self.bands}"
        )


def scoring_date(dataset: Dataset, as_of: pd.Timestamp | None, now: datetime | None = None) -> pd.Timestamp:
    """The as-of to score: the data's latest by default; an explicit date may not lie past the current month."""
    return scoring_date_after(data_end(dataset), as_of, now)


def scoring_date_after(end: pd.Timestamp, as_of: pd.Timestamp | None, now: datetime | None = None) -> pd.Timestamp:
    """`scoring_date` for data that ends at `end`."""
    if as_of is None:
        return as_of_after(end, now)
    when, limit = pd.Timestamp(as_of).normalize(), month_start(now or now_local())
    if when > limit:
        raise ScoreDateError(
            f"--as-of {when.date()} lies past the current month ({limit.date()}); nothing is known then"
        )
    return when


def _scored_by(model: LoadedModel) -> ScoredBy:
    return ScoredBy(model.name, model.version, model.pyfunc.horizon_days)


def _write_pages(
    dataset: Dataset, as_of: pd.Timestamp, rollups: pd.DataFrame, model: LoadedModel, engine: Engine
) -> int:
    """Precompute every community's transparency page for a stored run; the number of pages."""
    horizon = model.pyfunc.horizon_days
    return precompute_transparency(dataset, as_of, rollups, model.version, engine, horizon_days=horizon)


def store_scores(dataset: Dataset, batch: BatchScores, model: LoadedModel, store_url: str) -> ScoreResult:
    """Write the run's scores and rollups, then precompute every community's transparency page."""
    engine = open_engine(store_url)
    try:
        run_id = write_run(engine, batch, _scored_by(model))
        pages = _write_pages(dataset, batch.as_of, batch.rollups, model, engine)
    finally:
        engine.dispose()
    bands = {str(k): int(v) for k, v in batch.scores["band"].value_counts().items()}
    return ScoreResult(run_id, batch.as_of, model.version, len(batch.scores), len(batch.rollups), pages, bands)


def run_score(
    settings: Settings,
    as_of: pd.Timestamp | None = None,
    data_dir: Path | None = None,
    progress: Progress | None = None,
    engine: EngineConfig = EngineConfig(),
) -> ScoreResult:
    """Score every unit with the champion (raises ModelLoadError, ValidationFailed or ScoreDateError);
    `engine` dask: per community partition on a cluster (scoring.dask_engine), written the same way."""
    progress = progress or Progress()
    model = Registry(settings.tracking_uri, settings.model_name).load_approved()
    if engine.is_dask:
        return _score_on_cluster(settings, model, as_of, data_dir, progress, engine)
    with progress.stage("loading data"):
        dataset = load_source(data_dir, settings.store_url)
    when = scoring_date(dataset, as_of)
    with progress.stage(f"scoring with v{model.version}"):
        batch = batch_score(dataset, model.pyfunc, when)
    with progress.stage("writing scores and pages"):
        return store_scores(dataset, batch, model, settings.store_url)


def _score_on_cluster(
    settings: Settings, model: LoadedModel, as_of: pd.Timestamp | None, data_dir: Path | None,
    progress: Progress, engine: EngineConfig,
) -> ScoreResult:  # fmt: skip
    """run_score on Dask: features and scores per community partition, each written as it finishes.

    The store and a partitioned folder are read partition by partition and never loaded whole, so their
    transparency pages are not precomputed here (0 pages); a plain folder is loaded, and its pages are."""
    from data.cluster import dask_client
    from features.distributed import load_partitions

    with dask_client(engine) as client:
        with progress.stage(f"loading data {engine.describe()}"):
            parts, dataset = load_partitions(client, data_dir, settings.store_url)
        when = scoring_date_after(parts.end, as_of)
        label = f"scoring {len(parts.parts)} partitions with v{model.version} {engine.describe()}"
        with progress.stage(label, len(parts.parts)) as advance:
            result, rollups = score_partitions(parts, model, when, settings.store_url, on_part=advance)
    if dataset is None:
        return result
    with progress.stage("writing pages"):
        store = open_engine(settings.store_url)
        try:
            pages = _write_pages(dataset, when, rollups, model, store)
        finally:
            store.dispose()
    return replace(result, pages=pages)


def score_partitions(
    parts: Partitions, model: LoadedModel, as_of: pd.Timestamp, store_url: str,
    on_part: Callable[[int], None] | None = None,
) -> tuple[ScoreResult, pd.DataFrame]:  # fmt: skip
    """Score every partition on the cluster and write each one's scores, rollups, feature rows and levers as it
    arrives (`on_part(1)` after each), in one transaction (a failing partition leaves no run behind); the result
    (0 pages) and the run's rollups in community order."""
    from scoring.dask_engine import stream_runs

    bands: Counter[str] = Counter()
    rollups: list[pd.DataFrame] = []
    engine = open_engine(store_url)
    try:
        with run_parts(engine, as_of, _scored_by(model)) as run:
            for batch in stream_runs(parts, model.pyfunc, as_of):
                run.add(batch)
                bands.update(batch.scores["band"].astype(str).tolist())
                rollups.append(batch.rollups)
                if on_part is not None:
                    on_part(1)
    finally:
        engine.dispose()
    rolled = pd.concat(rollups).sort_values("community_id", kind="stable").reset_index(drop=True)
    counts = {band: int(n) for band, n in bands.most_common()}
    return ScoreResult(run.run_id, as_of, model.version, run.units, len(rolled), 0, counts), rolled
