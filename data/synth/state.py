"""The running state of every household at the start of a month, and the per-month view the processes read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.synth.calendar import Calendar
from data.synth.events import Schedules, trailing_sum
from data.synth.mechanisms import DEFAULT_MECHANISMS, Mechanisms
from data.synth.world import Communities, Hidden, Units

Batch = dict[str, np.ndarray]
"""Column arrays of one month's records of one kind (complaints, repair orders, disputes …)."""


@dataclass
class RunningState:
    """Per-unit counters at the start of the current month; the month loop is their only writer.

    `seen_*` is the part of the unpaid pool billed in the published window (what the data can show).
    """

    pool_n: np.ndarray
    pool_cny: np.ndarray
    carry_n: np.ndarray
    carry_cny: np.ndarray
    seen_n: np.ndarray
    seen_cny: np.ndarray
    open_complaints: np.ndarray
    open_repairs: np.ndarray
    community_open_repairs: np.ndarray
    complaint_closing: np.ndarray
    repair_closing: np.ndarray
    community_repair_closing: np.ndarray
    dissatisfaction: np.ndarray
    shock: np.ndarray
    own_disputes: np.ndarray
    building_pressure: np.ndarray
    own_pressure: np.ndarray
    disputes_12m: np.ndarray
    calm: np.ndarray

    @property
    def arrears_n(self) -> np.ndarray:
        """Overdue bills still unpaid at the start of the month."""
        return self.pool_n + self.carry_n

    @property
    def arrears_cny(self) -> np.ndarray:
        """Overdue CNY at the start of the month."""
        return self.pool_cny + self.carry_cny


def initial_state(hidden: Hidden, months: int) -> RunningState:
    """Everyone starts paid up, with no open complaints or repairs (the burn-in months then warm the world up)."""
    n, n_c = len(hidden.units.community), len(hidden.communities.firm)
    n_b = int(hidden.communities.buildings.sum())
    return RunningState(
        pool_n=np.zeros(n, np.int32), pool_cny=np.zeros(n), carry_n=np.zeros(n, np.int32), carry_cny=np.zeros(n),
        seen_n=np.zeros(n, np.int32), seen_cny=np.zeros(n),
        open_complaints=np.zeros(n, np.int32), open_repairs=np.zeros(n, np.int32),
        community_open_repairs=np.zeros(n_c, np.int32), complaint_closing=np.zeros((months + 1, n), np.int16),
        repair_closing=np.zeros((months + 1, n), np.int16),
        community_repair_closing=np.zeros((months + 1, n_c), np.int32),
        dissatisfaction=np.zeros(n), shock=np.zeros(n, bool), own_disputes=np.zeros((months, n), bool),
        building_pressure=np.zeros(n_b), own_pressure=np.zeros(n), disputes_12m=np.zeros(n, np.int32),
        calm=np.zeros(n),
    )  # fmt: skip


@dataclass(frozen=True)
class CommunityMonth:
    """(communities, months) derived event flags shared by several processes."""

    fee_recent: np.ndarray
    fee_fresh: np.ndarray
    controversy_known: np.ndarray
    controversy_now: np.ndarray
    rainy: np.ndarray


def community_months(schedules: Schedules, cal: Calendar) -> CommunityMonth:
    """Flags per community-month: recent/fresh fee increase, controversies known at the month's start or under way."""
    rows = schedules.fund_row | schedules.revenue_row
    rainy = np.isin(cal.month_of_year(), [5, 6, 7, 8, 9])
    return CommunityMonth(
        fee_recent=schedules.recent_increase(),
        fee_fresh=trailing_sum(schedules.increase, 0, 2) > 0,
        controversy_known=trailing_sum(rows, 1, 3) > 0,
        controversy_now=trailing_sum(rows, 0, 2) > 0,
        rainy=rainy,
    )


@dataclass(frozen=True)
class MonthView:
    """Everything a process needs about month m, per unit (index by unit) or per community."""

    m: int
    start: int
    days: int
    festival: float
    rainy: bool
    quality: np.ndarray
    responsiveness: np.ndarray
    rate: np.ndarray
    fee_recent: np.ndarray
    fee_fresh: np.ndarray
    controversy_known: np.ndarray
    controversy_now: np.ndarray
    increase_now: np.ndarray
    fund_now: np.ndarray
    revenue_now: np.ndarray


def month_view(m: int, cal: Calendar, schedules: Schedules, flags: CommunityMonth) -> MonthView:
    """The per-community inputs of month m (community-indexed arrays)."""
    return MonthView(
        m=m, start=int(cal.starts[m]), days=int(cal.days[m]), festival=float(cal.festival[m]),
        rainy=bool(flags.rainy[m]), quality=schedules.quality[:, m], responsiveness=schedules.responsiveness[:, m],
        rate=schedules.rate[:, m], fee_recent=flags.fee_recent[:, m], fee_fresh=flags.fee_fresh[:, m],
        controversy_known=flags.controversy_known[:, m], controversy_now=flags.controversy_now[:, m],
        increase_now=schedules.increase[:, m], fund_now=schedules.fund_row[:, m],
        revenue_now=schedules.revenue_row[:, m],
    )  # fmt: skip


@dataclass(frozen=True)
class Scene:
    """What the processes of one month read: the world, the running state, the month's community inputs and the
    mechanisms (coefficients and forms) in force."""

    units: Units
    comm: Communities
    state: RunningState
    view: MonthView
    end: int
    mech: Mechanisms = DEFAULT_MECHANISMS


def track_open(
    open_now: np.ndarray, closing: np.ndarray, who: np.ndarray, m: int, close_month: np.ndarray
) -> np.ndarray:
    """Open counts at the next month's start, given this month's new items and the month each will close.

    An item created in month m and closed in month j (j = months: never, or after the data) is open at the start of
    months m+1 .. j; `closing[j]` collects items that stop being open after month j.
    """
    lasting = close_month > m
    closes = lasting & (close_month < closing.shape[0] - 1)
    np.add.at(closing, (close_month[closes], who[closes]), 1)
    return open_now + np.bincount(who[lasting], minlength=len(open_now)).astype(open_now.dtype) - closing[m]


def close_month(cal: Calendar, seconds: np.ndarray) -> np.ndarray:
    """Month index of each closing time; `months` for never (-1) or after the data."""
    return np.where(seconds < 0, cal.months, cal.month_of_day(seconds // 86_400))
