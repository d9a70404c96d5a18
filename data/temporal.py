"""Dates and timestamps: strict parsing of text, and checks of already-typed datetimes.

Typed frames hold naive datetime64[ns] in local time (Asia/Shanghai): a zone-less timestamp is already local, one
with a zone or offset is converted to local time and then made naive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.contract import LOCAL_TZ
from data.textarrays import keep_where, matches

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$"
_ZONED = r"(Z|[+-]\d{2}(:?\d{2})?)$"
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
# Whole days that datetime64[ns] can hold (it spans 1677-09-21 to 2262-04-11).
_FIRST_DAY = int(np.datetime64("1677-09-22", "D").astype("int64"))
_LAST_DAY = int(np.datetime64("2262-04-10", "D").astype("int64"))


def parse_date_text(present: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Parse `YYYY-MM-DD` strings into datetime64[ns] midnights; also return which strings were real dates."""
    ok = matches(present, _DATE)
    try:
        days = pc.cast(keep_where(present, ok), pa.date32())
    except pa.ArrowInvalid:  # a well-shaped string that is no calendar date, such as 2024-02-30
        ok &= _is_calendar_date(keep_where(present, ok))
        days = pc.cast(keep_where(present, ok), pa.date32())
    day_numbers = pc.fill_null(days.cast(pa.int32()), 0).to_numpy(zero_copy_only=False).astype("int64")
    ok &= (day_numbers >= _FIRST_DAY) & (day_numbers <= _LAST_DAY)
    values = np.where(ok, day_numbers, 0).astype("datetime64[D]").astype("datetime64[ns]")
    values[~ok] = np.datetime64("NaT")
    return values, ok


def _is_calendar_date(shaped: pa.Array) -> np.ndarray:
    """True where a `YYYY-MM-DD` string names a day that exists (leap years included)."""
    year, month, day = (
        pc.fill_null(pc.cast(pc.utf8_slice_codeunits(shaped, start, stop), pa.int64()), 0).to_numpy(
            zero_copy_only=False
        )
        for start, stop in ((0, 4), (5, 7), (8, 10))
    )
    month_ok = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last_day = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + (leap & (month == 2))
    return month_ok & (day >= 1) & (day <= last_day)


def parse_timestamp_text(present: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Parse ISO 8601 strings into naive local datetime64[ns]; also return which strings parsed."""
    shaped = matches(present, _TIMESTAMP)
    zoned = shaped & matches(present, _ZONED) & matches(present, r"[T ]")
    naive_text = pd.Series(pd.arrays.ArrowStringArray(keep_where(present, shaped & ~zoned)))
    values = pd.to_datetime(naive_text, format="ISO8601", errors="coerce").astype("datetime64[ns]")
    if zoned.any():
        zoned_text = pd.Series(pd.arrays.ArrowStringArray(keep_where(present, zoned)))
        instants = pd.to_datetime(zoned_text, format="ISO8601", errors="coerce", utc=True)
        local = instants.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None).astype("datetime64[ns]")
        values = values.where(~zoned, local)
    result = values.to_numpy()
    return result, shaped & ~np.isnat(result)


def parse_datetime_values(raw: pd.Series, *, dates_only: bool) -> tuple[np.ndarray, np.ndarray]:
    """Check already-typed datetimes: made local and naive, and for dates midnight only."""
    if not (pd.api.types.is_datetime64_any_dtype(raw.dtype) or raw.dtype == object):
        return np.full(len(raw), np.datetime64("NaT"), dtype="datetime64[ns]"), np.zeros(len(raw), dtype=bool)
    moments = raw if pd.api.types.is_datetime64_any_dtype(raw.dtype) else pd.to_datetime(raw, errors="coerce")
    if isinstance(moments.dtype, pd.DatetimeTZDtype):
        moments = moments.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
    in_range = moments.isna() | ((moments >= pd.Timestamp.min) & (moments <= pd.Timestamp.max))
    if not in_range.all():
        moments = moments.where(in_range)
    values = moments.astype("datetime64[ns]", copy=False).to_numpy()
    ok = ~np.isnat(values)
    if dates_only:
        ok &= values == values.astype("datetime64[D]")
    return values, ok
