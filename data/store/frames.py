"""Conversions between typed frames and SQL rows, a whole column at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Row

from data.contract import Column, Kind, Table

_STORED_DTYPES: dict[Kind, str] = {
    Kind.ID: "string[pyarrow]",
    Kind.TEXT: "string[pyarrow]",
    Kind.PERIOD: "string[pyarrow]",
    Kind.ENUM: "string[pyarrow]",  # codes stay text here; validation turns them into categories
    Kind.INT: "Int64",
    Kind.DECIMAL: "float64",
    Kind.BOOL: "bool",
    Kind.DATE: "datetime64[ns]",
    Kind.TIMESTAMP: "datetime64[ns]",
}


def column_batches(frame: pd.DataFrame, table: Table, batch_rows: int) -> Iterator[dict[str, np.ndarray]]:
    """The frame's contract columns as Python values, `batch_rows` rows at a time, nulls as None."""
    for start in range(0, len(frame), batch_rows):
        chunk = frame.iloc[start : start + batch_rows]
        yield {column.name: _python_values(chunk[column.name], column) for column in table.columns}


def _python_values(series: pd.Series, column: Column) -> np.ndarray:
    """Plain Python scalars (str, int, float, bool, date, datetime) that every DB-API driver binds."""
    if column.kind is Kind.DATE:
        values = series.dt.date.to_numpy(dtype=object)
    elif column.kind is Kind.TIMESTAMP:
        values = pd.DatetimeIndex(series).to_pydatetime()
    else:
        values = series.to_numpy(dtype=object, copy=True)  # never a view of the caller's frame
    values[series.isna().to_numpy()] = None
    return values


def stored_frame(chunks: Iterable[Sequence[Row[Any] | tuple[Any, ...]]], table: Table) -> pd.DataFrame:
    """Rows fetched from the store, chunk by chunk, as one frame with a dtype per column kind."""
    frames = [_stored_chunk(rows, table) for rows in chunks if rows] or [_stored_chunk([], table)]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _stored_chunk(rows: Sequence[Row[Any] | tuple[Any, ...]], table: Table) -> pd.DataFrame:
    names = list(table.column_names)
    frame = pd.DataFrame.from_records(rows, columns=names) if rows else pd.DataFrame(columns=names, dtype=object)
    return pd.DataFrame({column.name: _stored_series(frame[column.name], column) for column in table.columns})


def _stored_series(series: pd.Series, column: Column) -> pd.Series:
    if column.kind in (Kind.DATE, Kind.TIMESTAMP):
        # Drivers hand back date/datetime objects, or (SQLite read raw) ISO 8601 text; both parse here.
        return pd.to_datetime(series, format="ISO8601").astype("datetime64[ns]")
    if column.kind is Kind.BOOL:
        return series.astype(bool)  # SQLite read raw gives 0 and 1
    return series.astype(_STORED_DTYPES[column.kind])  # type: ignore[call-overload]
