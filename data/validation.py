"""Validation: raw tables in, a typed Dataset out, or ValidationFailed with a report of every broken rule.

Every check is driven by the Table, Column and rule objects of data/contract.py, so files, uploads and the store
all pass the same checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import pandas as pd

from data.cells import check_text_cells
from data.checks import check_cells, check_keys
from data.contract import TABLES, Table
from data.dataset import Dataset
from data.future import check_not_future, latest_allowed
from data.parsing import ParsedColumn, parse_column
from data.problems import Problem, ProblemLog, Report, ValidationFailed
from data.relations import check_references, check_rules

__all__ = ["Problem", "Report", "ValidationFailed", "validate_tables"]


def validate_tables(
    raw: Mapping[str, pd.DataFrame],
    *,
    context: Dataset | None = None,
    missing: Iterable[str] = (),
    now: datetime | None = None,
) -> Dataset:
    """Parse and check raw tables against the contract; return typed frames or raise ValidationFailed.

    `raw` frames may hold strings (CSV, JSON) or typed values (Parquet, SQL). Tables named in `missing` count as
    not supplied. `context` supplies the referenced tables that `raw` lacks (a table uploaded on its own is checked
    against the store's): they are used for foreign keys only. The result holds the supplied tables; every other
    table is an empty typed frame named in `Dataset.missing`. A required table found in neither `raw` nor
    `context` is a problem. `now` is the time of loading (default: the current time in Asia/Shanghai); no record
    may be dated more than a day after it (see data/future.py).
    """
    absent = set(missing)
    unknown = sorted(absent - TABLES.keys())
    if unknown:
        raise KeyError(f"not contract tables: {', '.join(unknown)}")
    log, notes = ProblemLog(), [f"ignored table {name!r}" for name in sorted(raw.keys() - TABLES.keys())]
    typed: dict[str, pd.DataFrame] = {}
    known = _context_frames(context)  # what foreign keys are checked against
    latest = latest_allowed(now)
    for table in TABLES.values():
        frame = None if table.name in absent else raw.get(table.name)
        if frame is None:
            if table.required and table.name not in known:
                log.add(Problem(table.name, None, None, None, "required_table", "required table is missing"))
            continue
        checked = _validate_table(table, frame, known, log, notes, latest)
        known.pop(table.name, None)
        if checked is not None:
            typed[table.name] = known[table.name] = checked
    log.raise_if_any()
    return _dataset(typed, notes)


def _validate_table(
    table: Table,
    frame: pd.DataFrame,
    known: Mapping[str, pd.DataFrame],
    log: ProblemLog,
    notes: list[str],
    latest: pd.Timestamp,
) -> pd.DataFrame | None:
    """Check one raw table; return its typed frame, or None when its columns are too broken to check rows."""
    if not _has_contract_columns(table, frame, log):
        return None
    notes.extend(f"{table.name}: ignored column {name!r}" for name in frame.columns if name not in table.dtypes())
    parsed: dict[str, ParsedColumn] = {}
    for column in table.columns:
        parsed[column.name] = parse_column(frame[column.name], column)
        check_cells(table, column, parsed[column.name], log)
        check_text_cells(table, column, parsed[column.name], log)
    typed = pd.DataFrame({name: column.values for name, column in parsed.items()}, copy=False)
    check_keys(table, typed, log)
    check_references(table, typed, known, log)
    check_rules(table, typed, parsed, known, log)
    check_not_future(table, typed, parsed, latest, log)
    return typed


def _has_contract_columns(table: Table, frame: pd.DataFrame, log: ProblemLog) -> bool:
    names = [str(name) for name in frame.columns]
    repeated = sorted({name for name in names if names.count(name) > 1})
    for name in repeated:
        log.add(Problem(table.name, None, name, None, "duplicate_column", "the column appears more than once"))
    absent = [name for name in table.column_names if name not in names]
    for name in absent:
        log.add(Problem(table.name, None, name, None, "missing_column", "the column is missing"))
    return not repeated and not absent


def _context_frames(context: Dataset | None) -> dict[str, pd.DataFrame]:
    if context is None:
        return {}
    return {name: context[name] for name in TABLES if context.has(name)}


def _dataset(typed: Mapping[str, pd.DataFrame], notes: list[str]) -> Dataset:
    tables = {name: typed[name] if name in typed else table.empty_frame() for name, table in TABLES.items()}
    return Dataset(tables=tables, missing=frozenset(TABLES.keys() - typed.keys()), notes=tuple(notes))
