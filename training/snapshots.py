"""Monthly as-of dates for training snapshots, from the span of the data itself."""

from __future__ import annotations

import pandas as pd

from data.dataset import Dataset

# Columns that date a record's creation; the data spans from the earliest to the latest of them.
_TIME_COLUMNS = {
    "fee_bills": "due_date",
    "complaints": "created_at",
    "repair_orders": "reported_at",
    "disputes": "filed_at",
}


def data_span(dataset: Dataset) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Earliest and latest record time across the dated tables."""
    stamps = [dataset[t][c] for t, c in _TIME_COLUMNS.items() if dataset.has(t) and len(dataset[t])]
    if dataset.has("fee_bills") and len(dataset["fee_bills"]):
        stamps.append(pd.to_datetime(dataset["fee_bills"]["period"].astype(str), format="%Y-%m"))
    if not stamps:
        raise ValueError("the dataset has no dated records (fee_bills, complaints, repair_orders or disputes)")
    values = pd.concat([s.dropna() for s in stamps])
    return pd.Timestamp(values.min()), pd.Timestamp(values.max())


def monthly_as_of_dates(dataset: Dataset, horizon_days: int, warmup_months: int = 6) -> list[pd.Timestamp]:
    """Month starts after a warm-up of history, whose whole label horizon lies inside the data."""
    start, end = data_span(dataset)
    first = (start + pd.offsets.MonthBegin(0)).normalize() + pd.DateOffset(months=warmup_months)
    last_allowed = end - pd.Timedelta(days=horizon_days)
    return [d for d in pd.date_range(first, end, freq="MS") if d <= last_allowed]
