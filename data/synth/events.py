"""Community-month schedules: fee rates and increases, firm service levels, fund and revenue controversies."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.synth.config import WorldConfig
from data.synth.drift import collapse_shift, fee_hike_factors
from data.synth.probability import sigmoid
from data.synth.world import Hidden

RAISE_CHANCE = 0.015
"""Monthly chance that a community raises its fee (by 10–25%), once any earlier rise is RAISE_GAP months old."""
RAISE_GAP = 24
"""Owners approve at most one rise in two years."""
RATE_CEILING = 5.5
"""No rise takes the fee above the guide-price ceiling (CNY/m² a month)."""
RECENT_INCREASE_MONTHS = 6
"""An increase counts as recent in its own month and the five after."""


@dataclass(frozen=True)
class Schedules:
    """(communities, simulated months) arrays known to the hidden world in advance (burn-in months first)."""

    rate: np.ndarray
    increase: np.ndarray
    quality: np.ndarray
    responsiveness: np.ndarray
    fund_row: np.ndarray
    revenue_row: np.ndarray

    def window(self, first: int) -> Schedules:
        """The same schedules from month `first` on (the published window, without the burn-in)."""
        return Schedules(*(getattr(self, name)[:, first:] for name in self.__dataclass_fields__))

    def recent_increase(self) -> np.ndarray:
        """True in the month of an increase and the RECENT_INCREASE_MONTHS - 1 months after it."""
        return trailing_sum(self.increase, 0, RECENT_INCREASE_MONTHS - 1) > 0


def trailing_sum(flags: np.ndarray, lag_from: int, lag_to: int) -> np.ndarray:
    """For each month m, the sum of flags over months m - lag_to .. m - lag_from (columns are months)."""
    padded = np.concatenate([np.zeros((flags.shape[0], 1)), np.cumsum(flags, axis=1, dtype=np.float64)], axis=1)
    months = np.arange(flags.shape[1])
    hi = np.clip(months - lag_from + 1, 0, flags.shape[1])
    lo = np.clip(months - lag_to, 0, flags.shape[1])
    return padded[:, hi] - padded[:, lo]


def _base_increases(base: np.ndarray, months: int, rng: np.random.Generator) -> np.ndarray:
    """(communities, months) fee multipliers from rises that arrive at a steady rate, burn-in included."""
    n = len(base)
    draws, rises = rng.random((months, n)), rng.uniform(1.10, 1.25, (months, n))
    since = rng.integers(0, RAISE_GAP + round(1 / RAISE_CHANCE), n)  # months since the last rise, as in steady state
    factors, factor, last = np.ones((n, months)), np.ones(n), -1 - since
    for m in range(months):  # one pass per month
        rise = (draws[m] < RAISE_CHANCE) & (m - last >= RAISE_GAP) & (base * factor * rises[m] <= RATE_CEILING)
        factor, last = np.where(rise, factor * rises[m], factor), np.where(rise, m, last)
        factors[:, m] = factor
    return factors


def draw_schedules(
    cfg: WorldConfig, hidden: Hidden, rng: np.random.Generator, drift_rng: np.random.Generator
) -> Schedules:
    """Fee rate per month, firm service per month (after drift), and when controversies break out."""
    comm, months = hidden.communities, cfg.burn_in + cfg.n_months
    n = len(comm.firm)
    factors = _base_increases(comm.base_rate, months, rng)
    shift = np.zeros((len(hidden.firms.names), months))
    if cfg.drift == "fee_hike":
        factors = factors * fee_hike_factors(n, months, drift_rng)
    if cfg.drift == "service_collapse":
        shift = collapse_shift(len(hidden.firms.names), months, drift_rng)
    rate = (comm.base_rate[:, None] * factors).round(2)
    increase = np.concatenate([np.zeros((n, 1), bool), rate[:, 1:] > rate[:, :-1] + 1e-9], axis=1)
    quality = hidden.firms.quality[comm.firm][:, None] + shift[comm.firm]
    responsiveness = hidden.firms.responsiveness[comm.firm][:, None] + shift[comm.firm]
    old = (2022 - comm.built_year > 25)[:, None]
    p_fund = sigmoid(-5.3 + 0.9 * comm.committee[:, None] - 0.5 * quality + 0.6 * old)
    p_revenue = sigmoid(-5.0 + 4.0 * (0.35 - comm.owner_share[:, None]) + 0.9 * comm.committee[:, None])
    draws = rng.random((2, n, months))
    return Schedules(
        rate=rate, increase=increase, quality=quality, responsiveness=responsiveness,
        fund_row=draws[0] < p_fund, revenue_row=draws[1] < np.broadcast_to(p_revenue, (n, months)),
    )  # fmt: skip
