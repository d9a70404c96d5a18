"""The SQL store of validated datasets (SQLAlchemy Core)."""

from data.store.conflicts import StoreConflict
from data.store.sql_store import Store

__all__ = ["Store", "StoreConflict"]
