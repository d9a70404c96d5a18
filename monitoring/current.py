"""The current snapshot: every unit's features at the latest scoring as-of, with the champion's probability."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dataset import Dataset
from data.timeline import latest_as_of
from features import build_unit_features
from models.pyfunc import DisputeRiskPyfunc
from monitoring.reference import MonitorError
from scoring.batch import check_features

PREDICTION = "probability"


def snapshot_as_of(dataset: Dataset, as_of: pd.Timestamp | None = None) -> pd.Timestamp:
    """The as-of scoring uses by default (the month start after the latest record), or the given date's month."""
    if as_of is None:
        return latest_as_of(dataset)
    return pd.Timestamp(as_of).to_period("M").to_timestamp()


def current_snapshot(dataset: Dataset, model: DisputeRiskPyfunc, as_of: pd.Timestamp) -> pd.DataFrame:
    """unit_id, community_id, as_of, the features and the champion's probability for every unit."""
    features = build_unit_features(dataset, as_of, model.feature_config)
    try:
        check_features(model, features)
    except ValueError as error:  # the data lacks a table the model reads
        raise MonitorError(f"cannot score the snapshot at {as_of.date()}: {error}") from None
    features[PREDICTION] = model.score(features, with_reasons=False)["probability"].to_numpy(np.float64)
    return features
