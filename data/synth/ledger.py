"""The ledger: the firm's monthly disclosures per community (PRC Civil Code Art. 943, 281–282).

Fee income is what was actually collected that month; the maintenance fund's balance moves by exactly its income
minus the fund-financed repairs completed that month (owners top it up rather than let it go negative); common
revenue is passed to owners at the community's hidden share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from data.contract import LEDGER
from data.synth.calendar import Calendar
from data.synth.events import Schedules
from data.synth.ids import as_contract, categories, strings
from data.synth.registers import community_ids
from data.synth.repairs import FIRM, FUND
from data.synth.simulate import History
from data.synth.world import Hidden

FUND_CNY_M2 = 0.25
"""Monthly maintenance-fund income per m² of floor area."""


def _per_community_month(
    community: np.ndarray, month: np.ndarray, weights: np.ndarray, shape: tuple[int, int]
) -> np.ndarray:
    keep = (month >= 0) & (month < shape[1])
    flat = np.bincount(community[keep] * shape[1] + month[keep], weights=weights[keep], minlength=shape[0] * shape[1])
    return flat.reshape(shape)


def _repair_spend(history: History, cal: Calendar, funder: int, shape: tuple[int, int]) -> np.ndarray:
    r = history.repairs
    done = (r["completed_s"] >= 0) & (r["funded_by"] == funder)
    month = np.where(done, cal.month_of_day(r["completed_s"] // 86_400), -1)
    return _per_community_month(r["community"], month, np.nan_to_num(r["cost"]), shape)


def _fund(income: np.ndarray, spent: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Income (with any top-up needed to stay solvent) and the month-end balance."""
    income, balance = income.copy(), np.zeros_like(income)
    level = start.copy()
    for k in range(income.shape[1]):  # one pass per month
        income[:, k] += np.maximum(spent[:, k] - income[:, k] - level, 0.0)
        level = level + income[:, k] - spent[:, k]
        balance[:, k] = level
    return income, balance


def ledger_amounts(
    hidden: Hidden, schedules: Schedules, history: History, cal: Calendar, burn_in: int, rng: np.random.Generator
) -> np.ndarray:
    """(communities, published months, items) amounts in the contract's LEDGER_ITEMS order.

    Only published records count: fee income is what was paid on published bills, fund spending is the published
    repair orders; the fund's opening balance is its level at the window's start.
    """
    comm, units = hidden.communities, hidden.units
    shape = (len(comm.firm), cal.months)
    paid = history.paid_day.astype(np.int64)
    month = np.where((paid >= 0) & (paid < cal.end), cal.month_of_day(paid), -1)
    owner = np.broadcast_to(units.community, paid.shape)
    collected = _per_community_month(owner.ravel(), month.ravel(), history.due_cny.ravel(), shape)
    billed = _per_community_month(
        owner.ravel(),
        np.broadcast_to(np.arange(cal.months)[:, None], paid.shape).ravel(),
        history.due_cny.ravel(),
        shape,
    )
    z = rng.standard_normal((4, *shape))
    expense = billed * (0.82 + 0.05 * schedules.quality[:, burn_in:]) * np.exp(0.04 * z[0]) + _repair_spend(
        history, cal, FIRM, shape
    )
    area = np.bincount(units.community, weights=units.area, minlength=shape[0])
    spent = _repair_spend(history, cal, FUND, shape)
    fund_in, balance = _fund(area[:, None] * FUND_CNY_M2 * np.exp(0.02 * z[1]), spent, comm.fund_start)
    revenue = comm.revenue[:, None] * np.exp(0.1 * z[2])
    to_owners = np.minimum(revenue * comm.owner_share[:, None] * np.exp(0.05 * z[3]), revenue)
    return np.stack([collected, expense, fund_in, spent, balance, revenue, to_owners], axis=2).round(2)


def ledger_frame(amounts: np.ndarray, cal: Calendar) -> pd.DataFrame:
    """One row per community, period and item."""
    n, months, items = amounts.shape
    grid = np.indices((n, months, items)).reshape(3, -1)
    frame = pd.DataFrame({
        "community_id": strings(community_ids(n), grid[0]),
        "period": strings(pa.array(cal.periods(), pa.string()), grid[1]),
        "item": categories(grid[2], LEDGER.column("item").dtype()),
        "amount_cny": np.abs(amounts.ravel()),
    })  # fmt: skip
    return as_contract(frame, LEDGER)
