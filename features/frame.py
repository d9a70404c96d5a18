"""Unit feature frames at one as-of date, and training frames of features joined to labels over many dates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from data.dataset import Dataset
from data.timeline import data_end as latest_knowledge_time
from features.catalogue import FAMILY_MODULES, feature_names
from features.clock import as_of_timestamp
from features.config import FeatureConfig
from features.labels import require_disputes, split_by_horizon, unit_labels
from features.partitions import Context, build_context
from features.prepared import Prepared, prepare
from features.spec import FAMILIES, Columns, missing_families


def feature_columns(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> Columns:
    """Every present family's feature arrays (unit code order), in catalogue order."""
    if context.as_of != as_of:
        raise ValueError(f"the context was computed for {context.as_of}, not for the as-of date {as_of}")
    absent = missing_families(prep.missing)
    columns: Columns = {}
    for family in FAMILIES:
        if family not in absent:
            columns |= FAMILY_MODULES[family].compute(prep, as_of, cfg, context)
    expected = feature_names(absent, cfg)
    if list(columns) != expected:
        raise RuntimeError(f"feature columns {list(columns)} differ from the catalogue {expected}")
    return {name: np.asarray(values, dtype=np.float64) for name, values in columns.items()}


def _ids(prep: Prepared, as_of_dates: Sequence[pd.Timestamp]) -> dict[str, object]:
    n, k = prep.index.n_units, len(as_of_dates)
    rows = np.tile(np.arange(n), k)
    units = prep.index.units
    return {
        "unit_id": units["unit_id"].take(rows).reset_index(drop=True),
        "community_id": units["community_id"].take(rows).reset_index(drop=True),
        "as_of": pd.DatetimeIndex(np.repeat(np.array(as_of_dates, dtype="datetime64[ns]"), n)),
    }


def build_unit_features(
    dataset: Dataset,
    as_of: pd.Timestamp,
    cfg: FeatureConfig = FeatureConfig(),
    context: Context | None = None,
) -> pd.DataFrame:
    """One row per unit at `as_of`: unit_id, community_id, as_of, then the float64 feature columns.

    `context` carries the firm- and district-level aggregates; pass it when computing on a partition of
    communities (see features.partitions), leave it out to compute it from this dataset.
    attrs["missing_families"] lists the families left out because their source table is missing.
    """
    t = as_of_timestamp(as_of)
    prep = prepare(dataset)
    columns = feature_columns(prep, t, cfg, context or build_context(prep, t, cfg))
    frame = pd.DataFrame(_ids(prep, [t]) | columns, copy=False)
    frame.attrs["missing_families"] = missing_families(prep.missing)
    return frame


def build_training_frame(
    dataset: Dataset,
    as_of_dates: Sequence[pd.Timestamp],
    horizon_days: int = 90,
    cfg: FeatureConfig = FeatureConfig(),
    data_end: pd.Timestamp | None = None,
    contexts: Mapping[pd.Timestamp, Context] | None = None,
    prepared: Prepared | None = None,
) -> pd.DataFrame:
    """Features joined to labels for every unit and every as-of date whose label horizon lies inside the data.

    The dataset is coded once (or `prepared` is its coding, shared by calls for other dates) and each as-of
    date reuses it; each snapshot equals build_unit_features at that date. On a partition of communities pass
    `contexts` (per as-of date, over all communities) and the whole data's `data_end`.
    attrs: missing_families, data_end, horizon_days, dropped_as_of (as in build_labels).
    """
    require_disputes(dataset)
    end = as_of_timestamp(data_end) if data_end is not None else latest_knowledge_time(dataset)
    kept, dropped = split_by_horizon(as_of_dates, horizon_days, end)
    prep = prepared if prepared is not None else prepare(dataset)
    n = prep.index.n_units
    names = feature_names(missing_families(prep.missing), cfg)
    # Filled snapshot by snapshot, so peak memory is the frame plus one snapshot.
    data = {name: np.empty(n * len(kept)) for name in names} | {"label": np.empty(n * len(kept), np.int64)}
    for i, t in enumerate(kept):
        rows = slice(i * n, (i + 1) * n)
        context = contexts[t] if contexts is not None else build_context(prep, t, cfg)
        for name, values in feature_columns(prep, t, cfg, context).items():
            data[name][rows] = values
        data["label"][rows] = unit_labels(prep.disputes, n, t, horizon_days)
    frame = pd.DataFrame(_ids(prep, kept) | data, copy=False)
    frame.attrs.update(missing_families=missing_families(prep.missing), data_end=end)
    frame.attrs.update(horizon_days=horizon_days, dropped_as_of=dropped)
    return frame
