"""The scoring pipeline as one function: champion × features at the as-of → scores, rollups and pages in the store.

`disputes score`, the MLproject and the benchmarks call `run_score`; the stages below it are plain functions
(scoring.batch, scoring.writing, scoring.transparency.precompute) that a test can run on an in-memory dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from data.dataset import Dataset
from data.local_time import now_local
from data.progress import Progress
from data.settings import Settings
from data.sources import load_source
from data.store.engine import open_engine
from data.timeline import latest_as_of, month_start
from models.registry import LoadedModel, Registry
from scoring.batch import BatchScores, batch_score
from scoring.transparency.precompute import precompute_transparency
from scoring.writing import ScoredBy, write_run


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
    if as_of is None:
        return latest_as_of(dataset, now)
    when, limit = pd.Timestamp(as_of).normalize(), month_start(now or now_local())
    if when > limit:
        raise ScoreDateError(
            f"--as-of {when.date()} lies past the current month ({limit.date()}); nothing is known then"
        )
    return when


def store_scores(dataset: Dataset, batch: BatchScores, model: LoadedModel, store_url: str) -> ScoreResult:
    """Write the run's scores and rollups, then precompute every community's transparency page."""
    engine = open_engine(store_url)
    try:
        horizon = model.pyfunc.horizon_days
        run_id = write_run(engine, batch, ScoredBy(model.name, model.version, horizon))
        pages = precompute_transparency(
            dataset, batch.as_of, batch.rollups, model.version, engine, horizon_days=horizon
        )  # fmt: skip
    finally:
        engine.dispose()
    bands = {str(k): int(v) for k, v in batch.scores["band"].value_counts().items()}
    return ScoreResult(run_id, batch.as_of, model.version, len(batch.scores), len(batch.rollups), pages, bands)


def run_score(
    settings: Settings,
    as_of: pd.Timestamp | None = None,
    data_dir: Path | None = None,
    progress: Progress | None = None,
) -> ScoreResult:
    """Score every unit with the champion (raises ModelLoadError, ValidationFailed or ScoreDateError)."""
    progress = progress or Progress()
    model = Registry(settings.tracking_uri, settings.model_name).load_approved()
    with progress.stage("loading data"):
        dataset = load_source(data_dir, settings.store_url)
    when = scoring_date(dataset, as_of)
    with progress.stage(f"scoring with v{model.version}"):
        batch = batch_score(dataset, model.pyfunc, when)
    with progress.stage("writing scores and pages"):
        return store_scores(dataset, batch, model, settings.store_url)
