"""Varied worlds: the generator's mechanisms drawn at random from a seed, within plausible bounds.

`draw_mechanisms(vary)` draws, from the vary seed alone (the world's own seed still draws its households):
- the dispute hazard: each driver's weight, some visible drivers switched off, the functional form of the
  arrears, complaints, repairs and own-disputes terms, and a target base rate (mean 90-day p_true 1–4%) that the
  month loop meets by refitting the base logit in the burn-in;
- the mix of unit-dispute kinds;
- the payment-behaviour and complaint-rate coefficients.
Every sign stays as in the documented world, so more arrears or more grievances never lower risk.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np

from data.contract import DISPUTE_KINDS
from data.synth.config import WorldConfig
from data.synth.mechanisms import (
    DEFAULT_MECHANISMS,
    ComplaintTerms,
    CountTerm,
    Form,
    HazardTerms,
    Mechanisms,
    PaymentTerms,
)

FORMS: tuple[Form, ...] = ("log1p", "linear", "threshold")
SWITCHED_OFF = 0.2
"""Chance that a visible dispute driver plays no part at all in a varied world."""
TARGET_P90 = (0.01, 0.04)
"""Bounds of a varied world's mean 90-day p_true (drawn log-uniformly; the default world has about 1.7%)."""
COUNT_TERMS = {
    # name: (reference count, effect there (low, high), knots for log1p/linear, knots for a threshold)
    "arrears_bills": (3, (0.5, 2.0), (6, 12), (1, 2, 3, 6)),
    "open_complaints": (1, (0.15, 0.8), (2, 4), (1, 2)),
    "open_repairs": (1, (0.15, 0.9), (2, 3), (1, 2)),
    "own_disputes": (1, (0.2, 1.0), (1, 2, 3), (1, 2)),
}


def mechanisms_for(cfg: WorldConfig) -> Mechanisms:
    """The mechanisms of the world `cfg` describes: the documented ones unless it asks for a varied world."""
    return DEFAULT_MECHANISMS if cfg.vary is None else draw_mechanisms(cfg.vary)


def draw_mechanisms(vary: int) -> Mechanisms:
    """A random but plausible set of mechanisms; the same seed always gives the same set."""
    rng = np.random.default_rng(np.random.SeedSequence(vary))
    return Mechanisms(
        hazard=_hazard(rng),
        kinds=tuple(_round(_log_uniform(rng, 1 / 3, 3)) for _ in DISPUTE_KINDS),
        payments=_payments(rng),
        complaints=_complaints(rng),
        vary=vary,
    )


def _hazard(rng: np.random.Generator) -> HazardTerms:
    """Hazard terms in field order (keyword arguments are evaluated left to right, so the draw order is fixed)."""
    d = HazardTerms()
    return HazardTerms(
        arrears_bills=_count_term(rng, *COUNT_TERMS["arrears_bills"]),
        arrears_cny=_visible(rng, d.arrears_cny),
        open_complaints=_count_term(rng, *COUNT_TERMS["open_complaints"]),
        open_repairs=_count_term(rng, *COUNT_TERMS["open_repairs"]),
        fee_rise=_visible(rng, d.fee_rise),
        controversy=_visible(rng, d.controversy),
        neighbours=_visible(rng, d.neighbours),
        own_disputes=_count_term(rng, *COUNT_TERMS["own_disputes"]),
        willingness=_round(d.willingness * rng.uniform(0.5, 2.0)),
        shock=_round(d.shock * rng.uniform(0.5, 2.0)),
        firm_quality=_visible(rng, d.firm_quality),
        occupancy=(0.0, _round(rng.uniform(-0.5, 0.1)), _round(rng.uniform(-1.0, -0.2))),
        target_p90=_round(_log_uniform(rng, *TARGET_P90)),
    )


def _visible(rng: np.random.Generator, weight: float) -> float:
    """A visible driver's documented weight scaled by 0.3–2, or switched off."""
    scale = rng.uniform(0.3, 2.0)
    return 0.0 if rng.random() < SWITCHED_OFF else _round(weight * scale)


def _count_term(
    rng: np.random.Generator, reference: int, effect: tuple[float, float], caps: tuple[int, ...], steps: tuple[int, ...]
) -> CountTerm:
    """A count driver's term: a form, its knot, and a weight giving the drawn effect at `reference` (a threshold
    term's weight is its effect once on)."""
    form = FORMS[rng.integers(len(FORMS))]
    knot = int(rng.choice(steps if form == "threshold" else caps))
    size = rng.uniform(*effect)
    off = rng.random() < SWITCHED_OFF
    at = {"log1p": np.log1p(min(reference, knot)), "linear": min(reference, knot), "threshold": 1.0}[form]
    return CountTerm(weight=0.0 if off else _round(size / at), form=form, knot=knot)


def _payments(rng: np.random.Generator) -> PaymentTerms:
    default = PaymentTerms()
    will = {name: _round(getattr(default, name) * rng.uniform(0.5, 1.5)) for name in _fields(default, "will_")}
    return replace(
        default, **will,
        unpaid_logit=_round(rng.uniform(-4.8, -3.8)),
        unpaid_will=_round(default.unpaid_will * rng.uniform(0.6, 1.4)),
        unpaid_able=_round(default.unpaid_able * rng.uniform(0.6, 1.4)),
        lump_logit=_round(rng.uniform(-2.2, -1.0)),
        lump_dunning=_round(rng.uniform(0.05, 0.35)),
    )  # fmt: skip


def _complaints(rng: np.random.Generator) -> ComplaintTerms:
    default = ComplaintTerms()
    weights = {name: _round(getattr(default, name) * rng.uniform(0.5, 1.5)) for name in _fields(default, "")}
    return replace(default, **(weights | {"base_rate": _round(_log_uniform(rng, 0.01, 0.04))}))


def _fields(terms: PaymentTerms | ComplaintTerms, prefix: str) -> list[str]:
    return [f.name for f in fields(terms) if f.name.startswith(prefix) and f.name != "base_rate"]


def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def _round(value: float) -> float:
    return round(float(value), 4)
