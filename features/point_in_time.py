"""Cut a dataset back to what was known at an as-of date t.

Records are known from their creation time (creation time ≤ t counts as known at t):
- fee bills from the first day of their period; a payment dated after t is cleared (the bill was unpaid at t);
- complaints from created_at; a resolution after t is cleared with its satisfaction score;
- repair orders from reported_at; a completion after t is cleared with its cost (known on completion);
- disputes from filed_at; a resolution after t is cleared with its outcome;
- ledger rows once their period has ended (first day of the next month ≤ t);
- units, communities and firms are registers and stay whole; a unit's moved_in after t is cleared.
Date-only values stand for 00:00 local time of that day.
"""

from __future__ import annotations

import pandas as pd

from data.dataset import Dataset
from features.clock import as_of_timestamp

_PERIOD = "%Y-%m"


def _clear_after(frame: pd.DataFrame, when: str, columns: tuple[str, ...], t: pd.Timestamp) -> pd.DataFrame:
    """Empty `columns` on rows where `when` is after t."""
    later = (frame[when] > t).fillna(False).to_numpy(bool)
    if not later.any():
        return frame
    out = frame.copy()
    for column in columns:
        out[column] = out[column].mask(later)
    return out


def _created_by(frame: pd.DataFrame, when: str, t: pd.Timestamp) -> pd.DataFrame:
    return frame.loc[(frame[when] <= t).fillna(False).to_numpy(bool)]


def _period_starts(periods: pd.Series) -> pd.Series:
    return pd.to_datetime(periods.astype("string"), format=_PERIOD)


def _cut_bills(bills: pd.DataFrame, t: pd.Timestamp) -> pd.DataFrame:
    issued = bills.loc[(_period_starts(bills["period"]) <= t).to_numpy(bool)]
    return _clear_after(issued, "paid_at", ("paid_at", "amount_paid_cny"), t)


def _cut_ledger(ledger: pd.DataFrame, t: pd.Timestamp) -> pd.DataFrame:
    ends = _period_starts(ledger["period"]) + pd.DateOffset(months=1)
    return ledger.loc[(ends <= t).to_numpy(bool)]


# table: (creation time, the later state change, the columns that change with it)
_RECORDS = {
    "complaints": ("created_at", "resolved_at", ("resolved_at", "satisfaction")),
    "repair_orders": ("reported_at", "completed_at", ("completed_at", "cost_cny")),
    "disputes": ("filed_at", "resolved_at", ("resolved_at", "outcome")),
}


def cut_to_as_of(dataset: Dataset, as_of: pd.Timestamp) -> Dataset:
    """The dataset as it stood at `as_of`: later records dropped, later state changes undone."""
    t = as_of_timestamp(as_of)
    tables = dict(dataset.tables)
    for name, (created, changed, columns) in _RECORDS.items():
        if name in tables:
            tables[name] = _clear_after(_created_by(tables[name], created, t), changed, columns, t)
    if "fee_bills" in tables:
        tables["fee_bills"] = _cut_bills(tables["fee_bills"], t)
    if "ledger" in tables:
        tables["ledger"] = _cut_ledger(tables["ledger"], t)
    tables["units"] = _clear_after(tables["units"], "moved_in", ("moved_in",), t)
    return Dataset(tables=tables, missing=dataset.missing, notes=dataset.notes)
