"""Monthly as-of dates for training snapshots, from the span of the data itself."""

from __future__ import annotations

import pandas as pd

from data.dataset import Dataset
from data.timeline import data_end, data_start


def monthly_as_of_dates(dataset: Dataset, horizon_days: int, warmup_months: int = 6) -> list[pd.Timestamp]:
    """Month starts after a warm-up of history, whose whole label horizon lies inside the data."""
    return monthly_dates_between(data_start(dataset), data_end(dataset), horizon_days, warmup_months)


def monthly_dates_between(
    start: pd.Timestamp, end: pd.Timestamp, horizon_days: int, warmup_months: int = 6
) -> list[pd.Timestamp]:
    """`monthly_as_of_dates` for data spanning `start` … `end` (known without holding the data in one process)."""
    first = (start + pd.offsets.MonthBegin(0)).normalize() + pd.DateOffset(months=warmup_months)
    last_allowed = end - pd.Timedelta(days=horizon_days)
    return [d for d in pd.date_range(first, end, freq="MS") if d <= last_allowed]
