"""Where a pipeline's data comes from: a dataset folder when one is given, else the store."""

from __future__ import annotations

from pathlib import Path

from data.dataset import Dataset


def load_source(data_dir: Path | None, store_url: str) -> Dataset:
    """A validated dataset from a folder, or from the store at `store_url` (raises ValidationFailed)."""
    from data.loading import load_dataset
    from data.store import Store

    if data_dir is not None:
        return load_dataset(data_dir)
    store = Store(store_url)
    try:
        return store.read_dataset()
    finally:
        store.dispose()


def truth_table_path(data_dir: Path | None) -> Path | None:
    """The generator's ground truth beside a synthetic dataset, when there is one."""
    path = data_dir / "truth" / "unit_month_risk.parquet" if data_dir is not None else None
    return path if path is not None and path.exists() else None
