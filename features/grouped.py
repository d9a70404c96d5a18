"""Reductions over integer group codes (units, buildings, communities) with a row mask.

Codes below zero mean "no group" (a common-area record has no unit) and are always left out.
"""

from __future__ import annotations

import numpy as np


def _keep(codes: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    keep = codes >= 0
    return keep if mask is None else keep & mask


def count_by(codes: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Rows per group, as float64."""
    keep = _keep(codes, mask)
    return np.bincount(codes[keep], minlength=n).astype(np.float64)


def sum_by(codes: np.ndarray, values: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Sum of values per group; 0 for an empty group."""
    keep = _keep(codes, mask)
    return np.bincount(codes[keep], weights=values[keep], minlength=n)


def mean_by(codes: np.ndarray, values: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Mean of the non-NaN values per group; NaN for a group without any."""
    keep = _keep(codes, mask) & ~np.isnan(values)
    counts = np.bincount(codes[keep], minlength=n)
    sums = np.bincount(codes[keep], weights=values[keep], minlength=n)
    return ratio(sums, counts.astype(np.float64))


def max_by(codes: np.ndarray, values: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Largest int64 value per group; the smallest int64 for an empty group."""
    keep = _keep(codes, mask)
    out = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(out, codes[keep], values[keep])
    return out


def median_by(codes: np.ndarray, values: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Median of the non-NaN values per group; NaN for an empty group."""
    keep = _keep(codes, mask) & ~np.isnan(values)
    group, vals = codes[keep], values[keep]
    order = np.lexsort((vals, group))
    group, vals = group[order], vals[order]
    counts = np.bincount(group, minlength=n)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    out = np.full(n, np.nan)
    has = counts > 0
    low = starts[has] + (counts[has] - 1) // 2
    high = starts[has] + counts[has] // 2
    out[has] = (vals[low] + vals[high]) / 2.0
    return out


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is zero."""
    out = np.full(len(numerator), np.nan)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


PER_UNITS = 100.0
"""Community- and firm-level counts are expressed per this many units."""


def per_units(counts: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Counts per 100 units; NaN for a group without units."""
    return ratio(counts, units) * PER_UNITS
