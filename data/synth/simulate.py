"""The month loop: every process reads the state at the month's start, then the state moves on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.synth.calendar import Calendar
from data.synth.complaints import file_complaints, outages
from data.synth.disputes import file_collective_disputes, file_unit_disputes, hazard
from data.synth.events import Schedules
from data.synth.payments import MonthPayments, pay_month, pay_off_arrears, settle_month
from data.synth.repairs import CAT, common_orders, complete, household_orders
from data.synth.state import Batch, RunningState, Scene, community_months, initial_state, month_view, track_open
from data.synth.world import Hidden

SHOCK_START, SHOCK_END = 0.008, 0.12
"""Monthly chance that an income shock starts (doubled for low incomes) and that a running one ends."""


@dataclass(frozen=True)
class Streams:
    """One random stream per process, so changing one process leaves the others' draws alone."""

    disputes: np.random.Generator
    collective: np.random.Generator
    repairs: np.random.Generator
    complaints: np.random.Generator
    payments: np.random.Generator
    shocks: np.random.Generator


@dataclass(frozen=True)
class History:
    """What the loop produced: (months, units) bill matrices and hazards, and record batches."""

    due_cny: np.ndarray
    paid_day: np.ndarray
    hazard: np.ndarray
    complaints: Batch
    repairs: Batch
    disputes: Batch


def concat(batches: list[Batch]) -> Batch:
    """Join batches with the same columns."""
    return {key: np.concatenate([b[key] for b in batches]) for key in batches[0]}


@dataclass(frozen=True)
class Month:
    """What one month produced."""

    hazard: np.ndarray
    pay: MonthPayments
    complaints: Batch
    repairs: Batch
    disputes: Batch
    collective: Batch


def run_month(scene: Scene, year: int, streams: Streams) -> Month:
    """Disputes from the start-of-month hazard, then repairs, complaints and payments of the month."""
    n, state = len(scene.units.community), scene.state
    h = hazard(scene)
    filed = file_unit_disputes(scene, h, streams.disputes)
    collective = file_collective_disputes(scene, streams.collective)
    orders = concat([household_orders(scene, year, streams.repairs), common_orders(scene, year, streams.repairs)])
    orders = complete(orders, scene, streams.repairs)
    new_repairs = np.bincount(orders["unit"][orders["unit"] >= 0], minlength=n)
    elevator = {k: v[orders["category"] == CAT["elevator"]] for k, v in orders.items()}
    out = outages(elevator, len(scene.comm.firm), state.building_disputes.shape[1])
    complaints = file_complaints(scene, out, new_repairs, streams.complaints)
    disputed: np.ndarray = state.own_disputes[max(0, scene.view.m - 2) : scene.view.m].sum(axis=0) > 0
    disputed[filed["unit"]] = True
    pay = pay_month(scene.units, state, scene.view, disputed, streams.payments)
    return Month(hazard=h, pay=pay, complaints=complaints, repairs=orders, disputes=filed, collective=collective)


def simulate(hidden: Hidden, schedules: Schedules, cal: Calendar, streams: Streams) -> History:
    """Run every month in order and collect what happened."""
    months, n = cal.months, len(hidden.units.community)
    state, flags = initial_state(hidden, months), community_months(schedules, cal)
    due, hazards = np.zeros((months, n)), np.zeros((months, n))
    paid, lumps = np.zeros((months, n), np.int32), np.zeros((months, n), np.int32)
    complaints, repairs, disputes = [], [], []
    for m in range(months):
        scene = Scene(hidden.units, hidden.communities, state, month_view(m, cal, schedules, flags), cal.end)
        month = run_month(scene, int(str(cal.starts[m].astype("datetime64[D]"))[:4]), streams)
        hazards[m], due[m], paid[m], lumps[m] = month.hazard, month.pay.due_cny, month.pay.paid_day, month.pay.lump_day
        advance(scene, cal, month, streams.shocks)
        complaints.append(month.complaints)
        repairs.append(month.repairs)
        disputes += [month.disputes, month.collective]
    return History(due_cny=due, paid_day=pay_off_arrears(paid, lumps), hazard=hazards,
                   complaints=concat(complaints), repairs=concat(repairs), disputes=concat(disputes))  # fmt: skip


def _close_month(cal: Calendar, seconds: np.ndarray) -> np.ndarray:
    """Month index of each closing time; `months` for never (-1) or after the data."""
    return np.where(seconds < 0, cal.months, cal.month_of_day(seconds // 86_400))


def advance(scene: Scene, cal: Calendar, month: Month, rng: np.random.Generator) -> None:
    """Move the running state to the next month's start."""
    s, m, units = scene.state, scene.view.m, scene.units
    pay, orders, complaints, disputes = month.pay, month.repairs, month.complaints, month.disputes
    settle_month(s, pay, int(cal.starts[m + 1]))
    own = ~complaints["anonymous"]
    closes = _close_month(cal, complaints["resolved_s"])
    s.open_complaints = track_open(s.open_complaints, s.complaint_closing, complaints["unit"][own], m, closes[own])
    done = _close_month(cal, orders["completed_s"])
    home = orders["unit"] >= 0
    s.open_repairs = track_open(s.open_repairs, s.repair_closing, orders["unit"][home], m, done[home])
    s.community_open_repairs = track_open(
        s.community_open_repairs, s.community_repair_closing, orders["community"], m, done
    )
    _update_grievances(s, complaints, own, closes > m, len(units.community))
    _update_disputes(s, m, disputes["unit"][disputes["unit"] >= 0], units.building)
    _update_shocks(s, units.income, rng)


def _update_grievances(s: RunningState, complaints: Batch, own: np.ndarray, still_open: np.ndarray, n: int) -> None:
    """Dissatisfaction decays, and grows with badly rated and still-unresolved complaints."""
    sat = complaints["satisfaction"]
    bad = np.bincount(complaints["unit"][own & (sat > 0) & (sat <= 2)], minlength=n)
    unresolved = np.bincount(complaints["unit"][own & still_open], minlength=n)
    s.dissatisfaction = 0.85 * s.dissatisfaction + bad + 0.5 * unresolved


def _update_disputes(s: RunningState, m: int, unit: np.ndarray, building: np.ndarray) -> None:
    """Record this month's household disputes for the neighbour and own-history windows."""
    s.own_disputes[m, unit] = True
    s.building_disputes[m] = np.bincount(building[unit], minlength=s.building_disputes.shape[1])
    s.disputes_12m = s.disputes_12m + s.own_disputes[m] - (s.own_disputes[m - 12] if m >= 12 else 0)


def _update_shocks(s: RunningState, income: np.ndarray, rng: np.random.Generator) -> None:
    """Income shocks follow a two-state Markov chain."""
    u = rng.random(len(income))
    s.shock = np.where(s.shock, u > SHOCK_END, u < SHOCK_START * (1 + (income < -1)))
