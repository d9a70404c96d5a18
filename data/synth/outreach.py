"""Mediation outreach: a mediator visits households at a month's start; hidden traits decide what it changes.

- Reach: a fixed hidden trait per household. Owner-occupiers are usually reachable, tenants less often (the owner
  lives elsewhere), empty flats almost never, and unwilling payers avoid the visit.
- A reached household in arrears settles all of it (last month's late bill included) in the visit's week, with
  σ(0.3 + 0.8·ability + 0.5·willingness − 0.1·bills owed).
- A reached household with open complaints has them escalated and resolved within days, with σ(0.5 + 0.8·firm
  responsiveness − 0.3·(open complaints − 1)).
- Every reached household then calms down: its dispute logit falls by a hidden δ (larger for willing payers and
  when something was fixed, none for chronic refusers) that fades by CALM_DECAY a month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.synth.calendar import Calendar
from data.synth.draws import Draws
from data.synth.payments import ability, willingness
from data.synth.probability import sigmoid
from data.synth.state import Batch, RunningState, Scene, close_month

REACH_LOGIT = np.array([1.4, 0.2, -3.0])
"""Reachability by occupancy (owner-occupied, rented, vacant), before the household's own disposition."""
VISIT_DAYS = 7
"""Visits happen in the first week of the month; their effect on the state counts from the month's start."""


@dataclass(frozen=True)
class Progress:
    """The loop at the start of published month `month`: its scene and the published months' records so far.

    The scene holds hidden state; a policy sees only what data.synth.visible.observe derives from it.
    """

    month: int
    scene: Scene
    complaints: list[Batch]
    repairs: list[Batch]
    disputes: list[Batch]


@dataclass(frozen=True)
class Visit:
    """The outcome of one month's visits, per visited unit (hidden; kept as truth, never in the contract tables)."""

    unit: np.ndarray
    day: np.ndarray
    reached: np.ndarray
    settled: np.ndarray
    resolved: np.ndarray
    calm: np.ndarray

    def record(self) -> Batch:
        """The outcome as a batch of columns."""
        return {"unit": self.unit, "day": self.day, "reached": self.reached, "settled": self.settled,
                "resolved": self.resolved, "calm": self.calm}  # fmt: skip


def reachable(scene: Scene, unit: np.ndarray, reach: Draws) -> np.ndarray:
    """Whether each household can be reached at all: the same answer every month."""
    u = scene.units
    return reach.uniform(unit, 0) < sigmoid(REACH_LOGIT[u.occupancy[unit]] + 0.5 * u.willingness[unit])


def visit(scene: Scene, unit: np.ndarray, reach: Draws, draws: Draws) -> Visit:
    """What visiting `unit` (positions, duplicates ignored) at the start of this month achieves."""
    u, s, v = scene.units, scene.state, scene.view
    unit = np.unique(unit)
    reached = reachable(scene, unit, reach)
    owed = s.pool_n[unit]
    will, able = willingness(u, s, v, scene.mech.payments)[unit], ability(u, s)[unit]
    settles = sigmoid(0.3 + 0.8 * able + 0.5 * will - 0.1 * owed)
    settled = reached & (owed > 0) & (draws.uniform(unit, 1) < settles)
    open_now = s.open_complaints[unit]
    resolves = sigmoid(0.5 + 0.8 * v.responsiveness[u.community[unit]] - 0.3 * (open_now - 1))
    resolved = reached & (open_now > 0) & (draws.uniform(unit, 2) < resolves)
    calm = 0.8 + 0.3 * u.willingness[unit] - 0.5 * s.shock[unit] + 0.4 * settled + 0.4 * resolved
    day = v.start + np.floor(draws.uniform(unit, 3) * VISIT_DAYS).astype(np.int64)
    return Visit(unit=unit, day=day, reached=reached, settled=settled, resolved=resolved,
                 calm=np.where(reached, np.clip(calm, 0.0, 2.0), 0.0))  # fmt: skip


def apply_visits(scene: Scene, done: Visit, complaints: list[Batch], cal: Calendar) -> np.ndarray:
    """Edit the state (and the open complaints' records) for the visits; the settlement day per unit (-1: none).

    A settlement pays the unpaid pool and any bill of last month still outstanding (see simulate); the month's
    payments then record it as a lump on the visit day.
    """
    s = scene.state
    s.calm[done.unit] = np.maximum(s.calm[done.unit], done.calm)
    settle_day = np.full(len(s.calm), -1, np.int64)
    settle_day[done.unit[done.settled]] = done.day[done.settled]
    paid = done.unit[done.settled]  # nothing overdue from the month's start, last month's late bill included
    s.pool_n[paid], s.pool_cny[paid], s.carry_n[paid], s.carry_cny[paid] = 0, 0.0, 0, 0.0
    when = np.full(len(s.calm), -1, np.int64)
    when[done.unit[done.resolved]] = done.day[done.resolved]
    for batch in complaints:
        _resolve(batch, when, s, cal, scene.view.m)
    return settle_day


def _resolve(batch: Batch, when: np.ndarray, s: RunningState, cal: Calendar, m: int) -> None:
    """Resolve the batch's complaints still open at month m's start of households with a resolution day."""
    unit = batch["unit"]
    start = int(cal.starts[m]) * 86_400
    hit = (when[unit] >= 0) & ~batch["anonymous"] & ((batch["resolved_s"] < 0) | (batch["resolved_s"] >= start))
    if not hit.any():
        return
    closes = close_month(cal, batch["resolved_s"][hit])
    later = closes < cal.months
    np.subtract.at(s.complaint_closing, (closes[later], unit[hit][later]), 1)
    np.subtract.at(s.open_complaints, unit[hit], 1)
    batch["resolved_s"][hit] = (when[unit[hit]] + 2) * 86_400 + 10 * 3_600  # two days after the visit, 10:00
