"""Drift scenarios: changes confined to a world's last DRIFT_MONTHS months.

They draw from their own random stream, so a drifted world and its baseline share every earlier month.
"""

from __future__ import annotations

import numpy as np

from data.synth.config import DRIFT_MONTHS

HIKE_SHARE = 0.75
"""fee_hike: the share of communities that raise their fee in the drift window."""
COLLAPSE_DROP = 1.6
"""service_collapse: how far (in standard deviations) the failing firms' quality and responsiveness fall."""


def fee_hike_factors(n_communities: int, months: int, rng: np.random.Generator) -> np.ndarray:
    """(communities, months) multipliers on the fee rate from a 20–40% rise inside the drift window."""
    factors = np.ones((n_communities, months))
    raising = rng.random(n_communities) < HIKE_SHARE
    month = rng.integers(months - DRIFT_MONTHS, months, n_communities)
    rise = rng.uniform(0.20, 0.40, n_communities)
    after = np.arange(months)[None, :] >= month[:, None]
    return np.where(raising[:, None] & after, 1.0 + rise[:, None], factors)


def collapse_shift(n_firms: int, months: int, rng: np.random.Generator) -> np.ndarray:
    """(firms, months) change to quality and responsiveness: a sharp drop for a third of firms in the window."""
    failing = rng.permutation(n_firms)[: -(-n_firms // 3)]
    shift = np.zeros((n_firms, months))
    shift[failing, months - DRIFT_MONTHS :] = -COLLAPSE_DROP
    return shift
