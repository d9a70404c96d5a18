"""Data contract v1 as code: the one definition of every input table.

Loading, validation, the SQL store, the generator and the feature code all read these objects.
Typed frames (what `load_dataset` returns) use the pandas dtype given by each column's kind:

| kind      | dtype                       | notes                                              |
|-----------|-----------------------------|----------------------------------------------------|
| id, text, period | string[pyarrow]      | period is the text 'YYYY-MM'                       |
| enum      | category (fixed categories) | categories are exactly the contract's codes        |
| int       | Int64                       |                                                    |
| decimal   | float64                     | CNY or m²                                          |
| bool      | bool                        |                                                    |
| date      | datetime64[ns]              | midnight                                           |
| timestamp | datetime64[ns]              | naive, local time Asia/Shanghai                    |

Dates, timestamps and periods record what was known when, so none may lie more than FUTURE_TOLERANCE after the time
of loading (rule `not_future`; a period counts from its first day, when a bill is issued): a complaint dated 2099
would move `--as-of latest` to 2099. Only `may_be_future` columns are exempt: fee_bills.due_date, a deadline that a
bill issued today may set weeks ahead. Id and text cells hold at most `Column.longest` characters (`cell_too_large`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import pandas as pd

from data.codes import (
    COMPLAINT_CATEGORIES,
    COMPLAINT_CHANNELS,
    DISPUTE_KINDS,
    DISPUTE_OUTCOMES,
    DISPUTE_VENUES,
    FUNDED_BY,
    LEDGER_ITEMS,
    OCCUPANCY,
    REPAIR_CATEGORIES,
)
from data.rules import EmptyTogether, NotBefore, OnlyWhenSet, Rule, UnitInCommunity

# The codes live in data/codes.py; code reads them from here, with the tables that use them.
__all__ = [
    "COMPLAINT_CATEGORIES",
    "COMPLAINT_CHANNELS",
    "DISPUTE_KINDS",
    "DISPUTE_OUTCOMES",
    "DISPUTE_VENUES",
    "FUNDED_BY",
    "LEDGER_ITEMS",
    "OCCUPANCY",
    "REPAIR_CATEGORIES",
]

LOCAL_TZ = "Asia/Shanghai"
MAX_REPORTED_PROBLEMS = 50
FUTURE_TOLERANCE = timedelta(days=1)  # exporters' clocks and day stamps differ
MAX_ID_LENGTH = 100  # room for UUIDs and composite export keys
MAX_TEXT_LENGTH = 200  # a name: firm, community, district, subdistrict, building
MAX_FREE_TEXT_LENGTH = 10_000  # complaints.text: a long letter fits, a pasted file does not


class Kind(StrEnum):
    ID = "id"
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"
    BOOL = "bool"
    DATE = "date"
    TIMESTAMP = "timestamp"
    PERIOD = "period"
    ENUM = "enum"


@dataclass(frozen=True)
class Column:
    """One contract column: its kind, nullability, allowed codes, bounds and foreign key."""

    name: str
    kind: Kind
    nullable: bool = False
    codes: tuple[str, ...] = ()
    minimum: float | None = None
    minimum_exclusive: bool = False
    maximum: float | None = None
    references: str | None = None  # "table.column"
    may_be_future: bool = False  # a deadline, not a record of what happened: exempt from `not_future`
    max_length: int | None = None  # characters; None means the kind's default (ids and text only)

    @property
    def longest(self) -> int | None:
        """The most characters a cell may hold (rule `cell_too_large`); None for kinds their parser bounds."""
        return self.max_length if self.max_length is not None else _KIND_LENGTHS.get(self.kind)

    def dtype(self) -> object:
        """The pandas dtype of this column in a typed frame."""
        if self.kind is Kind.ENUM:
            return pd.CategoricalDtype(categories=list(self.codes))
        return _KIND_DTYPES[self.kind]


_KIND_DTYPES: dict[Kind, object] = {
    Kind.ID: "string[pyarrow]",
    Kind.TEXT: "string[pyarrow]",
    Kind.PERIOD: "string[pyarrow]",
    Kind.INT: "Int64",
    Kind.DECIMAL: "float64",
    Kind.BOOL: "bool",
    Kind.DATE: "datetime64[ns]",
    Kind.TIMESTAMP: "datetime64[ns]",
}

_KIND_LENGTHS: dict[Kind, int] = {Kind.ID: MAX_ID_LENGTH, Kind.TEXT: MAX_TEXT_LENGTH}


@dataclass(frozen=True)
class Table:
    """One contract table: columns, keys and cross-field rules."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    required: bool = False
    unique: tuple[tuple[str, ...], ...] = ()
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    known_at: str | None = None
    """The column that says when a record became known (a period: its first day); None for reference tables.

    The point-in-time rule, the data end that decides which labels are complete, and the latest as-of date are
    all built on it (data/timeline.py). Due dates and resolutions are never knowledge times: they can lie after
    the export."""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")

    def dtypes(self) -> dict[str, object]:
        return {c.name: c.dtype() for c in self.columns}

    def empty_frame(self) -> pd.DataFrame:
        """A typed frame with this table's columns and no rows."""
        return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype()) for c in self.columns})  # type: ignore[call-overload]


FIRMS = Table(
    name="firms",
    required=True,
    primary_key=("firm_id",),
    columns=(Column("firm_id", Kind.ID), Column("name", Kind.TEXT)),
)

COMMUNITIES = Table(
    name="communities",
    required=True,
    primary_key=("community_id",),
    columns=(
        Column("community_id", Kind.ID),
        Column("name", Kind.TEXT),
        Column("district", Kind.TEXT),
        Column("subdistrict", Kind.TEXT),
        Column("firm_id", Kind.ID, references="firms.firm_id"),
        Column("built_year", Kind.INT, minimum=1950, maximum=date.today().year),
        Column("fee_rate_cny_m2", Kind.DECIMAL, minimum=0, minimum_exclusive=True),
        Column("has_owners_committee", Kind.BOOL),
    ),
)

UNITS = Table(
    name="units",
    required=True,
    primary_key=("unit_id",),
    columns=(
        Column("unit_id", Kind.ID),
        Column("community_id", Kind.ID, references="communities.community_id"),
        Column("building", Kind.TEXT),
        Column("floor_area_m2", Kind.DECIMAL, minimum=0, minimum_exclusive=True),
        Column("occupancy", Kind.ENUM, codes=OCCUPANCY),
        Column("moved_in", Kind.DATE, nullable=True),
    ),
)

FEE_BILLS = Table(
    name="fee_bills",
    primary_key=("bill_id",),
    unique=(("unit_id", "period"),),
    known_at="period",
    columns=(
        Column("bill_id", Kind.ID),
        Column("unit_id", Kind.ID, references="units.unit_id"),
        Column("period", Kind.PERIOD),
        Column("amount_due_cny", Kind.DECIMAL, minimum=0),
        Column("due_date", Kind.DATE, may_be_future=True),
        Column("paid_at", Kind.DATE, nullable=True),
        Column("amount_paid_cny", Kind.DECIMAL, nullable=True, minimum=0),
    ),
    rules=(EmptyTogether("amount_paid_cny", "paid_at"),),
)

COMPLAINTS = Table(
    name="complaints",
    primary_key=("complaint_id",),
    known_at="created_at",
    columns=(
        Column("complaint_id", Kind.ID),
        Column("community_id", Kind.ID, references="communities.community_id"),
        Column("unit_id", Kind.ID, nullable=True, references="units.unit_id"),
        Column("created_at", Kind.TIMESTAMP),
        Column("category", Kind.ENUM, codes=COMPLAINT_CATEGORIES),
        Column("channel", Kind.ENUM, codes=COMPLAINT_CHANNELS),
        Column("text", Kind.TEXT, nullable=True, max_length=MAX_FREE_TEXT_LENGTH),
        Column("resolved_at", Kind.TIMESTAMP, nullable=True),
        Column("satisfaction", Kind.INT, nullable=True, minimum=1, maximum=5),
    ),
    rules=(
        UnitInCommunity(),
        NotBefore("resolved_at", "created_at"),
        OnlyWhenSet("satisfaction", "resolved_at"),
    ),
)

REPAIR_ORDERS = Table(
    name="repair_orders",
    primary_key=("order_id",),
    known_at="reported_at",
    columns=(
        Column("order_id", Kind.ID),
        Column("community_id", Kind.ID, references="communities.community_id"),
        Column("unit_id", Kind.ID, nullable=True, references="units.unit_id"),
        Column("category", Kind.ENUM, codes=REPAIR_CATEGORIES),
        Column("reported_at", Kind.TIMESTAMP),
        Column("completed_at", Kind.TIMESTAMP, nullable=True),
        Column("cost_cny", Kind.DECIMAL, nullable=True, minimum=0),
        Column("funded_by", Kind.ENUM, nullable=True, codes=FUNDED_BY),
    ),
    rules=(UnitInCommunity(), NotBefore("completed_at", "reported_at")),
)

DISPUTES = Table(
    name="disputes",
    primary_key=("dispute_id",),
    known_at="filed_at",
    columns=(
        Column("dispute_id", Kind.ID),
        Column("community_id", Kind.ID, references="communities.community_id"),
        Column("unit_id", Kind.ID, nullable=True, references="units.unit_id"),
        Column("filed_at", Kind.TIMESTAMP),
        Column("kind", Kind.ENUM, codes=DISPUTE_KINDS),
        Column("venue", Kind.ENUM, codes=DISPUTE_VENUES),
        Column("resolved_at", Kind.TIMESTAMP, nullable=True),
        Column("outcome", Kind.ENUM, nullable=True, codes=DISPUTE_OUTCOMES),
    ),
    rules=(UnitInCommunity(), NotBefore("resolved_at", "filed_at")),
)

LEDGER = Table(
    name="ledger",
    primary_key=("community_id", "period", "item"),
    columns=(
        Column("community_id", Kind.ID, references="communities.community_id"),
        Column("period", Kind.PERIOD),
        Column("item", Kind.ENUM, codes=LEDGER_ITEMS),
        Column("amount_cny", Kind.DECIMAL, minimum=0),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (FIRMS, COMMUNITIES, UNITS, FEE_BILLS, COMPLAINTS, REPAIR_ORDERS, DISPUTES, LEDGER)
}
"""Every contract table, in load order: a table only references tables before it."""

REQUIRED_TABLES = tuple(name for name, t in TABLES.items() if t.required)
OPTIONAL_TABLES = tuple(name for name, t in TABLES.items() if not t.required)

DATED_TABLES = {name: t.known_at for name, t in TABLES.items() if t.known_at is not None}
"""Each dated table and the column that says when its records became known."""
