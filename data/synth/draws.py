"""Counter-based random numbers: each draw is a pure function of (seed, process, month, entity, slot).

The month loop never consumes a shared stream. A process asks for the uniform of one entity (a unit, a community,
one complaint of a unit …) in one numbered slot, and gets the same number whatever else happened that month. So a
visit that changes one household's path changes only the draws that household (and what it touches) uses: the
rest of the world keeps its exact draws (common random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SLOTS = 64
"""Slots per entity: the distinct draws one entity may take in one process-month."""
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)


def _mix(z: np.ndarray) -> np.ndarray:
    """The SplitMix64 finaliser: a bijective scramble of 64-bit words (wrap-around arithmetic)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@dataclass(frozen=True)
class Draws:
    """The random numbers of one process in one month."""

    key: np.uint64

    def uniform(self, entity: np.ndarray, slot: int) -> np.ndarray:
        """One U[0, 1) number per entity for this slot."""
        x = np.asarray(entity, np.uint64) * np.uint64(SLOTS) + np.uint64(slot)
        return (_mix(_mix(x * _GOLDEN + self.key) ^ self.key) >> _S11).astype(np.float64) * 2.0**-53

    def normal(self, entity: np.ndarray, slot: int) -> np.ndarray:
        """One standard normal per entity, from slots `slot` and `slot + 1` (Box–Muller)."""
        radius = np.sqrt(-2.0 * np.log1p(-self.uniform(entity, slot)))
        return radius * np.cos(2.0 * np.pi * self.uniform(entity, slot + 1))

    def poisson(self, lam: np.ndarray, slot: int, cap: int) -> np.ndarray:
        """Poisson(lam[i]) counts (at most `cap`) for entities 0..len(lam)-1, by inverting the CDF."""
        u = self.uniform(np.arange(len(lam)), slot)
        term = np.exp(-lam)
        cdf, count = term.copy(), np.zeros(len(lam), np.int64)
        for k in range(1, cap + 1):  # at most `cap` passes; stops once every unit's count is found
            short = u >= cdf
            if not short.any():
                break
            count += short
            term = term * lam / k
            cdf = cdf + term
        return count


def month_draws(seed: np.random.SeedSequence, process: int, month: int) -> Draws:
    """The draws of process number `process` in simulated month `month` (0 = the first burn-in month)."""
    words = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, process, month)).generate_state(2)
    return Draws(key=np.uint64((int(words[0]) << 32) | int(words[1])))


def rank_within(counts: np.ndarray) -> np.ndarray:
    """0, 1, … for the records of each entity, in the order np.repeat(arange(len(counts)), counts) lays them out."""
    first = np.cumsum(counts) - counts
    return np.arange(int(counts.sum())) - np.repeat(first, counts)
