"""What one feature is: its name, family, definition, window, unit and monotone direction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np

Monotone = Literal[-1, 0, 1]
Columns = dict[str, np.ndarray]
"""Feature arrays by name, one value per unit in the units table's order."""

# The optional source tables behind each family; a family whose table was not supplied is left out.
FAMILY_SOURCES: dict[str, tuple[str, ...]] = {
    "arrears": ("fee_bills",),
    "fees": ("fee_bills",),
    "complaints": ("complaints",),
    "repairs": ("repair_orders",),
    "history": ("disputes",),
    "context": (),
    "ledger": ("ledger",),
}
FAMILIES: tuple[str, ...] = tuple(FAMILY_SOURCES)
"""Family names are stable: the model groups contributions and reason codes by them."""

ID_COLUMNS: tuple[str, ...] = ("unit_id", "community_id", "as_of")


@dataclass(frozen=True)
class FeatureSpec:
    """One catalogue entry.

    `monotone` is the direction domain knowledge demands for risk: +1 means a larger value never lowers risk,
    -1 means it never raises it, 0 means no constraint.
    """

    name: str
    family: str
    definition: str
    window: str
    unit: str
    monotone: Monotone


def missing_families(missing_tables: frozenset[str] | set[str]) -> list[str]:
    """Families whose source tables are missing, sorted."""
    return sorted(f for f, tables in FAMILY_SOURCES.items() if any(t in missing_tables for t in tables))


def _monotone(value: int) -> Monotone:
    if value not in (-1, 0, 1):
        raise ValueError(f"monotone must be -1, 0 or 1, got {value}")
    return cast(Monotone, value)


def family_specs(family: str, rows: Sequence[tuple[str, str, str, int, str]]) -> list[FeatureSpec]:
    """FeatureSpecs of one family from (name, window, unit, monotone, definition) rows."""
    return [FeatureSpec(n, family, text, window, unit, _monotone(m)) for n, window, unit, m, text in rows]
