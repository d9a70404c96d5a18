"""Checks across columns and tables: foreign keys and the contract's cross-field rules."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from data.checks import Describe, log_rows
from data.contract import EmptyTogether, NotBefore, OnlyWhenSet, Table, UnitInCommunity
from data.parsing import ParsedColumn, shown
from data.problems import ProblemLog
from data.textarrays import text_array


def check_references(table: Table, typed: pd.DataFrame, frames: Mapping[str, pd.DataFrame], log: ProblemLog) -> None:
    """Every set foreign key names an existing row of the referenced table (when that table is known)."""
    for column in table.columns:
        if column.references is None:
            continue
        target_table, target_column = column.references.split(".")
        if target_table not in frames:
            continue
        values = text_array(typed[column.name])
        known = pc.is_in(values, value_set=text_array(frames[target_table][target_column]))
        broken = pc.fill_null(pc.invert(known), False).to_numpy(zero_copy_only=False)
        broken &= typed[column.name].notna().to_numpy()
        describe = _describe_orphan(typed[column.name], target_table, target_column)
        log_rows(log, table.name, broken, column.name, "foreign_key", describe)


def _describe_orphan(values: pd.Series, target_table: str, target_column: str) -> Describe:
    def describe(row: int) -> tuple[str, str]:
        value = shown(values.iloc[row])
        return value, f"{value!r} is not a {target_column} in {target_table}"

    return describe


def check_rules(
    table: Table,
    typed: pd.DataFrame,
    parsed: Mapping[str, ParsedColumn],
    frames: Mapping[str, pd.DataFrame],
    log: ProblemLog,
) -> None:
    """The table's cross-field rules, as the contract lists them."""
    for rule in table.rules:
        match rule:
            case NotBefore(later=later, earlier=earlier):
                _check_not_before(table.name, typed, later, earlier, log)
            case EmptyTogether(column=column, other=other):
                _check_empty_together(table.name, parsed[column], parsed[other], column, other, log)
            case OnlyWhenSet(column=column, other=other):
                _check_only_when_set(table.name, parsed[column], parsed[other], column, other, log)
            case UnitInCommunity():
                if "units" in frames:
                    _check_unit_in_community(table.name, typed, frames["units"], log)


def _check_not_before(name: str, typed: pd.DataFrame, later: str, earlier: str, log: ProblemLog) -> None:
    late, early = typed[later].to_numpy(), typed[earlier].to_numpy()
    inverted = ~np.isnat(late) & ~np.isnat(early) & (late < early)

    def describe(row: int) -> tuple[str, str]:
        value = shown(pd.Timestamp(late[row]))
        return value, f"{value} is before {earlier} {shown(pd.Timestamp(early[row]))}"

    log_rows(log, name, inverted, later, "not_before", describe)


def _check_empty_together(
    name: str, first: ParsedColumn, second: ParsedColumn, column: str, other: str, log: ProblemLog
) -> None:
    mismatched = first.empty != second.empty

    def describe(row: int) -> tuple[str | None, str]:
        if first.empty[row]:
            return None, f"empty, but {other} is set ({second.shown(row)})"
        return first.shown(row), f"{first.shown(row)} is set, but {other} is empty"

    log_rows(log, name, mismatched, column, "empty_together", describe)


def _check_only_when_set(
    name: str, first: ParsedColumn, second: ParsedColumn, column: str, other: str, log: ProblemLog
) -> None:
    def describe(row: int) -> tuple[str, str]:
        return first.shown(row), f"{first.shown(row)} is set, but {other} is empty"

    log_rows(log, name, ~first.empty & second.empty, column, "only_when_set", describe)


def _check_unit_in_community(name: str, typed: pd.DataFrame, units: pd.DataFrame, log: ProblemLog) -> None:
    """A row's unit (when set and known) must belong to the row's community."""
    position = pc.index_in(text_array(typed["unit_id"]), value_set=text_array(units["unit_id"]))
    found = pc.is_valid(position).to_numpy(zero_copy_only=False)
    home = pc.take(text_array(units["community_id"]), position)
    differs = pc.fill_null(pc.not_equal(home, text_array(typed["community_id"])), False)
    elsewhere = found & differs.to_numpy(zero_copy_only=False)

    def describe(row: int) -> tuple[str, str]:
        unit, community = shown(typed["unit_id"].iloc[row]), shown(typed["community_id"].iloc[row])
        return unit, f"unit {unit!r} belongs to community {shown(home[row].as_py())!r}, not {community!r}"

    log_rows(log, name, elsewhere, "unit_id", "unit_in_community", describe)
