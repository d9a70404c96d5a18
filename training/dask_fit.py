"""Training on a Dask cluster: the split frame stays on the workers, lightgbm.dask fits the booster on the train
window, and the smaller windows (validation, calibration, test) and a train sample are gathered to the client.

lightgbm.dask has no early stopping (LightGBM issues #3712, #4189), so the booster grows all `n_estimators` trees
and the best iteration is found afterwards on the gathered validation window with the same rule as
`lgb.early_stopping` (binary log-loss, `early_stopping_rounds` of patience). The result is an ordinary RiskModel.
"""

from __future__ import annotations

import operator
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from data.dataset import Dataset
from features.config import FeatureConfig
from features.partitions import Context
from models.metrics import log_loss
from models.risk_model import RiskModel, RiskModelParams, booster_arguments
from models.spec import FeatureSpec
from training.fairness import slice_attributes
from training.fit import LABEL, WEIGHT, FittedModels, TrainingConfig, finish_models, require_positives
from training.frames import Keep, split_frame_rows
from training.split import TimeSplit

if TYPE_CHECKING:
    from distributed import Client, Future

    from features.distributed import Partitions

GATHERED_TRAIN_ROWS = 400_000
"""Train-window rows brought to the client for the logistic baseline and the drift reference."""


def _part_seed(part: Dataset, seed: int) -> np.random.Generator:
    """A generator per partition, fixed by its first community (not by where or in which order it runs)."""
    first = str(part["communities"]["community_id"].astype(str).min())
    return np.random.default_rng([seed, zlib.crc32(first.encode())])


def _part_frame(
    part: Dataset, split: TimeSplit, horizon_days: int, keep: Keep, seed: int,
    features: FeatureConfig, contexts: Mapping[pd.Timestamp, Context], end: pd.Timestamp,
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """The partition's split frame, and the slice attributes of the units its test window kept (read once)."""
    rng = _part_seed(part, seed)
    frame = split_frame_rows(part, split, horizon_days, keep, rng, features, contexts, end)
    attributes = slice_attributes(part, max(split.test).year)
    tested = frame.loc[frame["as_of"].isin(split.test), "unit_id"].astype(str).unique()
    return frame, attributes[attributes["unit_id"].isin(tested)].reset_index(drop=True)


def split_frame_parts(
    parts: Partitions, split: TimeSplit, cfg: TrainingConfig, keep: Keep,
    contexts: Mapping[pd.Timestamp, Context],
) -> tuple[list[Future], list[Future]]:  # fmt: skip
    """Per partition (on its worker, one read): features, labels and weights for every window of the split, and
    the fairness-slice attributes of the units in its test window."""
    shared = parts.client.scatter(dict(contexts), broadcast=True, hash=False)
    pairs = parts.map(
        _part_frame, split=split, horizon_days=cfg.horizon_days, keep=keep, seed=cfg.seed,
        features=cfg.features, contexts=shared, end=parts.end,
    )  # fmt: skip
    frames = parts.client.map(operator.itemgetter(0), pairs, pure=False)
    attributes = parts.client.map(operator.itemgetter(1), pairs, pure=False)
    return frames, attributes


def _rows_in(frame: pd.DataFrame, dates: tuple[pd.Timestamp, ...], share: float = 1.0, seed: int = 0) -> pd.DataFrame:
    rows = frame[frame["as_of"].isin(dates)]
    return rows if share >= 1.0 else rows.sample(frac=share, random_state=seed)


def _count_in(frame: pd.DataFrame, dates: tuple[pd.Timestamp, ...]) -> int:
    return int(frame["as_of"].isin(dates).sum())


@dataclass(frozen=True)
class DaskFrames:
    """The split frame's partitions on the workers, and the client that holds them."""

    client: Client
    frames: list[Future]

    def window(self, dates: tuple[pd.Timestamp, ...], share: float = 1.0, seed: int = 0) -> list[Future]:
        return self.client.map(_rows_in, self.frames, dates=dates, share=share, seed=seed, pure=False)

    def gather(self, dates: tuple[pd.Timestamp, ...], share: float = 1.0, seed: int = 0) -> pd.DataFrame:
        """One window (or a uniform share of it) concatenated on the client."""
        return pd.concat(self.client.gather(self.window(dates, share, seed)), ignore_index=True)

    def rows(self, dates: tuple[pd.Timestamp, ...]) -> int:
        return int(sum(self.client.gather(self.client.map(_count_in, self.frames, dates=dates, pure=False))))


def dask_classifier(client: Client, spec: FeatureSpec, p: RiskModelParams, threads: int) -> object:
    """The DaskLGBMClassifier with RiskModel's parameters (early stopping aside)."""
    import lightgbm as lgb

    return lgb.DaskLGBMClassifier(client=client, **booster_arguments(p, spec.monotone) | {"n_jobs": threads})


def best_iteration(booster: object, X: np.ndarray, y: np.ndarray, patience: int) -> int:
    """The iteration lgb.early_stopping would keep: the lowest validation log-loss before `patience` rounds
    without improvement."""
    raw = np.zeros(len(X))
    best, best_loss = 0, np.inf
    for i in range(booster.num_trees()):  # type: ignore[attr-defined]
        raw += booster.predict(X, start_iteration=i, num_iteration=1, raw_score=True)  # type: ignore[attr-defined]
        loss = log_loss(y, 1.0 / (1.0 + np.exp(-raw)))
        if loss < best_loss:
            best, best_loss = i + 1, loss
        elif i + 1 - best >= patience:
            break
    return best


def fit_booster(frames: DaskFrames, spec: FeatureSpec, cfg: TrainingConfig, split: TimeSplit, threads: int) -> object:
    """lightgbm.dask on the persisted train window; the plain LGBMClassifier back (`to_local()`)."""
    import dask.dataframe as dd

    train = dd.from_delayed(frames.window(split.train), verify_meta=False)
    X, y, w = frames.client.persist([train[list(spec.names)], train[LABEL], train[WEIGHT]])
    model = dask_classifier(frames.client, spec, cfg.params, threads)
    model.fit(X, y, sample_weight=w)  # type: ignore[attr-defined]
    return model.to_local()  # type: ignore[attr-defined]


def fit_models_dask(
    frames: DaskFrames, spec: FeatureSpec, cfg: TrainingConfig, split: TimeSplit, threads: int
) -> tuple[FittedModels, pd.DataFrame]:
    """Fit, pick the best iteration, calibrate and fit the baselines; also the gathered frame (windows
    validation, calibration and test in full, a sample of train)."""
    train_rows = frames.rows(split.train)
    share = min(1.0, GATHERED_TRAIN_ROWS / max(train_rows, 1))
    train = frames.gather(split.train, share, cfg.seed)
    valid, calib, test = (frames.gather(getattr(split, w)) for w in ("validation", "calibration", "test"))
    require_positives(split, train=train, validation=valid, calibration=calib)
    local = fit_booster(frames, spec, cfg, split, threads)
    X_valid = spec.matrix(valid).to_numpy()
    best = best_iteration(local.booster_, X_valid, valid[LABEL].to_numpy(), cfg.params.early_stopping_rounds)  # type: ignore[attr-defined]
    model = RiskModel(spec, cfg.params).use_fitted(local, best)  # type: ignore[arg-type]
    gathered = pd.concat([train, valid, calib, test], ignore_index=True)
    return finish_models(model, train, calib, cfg, split), gathered
