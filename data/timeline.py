"""When the data begins and ends, from each table's knowledge-time column in the contract, and the latest as-of.

A record counts from the moment it became known (`Table.known_at`): a bill from the first day of its period, a
complaint from its creation, a repair order from its report, a dispute from its filing.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from data.contract import DATED_TABLES, TABLES, Kind
from data.dataset import Dataset
from data.local_time import now_local


def known_times(dataset: Dataset, table: str) -> pd.Series:
    """When each record of a dated table became known, as datetime64 (a period as its first day)."""
    column = DATED_TABLES[table]
    values = dataset[table][column]
    if TABLES[table].column(column).kind is Kind.PERIOD:
        return pd.to_datetime(values.astype(str), format="%Y-%m")
    return pd.to_datetime(values)


def _extremes(dataset: Dataset, pick: str) -> list[pd.Timestamp]:
    stamps = []
    for table in DATED_TABLES:
        if dataset.has(table) and len(dataset[table]):
            stamp = getattr(known_times(dataset, table), pick)()
            if not pd.isna(stamp):
                stamps.append(pd.Timestamp(stamp))
    if not stamps:
        raise ValueError("the dataset has no dated records (fee_bills, complaints, repair_orders or disputes)")
    return stamps


def data_start(dataset: Dataset) -> pd.Timestamp:
    """The earliest knowledge time of any record."""
    return min(_extremes(dataset, "min"))


def data_end(dataset: Dataset) -> pd.Timestamp:
    """The latest knowledge time of any record: what decides which label horizons are complete."""
    return max(_extremes(dataset, "max"))


def month_start(when: pd.Timestamp | datetime) -> pd.Timestamp:
    """The first instant of the month holding `when`."""
    return pd.Timestamp(when).to_period("M").to_timestamp()


def latest_as_of(dataset: Dataset, now: datetime | None = None) -> pd.Timestamp:
    """The first month start at or after the data end, so the as-of sees all the data; never past this month.

    A record dated in the future cannot move the scoring date past the current month (validation rejects such
    records; this is the second line of defence).
    """
    return as_of_after(data_end(dataset), now)


def as_of_after(end: pd.Timestamp, now: datetime | None = None) -> pd.Timestamp:
    """`latest_as_of` for data that ends at `end` (known without holding the data in one process)."""
    first = month_start(end)
    after_all = first if end == first else first + pd.DateOffset(months=1)
    return min(after_all, month_start(now or now_local()))
