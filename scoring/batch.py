"""Batch scoring: the champion model over every unit's point-in-time features at one as-of date."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.dataset import Dataset
from data.timeline import latest_as_of
from models.pyfunc import DisputeRiskPyfunc
from scoring.levers import TopLevers, top_levers
from scoring.rollups import community_rollups

SCORE_CHUNK_ROWS = 50_000
"""Rows per model call: bounds the memory of the contribution matrices behind the reasons."""

SCORE_COLUMNS = ("unit_id", "community_id", "as_of", "probability", "band", "reasons")


@dataclass(frozen=True)
class BatchScores:
    """One scoring run: a row per unit and a rollup per community; with the feature rows and best levers when kept."""

    as_of: pd.Timestamp
    scores: pd.DataFrame
    rollups: pd.DataFrame
    matrix: np.ndarray | None = None  # model-order features, one row per score row
    feature_names: tuple[str, ...] = ()
    levers: TopLevers | None = None


def check_features(pyfunc: DisputeRiskPyfunc, features: pd.DataFrame) -> None:
    """Fail with the names of the model's inputs the features lack (a table the model needs is missing)."""
    absent = [name for name in pyfunc.feature_names if name not in features.columns]
    if absent:
        families = ", ".join(features.attrs.get("missing_families", [])) or "none"
        raise ValueError(
            f"the model needs {len(absent)} feature(s) the data cannot provide ({', '.join(absent[:5])}…); "
            f"families without source tables: {families}"
        )


def score_units(
    pyfunc: DisputeRiskPyfunc,
    features: pd.DataFrame,
    chunk_rows: int = SCORE_CHUNK_ROWS,
    matrix: np.ndarray | None = None,
) -> pd.DataFrame:
    """Probability, band and reasons per unit, with the unit's id, community and as-of (`matrix`: already built)."""
    check_features(pyfunc, features)
    frame = features.reset_index(drop=True)
    X = pyfunc.model.spec.matrix(frame).to_numpy() if matrix is None else matrix
    parts = [pyfunc.score_matrix(X[start : start + chunk_rows]) for start in range(0, len(frame), chunk_rows)]
    scored = pd.concat(parts) if parts else pd.DataFrame(columns=["probability", "band", "reasons"])
    out = frame.loc[:, ["unit_id", "community_id", "as_of"]].copy()
    out["probability"] = scored["probability"].to_numpy(dtype="float64")
    out["band"] = scored["band"].to_numpy(dtype=object)
    out["reasons"] = scored["reasons"].to_numpy(dtype=object)
    return out


def batch_score(
    dataset: Dataset, pyfunc: DisputeRiskPyfunc, as_of: pd.Timestamp | None = None, with_levers: bool = True
) -> BatchScores:
    """Features at the as-of (default: the data's latest), scored by the model, rolled up by community, and (unless
    `with_levers` is off) each unit's best lever."""
    from features import build_unit_features

    when = latest_as_of(dataset) if as_of is None else pd.Timestamp(as_of).normalize()
    return score_features(pyfunc, build_unit_features(dataset, when, pyfunc.feature_config), when, with_levers)


def score_features(
    pyfunc: DisputeRiskPyfunc, features: pd.DataFrame, as_of: pd.Timestamp, with_levers: bool = True
) -> BatchScores:
    """A run from feature rows already built: scores, rollups, the model-order matrix and the best levers."""
    check_features(pyfunc, features)
    matrix = pyfunc.model.spec.matrix(features).to_numpy()
    scores = score_units(pyfunc, features, matrix=matrix)
    levers = top_levers(pyfunc, matrix) if with_levers else None
    return BatchScores(as_of, scores, community_rollups(scores), matrix, pyfunc.feature_names, levers)
