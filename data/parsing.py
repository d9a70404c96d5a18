"""Parsing raw columns into contract dtypes, vectorised over Arrow strings.

Raw columns hold strings (CSV, JSON uploads) or already-typed values (Parquet, SQL). Strings are parsed strictly:
nothing is coerced, and every cell that is set but is not a value of its column's kind is marked `bad`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.contract import Column, Kind
from data.temporal import parse_date_text, parse_datetime_values, parse_timestamp_text
from data.textarrays import keep_where, matches, text_array

_INT = r"^-?\d{1,18}$"
_DECIMAL = r"^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$"
_PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"
_BOOL_WORDS = pa.array(["false", "true", "0", "1"])  # a word means true when its index is odd
_STRING_KINDS = frozenset({Kind.ID, Kind.TEXT, Kind.PERIOD, Kind.ENUM})
# Object columns (from SQL drivers, JSON) whose values are already numbers, booleans or datetimes.
_NUMBER_OBJECTS = frozenset({"integer", "floating", "mixed-integer-float", "decimal"})
_TYPED_OBJECTS = _NUMBER_OBJECTS | {"boolean", "datetime"}
SHOWN_CHARACTERS = 120
"""The most characters of a value a report shows: a multi-megabyte cell must not make a multi-megabyte report."""


@dataclass(frozen=True)
class ParsedColumn:
    """A column in its contract dtype (NA where empty or bad), with masks of empty and of bad cells.

    `text` is the Arrow text the cells were parsed from, or None when the raw values were already typed.
    """

    raw: pd.Series
    values: pd.Series
    empty: np.ndarray
    bad: np.ndarray
    text: pa.Array | None = None

    def shown(self, row: int) -> str:
        """The raw cell at position `row`, as the person who wrote it would recognise it."""
        return shown(self.raw.iloc[row])


def shown(value: object) -> str:
    """A value as text for a report: floats without trailing zeros, timestamps in ISO form, NA as '', long text cut."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float | np.floating):
        return np.format_float_positional(value, trim="-")
    text = str(value)
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"


def parse_column(raw: pd.Series, column: Column) -> ParsedColumn:
    """Parse one raw column into its contract dtype, marking cells that are empty or not of its kind."""
    if column.kind in _STRING_KINDS or _holds_text(raw):
        return _parse_text(raw, column)
    return _parse_typed(raw, column)


def _holds_text(raw: pd.Series) -> bool:
    if isinstance(raw.dtype, pd.CategoricalDtype):
        return True
    if raw.dtype == object:
        return pd.api.types.infer_dtype(raw, skipna=True) not in _TYPED_OBJECTS
    return pd.api.types.is_string_dtype(raw.dtype)


def _parse_text(raw: pd.Series, column: Column) -> ParsedColumn:
    text = text_array(raw)
    blank = pc.or_(pc.equal(pc.binary_length(text), 0), pc.utf8_is_space(text))
    empty = pc.fill_null(blank, True).to_numpy(zero_copy_only=False)
    present = keep_where(text, ~empty)
    values, ok = _TEXT_PARSERS[column.kind](present, column)
    return ParsedColumn(raw=raw, values=values, empty=empty, bad=~empty & ~ok, text=text)


def _strings(present: pa.Array, column: Column) -> tuple[pd.Series, np.ndarray]:
    return pd.Series(pd.arrays.ArrowStringArray(present)), np.ones(len(present), dtype=bool)


def _periods(present: pa.Array, column: Column) -> tuple[pd.Series, np.ndarray]:
    ok = matches(present, _PERIOD)
    return pd.Series(pd.arrays.ArrowStringArray(keep_where(present, ok))), ok


def _enum_codes(present: pa.Array, column: Column) -> tuple[pd.Series, np.ndarray]:
    found = pc.index_in(present, value_set=pa.array(column.codes, present.type))
    codes = pc.fill_null(found, -1).to_numpy(zero_copy_only=False)
    values = pd.Categorical.from_codes(codes, dtype=column.dtype())  # type: ignore[arg-type]
    return pd.Series(values), codes >= 0


def _integers(present: pa.Array, column: Column) -> tuple[pd.Series, np.ndarray]:
    ok = matches(present, _INT)
    numbers = pc.cast(keep_where(present, ok), pa.int64())
    return pd.Series(numbers.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)), ok


def _decimals(present: pa.Array, column: Column) -> tuple[pd.Series, np.ndarray]:
    shaped = matches(present, _DECIMAL)
    numbers = pc.cast(keep_where(present, shaped), pa.float64()).to_numpy(zero_copy_only=False)
    ok = shaped & np.isfinite(numbers)
    return pd.Series(np.where(ok, numbers, np.nan)), ok


def _booleans(present: pa.Array, column: Column) -> tuple[pd.Series, np.ndarray]:
    found = pc.fill_null(pc.index_in(present, value_set=_BOOL_WORDS.cast(present.type)), -1)
    index = found.to_numpy(zero_copy_only=False)
    return pd.Series(index % 2 == 1), index >= 0


def _dates(present: pa.Array, column: Column) -> tuple[pd.Series, np.ndarray]:
    values, ok = parse_date_text(present)
    return pd.Series(values), ok


def _timestamps(present: pa.Array, column: Column) -> tuple[pd.Series, np.ndarray]:
    values, ok = parse_timestamp_text(present)
    return pd.Series(values), ok


_TEXT_PARSERS = {
    Kind.ID: _strings,
    Kind.TEXT: _strings,
    Kind.PERIOD: _periods,
    Kind.ENUM: _enum_codes,
    Kind.INT: _integers,
    Kind.DECIMAL: _decimals,
    Kind.BOOL: _booleans,
    Kind.DATE: _dates,
    Kind.TIMESTAMP: _timestamps,
}


def _parse_typed(raw: pd.Series, column: Column) -> ParsedColumn:
    """Check already-typed values (numbers, booleans, datetimes) against the column's kind."""
    empty = raw.isna().to_numpy()
    if column.kind in (Kind.DATE, Kind.TIMESTAMP):
        moments, ok = parse_datetime_values(raw, dates_only=column.kind is Kind.DATE)
        return ParsedColumn(raw=raw, values=pd.Series(moments), empty=empty, bad=~empty & ~ok)
    unboxed = _unboxed(raw)
    numbers, ok = _typed_numbers(unboxed, column.kind)
    kept = np.where(ok, numbers, np.nan)
    if column.kind is Kind.BOOL:
        values = pd.Series(kept == 1)
    elif column.kind is Kind.INT:
        values = _exact_integers(unboxed, kept, ok)
    else:
        values = pd.Series(kept)
    return ParsedColumn(raw=raw, values=values, empty=empty, bad=~empty & ~ok)


def _unboxed(raw: pd.Series) -> pd.Series:
    """An object column of Python numbers or booleans (as SQL drivers return them) in a numeric dtype."""
    if raw.dtype != object:
        return raw
    inferred = pd.api.types.infer_dtype(raw, skipna=True)
    if inferred == "boolean":
        return raw.astype("boolean")
    return pd.to_numeric(raw) if inferred in _NUMBER_OBJECTS else raw


def _typed_numbers(raw: pd.Series, kind: Kind) -> tuple[np.ndarray, np.ndarray]:
    """The values as floats, and which are values of `kind` (bool: 0 or 1; int: whole; decimal: finite)."""
    is_bool = pd.api.types.is_bool_dtype(raw.dtype)
    if not (pd.api.types.is_numeric_dtype(raw.dtype) and (kind is Kind.BOOL or not is_bool)):
        return np.full(len(raw), np.nan), np.zeros(len(raw), dtype=bool)
    numbers = raw.astype("float64").to_numpy()
    if kind is Kind.BOOL:
        return numbers, (numbers == 0) | (numbers == 1)
    finite = np.isfinite(numbers)
    return numbers, finite & (numbers == np.round(numbers)) if kind is Kind.INT else finite


def _exact_integers(raw: pd.Series, kept: np.ndarray, ok: np.ndarray) -> pd.Series:
    """Int64 values, taken from the raw integers themselves when they are integers (no float rounding)."""
    if pd.api.types.is_integer_dtype(raw.dtype):
        return raw.astype("Int64")
    return pd.Series(pd.array(np.where(ok, kept, 0).astype("int64"), dtype="Int64")).mask(~ok)
