"""Time as int64 nanoseconds (as-of dates, windows, month indices), so masks are integer comparisons."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from data.contract import LOCAL_TZ

NEVER = np.iinfo(np.int64).max
"""Stands for an empty time (not paid, not resolved): later than every as-of date."""
DAY_NS = 86_400 * 10**9


def as_of_timestamp(value: pd.Timestamp | str) -> pd.Timestamp:
    """An as-of date as naive local time (a zoned value is converted to Asia/Shanghai first)."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(LOCAL_TZ).tz_localize(None)
    return stamp


def times_ns(values: pd.Series) -> np.ndarray:
    """Naive datetimes as int64 nanoseconds; an empty cell becomes NEVER."""
    stamps = values.to_numpy(dtype="datetime64[ns]")
    out = stamps.view(np.int64).copy()
    out[np.isnat(stamps)] = NEVER
    return out


def months_before(as_of: pd.Timestamp, months: int) -> int:
    """The instant `months` calendar months before the as-of date, in nanoseconds."""
    return int((as_of - pd.DateOffset(months=months)).value)


def days_before(as_of: pd.Timestamp, days: int) -> int:
    """The instant `days` days before the as-of date, in nanoseconds."""
    return int(as_of.value) - days * DAY_NS


def period_months(periods: pd.Series) -> np.ndarray:
    """'YYYY-MM' periods as month indices (year * 12 + month - 1); parsed once per distinct period."""
    if len(periods) == 0:
        return np.empty(0, np.int64)
    values = pa.array(periods, from_pandas=True)  # zero-copy for arrow-backed strings
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    encoded = values.dictionary_encode()
    parsed = pd.to_datetime(pd.Series(encoded.dictionary.to_pylist()), format="%Y-%m")
    months = (parsed.dt.year * 12 + parsed.dt.month - 1).to_numpy(np.int64)
    return months[encoded.indices.to_numpy(zero_copy_only=False)]


def month_start_ns(months: np.ndarray) -> np.ndarray:
    """The first instant of each month index, in nanoseconds (converted once per distinct month)."""
    if len(months) == 0:
        return np.empty(0, np.int64)
    low = int(months.min())
    epoch_months = np.arange(low, int(months.max()) + 1) - 1970 * 12
    table = epoch_months.astype("datetime64[M]").astype("datetime64[ns]").view(np.int64)
    return table[months - low]


def month_of(as_of: pd.Timestamp) -> int:
    """The month index of the as-of date."""
    return as_of.year * 12 + as_of.month - 1
