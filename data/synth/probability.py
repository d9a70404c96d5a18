"""Small vectorised sampling helpers shared by the processes."""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def pick(weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One category index per row of a (rows, categories) weight matrix, with probability ∝ weight."""
    cumulative = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cumulative[:, -1]
    return np.minimum((cumulative < u[:, None]).sum(axis=1), weights.shape[1] - 1)


def pick_fixed(probabilities: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` category indices from one probability vector."""
    return np.minimum(np.searchsorted(np.cumsum(probabilities), rng.random(n), side="right"), len(probabilities) - 1)


def moments(n: int, start_day: int, days: int, hours: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """`n` times (seconds since 1970) on uniform days of a month, uniform within the given hours of the day."""
    day = start_day + np.floor(rng.random(n) * days).astype(np.int64)
    second = hours[0] * 3_600 + np.floor(rng.random(n) * (hours[1] - hours[0]) * 3_600).astype(np.int64)
    return day * 86_400 + second
