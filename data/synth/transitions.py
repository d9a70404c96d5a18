"""How the running state moves from one month's start to the next, given what happened in the month."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.synth.calendar import Calendar
from data.synth.draws import Draws
from data.synth.payments import MonthPayments, settle_month
from data.synth.state import Batch, RunningState, Scene, close_month, track_open

SHOCK_START, SHOCK_END = 0.008, 0.12
"""Monthly chance that an income shock starts (doubled for low incomes) and that a running one ends."""
NEIGHBOUR_DECAY = 0.5
"""Neighbours' disputes weigh half as much with every month that passes (contagion fades)."""
CALM_DECAY = 0.6
"""The calm after a mediator's visit keeps 60% of its strength from one month to the next."""


@dataclass(frozen=True)
class Month:
    """What one month produced."""

    hazard: np.ndarray
    pay: MonthPayments
    complaints: Batch
    repairs: Batch
    disputes: Batch
    collective: Batch


def advance(scene: Scene, cal: Calendar, month: Month, published: bool, shocks: Draws) -> None:
    """Move the running state to the next month's start."""
    s, m, units = scene.state, scene.view.m, scene.units
    orders, complaints, disputes = month.repairs, month.complaints, month.disputes
    settle_month(s, month.pay, int(cal.starts[m + 1]), published)
    own = ~complaints["anonymous"]
    closes = close_month(cal, complaints["resolved_s"])
    s.open_complaints = track_open(s.open_complaints, s.complaint_closing, complaints["unit"][own], m, closes[own])
    done = close_month(cal, orders["completed_s"])
    home = orders["unit"] >= 0
    s.open_repairs = track_open(s.open_repairs, s.repair_closing, orders["unit"][home], m, done[home])
    s.community_open_repairs = track_open(
        s.community_open_repairs, s.community_repair_closing, orders["community"], m, done
    )
    _update_grievances(s, complaints, own, closes > m, len(units.community))
    _update_disputes(s, m, disputes["unit"][disputes["unit"] >= 0], units.building)
    s.calm = CALM_DECAY * s.calm
    _update_shocks(s, units.income, shocks)


def _update_grievances(s: RunningState, complaints: Batch, own: np.ndarray, still_open: np.ndarray, n: int) -> None:
    """Dissatisfaction decays, and grows with badly rated and still-unresolved complaints."""
    sat = complaints["satisfaction"]
    bad = np.bincount(complaints["unit"][own & (sat > 0) & (sat <= 2)], minlength=n)
    unresolved = np.bincount(complaints["unit"][own & still_open], minlength=n)
    s.dissatisfaction = 0.85 * s.dissatisfaction + bad + 0.5 * unresolved


def _update_disputes(s: RunningState, m: int, unit: np.ndarray, building: np.ndarray) -> None:
    """Record this month's household disputes: own history, and the decaying pressure on the building."""
    s.own_disputes[m, unit] = True
    filed = s.own_disputes[m]
    s.building_pressure = NEIGHBOUR_DECAY * s.building_pressure + np.bincount(
        building[unit], minlength=len(s.building_pressure)
    )
    s.own_pressure = NEIGHBOUR_DECAY * s.own_pressure + filed
    s.disputes_12m = s.disputes_12m + filed - (s.own_disputes[m - 12] if m >= 12 else 0)


def _update_shocks(s: RunningState, income: np.ndarray, draws: Draws) -> None:
    """Income shocks follow a two-state Markov chain."""
    u = draws.uniform(np.arange(len(income)), 0)
    s.shock = np.where(s.shock, u > SHOCK_END, u < SHOCK_START * (1 + (income < -1)))
