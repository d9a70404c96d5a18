"""Small synthetic worlds and champions trained on the months before their drift window, built once per session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from data.dataset import Dataset
from monitoring.config import MonitorConfig
from monitoring.reference import Champion
from training.run import TrainingOutcome

MONTHS = 36
"""Long enough that the training window reaches past the first year, as a real deployment's would."""
FAST = MonitorConfig(reference_rows=6_000, current_rows=3_000, trend_rows=3_000, quality_rows=1_000, summary_columns=5)
"""Smaller samples than the defaults: Evidently's cost per column dominates at this scale."""


@dataclass(frozen=True)
class Trained:
    """A world without drift, when its drift window starts, and a champion fitted before it."""

    dataset: Dataset
    cut: pd.Timestamp
    outcome: TrainingOutcome
    champion: Champion


def small_world(seed: int, drift: str) -> Dataset:
    """The small world of a seed (36 months), validated like any upload."""
    from data.synth import WorldConfig, generate_world
    from data.validation import validate_tables

    world = generate_world(WorldConfig(scale="small", seed=seed, months=MONTHS, drift=drift))  # type: ignore[arg-type]
    return validate_tables(dict(world.tables))


def train_before(dataset: Dataset, cut: pd.Timestamp, seed: int) -> TrainingOutcome:
    """The real training run on what was known at `cut`, with a quick booster (one thread, 150 trees)."""
    from features import cut_to_as_of
    from models.risk_model import RiskModelParams
    from training.fit import TrainingConfig
    from training.run import train_on_dataset

    params = RiskModelParams(n_estimators=150, learning_rate=0.1, n_jobs=1, seed=seed)
    return train_on_dataset(cut_to_as_of(dataset, cut), TrainingConfig(seed=seed, params=params))


@pytest.fixture(scope="session")
def trained() -> Callable[[int], Trained]:
    """trained(seed): the no-drift world of a seed and a champion fitted before its drift window (cached)."""
    from data.synth.config import DRIFT_MONTHS

    cache: dict[int, Trained] = {}

    def build(seed: int) -> Trained:
        if seed not in cache:
            dataset = small_world(seed, "none")
            start = pd.Timestamp(dataset["fee_bills"]["period"].astype(str).min())
            cut = start + pd.DateOffset(months=MONTHS - DRIFT_MONTHS)
            outcome = train_before(dataset, cut, seed)
            pyfunc, metrics = outcome.fitted.pyfunc, outcome.metrics
            champion = Champion("dispute-risk", "1", f"seed-{seed}", pyfunc, outcome.reference, metrics)
            cache[seed] = Trained(dataset, cut, outcome, champion)
        return cache[seed]

    return build


def feature_frame(rows: int, months: int, seed: int, shift: float = 0.0) -> pd.DataFrame:
    """as_of, a steady column, a column trending +0.1 sd a month and a probability; `shift` moves `steady`."""
    rng = np.random.default_rng(seed)
    as_of = pd.date_range("2024-01-01", periods=months, freq="MS")[rng.integers(0, months, rows)]
    month = (as_of.year - 2024) * 12 + as_of.month - 1
    return pd.DataFrame({
        "as_of": as_of,
        "steady": rng.normal(shift, 1.0, rows),
        "trending": rng.normal(0.0, 1.0, rows) + 0.1 * month.to_numpy(),
        "probability": rng.beta(1, 30, rows),
    })  # fmt: skip
