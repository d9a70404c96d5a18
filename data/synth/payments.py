"""Fee bills: each month's bill is paid on time, late or not at all; arrears are later paid off in a lump."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.synth.calendar import DUE_DAY
from data.synth.draws import Draws
from data.synth.mechanisms import PaymentTerms
from data.synth.probability import sigmoid
from data.synth.state import MonthView, RunningState
from data.synth.world import VACANT, Units

VACANT_DISCOUNT = 0.7
"""Vacant units are billed 70% of the fee (a common Shenzhen practice for 空置房)."""
MAX_LATE_DAYS = 40
"""A late payer pays within 40 days of the due date, so before the month after next begins."""
MAX_DUNNING = 12
"""The firm chases harder the more bills are owed (催缴), up to this many bills."""


@dataclass(frozen=True)
class MonthPayments:
    """This month's bill of every unit: amount, the day it was paid (-1: left unpaid) and arrears lumps."""

    due_cny: np.ndarray
    paid_day: np.ndarray
    lump_day: np.ndarray


def amount_due(units: Units, rate: np.ndarray) -> np.ndarray:
    """Monthly fee of each unit at the community rates `rate`."""
    discount = np.where(units.occupancy == VACANT, VACANT_DISCOUNT, 1.0)
    return (units.area * rate[units.community] * discount).round(2)


def willingness(units: Units, state: RunningState, view: MonthView, t: PaymentTerms) -> np.ndarray:
    """Will to pay: the household's own disposition, worn down by grievances and fee rises, raised by good service."""
    c = units.community
    return (
        units.willingness - t.will_complaints * np.minimum(state.open_complaints, 4)
        - t.will_repairs * np.minimum(state.open_repairs, 3) - t.will_fee_rise * view.fee_recent[c]
        - t.will_dissatisfaction * np.minimum(state.dissatisfaction, 3)
        - t.will_controversy * view.controversy_known[c] + t.will_quality * view.quality[c]
    )  # fmt: skip


def ability(units: Units, state: RunningState) -> np.ndarray:
    """Ability to pay: income, knocked down while an income shock lasts."""
    return units.income - 2.5 * state.shock


def pay_month(
    units: Units,
    state: RunningState,
    view: MonthView,
    recent_dispute: np.ndarray,
    draws: Draws,
    t: PaymentTerms,
    settle_day: np.ndarray | None = None,
) -> MonthPayments:
    """Draw this month's payment behaviour of every unit; `settle_day` forces a lump (a mediator's settlement)."""
    will, able = willingness(units, state, view, t), ability(units, state)
    vacant = units.occupancy == VACANT
    unit = np.arange(len(will))
    in_arrears = state.pool_n > 0
    dunning = np.minimum(state.pool_n, MAX_DUNNING)
    p_lump = sigmoid(t.lump_logit + 0.5 * able + 0.4 * will + t.lump_dunning * dunning + 2.5 * recent_dispute)
    lump = in_arrears & (draws.uniform(unit, 0) < p_lump)
    lump_day = view.start + np.floor(draws.uniform(unit, 1) * view.days).astype(np.int64)
    if settle_day is not None:
        lump, lump_day = lump | (settle_day >= 0), np.where(settle_day >= 0, settle_day, lump_day)
    p_unpaid = sigmoid(
        t.unpaid_logit - t.unpaid_will * will - t.unpaid_able * able + 1.2 * vacant + 2.8 * in_arrears
        + 0.5 * view.festival
    )  # fmt: skip
    p_late = sigmoid(-1.8 - 0.4 * will - 0.4 * able + 0.5 * vacant + 0.8 * view.festival)
    unpaid = ~lump & (draws.uniform(unit, 2) < p_unpaid)
    late = ~lump & ~unpaid & (draws.uniform(unit, 3) < p_late)
    due = view.start + DUE_DAY - 1
    u = draws.uniform(unit, 4)
    late_day = due + 1 + np.minimum(np.floor(-np.log1p(-u) * 10.0), MAX_LATE_DAYS - 1).astype(np.int64)
    on_time_day = view.start + np.floor(u * DUE_DAY).astype(np.int64)
    paid_day = np.select([lump, unpaid, late], [lump_day, -1, late_day], on_time_day)
    return MonthPayments(due_cny=amount_due(units, view.rate), paid_day=paid_day, lump_day=np.where(lump, lump_day, -1))


def settle_month(state: RunningState, pay: MonthPayments, next_start: int, published: bool) -> None:
    """Carry the month's outcome into the arrears counters for the next month's start."""
    lumped = pay.lump_day >= 0
    unpaid = pay.paid_day < 0
    owed = np.where(unpaid, pay.due_cny, 0.0)
    state.pool_n = np.where(lumped, 0, state.pool_n) + unpaid
    state.pool_cny = np.where(lumped, 0.0, state.pool_cny) + owed
    state.seen_n = np.where(lumped, 0, state.seen_n) + unpaid * published
    state.seen_cny = np.where(lumped, 0.0, state.seen_cny) + owed * published
    carried = pay.paid_day >= next_start
    state.carry_n = carried.astype(np.int32)
    state.carry_cny = np.where(carried, pay.due_cny, 0.0)


def pay_off_arrears(paid_day: np.ndarray, lump_day: np.ndarray) -> np.ndarray:
    """(months, units) payment days with each unpaid bill settled by the unit's first lump in a later month."""
    settled = paid_day.copy()
    next_lump = np.full(paid_day.shape[1], -1, dtype=paid_day.dtype)
    for m in range(paid_day.shape[0] - 1, -1, -1):  # one pass per month, backwards
        settled[m] = np.where(paid_day[m] < 0, next_lump, paid_day[m])
        next_lump = np.where(lump_day[m] >= 0, lump_day[m], next_lump)
    return settled
