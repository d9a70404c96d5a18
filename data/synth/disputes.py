"""Disputes: each household's monthly hazard (also the source of the ground truth) and collective disputes."""

from __future__ import annotations

import numpy as np

from data.contract import DISPUTE_KINDS
from data.synth.draws import Draws
from data.synth.probability import moments, pick, pick_fixed, sigmoid
from data.synth.state import Batch, Scene

KIND = {name: code for code, name in enumerate(DISPUTE_KINDS)}
MAX_LOGIT = -1.8
"""No household files with more than 14% chance in one month."""
FIT_STEPS = 30
UNIT_VENUES = np.array([[0.60, 0.25, 0.05, 0.10], [0.70, 0.06, 0.04, 0.20]])
"""Venue mix (mediation, court, arbitration, 12345): fee-arrears disputes (firms sue for fees), then the rest."""
COLLECTIVE_VENUES = np.array([0.50, 0.10, 0.05, 0.35])
RESOLVED_SHARE = np.array([0.90, 0.80, 0.85, 0.90])
MEDIAN_DAYS = np.array([21.0, 75.0, 50.0, 10.0])
OUTCOMES = np.array([
    [[0.65, 0.20, 0.00, 0.00, 0.00, 0.15], [0.15, 0.05, 0.15, 0.55, 0.10, 0.00],
     [0.15, 0.05, 0.15, 0.55, 0.10, 0.00], [0.50, 0.30, 0.00, 0.00, 0.00, 0.20]],
    [[0.65, 0.20, 0.00, 0.00, 0.00, 0.15], [0.15, 0.10, 0.35, 0.25, 0.15, 0.00],
     [0.15, 0.10, 0.35, 0.25, 0.15, 0.00], [0.50, 0.30, 0.00, 0.00, 0.00, 0.20]],
])  # fmt: skip
"""Outcome mix per (fee arrears or not, venue): mediated, withdrawn, for owner, for firm, dismissed, other."""
NEIGHBOUR_PER = 100
"""Neighbours' disputes count per this many units of the building, so a tower is not a hotbed by size alone."""


def neighbour_pressure(scene: Scene) -> np.ndarray:
    """Recent disputes by others in the unit's building (decaying weights) per NEIGHBOUR_PER units."""
    u, s = scene.units, scene.state
    size = np.bincount(u.building, minlength=len(s.building_pressure))
    return NEIGHBOUR_PER * (s.building_pressure[u.building] - s.own_pressure) / size[u.building]


def dispute_logit(scene: Scene) -> np.ndarray:
    """The monthly dispute logit η before its cap, from the state at the month's start (terms: scene.mech.hazard)."""
    u, s, v, t = scene.units, scene.state, scene.view, scene.mech.hazard
    c = u.community
    return (
        t.base_logit + t.arrears_bills(s.arrears_n) + t.arrears_cny * np.log1p(s.arrears_cny / 1_000)
        + t.open_complaints(s.open_complaints) + t.open_repairs(s.open_repairs)
        + t.fee_rise * v.fee_recent[c] + t.controversy * v.controversy_known[c]
        + t.neighbours * np.log1p(neighbour_pressure(scene)) + t.own_disputes(s.disputes_12m)
        + t.willingness * u.willingness + t.shock * s.shock + t.firm_quality * v.quality[c]
        + np.array(t.occupancy)[u.occupancy] - s.calm
    )  # fmt: skip


def hazard(scene: Scene) -> np.ndarray:
    """P(a household files a dispute this month), from its state at the month's start.

    Visible drivers: arrears, open complaints and repairs, a recent fee rise, a controversy, neighbours' and own
    past disputes, the firm's service. Hidden drivers: the household's disposition, any income shock and the calm
    after a mediator's visit.
    """
    return sigmoid(np.minimum(dispute_logit(scene), MAX_LOGIT))


def fitted_base_logit(scene: Scene, mean_hazard: float) -> float:
    """The base logit at which this month's mean hazard is `mean_hazard` (Newton's method on its log).

    Varied worlds call it every burn-in month, so that their base rate stays inside plausible bounds whatever
    the drawn terms add up to.
    """
    base = scene.mech.hazard.base_logit
    rest = dispute_logit(scene) - base
    for _ in range(FIT_STEPS):
        eta = rest + base
        h = sigmoid(np.minimum(eta, MAX_LOGIT))
        slope = max(float((h * (1 - h) * (eta < MAX_LOGIT)).mean() / h.mean()), 0.05)
        step = float(np.clip(np.log(mean_hazard / h.mean()) / slope, -2.0, 2.0))
        base += step
        if abs(step) < 1e-9:
            break
    return base


def _unit_kind_weights(unit: np.ndarray, scene: Scene) -> np.ndarray:
    s, v, c = scene.state, scene.view, scene.units.community[unit]
    w = np.zeros((len(unit), len(DISPUTE_KINDS)))
    w[:, KIND["fee_arrears"]] = 3.0 * np.log1p(s.arrears_n[unit])
    w[:, KIND["service_quality"]] = (
        0.6 + 0.5 * np.minimum(s.open_complaints[unit], 4) + 0.4 * np.maximum(-v.quality[c], 0)
    )
    w[:, KIND["repair"]] = 0.2 + 0.8 * np.minimum(s.open_repairs[unit], 3)
    w[:, KIND["fee_increase"]] = 1.5 * v.fee_recent[c]
    w[:, KIND["maintenance_fund"]] = 0.2 * v.controversy_known[c]
    w[:, KIND["common_revenue"]] = 0.2 * v.controversy_known[c]
    w[:, KIND["parking"]] = 0.15
    w[:, KIND["other"]] = 0.15
    return w * np.array(scene.mech.kinds)


def file_unit_disputes(scene: Scene, p: np.ndarray, draws: Draws) -> Batch:
    """Draw at most one dispute per household this month, with probability p."""
    unit = np.flatnonzero(draws.uniform(np.arange(len(p)), 0) < p)
    kind = pick(_unit_kind_weights(unit, scene), draws.uniform(unit, 1))
    venue = pick(UNIT_VENUES[(kind != KIND["fee_arrears"]).astype(np.int64)], draws.uniform(unit, 2))
    return _settle(unit, unit, scene.units.community[unit], kind, venue, scene, draws)


def file_collective_disputes(scene: Scene, draws: Draws) -> Batch:
    """Community-wide disputes after fee rises and fund or common-revenue controversies."""
    v, comm = scene.view, scene.comm
    eta = (
        -5.5 + 3.5 * v.increase_now + 1.0 * v.fee_recent + 4.0 * v.fund_now + 4.0 * v.revenue_now
        + 0.5 * comm.committee - 0.4 * v.quality + 0.3 * np.log(comm.n_units / 300)
    )  # fmt: skip
    community = np.flatnonzero(draws.uniform(np.arange(len(eta)), 0) < sigmoid(eta))
    w = np.zeros((len(community), len(DISPUTE_KINDS)))
    w[:, KIND["fee_increase"]] = 3.0 * v.increase_now[community] + 0.5 * v.fee_recent[community]
    w[:, KIND["maintenance_fund"]] = 4.0 * v.fund_now[community]
    w[:, KIND["common_revenue"]] = 4.0 * v.revenue_now[community]
    w[:, KIND["service_quality"]] = 0.5 + 0.5 * np.maximum(-v.quality[community], 0)
    w[:, [KIND["parking"], KIND["other"]]] = 0.2
    kind = pick(w, draws.uniform(community, 1))
    venue = pick_fixed(COLLECTIVE_VENUES, draws.uniform(community, 2))
    return _settle(community, np.full(len(community), -1), community, kind, venue, scene, draws)


def _settle(
    entity: np.ndarray,
    unit: np.ndarray,
    community: np.ndarray,
    kind: np.ndarray,
    venue: np.ndarray,
    scene: Scene,
    draws: Draws,
) -> Batch:
    """Filing time, and for most disputes a resolution time and an outcome (draws keyed by `entity`)."""
    view = scene.view
    filed = moments(view.start, view.days, (9, 18), draws.uniform(entity, 3), draws.uniform(entity, 4))
    days = np.maximum(np.round(MEDIAN_DAYS[venue] * np.exp(0.6 * draws.normal(entity, 5))), 1).astype(np.int64)
    second = 9 * 3_600 + np.floor(draws.uniform(entity, 7) * 9 * 3_600).astype(np.int64)
    resolved = (filed // 86_400 + days) * 86_400 + second
    done = (draws.uniform(entity, 8) < RESOLVED_SHARE[venue]) & (resolved < scene.end * 86_400)
    outcome = pick(OUTCOMES[(kind != KIND["fee_arrears"]).astype(np.int64), venue], draws.uniform(entity, 9))
    return {"unit": unit, "community": community, "kind": kind, "venue": venue, "filed_s": filed,
            "resolved_s": np.where(done, resolved, -1), "outcome": np.where(done, outcome, -1)}  # fmt: skip
