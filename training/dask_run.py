"""One training run on a Dask cluster: the same stages and the same outcome as training.run, with the data spread
over community partitions (features and the booster on the workers, calibration and evaluation on the client)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from features import catalogue_for
from features.distributed import Partitions, contexts_at
from models.pyfunc import DisputeRiskPyfunc
from models.spec import FeatureSpec
from training.dask_fit import DaskFrames, fit_models_dask, split_frame_parts
from training.fit import TrainingConfig
from training.frames import keep_shares
from training.run import TrainingOutcome, assess
from training.snapshots import monthly_dates_between
from training.split import time_split

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)


@contextmanager
def _stage(stages: dict[str, float], name: str) -> Iterator[None]:
    """Record and log how long a stage took (where a distributed run spends its time)."""
    started = time.perf_counter()
    yield
    stages[name] = time.perf_counter() - started
    log.info("dask training: %s in %.1f s", name, stages[name])


def _columns(frame: pd.DataFrame) -> list[str]:
    return list(frame.columns)


def _threads(client: Client) -> int:
    workers = client.scheduler_info(n_workers=-1)["workers"].values()
    # One thread less than the worker has for LightGBM: the other answers Dask while the booster trains.
    return max(1, min(int(w.get("nthreads", 1)) for w in workers) - 1)


def train_on_partitions(
    parts: Partitions,
    cfg: TrainingConfig,
    truth: pd.DataFrame | None = None,
    champion: tuple[DisputeRiskPyfunc, str] | None = None,
) -> TrainingOutcome:
    """Snapshots, lightgbm.dask fit and evaluation over partitions of communities (see training.dask_fit); the
    outcome's `stages` holds the seconds each stage took."""
    split = time_split(monthly_dates_between(parts.start, parts.end, cfg.horizon_days), cfg.horizon_days, cfg.split)
    dates = sorted({*split.train, *split.validation, *split.calibration, *split.test})
    stages: dict[str, float] = {}
    with _stage(stages, f"contexts at {len(dates)} as-of dates"):
        contexts = contexts_at(parts, dates, cfg.features)
    keep = keep_shares(parts.units, split, cfg.max_train_rows, cfg.max_window_rows, cfg.max_test_rows)
    with _stage(stages, f"split frames of {len(parts.parts)} partitions"):
        frame_parts, attribute_parts = split_frame_parts(parts, split, cfg, keep, contexts)
        frames = DaskFrames(parts.client, frame_parts)
        columns = parts.client.gather(parts.client.submit(_columns, frames.frames[0], pure=False))
        # Gathering the attributes waits for every partition's frame, so the booster's clock starts after them.
        attributes = pd.concat(parts.client.gather(attribute_parts), ignore_index=True)
    spec = FeatureSpec.from_catalogue(catalogue_for(cfg.features), pd.Index(columns))
    with _stage(stages, "booster, best iteration, calibration and baselines"):
        fitted, gathered = fit_models_dask(frames, spec, cfg, split, _threads(parts.client))
    with _stage(stages, "evaluation"):
        outcome = assess(gathered, fitted, attributes, cfg, truth, champion)
    return replace(outcome, stages=stages)
