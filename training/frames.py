"""The training frame, built a few months at a time so large districts fit in memory.

The train window keeps every positive and a seeded share of negatives, weighted back up by the inverse share.
Validation and calibration windows larger than `max_window_rows` keep a uniform random sample, which leaves
early stopping and calibration unbiased. The test window is kept whole up to `max_test_rows` (far above a district:
luohu's is 1.2 million rows), so the reported metrics see the population as it is; only a city-sized window keeps a
uniform random sample, which leaves every metric an unbiased estimate.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from data.dataset import Dataset
from data.timeline import data_end as latest_knowledge_time
from features import build_training_frame
from features.config import FeatureConfig
from features.partitions import Context
from features.prepared import prepare
from training.split import TimeSplit

LABEL, WEIGHT = "label", "weight"
CHUNK_MONTHS = 3


def negative_keep_share(train_rows: int, max_train_rows: int) -> float:
    """Share of train-window negatives to keep so the window stays near `max_train_rows` rows."""
    return 1.0 if train_rows <= max_train_rows else max_train_rows / train_rows


def _thin(chunk: pd.DataFrame, keep: float, rng: np.random.Generator) -> pd.DataFrame:
    """Keep all positives and `keep` of negatives, with weights that restore the original balance."""
    if keep >= 1.0:
        return chunk.assign(**{WEIGHT: 1.0})
    kept = (chunk[LABEL].to_numpy() == 1) | (rng.random(len(chunk)) < keep)
    weights = np.where(chunk[LABEL].to_numpy()[kept] == 1, 1.0, 1.0 / keep)
    return chunk[kept].assign(**{WEIGHT: weights})


def _compact(chunk: pd.DataFrame) -> pd.DataFrame:
    """Feature columns as float32: half the memory; the model casts the rows it uses back to float64."""
    floats = chunk.select_dtypes("float64").columns.drop([WEIGHT], errors="ignore")
    return chunk.astype(dict.fromkeys(floats, "float32"))


def _sample(chunk: pd.DataFrame, keep: float, rng: np.random.Generator) -> pd.DataFrame:
    """A uniform random share of rows, unweighted."""
    return chunk if keep >= 1.0 else chunk[rng.random(len(chunk)) < keep]


Keep = tuple[float, float, float]
"""Shares kept: of train-window negatives, of validation and calibration rows, of test rows."""


def keep_shares(units: int, split: TimeSplit, max_train_rows: int, max_window_rows: int, max_test_rows: int) -> Keep:
    """The shares to keep, from the whole data's units."""
    return (
        negative_keep_share(units * len(split.train), max_train_rows),
        negative_keep_share(units * len(split.validation), max_window_rows),
        negative_keep_share(units * len(split.test), max_test_rows),
    )


def build_split_frame(
    dataset: Dataset,
    split: TimeSplit,
    horizon_days: int,
    max_train_rows: int,
    max_window_rows: int,
    seed: int,
    max_test_rows: int,
    features: FeatureConfig | None = None,
) -> pd.DataFrame:
    """Features, labels and row weights for every window of the split."""
    keep = keep_shares(len(dataset["units"]), split, max_train_rows, max_window_rows, max_test_rows)
    return split_frame_rows(dataset, split, horizon_days, keep, np.random.default_rng(seed), features)


def split_frame_rows(
    dataset: Dataset,
    split: TimeSplit,
    horizon_days: int,
    keep: Keep,
    rng: np.random.Generator,
    features: FeatureConfig | None = None,
    contexts: Mapping[pd.Timestamp, Context] | None = None,
    data_end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """`build_split_frame` with the keep shares given; on a partition of communities also the whole data's
    contexts and data end (see features.partitions)."""
    cfg = features or FeatureConfig()
    keep_train, keep_window, keep_test = keep
    dates = sorted([*split.train, *split.validation, *split.calibration, *split.test])
    train_dates, test_dates = set(split.train), set(split.test)
    end = data_end if data_end is not None else latest_knowledge_time(dataset)
    prepared = prepare(dataset)  # coded once for every chunk of dates
    chunks: list[pd.DataFrame] = []
    for start in range(0, len(dates), CHUNK_MONTHS):
        window = dates[start : start + CHUNK_MONTHS]
        chunk = build_training_frame(dataset, window, horizon_days, cfg, end, contexts, prepared)
        chunk.attrs = {}
        in_train = chunk["as_of"].isin(train_dates).to_numpy()
        in_test = chunk["as_of"].isin(test_dates).to_numpy()
        parts = [
            _thin(chunk[in_train], keep_train, rng),
            _sample(chunk[~in_train & ~in_test], keep_window, rng).assign(**{WEIGHT: 1.0}),
            _sample(chunk[in_test], keep_test, rng).assign(**{WEIGHT: 1.0}),
        ]
        chunks.extend(_compact(p) for p in parts if len(p))
        del chunk
    return pd.concat(chunks, ignore_index=True)
