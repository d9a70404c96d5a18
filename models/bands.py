"""Risk bands: absolute probability thresholds fixed at calibration time and stored in the model."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

BAND_NAMES = ("low", "medium", "high", "critical")


class Band(StrEnum):
    """A risk band's name, lowest first."""

    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


# Shares of units a committee can reach: the top 1% is critical, the next 4% high, the next 15% medium.
BAND_TOP_SHARES = (0.20, 0.05, 0.01)


@dataclass(frozen=True)
class Bands:
    """Lower probability bounds of medium, high and critical."""

    medium: float
    high: float
    critical: float

    @classmethod
    def from_scores(cls, probabilities: np.ndarray) -> Bands:
        """Thresholds at the top 20%, 5% and 1% of the calibration window's probabilities."""
        q = np.quantile(probabilities, [1 - s for s in BAND_TOP_SHARES])
        medium, high, critical = (float(v) for v in np.maximum.accumulate(q))
        return cls(medium=medium, high=high, critical=critical)

    def assign(self, probabilities: np.ndarray) -> np.ndarray:
        """Band name for each probability."""
        edges = np.array([self.medium, self.high, self.critical])
        return np.asarray(BAND_NAMES, dtype=object)[np.searchsorted(edges, probabilities, side="right")]
