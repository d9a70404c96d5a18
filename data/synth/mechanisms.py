"""The generator's mechanisms as data: the coefficients and functional forms its processes read.

Every default is the documented world (docs/synthetic_world.md), so a default world is byte for byte the one
before these became data. `WorldConfig(vary=SEED)` replaces them with a draw (data.synth.varied). Mechanisms are
hidden state: a world keeps them in `World.mechanisms` and writes them to truth/, never to a contract table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np

from data.contract import DISPUTE_KINDS

Form = Literal["log1p", "linear", "threshold"]


@dataclass(frozen=True)
class CountTerm:
    """weight · f(count), with f = log(1 + min(count, knot)), min(count, knot), or 1[count ≥ knot] ("threshold").

    The knot is where the term stops growing (log1p, linear) or switches on (threshold).
    """

    weight: float
    form: Form
    knot: int

    def __call__(self, count: np.ndarray) -> np.ndarray:
        """The term's contribution to the logit, per household."""
        if self.form == "log1p":
            return self.weight * np.log1p(np.minimum(count, self.knot))
        if self.form == "linear":
            return self.weight * np.minimum(count, self.knot)
        return self.weight * (count >= self.knot)


@dataclass(frozen=True)
class HazardTerms:
    """The monthly dispute logit of a household (data.synth.disputes.hazard), term by term."""

    base_logit: float = -6.3
    arrears_bills: CountTerm = CountTerm(0.9, "log1p", 12)
    arrears_cny: float = 0.2
    """· log(1 + overdue CNY / 1000)."""
    open_complaints: CountTerm = CountTerm(0.35, "linear", 4)
    open_repairs: CountTerm = CountTerm(0.45, "linear", 3)
    fee_rise: float = 0.5
    """A fee rise within the last six months."""
    controversy: float = 0.5
    """A fund or common-revenue controversy within the last three months."""
    neighbours: float = 0.3
    """· log(1 + neighbour pressure per 100 units of the building)."""
    own_disputes: CountTerm = CountTerm(0.5, "linear", 2)
    willingness: float = -0.45
    """Hidden: · the household's disposition to pay."""
    shock: float = 0.7
    """Hidden: while an income shock lasts."""
    firm_quality: float = -0.3
    occupancy: tuple[float, float, float] = (0.0, -0.2, -0.6)
    """Owner-occupied, rented, vacant."""
    target_p90: float | None = None
    """When set, `base_logit` is refitted every burn-in month so that the mean 90-day p_true is about this, then
    frozen for the published window (the value written is the frozen one)."""


@dataclass(frozen=True)
class PaymentTerms:
    """Willingness this month, and the chances of leaving a bill unpaid or paying off the arrears (payments.py)."""

    will_complaints: float = 0.35
    will_repairs: float = 0.45
    will_fee_rise: float = 0.6
    will_dissatisfaction: float = 0.6
    will_controversy: float = 0.3
    will_quality: float = 0.3
    unpaid_logit: float = -4.3
    unpaid_will: float = 0.7
    unpaid_able: float = 0.8
    lump_logit: float = -1.6
    lump_dunning: float = 0.2


@dataclass(frozen=True)
class ComplaintTerms:
    """The monthly complaint rate of a household (complaints.complaint_rate): a base rate times exp(Σ terms)."""

    base_rate: float = 0.02
    """Complaints per household per month for an average firm with nothing going wrong."""
    firm_quality: float = -0.45
    own_repairs: float = 0.35
    backlog: float = 0.3
    fee_rise: float = 0.9
    outage_community: float = 0.2
    outage_building: float = 0.8
    controversy: float = 0.4
    dissatisfaction: float = 0.3


@dataclass(frozen=True)
class Mechanisms:
    """Everything a varied world draws; `vary` is the seed it came from (None: the default world)."""

    hazard: HazardTerms = HazardTerms()
    kinds: tuple[float, ...] = (1.0,) * len(DISPUTE_KINDS)
    """Multiplier of each unit-dispute kind's weight, in DISPUTE_KINDS order."""
    payments: PaymentTerms = PaymentTerms()
    complaints: ComplaintTerms = ComplaintTerms()
    vary: int | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view (kind multipliers by name), as written to truth/mechanisms.json."""
        out = asdict(self)
        out["kinds"] = dict(zip(DISPUTE_KINDS, self.kinds, strict=True))
        return out


DEFAULT_MECHANISMS = Mechanisms()
