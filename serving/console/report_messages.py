"""An upload report's problems in the page's language: one catalogue message per rule code of the data contract.

The validator writes its messages in English (data/checks.py and its siblings), and the rule code is the contract
that clients read. So the console translates by code: it fills a catalogue message with what the problem says (its
value and column) and what the contract says of that column (its kind, codes, bounds, the table it refers to, the
column it is paired with). The validator's own text is kept beside it, word for word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from data.contract import TABLES, Column, EmptyTogether, Kind, NotBefore, OnlyWhenSet
from data.parsing import shown
from serving.transparency.labels import N_

FIXED: dict[str, str] = {
    "required": N_("The cell is empty, but a value is required."),
    "unique": N_("%(value)s repeats the %(column)s of an earlier row."),
    "unique_in_store": N_("The store already holds %(value)s (%(column)s) under another key: send that row's key."),
    "unit_in_community": N_("Unit %(value)s belongs to another community than the row's."),
    "not_future": N_("%(value)s lies in the future: nothing may be dated after the time of loading."),
    "nul_byte": N_("The cell holds a NUL byte: is the file UTF-16, or binary?"),
    "duplicate_column": N_("The column %(column)s appears more than once."),
    "missing_column": N_("The column %(column)s is missing."),
    "unreadable_file": N_("The file could not be read as UTF-8 CSV."),
    "store_conflict": N_("The store refused the rows."),
}
NOT_A: dict[Kind, str] = {
    Kind.INT: N_("%(value)s is not an integer."),
    Kind.DECIMAL: N_("%(value)s is not a decimal number."),
    Kind.BOOL: N_("%(value)s is not a boolean (true, false, 1 or 0)."),
    Kind.DATE: N_("%(value)s is not a date (YYYY-MM-DD)."),
    Kind.TIMESTAMP: N_("%(value)s is not an ISO 8601 timestamp."),
    Kind.PERIOD: N_("%(value)s is not a period (YYYY-MM)."),
}
OTHER = N_("This breaks the data contract's rule %(rule)s.")


@dataclass(frozen=True)
class ProblemText:
    """A problem's message id and the parameters it is filled with."""

    message: str
    params: dict[str, object] = field(default_factory=dict)


def _column(problem: Mapping[str, object]) -> Column | None:
    table = TABLES.get(str(problem.get("table") or ""))
    names = [col.name for col in table.columns] if table else []
    return table.column(str(problem["column"])) if table and problem.get("column") in names else None


def _paired(problem: Mapping[str, object], rule: str) -> str | None:
    """The other column of the table's cross-field rule `rule` on the problem's column."""
    table, column = TABLES.get(str(problem.get("table") or "")), problem.get("column")
    for found in table.rules if table else ():
        if rule == "not_before" and isinstance(found, NotBefore) and found.later == column:
            return found.earlier
        if rule == "empty_together" and isinstance(found, EmptyTogether) and found.column == column:
            return found.other
        if rule == "only_when_set" and isinstance(found, OnlyWhenSet) and found.column == column:
            return found.other
    return None


def _range(column: Column) -> tuple[str, dict[str, object]]:
    low, high = shown(column.minimum), shown(column.maximum)
    if column.minimum is not None and column.maximum is not None:
        return N_("%(value)s is outside %(low)s to %(high)s."), {"low": low, "high": high}
    if column.maximum is not None:
        return N_("%(value)s is greater than %(high)s."), {"high": high}
    if column.minimum_exclusive:
        return N_("%(value)s is not greater than %(low)s."), {"low": low}
    return N_("%(value)s is below %(low)s."), {"low": low}


def _by_column(rule: str, problem: Mapping[str, object], column: Column) -> tuple[str, dict[str, object]] | None:
    """The messages that need the contract's column: its kind, codes, bounds, reference or longest cell."""
    if rule == "type" and column.kind in NOT_A:
        return NOT_A[column.kind], {}
    if rule == "enum":
        return N_("%(value)s is not one of the codes %(codes)s."), {"codes": ", ".join(column.codes)}
    if rule == "range" and (column.minimum is not None or column.maximum is not None):
        return _range(column)
    if rule == "foreign_key" and column.references:
        target, key = column.references.split(".")
        return N_("%(value)s is not a %(key)s of %(target)s."), {"key": key, "target": target}
    if rule == "cell_too_large" and column.longest:
        return N_("The cell is longer than the %(longest)s characters the column allows."), {"longest": column.longest}
    return None


def _by_rule(rule: str, problem: Mapping[str, object]) -> tuple[str, dict[str, object]] | None:
    """The messages that need the table's cross-field rules, or nothing beyond the problem itself."""
    paired = _paired(problem, rule)
    if rule == "not_before" and paired:
        return N_("%(value)s is before %(earlier)s."), {"earlier": paired}
    if rule in ("empty_together", "only_when_set") and paired:
        if problem.get("value") is None:
            return N_("The cell is empty, but %(other)s is set."), {"other": paired}
        return N_("%(value)s is set, but %(other)s is empty."), {"other": paired}
    if rule == "cell_too_large":
        return N_("A cell of this row is far too long, or a quote opened in it is never closed."), {}
    return (FIXED[rule], {}) if rule in FIXED else None


def problem_text(problem: Mapping[str, object]) -> ProblemText:
    """What a report problem says, as a catalogue message with its parameters (any rule code, known or not)."""
    rule, column = str(problem.get("rule") or ""), _column(problem)
    found = (_by_column(rule, problem, column) if column else None) or _by_rule(rule, problem)
    message, extra = found or (OTHER, {})
    value = problem.get("value")
    base = {"value": "" if value is None else str(value), "column": problem.get("column") or "", "rule": rule}
    return ProblemText(message, {**base, **extra})
