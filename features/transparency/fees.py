"""Fees and accounts: the published rate, monthly fee collection and the disclosed ledger.

Fee collection of a month is what was paid by the as-of date of what its bills asked for; a payment above a bill's
amount counts only up to that amount, so a prepayment cannot lift the rate above 100%. Each rate keeps its bills paid
in full and the others: a rate near 100% over equal bills says how few households are behind. The ledger figures cover
the closed months of the window (Civil Code Art. 281–282, 943): flows are summed, the maintenance fund balance
is that of the latest disclosed month, and `ledger_months` says how many of the window's months were disclosed.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd

from data.dataset import Dataset
from features.transparency.rows import Window, breakdown_rows, community_keys, scalar_rows

PandasT = TypeVar("PandasT", pd.Series, pd.DataFrame)

# Ledger items summed over the window, by the indicator that publishes them.
_FLOWS = {
    "fee_income": "fee_income",
    "service_expense": "service_expense",
    "fund_income": "maintenance_fund_income",
    "fund_spent": "maintenance_fund_spent",
    "common_revenue": "common_revenue",
    "common_revenue_to_owners": "common_revenue_to_owners",
}


def _bill_communities(cut: Dataset) -> np.ndarray:
    """Each bill's community id (None for a bill of an unknown unit)."""
    units = cut["units"]
    position = pd.Index(units["unit_id"].astype(object)).get_indexer(cut["fee_bills"]["unit_id"].astype(object))
    community = np.array([*community_keys(units["community_id"]), None], dtype=object)
    return community[position]  # an unknown unit's position is -1: the None at the end


def _bills_by_month(cut: Dataset, periods: list[str]) -> pd.DataFrame:
    """Due, collected, bill count and bills paid in full per (community, period) over the given periods."""
    bills = cut["fee_bills"]
    due = bills["amount_due_cny"].to_numpy(np.float64)
    paid = np.minimum(bills["amount_paid_cny"].fillna(0.0).to_numpy(np.float64), due)
    frame = pd.DataFrame({
        "community_id": _bill_communities(cut), "period": bills["period"].astype(object).to_numpy(),
        "due": due, "paid": paid, "settled": (paid >= due).astype(float),
    })  # fmt: skip
    frame = frame[frame["period"].isin(periods) & frame["community_id"].notna()]
    return frame.groupby(["community_id", "period"]).agg(
        due=("due", "sum"), paid=("paid", "sum"), bills=("due", "size"), settled=("settled", "sum")
    )


def collection_rows(cut: Dataset, window: Window, ids: pd.Index) -> list[pd.DataFrame]:
    """The 12-month collection rate and one rate per closed month, each resting on its number of bills."""
    periods = window.closed_periods()
    monthly = _bills_by_month(cut, periods)
    sums = monthly.groupby(level=0).sum().reindex(ids)

    def table(column: str) -> pd.DataFrame:
        return monthly[column].unstack("period").reindex(index=ids, columns=periods).astype(float)

    due, paid, bills, settled = table("due"), table("paid"), table("bills").fillna(0.0), table("settled").fillna(0.0)
    rate = paid / due.where(due > 0)
    total = sums["paid"] / sums["due"].where(sums["due"] > 0)
    return [
        scalar_rows("collection_rate", "share", total, sums["bills"], _sides(total, sums["bills"], sums["settled"])),
        breakdown_rows("collection_by_month", "share", rate, bills, _sides(rate, bills, settled)),
    ]


def _sides(rate: PandasT, bills: PandasT, settled: PandasT) -> tuple[PandasT, PandasT]:
    """Bills paid and bills left, each the fewer of those counted and those a reader of equal bills works out.

    A rate over equal bills says how many were paid: 98.6% of 300 bills reads as 4 left unpaid, even when 6 are
    partly paid. Either reading under the minimum count hides the rate.
    """
    implied_paid = (rate * bills).fillna(0.0)
    unsettled, implied_left = bills - settled, bills - implied_paid
    return settled.where(settled <= implied_paid, implied_paid), unsettled.where(
        unsettled <= implied_left, implied_left
    )


def ledger_rows(cut: Dataset, window: Window, ids: pd.Index) -> list[pd.DataFrame]:
    """Sums of the ledger's flows, the latest fund balance, the owners' share of common revenue, months disclosed."""
    ledger = cut["ledger"]
    ledger = ledger[ledger["period"].astype(object).isin(window.closed_periods())]
    keys = community_keys(ledger["community_id"])
    items = ledger["item"].astype(object)
    totals = ledger["amount_cny"].groupby([keys, items]).sum().unstack()
    flows = {name: totals[item] if item in totals else pd.Series(dtype=float) for name, item in _FLOWS.items()}
    flows = {name: values.reindex(ids).astype(float) for name, values in flows.items()}
    balances = ledger[(items == "maintenance_fund_balance").to_numpy(bool)].sort_values("period")
    balance = balances.groupby(community_keys(balances["community_id"]))["amount_cny"].last().reindex(ids)
    revenue = flows["common_revenue"]
    share = flows["common_revenue_to_owners"] / revenue.where(revenue > 0)
    months = ledger["period"].groupby(keys).nunique().reindex(ids, fill_value=0).astype(float)
    rows = [scalar_rows(name, "money", values) for name, values in flows.items()]
    return [
        *rows, scalar_rows("fund_balance", "money", balance.astype(float)),
        scalar_rows("owners_revenue_share", "share", share), scalar_rows("ledger_months", "months", months),
    ]  # fmt: skip


def fee_rows(cut: Dataset, window: Window, ids: pd.Index) -> list[pd.DataFrame]:
    """The published fee rate (CNY per m² per month, from the register), collection and the accounts."""
    communities = cut["communities"]
    rate = pd.Series(
        communities["fee_rate_cny_m2"].to_numpy(np.float64), index=community_keys(communities["community_id"])
    )
    return [scalar_rows("fee_rate", "price", rate.reindex(ids)), *collection_rows(cut, window, ids),
            *ledger_rows(cut, window, ids)]  # fmt: skip
