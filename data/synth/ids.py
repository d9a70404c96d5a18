"""Readable ids and typed columns built without per-row Python: fixed-width ASCII straight into Arrow buffers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from data.contract import Table

NAT = np.iinfo(np.int64).min


def _digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """(n, width) ASCII codes of the zero-padded decimal numbers."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((np.asarray(numbers, np.int64)[:, None] // powers) % 10 + ord("0")).astype(np.uint8)


def _text(literal: str, n: int) -> np.ndarray:
    return np.tile(np.frombuffer(literal.encode("ascii"), np.uint8), (n, 1))


def _to_arrow(chars: np.ndarray) -> pa.Array:
    """Rows of a (n, width) ASCII matrix as one Arrow string array."""
    n, width = chars.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    data = pa.py_buffer(np.ascontiguousarray(chars).tobytes())
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), data).cast(pa.string())


def numbered(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Ids like B000000123: a prefix and a zero-padded number."""
    return _to_arrow(np.hstack([_text(prefix, len(numbers)), _digits(numbers, width)]))


def unit_codes(community: np.ndarray, building: np.ndarray, floor: np.ndarray, room: np.ndarray) -> pa.Array:
    """Unit ids like C0001-B03-1502: community, building, then floor and room number."""
    n = len(community)
    parts = [_text("C", n), _digits(community, 4), _text("-B", n), _digits(building, 2), _text("-", n)]
    return _to_arrow(np.hstack([*parts, _digits(floor, 2), _digits(room, 2)]))


def strings(values: pa.Array, index: np.ndarray | None = None) -> pd.Series:
    """A string[pyarrow] column: `values`, or values taken at `index` (-1 gives an empty cell)."""
    if index is not None:
        values = values.take(pa.array(index, mask=np.asarray(index) < 0))
    return pd.Series(
        pd.arrays.ArrowStringArray(values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values)
    )


def days_to_dates(days: np.ndarray) -> np.ndarray:
    """Day numbers since 1970 (-1: empty) as datetime64[ns]."""
    days = np.asarray(days, np.int64)
    return np.where(days < 0, NAT, days * 86_400 * 10**9).view("datetime64[ns]")


def seconds_to_times(seconds: np.ndarray) -> np.ndarray:
    """Seconds since 1970 (-1: empty) as datetime64[ns]."""
    seconds = np.asarray(seconds, np.int64)
    return np.where(seconds < 0, NAT, seconds * 10**9).view("datetime64[ns]")


def categories(codes: np.ndarray, dtype: object) -> pd.Categorical:
    """A categorical column from integer codes (-1: empty) and a contract CategoricalDtype."""
    if not isinstance(dtype, pd.CategoricalDtype):
        raise TypeError(f"not a categorical dtype: {dtype!r}")
    values: Any = np.asarray(codes, np.int64)
    return pd.Categorical.from_codes(values, dtype=dtype)


def nullable_ints(values: np.ndarray, empty: np.ndarray) -> pd.arrays.IntegerArray:
    """An Int64 column with `empty` cells."""
    return pd.arrays.IntegerArray(np.asarray(values, np.int64), np.asarray(empty, bool))


def as_contract(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The frame cast to the table's contract dtypes (a no-op for columns already typed)."""
    dtypes: Any = table.dtypes()
    return frame.astype(dtypes, copy=False)
