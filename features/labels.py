"""Labels: y(u, t) = 1 iff some dispute of unit u is filed in (t, t + H].

Collective disputes (no unit) never make unit labels. An as-of date is labelled only when its whole horizon
lies inside the data: t + H ≤ data end. Unless passed explicitly, the data end is the latest knowledge time in
the dataset (`data.timeline.data_end`, from each table's `known_at` column in the contract). Knowledge times are
used rather than due dates or resolutions, which may lie after the export: a dispute filed after the data end
could not have been recorded, so a horizon reaching past it would count unrecorded disputes as negatives.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from data.dataset import Dataset
from data.timeline import data_end as latest_knowledge_time
from features.clock import DAY_NS, as_of_timestamp
from features.prepared import dispute_arrays, table_or_empty, unit_index
from features.spec import Columns


def split_by_horizon(
    as_of_dates: Sequence[pd.Timestamp], horizon_days: int, data_end: pd.Timestamp
) -> tuple[list[pd.Timestamp], list[pd.Timestamp]]:
    """As-of dates whose horizon (t, t + H] lies inside the data, and the rest (both sorted, unique)."""
    if horizon_days <= 0:
        raise ValueError(f"horizon_days must be positive, got {horizon_days}")
    dates = sorted({as_of_timestamp(d) for d in as_of_dates})
    horizon = pd.Timedelta(days=horizon_days)
    return [d for d in dates if d + horizon <= data_end], [d for d in dates if d + horizon > data_end]


def unit_labels(disputes: Columns, n_units: int, as_of: pd.Timestamp, horizon_days: int) -> np.ndarray:
    """Per unit (code order), 1 when one of its disputes is filed in (t, t + H], else 0."""
    t, filed, unit = int(as_of.value), disputes["filed"], disputes["unit"]
    inside = (filed > t) & (filed <= t + horizon_days * DAY_NS) & (unit >= 0)
    return (np.bincount(unit[inside], minlength=n_units) > 0).astype(np.int64)


def require_disputes(dataset: Dataset) -> None:
    """Labels come from the disputes table; say so when it was not supplied."""
    if not dataset.has("disputes"):
        raise ValueError("labels need the disputes table, and this dataset does not include it")


def build_labels(
    dataset: Dataset,
    as_of_dates: Sequence[pd.Timestamp],
    horizon_days: int = 90,
    data_end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """unit_id, as_of, label for every unit and every as-of date whose horizon lies inside the data.

    attrs: data_end, horizon_days and dropped_as_of (the as-of dates left out, their horizon incomplete).
    """
    require_disputes(dataset)
    end = as_of_timestamp(data_end) if data_end is not None else latest_knowledge_time(dataset)
    kept, dropped = split_by_horizon(as_of_dates, horizon_days, end)
    index = unit_index(dataset)
    disputes = dispute_arrays(table_or_empty(dataset, "disputes"), index)
    n = index.n_units
    labels = [unit_labels(disputes, n, t, horizon_days) for t in kept]
    frame = pd.DataFrame({
        "unit_id": index.units["unit_id"].take(np.tile(np.arange(n), len(kept))).reset_index(drop=True),
        "as_of": pd.DatetimeIndex(np.repeat(np.array(kept, dtype="datetime64[ns]"), n)),
        "label": np.concatenate(labels) if labels else np.empty(0, np.int64),
    })  # fmt: skip
    frame.attrs.update(data_end=end, horizon_days=horizon_days, dropped_as_of=dropped)
    return frame
