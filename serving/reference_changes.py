"""Changes to reference fields: which subdistrict, district or firm a community belongs to, a unit's community.

They move data between scopes (a firm could move its community into another street office's view), so only an
admin may make them, and the audit keeps each change's before and after values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import pandas as pd
from sqlalchemy import Connection, select

from serving.db import store_table

LOOKUP_CHUNK = 500
# table → (its key, the columns that place its rows in someone's scope)
REFERENCE_FIELDS = {
    "communities": ("community_id", ("subdistrict", "district", "firm_id")),
    "units": ("unit_id", ("community_id",)),
}


@dataclass(frozen=True)
class ReferenceChange:
    """One stored row's reference field, before and after an upload."""

    table: str
    id: str
    column: str
    before: str | None
    after: str | None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def stored_values(
    session: Connection, table: str, key: str, ids: Sequence[str], columns: Sequence[str]
) -> dict[str, tuple[object, ...]]:
    """{id: (column values…)} for those of the ids already stored (queried in chunks)."""
    sql = store_table(table)
    found: dict[str, tuple[object, ...]] = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = list(ids[start : start + LOOKUP_CHUNK])
        rows = session.execute(select(sql.c[key], *(sql.c[c] for c in columns)).where(sql.c[key].in_(chunk)))
        found.update((str(row[0]), tuple(row[1:])) for row in rows)
    return found


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def reference_changes(session: Connection, table: str, frame: pd.DataFrame) -> list[ReferenceChange]:
    """The reference fields that an upload of validated rows would change in rows already stored."""
    if table not in REFERENCE_FIELDS or frame.empty:
        return []
    key, columns = REFERENCE_FIELDS[table]
    ids = [str(value) for value in frame[key]]
    stored = stored_values(session, table, key, sorted(set(ids)), columns)
    changes = []
    for position, row_id in enumerate(ids):
        if row_id not in stored:
            continue
        for column, before in zip(columns, stored[row_id], strict=True):
            after = frame[column].iloc[position]
            if _text(before) != _text(after):
                changes.append(ReferenceChange(table, row_id, column, _text(before), _text(after)))
    return changes
