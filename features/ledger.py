"""Ledger: the community's disclosed accounts over the trailing months (Civil Code Art. 281–282, 943).

A ledger row for period P is known at t only once P has ended, that is when the first day of the next
month ≤ t: the firm discloses a month's accounts after it closes. The window holds the periods that ended by
t and began at most `ledger_months` months before t (the last 12 closed months for an as-of on a month start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from data.contract import LEDGER_ITEMS
from features.clock import month_start_ns, months_before
from features.config import FeatureConfig
from features.grouped import ratio, sum_by
from features.prepared import Prepared
from features.spec import Columns, FeatureSpec, family_specs

if TYPE_CHECKING:
    from features.partitions import Context


def specs(cfg: FeatureConfig) -> list[FeatureSpec]:
    """The ledger features for this configuration, in column order."""
    m = cfg.ledger_months
    return family_specs("ledger", [
        (f"ledger_fund_spend_ratio_{m}m", f"{m} months", "ratio", 0,
         "maintenance_fund_spent / maintenance_fund_income of the community over the closed periods in the "
         "window; NaN without fund income."),
        (f"ledger_revenue_to_owners_share_{m}m", f"{m} months", "share (0–1)", -1,
         "common_revenue_to_owners / common_revenue of the community over the window: the share of income "
         "from common areas passed to the owners; NaN without common revenue."),
        (f"ledger_service_expense_ratio_{m}m", f"{m} months", "ratio", 0,
         "service_expense / fee_income of the community over the window; NaN without fee income."),
    ])  # fmt: skip


def known_rows(prep: Prepared, as_of: pd.Timestamp, months: int) -> np.ndarray:
    """Ledger rows whose period ended by t and began at most `months` months before t."""
    led = prep.ledger
    ended = month_start_ns(led["month"] + 1) <= int(as_of.value)
    return ended & (month_start_ns(led["month"]) >= months_before(as_of, months))


def compute(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> Columns:
    """Ledger features per unit at `as_of`."""
    led, index, m = prep.ledger, prep.index, cfg.ledger_months
    window = known_rows(prep, as_of, m)

    def total(item: str) -> np.ndarray:
        rows = window & (led["item"] == LEDGER_ITEMS.index(item))
        return sum_by(led["community"], led["amount"], index.n_communities, rows)

    ratios = {
        f"ledger_fund_spend_ratio_{m}m": ("maintenance_fund_spent", "maintenance_fund_income"),
        f"ledger_revenue_to_owners_share_{m}m": ("common_revenue_to_owners", "common_revenue"),
        f"ledger_service_expense_ratio_{m}m": ("service_expense", "fee_income"),
    }
    return {name: ratio(total(top), total(bottom))[index.community] for name, (top, bottom) in ratios.items()}
