"""Monthly as-of dates for training snapshots, from the span of the data itself."""

from __future__ import annotations

import pandas as pd

from data.dataset import Dataset
from features.labels import latest_record_time

# Creation times date a record; due and resolution dates are left out because they can lie after the export.
_CREATED = {"complaints": "created_at", "repair_orders": "reported_at", "disputes": "filed_at"}


def earliest_record_time(dataset: Dataset) -> pd.Timestamp:
    """The earliest creation time of any record (a bill is created when its period starts)."""
    stamps = [dataset[t][c].min() for t, c in _CREATED.items() if dataset.has(t) and len(dataset[t])]
    if dataset.has("fee_bills") and len(dataset["fee_bills"]):
        stamps.append(pd.to_datetime(dataset["fee_bills"]["period"].astype(str), format="%Y-%m").min())
    stamps = [s for s in stamps if not pd.isna(s)]
    if not stamps:
        raise ValueError("the dataset has no dated records (fee_bills, complaints, repair_orders or disputes)")
    return pd.Timestamp(min(stamps))


def data_span(dataset: Dataset) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Earliest and latest record creation time: the same data end that decides which labels are complete."""
    return earliest_record_time(dataset), latest_record_time(dataset)


def monthly_as_of_dates(dataset: Dataset, horizon_days: int, warmup_months: int = 6) -> list[pd.Timestamp]:
    """Month starts after a warm-up of history, whose whole label horizon lies inside the data."""
    start, end = data_span(dataset)
    first = (start + pd.offsets.MonthBegin(0)).normalize() + pd.DateOffset(months=warmup_months)
    last_allowed = end - pd.Timedelta(days=horizon_days)
    return [d for d in pd.date_range(first, end, freq="MS") if d <= last_allowed]
