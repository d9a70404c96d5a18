"""Row-level checks driven by the contract's Column and Table objects: kinds, emptiness, ranges and keys.

Each check finds failing rows with a vectorised mask, counts them all, and builds problems for the first few only.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.contract import Column, Kind, Table
from data.parsing import ParsedColumn, shown
from data.problems import Problem, ProblemLog
from data.textarrays import text_array

Describe = Callable[[int], tuple[str | None, str]]
"""For a 0-based row position: the offending value as text, and the message."""

_NOT_A = {
    Kind.INT: "an integer",
    Kind.DECIMAL: "a decimal number",
    Kind.BOOL: "a boolean (true, false, 1 or 0)",
    Kind.DATE: "a date (YYYY-MM-DD)",
    Kind.TIMESTAMP: "an ISO 8601 timestamp",
    Kind.PERIOD: "a period (YYYY-MM)",
}


def log_rows(log: ProblemLog, table: str, failing: np.ndarray, column: str, rule: str, describe: Describe) -> None:
    """Count every failing row; describe only as many as the report keeps."""
    positions = np.flatnonzero(failing)
    kept = positions[: max(log.room, 0)]
    problems = []
    for position in kept:
        value, message = describe(int(position))
        problems.append(Problem(table, int(position) + 1, column, value, rule, message))
    log.add_counted(len(positions), problems)


def check_cells(table: Table, column: Column, parsed: ParsedColumn, log: ProblemLog) -> None:
    """Unparsable values and unknown codes, empty required cells, and values out of range."""
    rule = "enum" if column.kind is Kind.ENUM else "type"
    log_rows(log, table.name, parsed.bad, column.name, rule, lambda row: _not_a_value(column, parsed.shown(row)))
    if not column.nullable:
        log_rows(log, table.name, parsed.empty, column.name, "required", _required)
    if column.minimum is not None or column.maximum is not None:
        numbers = parsed.values.to_numpy(dtype="float64", na_value=np.nan)
        outside = _outside(column, numbers)
        log_rows(log, table.name, outside, column.name, "range", lambda row: _out_of_range(column, numbers[row]))


def _not_a_value(column: Column, value: str) -> tuple[str, str]:
    if column.kind is not Kind.ENUM:
        return value, f"{value!r} is not {_NOT_A[column.kind]}"
    message = f"{value!r} is not one of {', '.join(column.codes)}"
    if value.strip().lower() in column.codes:
        message += f"; codes are lower-case: did you mean {value.strip().lower()!r}?"
    return value, message


def _required(row: int) -> tuple[None, str]:
    return None, "empty, but a value is required"


def _outside(column: Column, numbers: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        low = np.zeros(len(numbers), dtype=bool)
        if column.minimum is not None:
            low = numbers <= column.minimum if column.minimum_exclusive else numbers < column.minimum
        high = numbers > column.maximum if column.maximum is not None else np.zeros(len(numbers), dtype=bool)
    return low | high


def _out_of_range(column: Column, number: float) -> tuple[str, str]:
    value = shown(float(number))
    low, high = shown(column.minimum), shown(column.maximum)
    if column.minimum is not None and column.maximum is not None:
        return value, f"{value} is outside {low}..{high}"
    if column.maximum is not None:
        return value, f"{value} is greater than {high}"
    return value, f"{value} is not greater than {low}" if column.minimum_exclusive else f"{value} is below {low}"


def check_keys(table: Table, typed: pd.DataFrame, log: ProblemLog) -> None:
    """The primary key and every unique column set: each duplicate names the first row it repeats."""
    for key in (table.primary_key, *table.unique):
        if strictly_increasing(typed, key):
            continue
        codes = appearance_codes(typed, key)
        earlier_max = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
        repeats = (codes >= 0) & (codes <= earlier_max)
        if repeats.any():
            log_rows(log, table.name, repeats, ", ".join(key), "unique", _describe_repeat(typed, key, codes, repeats))


def _describe_repeat(typed: pd.DataFrame, key: tuple[str, ...], codes: np.ndarray, repeats: np.ndarray) -> Describe:
    firsts = np.flatnonzero((codes >= 0) & ~repeats)  # the first row of each key, in increasing code order
    first_codes = codes[firsts]

    def describe(row: int) -> tuple[str, str]:
        first = int(firsts[np.searchsorted(first_codes, codes[row])]) + 1
        parts = [shown(typed[name].iloc[row]) for name in key]
        shown_key = repr(parts[0]) if len(parts) == 1 else "(" + ", ".join(map(repr, parts)) + ")"
        return ", ".join(parts), f"{shown_key} duplicates row {first}"

    return describe


def strictly_increasing(typed: pd.DataFrame, key: tuple[str, ...]) -> bool:
    """True when the rows run in strictly increasing key order (any column priority), so no key repeats.

    Exports are usually sorted by their key: this O(n) pass then spares hashing millions of keys.
    """
    if len(typed) < 2:
        return True
    if any(typed[name].isna().any() for name in key):
        return False
    columns = [_comparable(typed[name]) for name in key]
    priorities = itertools.permutations(columns) if len(columns) <= 3 else [columns]
    return any(_increasing(list(order)) for order in priorities)


def _comparable(values: pd.Series) -> pa.Array | np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy()
    return text_array(values) if pd.api.types.is_string_dtype(values.dtype) else values.to_numpy()


def _increasing(columns: list[pa.Array | np.ndarray]) -> bool:
    count = len(columns[0]) - 1
    greater, tied = np.zeros(count, dtype=bool), np.ones(count, dtype=bool)
    for column in columns:
        later, earlier = column[1:], column[:-1]
        if isinstance(column, pa.Array):
            above = pc.greater(later, earlier).to_numpy(zero_copy_only=False)
            same = pc.equal(later, earlier).to_numpy(zero_copy_only=False)
        else:
            above, same = later > earlier, later == earlier
        greater |= tied & above
        tied &= same
        if not (greater | tied).all():
            return False
    return bool(greater.all())


def appearance_codes(typed: pd.DataFrame, key: tuple[str, ...]) -> np.ndarray:
    """Number each distinct key in order of first appearance (gaps allowed); -1 where a part of it is empty."""
    codes = _encode(typed[key[0]])
    for name in key[1:]:
        more = _encode(typed[name])
        both = (codes >= 0) & (more >= 0)
        pairs = np.where(both, codes * (int(more.max(initial=0)) + 1) + more, -1)
        codes = np.where(both, pd.factorize(pairs)[0], -1)
    return codes


def _encode(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_string_dtype(values.dtype):
        indices = pc.dictionary_encode(text_array(values)).indices
        return pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype("int64")
    return pd.factorize(values)[0].astype("int64")
