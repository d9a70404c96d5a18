"""The month loop: burn-in months, then the published window; processes read the month's start, then it moves on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from data.synth.calendar import Calendar
from data.synth.complaints import file_complaints, outages
from data.synth.disputes import file_collective_disputes, file_unit_disputes, fitted_base_logit, hazard
from data.synth.draws import Draws, month_draws
from data.synth.events import Schedules
from data.synth.mechanisms import DEFAULT_MECHANISMS, Mechanisms
from data.synth.outreach import Progress, apply_visits, visit
from data.synth.payments import pay_month, pay_off_arrears
from data.synth.repairs import CAT, common_orders, household_orders
from data.synth.state import Batch, Scene, community_months, initial_state, month_view
from data.synth.transitions import Month, advance
from data.synth.world import Hidden

PROCESSES = ("disputes", "collective", "home_repairs", "common_repairs", "complaints", "payments", "shocks", "outreach")
"""Each process draws from its own counter-based numbers, keyed by (seed, process, month)."""
REACH = len(PROCESSES)
"""The key of the households' fixed reachability draws (one per household, not per month)."""
Policy = Callable[[Progress], np.ndarray]
"""Which households (unit positions) a mediator visits at the start of a published month."""


@dataclass(frozen=True)
class MonthDraws:
    """The draws of every process in one month."""

    disputes: Draws
    collective: Draws
    home_repairs: Draws
    common_repairs: Draws
    complaints: Draws
    payments: Draws
    shocks: Draws
    outreach: Draws


@dataclass(frozen=True)
class History:
    """The published window: (months, units) bill matrices and hazards, record batches, any visits, and the
    mechanisms in force (a varied world's base logit as fitted in the burn-in)."""

    due_cny: np.ndarray
    paid_day: np.ndarray
    hazard: np.ndarray
    complaints: Batch
    repairs: Batch
    disputes: Batch
    visits: Batch
    mechanisms: Mechanisms


def concat(batches: list[Batch]) -> Batch:
    """Join batches with the same columns."""
    return {key: np.concatenate([b[key] for b in batches]) for key in batches[0]}


def published(cal: Calendar, burn_in: int) -> Calendar:
    """The calendar of the published window (the simulated months after the burn-in)."""
    return Calendar(starts=cal.starts[burn_in:], festival=cal.festival[burn_in:])


def run_month(scene: Scene, year: int, draws: MonthDraws, settle_day: np.ndarray | None) -> Month:
    """Disputes from the start-of-month hazard, then repairs, complaints and payments of the month."""
    n, state = len(scene.units.community), scene.state
    h = hazard(scene)
    filed = file_unit_disputes(scene, h, draws.disputes)
    collective = file_collective_disputes(scene, draws.collective)
    orders = concat(
        [household_orders(scene, year, draws.home_repairs), common_orders(scene, year, draws.common_repairs)]
    )
    new_repairs = np.bincount(orders["unit"][orders["unit"] >= 0], minlength=n)
    elevator = {k: v[orders["category"] == CAT["elevator"]] for k, v in orders.items()}
    out = outages(elevator, len(scene.comm.firm), len(state.building_pressure))
    complaints = file_complaints(scene, out, new_repairs, draws.complaints)
    disputed: np.ndarray = state.own_disputes[max(0, scene.view.m - 2) : scene.view.m].sum(axis=0) > 0
    disputed[filed["unit"]] = True
    pay = pay_month(scene.units, state, scene.view, disputed, draws.payments, scene.mech.payments, settle_day)
    return Month(hazard=h, pay=pay, complaints=complaints, repairs=orders, disputes=filed, collective=collective)


@dataclass
class Record:
    """What the loop keeps: the published months' (months, units) matrices and every month's record batches."""

    burn_in: int
    due: np.ndarray
    hazard: np.ndarray
    paid: np.ndarray
    lumps: np.ndarray
    complaints: list[Batch] = field(default_factory=list)
    repairs: list[Batch] = field(default_factory=list)
    disputes: list[Batch] = field(default_factory=list)
    visits: list[Batch] = field(default_factory=list)

    @classmethod
    def empty(cls, months: int, units: int, burn_in: int) -> Record:
        """Zero matrices for the published months."""
        shape = (months - burn_in, units)
        return cls(burn_in, np.zeros(shape), np.zeros(shape), np.zeros(shape, np.int32), np.zeros(shape, np.int32))

    def add(self, m: int, month: Month) -> None:
        """Keep month m's outcome (its bills and hazards only once the window has begun)."""
        if m >= self.burn_in:
            k, pay = m - self.burn_in, month.pay
            self.hazard[k], self.due[k], self.paid[k], self.lumps[k] = (
                month.hazard,
                pay.due_cny,
                pay.paid_day,
                pay.lump_day,
            )
        self.complaints.append(month.complaints)
        self.repairs.append(month.repairs)
        self.disputes.append(concat([month.disputes, month.collective]))

    def progress(self, scene: Scene) -> Progress:
        """What a policy may see at the start of the scene's month."""
        b = self.burn_in
        return Progress(scene.view.m - b, scene, self.complaints[b:], self.repairs[b:], self.disputes[b:])

    def history(self, mechanisms: Mechanisms) -> History:
        """The published window: later payments settle unpaid bills; records of the burn-in are dropped."""
        b, visits = self.burn_in, concat(self.visits) if self.visits else {}
        return History(due_cny=self.due, paid_day=pay_off_arrears(self.paid, self.lumps), hazard=self.hazard,
                       complaints=concat(self.complaints[b:]), repairs=concat(self.repairs[b:]),
                       disputes=concat(self.disputes[b:]), visits=visits, mechanisms=mechanisms)  # fmt: skip


def mediate(scene: Scene, who: np.ndarray, record: Record, cal: Calendar, reach: Draws, draws: Draws) -> np.ndarray:
    """Visit `who` at the month's start; the settlement day per unit (-1: none) for this month's payments."""
    m, k = scene.view.m, scene.view.m - record.burn_in
    done = visit(scene, who, reach, draws)
    settle_day = apply_visits(scene, done, record.complaints, cal)
    if k > 0:  # last month's late bill, if still outstanding, is paid with the settlement
        late = (settle_day >= 0) & (record.paid[k - 1] >= cal.starts[m])
        record.paid[k - 1, late] = settle_day[late]
    record.visits.append({**done.record(), "month": np.full(len(done.unit), k)})
    return settle_day


def fit_base_rate(scene: Scene) -> Scene:
    """The scene with the base logit refitted to the mechanisms' target base rate (varied worlds only)."""
    t = scene.mech.hazard
    if t.target_p90 is None:
        return scene
    monthly = -np.expm1(np.log1p(-t.target_p90) / 3)  # three months at this hazard give the 90-day target
    fitted = replace(t, base_logit=fitted_base_logit(scene, monthly))
    return replace(scene, mech=replace(scene.mech, hazard=fitted))


def simulate(
    hidden: Hidden, schedules: Schedules, cal: Calendar, burn_in: int, seed: np.random.SeedSequence,
    policy: Policy | None = None, mechanisms: Mechanisms = DEFAULT_MECHANISMS,
) -> History:  # fmt: skip
    """Run every month in order (burn-in included) and collect what happened in the published window.

    A varied world's base logit is refitted in every burn-in month (in month 0 without a burn-in) and frozen for
    the published window, so visits and drift there act on fixed mechanisms.
    """
    state, flags = initial_state(hidden, cal.months), community_months(schedules, cal)
    record, reach = Record.empty(cal.months, len(hidden.units.community), burn_in), month_draws(seed, REACH, 0)
    for m in range(cal.months):
        draws = MonthDraws(*(month_draws(seed, i, m) for i in range(len(PROCESSES))))
        view = month_view(m, cal, schedules, flags)
        scene = Scene(hidden.units, hidden.communities, state, view, cal.end, mechanisms)
        if m < max(burn_in, 1):
            scene = fit_base_rate(scene)
            mechanisms = scene.mech
        who = (
            np.asarray(policy(record.progress(scene)), np.int64) if policy is not None and m >= burn_in else np.zeros(0)
        )
        settle_day = mediate(scene, who, record, cal, reach, draws.outreach) if len(who) else None
        month = run_month(scene, int(str(cal.starts[m].astype("datetime64[D]"))[:4]), draws, settle_day)
        record.add(m, month)
        advance(scene, cal, month, m >= burn_in, draws.shocks)
    return record.history(mechanisms)
