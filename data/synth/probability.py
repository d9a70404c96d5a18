"""Small vectorised sampling helpers shared by the processes; the uniforms come from `draws.Draws`."""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def pick(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One category index per row of a (rows, categories) weight matrix, with probability ∝ weight."""
    cumulative = np.cumsum(weights, axis=1)
    return np.minimum((cumulative < (u * cumulative[:, -1])[:, None]).sum(axis=1), weights.shape[1] - 1)


def pick_fixed(probabilities: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One category index per uniform, from one probability vector."""
    return np.minimum(np.searchsorted(np.cumsum(probabilities), u, side="right"), len(probabilities) - 1)


def moments(start_day: int, days: int, hours: tuple[int, int], u_day: np.ndarray, u_time: np.ndarray) -> np.ndarray:
    """Times (seconds since 1970) on uniform days of a month, uniform within the given hours of the day."""
    day = start_day + np.floor(u_day * days).astype(np.int64)
    second = hours[0] * 3_600 + np.floor(u_time * (hours[1] - hours[0]) * 3_600).astype(np.int64)
    return day * 86_400 + second
