"""A firm may upload rows for its own communities only, and may not overwrite another firm's rows.

Checked on the raw upload, before validation, so a firm learns nothing about other firms' ids: a row naming a
community, unit or record outside the firm's scope is refused whether or not it exists. Empty ids are left to
validation, which reports them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from serving.db import communities, store_table

LOOKUP_CHUNK = 500
REPORTED_ROWS = 20

# Record tables that belong to a community through their own community_id column, by primary key.
_RECORD_KEYS = {"complaints": "complaint_id", "repair_orders": "order_id", "disputes": "dispute_id"}


def stored_lookup(session: Connection, table: str, key: str, ids: pd.Series, value: str) -> dict[str, str]:
    """{id: value} for those of the ids already stored in `table` (queried in chunks)."""
    sql = store_table(table)
    wanted = [str(v) for v in pd.unique(ids.dropna()) if str(v)]
    found: dict[str, str] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        rows = session.execute(select(sql.c[key], sql.c[value]).where(sql.c[key].in_(chunk)))
        found.update((str(k), str(v)) for k, v in rows)
    return found


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The column as text ('' for empty or absent), so scope checks never fail on a malformed upload."""
    if name not in frame:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[name].astype("string").fillna("").str.strip()


def _not_in(values: pd.Series, allowed: set[str], *, when: pd.Series) -> np.ndarray:
    """Rows where `when` holds and the value is not an allowed one."""
    return (when & ~values.isin(list(allowed))).to_numpy(dtype=bool)


def _stored_home(session: Connection, table: str, key: str, frame: pd.DataFrame) -> pd.Series:
    """The stored community of each row whose key is already in the store ('' for new rows)."""
    ids = _column(frame, key)
    return ids.map(stored_lookup(session, table, key, ids, "community_id")).fillna("")


def _foreign_mask(session: Connection, firm_id: str, table: str, frame: pd.DataFrame) -> np.ndarray:
    own = set(session.execute(select(communities.c.community_id).where(communities.c.firm_id == firm_id)).scalars())
    if table == "firms":
        ids = _column(frame, "firm_id")
        return _not_in(ids, {firm_id}, when=ids.ne(""))
    if table == "communities":
        ids, firms = _column(frame, "community_id"), _column(frame, "firm_id")
        stored_firm = ids.map(stored_lookup(session, "communities", "community_id", ids, "firm_id")).fillna(firm_id)
        return _not_in(firms, {firm_id}, when=firms.ne("")) | _not_in(stored_firm, {firm_id}, when=ids.ne(""))
    if table == "fee_bills":
        unit_ids, bill_ids = _column(frame, "unit_id"), _column(frame, "bill_id")
        unit_home = unit_ids.map(stored_lookup(session, "units", "unit_id", unit_ids, "community_id")).fillna("")
        bill_unit = bill_ids.map(stored_lookup(session, "fee_bills", "bill_id", bill_ids, "unit_id")).fillna("")
        bill_home = bill_unit.map(stored_lookup(session, "units", "unit_id", bill_unit, "community_id")).fillna("")
        return _not_in(unit_home, own, when=unit_ids.ne("")) | _not_in(bill_home, own, when=bill_home.ne(""))
    homes = _column(frame, "community_id")
    mask = _not_in(homes, own, when=homes.ne(""))
    stored_key = "unit_id" if table == "units" else _RECORD_KEYS.get(table)
    if stored_key is not None:  # an upsert must not take over another firm's unit or record
        stored = _stored_home(session, table, stored_key, frame)
        mask |= _not_in(stored, own, when=stored.ne(""))
    return mask


def foreign_rows(session: Connection, firm_id: str, table: str, frame: pd.DataFrame) -> list[int]:
    """1-based numbers of the upload rows outside the firm's scope (empty when every row is its own)."""
    return [int(i) + 1 for i in np.flatnonzero(_foreign_mask(session, firm_id, table, frame))]


def first_rows(rows: Iterable[int]) -> list[int]:
    """The row numbers a 403 names (the first few)."""
    return list(rows)[:REPORTED_ROWS]
