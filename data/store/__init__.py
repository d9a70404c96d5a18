"""The SQL store of validated datasets (SQLAlchemy Core)."""

from data.store.sql_store import Store

__all__ = ["Store"]
