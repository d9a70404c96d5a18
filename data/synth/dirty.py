"""Dirty worlds: realistic faults injected into about `rate` of the rows, each one recorded.

Kinds (named after the validation rule that must catch them): duplicated rows (unique), ids that point nowhere
(foreign_key), times before the time they follow (not_before), unknown enum codes (enum) and negative money
(range). Each faulty row gets one fault; duplicates are appended copies of clean rows, so rows keep their numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.synth.ids import numbered

FAULT_COLUMNS = ("table", "row", "column", "kind")
BAD_CODES = {
    "category": np.array(["Repair", "lift", "维修"], dtype=object),
    "channel": np.array(["wechat", "App", "12345"], dtype=object),
    "occupancy": np.array(["Owner", "rent", "空置"], dtype=object),
    "venue": np.array(["Court", "street_office"], dtype=object),
}


@dataclass(frozen=True)
class Target:
    """One way to break one column of one table."""

    table: str
    column: str
    kind: str
    earlier: str | None = None


TARGETS = (
    Target("communities", "firm_id", "foreign_key"),
    Target("units", "occupancy", "enum"),
    Target("fee_bills", "bill_id", "unique"),
    Target("fee_bills", "unit_id", "foreign_key"),
    Target("fee_bills", "amount_due_cny", "range"),
    Target("complaints", "complaint_id", "unique"),
    Target("complaints", "resolved_at", "not_before", earlier="created_at"),
    Target("complaints", "category", "enum"),
    Target("complaints", "channel", "enum"),
    Target("repair_orders", "order_id", "unique"),
    Target("repair_orders", "completed_at", "not_before", earlier="reported_at"),
    Target("repair_orders", "category", "enum"),
    Target("repair_orders", "cost_cny", "range"),
    Target("disputes", "dispute_id", "unique"),
    Target("disputes", "resolved_at", "not_before", earlier="filed_at"),
    Target("disputes", "venue", "enum"),
    Target("ledger", "amount_cny", "range"),
)


def _broken(frame: pd.DataFrame, target: Target, rows: np.ndarray, rng: np.random.Generator) -> pd.Series:
    """The target column with one fault of the target's kind in each of `rows` (positions)."""
    series = frame[target.column]
    if target.kind == "foreign_key":
        values = series.astype(object).to_numpy()
        orphans = numbered(f"X{target.column[0].upper()}-ORPHAN-", rows + 1, 7).to_numpy(zero_copy_only=False)
        values[rows] = orphans
        return pd.Series(values, dtype="string[pyarrow]")
    if target.kind == "range":
        money = series.fillna(100.0).to_numpy(float)
        values = series.to_numpy(float, copy=True)
        values[rows] = -np.maximum(np.abs(money[rows]), 0.01)
        return pd.Series(values)
    if target.kind == "not_before" and target.earlier is not None:
        values = series.to_numpy(copy=True)
        hours = rng.integers(1, 240, len(rows)).astype("timedelta64[h]")
        values[rows] = frame[target.earlier].to_numpy()[rows] - hours
        return pd.Series(values)
    values = series.astype(object).to_numpy()  # enum: codes the contract does not know
    values[rows] = rng.choice(BAD_CODES[target.column], len(rows))
    return pd.Series(values, dtype=object)


def _plan(tables: dict[str, pd.DataFrame], rate: float, rng: np.random.Generator) -> dict[Target, np.ndarray]:
    """Rows to break per target: about rate × rows per table, split over its targets; one fault per row."""
    plan: dict[Target, np.ndarray] = {}
    for name, frame in tables.items():
        targets = [t for t in TARGETS if t.table == name]
        if not targets or len(frame) < 2 * len(targets):
            continue
        per_target = max(1, round(rate * len(frame) / len(targets)))
        rows = rng.choice(len(frame), size=min(per_target * len(targets), len(frame) // 2), replace=False)
        for i, target in enumerate(targets):
            plan[target] = np.sort(rows[i :: len(targets)])
    return plan


def inject_faults(
    tables: dict[str, pd.DataFrame], rate: float, rng: np.random.Generator
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Faulty copies of the tables, and the list of faults: (table, row (1-based), column, kind)."""
    out = {name: frame.copy() for name, frame in tables.items()}
    plan, records = _plan(tables, rate, rng), []
    for target, rows in plan.items():
        if target.kind != "unique":
            out[target.table][target.column] = _broken(out[target.table], target, rows, rng)
            records.append(
                pd.DataFrame({"table": target.table, "row": rows + 1, "column": target.column, "kind": target.kind})
            )
    for target, rows in plan.items():
        if target.kind == "unique":
            frame = out[target.table]
            out[target.table] = pd.concat([frame, frame.iloc[rows]], ignore_index=True)
            appended = len(frame) + np.arange(1, len(rows) + 1)
            records.append(
                pd.DataFrame({"table": target.table, "row": appended, "column": target.column, "kind": "unique"})
            )
    faults = pd.concat(records, ignore_index=True) if records else pd.DataFrame(columns=list(FAULT_COLUMNS))
    return out, faults.sort_values(["table", "row"], kind="stable", ignore_index=True)
