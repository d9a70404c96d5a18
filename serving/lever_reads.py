"""Reading the feature rows a scoring run stored, in the serving model's column order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, RowMapping, bindparam, select

from serving.db import communities, feature_sets, score_runs, unit_features

_UNIT_ROW = (
    select(
        unit_features.c.unit_id, unit_features.c.community_id, unit_features.c.features, unit_features.c.run_id,
        score_runs.c.as_of, feature_sets.c.names, communities.c.subdistrict, communities.c.firm_id,
    )
    .join(score_runs, score_runs.c.run_id == unit_features.c.run_id)
    .join(feature_sets, feature_sets.c.run_id == unit_features.c.run_id)
    .join(communities, communities.c.community_id == unit_features.c.community_id)
    .where(unit_features.c.unit_id == bindparam("unit_id"))
    .order_by(unit_features.c.run_id.desc())
    .limit(1)
)  # fmt: skip
_LATEST_COMMUNITY_RUN = (
    select(unit_features.c.run_id, score_runs.c.as_of, feature_sets.c.names)
    .join(score_runs, score_runs.c.run_id == unit_features.c.run_id)
    .join(feature_sets, feature_sets.c.run_id == unit_features.c.run_id)
    .where(unit_features.c.community_id == bindparam("community_id"))
    .order_by(unit_features.c.run_id.desc())
    .limit(1)
)
_COMMUNITY_ROWS = select(unit_features.c.features).where(
    unit_features.c.run_id == bindparam("run_id"), unit_features.c.community_id == bindparam("community_id")
)


class FeaturesUnavailableError(LookupError):
    """The stored rows lack features the serving model reads (they were scored by another model)."""


@dataclass(frozen=True)
class StoredRows:
    """Feature rows of one run, in the serving model's order, with the run's as-of."""

    matrix: np.ndarray
    run: RowMapping


def in_model_order(blobs: Sequence[bytes], stored_names: Sequence[str], names: Sequence[str]) -> np.ndarray:
    """Stored float64 rows reordered to the model's feature names (FeaturesUnavailableError when some are missing)."""
    missing = [name for name in names if name not in stored_names]
    if missing:
        raise FeaturesUnavailableError(
            f"the latest scoring run has no {', '.join(missing[:3])}: run `disputes score` with the serving model"
        )
    matrix = np.frombuffer(b"".join(blobs), dtype="<f8").reshape(len(blobs), len(stored_names))
    if list(stored_names) == list(names):
        return matrix
    position = {name: i for i, name in enumerate(stored_names)}
    return matrix[:, [position[name] for name in names]]


def unit_row(session: Connection, unit_id: str) -> RowMapping | None:
    """The unit's latest stored feature row with its run and community scope, or None."""
    return session.execute(_UNIT_ROW, {"unit_id": unit_id}).mappings().first()


def community_rows(session: Connection, community_id: str, names: Sequence[str]) -> StoredRows | None:
    """Every unit's row of the community's latest run, in model order, or None before the first run."""
    run = session.execute(_LATEST_COMMUNITY_RUN, {"community_id": community_id}).mappings().first()
    if run is None:
        return None
    blobs = session.execute(_COMMUNITY_ROWS, {"run_id": run["run_id"], "community_id": community_id}).scalars()
    return StoredRows(in_model_order(list(blobs), json.loads(run["names"]), names), run)
