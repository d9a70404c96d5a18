"""The in-memory dataset: one typed frame per contract table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from data.contract import TABLES


@dataclass(frozen=True)
class Dataset:
    """Typed frames for all eight contract tables.

    An optional table that was not supplied is present as an empty typed frame and named in `missing`,
    so downstream code can tell "no complaints were filed" from "complaints were not provided".
    """

    tables: Mapping[str, pd.DataFrame]
    missing: frozenset[str] = frozenset()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def has(self, name: str) -> bool:
        """True when the table was supplied (even if it has no rows)."""
        return name in self.tables and name not in self.missing

    def row_counts(self) -> dict[str, int]:
        return {name: len(self.tables[name]) for name in TABLES}
