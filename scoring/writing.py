"""Writing a batch scoring run into the serving tables, in one transaction (whole, or part by part as a cluster
finishes partitions); earlier runs stay as history."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Table, bindparam, insert, update

from data.local_time import now_local
from data.store.prepared import prepare
from scoring.batch import BatchScores
from scoring.tables import (
    community_rollups,
    create_scoring_schema,
    feature_sets,
    score_runs,
    scores,
    unit_features,
    unit_levers,
)  # fmt: skip

WRITE_BATCH_ROWS = 50_000


@dataclass(frozen=True)
class ScoredBy:
    """The model version that produced a run."""

    model_name: str
    model_version: str
    horizon_days: int


def _insert_all(connection: Connection, table: Table, frame: pd.DataFrame, constants: dict[str, Any]) -> None:
    """Insert every row of the frame plus the constants, by driver-level executemany a batch at a time.

    The statement is compiled once and rows go to the driver as tuples, column by column; letting Core build a
    parameter dict per row took most of the write time at 400,000 units.
    """
    names = [*frame.columns, *constants]
    prepared = prepare(insert(table).values({name: bindparam(name) for name in names}), connection.dialect)
    convert = dict(zip(prepared.binds, prepared.processors, strict=True))
    fixed = {name: _converted(value, convert[name]) for name, value in constants.items()}
    for start in range(0, len(frame), WRITE_BATCH_ROWS):
        chunk = frame.iloc[start : start + WRITE_BATCH_ROWS]
        columns = [_bound(chunk, name, convert[name], fixed) for name in prepared.binds]
        rows = list(zip(*columns, strict=True))
        params = rows if prepared.positional else [dict(zip(prepared.binds, row, strict=True)) for row in rows]
        connection.exec_driver_sql(prepared.sql, params)


def _converted(value: Any, convert: Callable[[Any], Any] | None) -> Any:
    return value if convert is None else convert(value)


def _bound(chunk: pd.DataFrame, name: str, convert: Any, fixed: dict[str, Any]) -> list[Any]:
    """One column's values as the driver takes them: a repeated constant, or the frame's converted values."""
    if name in fixed:
        return [fixed[name]] * len(chunk)
    values = chunk[name].tolist()
    return values if convert is None else [convert(value) for value in values]


class RunParts:
    """A run being written part by part (community partitions, in any order) inside one open transaction."""

    def __init__(self, connection: Connection, run_id: int, constants: dict[str, Any]):
        self.connection, self.run_id, self.constants = connection, run_id, constants
        self.units = 0
        self._features_named = False

    def add(self, batch: BatchScores) -> None:
        """Write one part's scores, rollups, feature rows and levers."""
        _insert_all(self.connection, scores, batch.scores.drop(columns="as_of"), self.constants)
        _insert_all(self.connection, community_rollups, batch.rollups, self.constants)
        if batch.matrix is not None and not self._features_named:
            names = json.dumps(list(batch.feature_names))
            self.connection.execute(insert(feature_sets).values(run_id=self.run_id, names=names))
            self._features_named = True
        _write_features(self.connection, self.run_id, batch)
        _write_levers(self.connection, self.run_id, batch)
        self.units += len(batch.scores)


@contextmanager
def run_parts(engine: Engine, as_of: pd.Timestamp, scored_by: ScoredBy) -> Iterator[RunParts]:
    """One run written part by part: the run row first, the unit count last, all in one transaction, so a part
    that fails (or an interrupted run) leaves nothing behind."""
    create_scoring_schema(engine)
    scored_at = now_local()
    when = pd.Timestamp(as_of).date()
    with engine.begin() as connection:
        run = {
            "as_of": when, "model_name": scored_by.model_name, "model_version": scored_by.model_version,
            "horizon_days": scored_by.horizon_days, "units": 0, "scored_at": scored_at,
        }  # fmt: skip
        run_id = int(connection.execute(insert(score_runs).values(**run).returning(score_runs.c.run_id)).scalar_one())
        constants = {"run_id": run_id, "as_of": when, "model_version": scored_by.model_version, "scored_at": scored_at}
        writer = RunParts(connection, run_id, constants)
        yield writer
        connection.execute(update(score_runs).where(score_runs.c.run_id == run_id).values(units=writer.units))


def write_run(engine: Engine, batch: BatchScores, scored_by: ScoredBy) -> int:
    """Store a run's scores and rollups; returns the new run id."""
    with run_parts(engine, batch.as_of, scored_by) as run:
        run.add(batch)
    return run.run_id


def _write_features(connection: Connection, run_id: int, batch: BatchScores) -> None:
    """The feature rows behind the scores, so levers re-score exactly what was scored."""
    if batch.matrix is None:
        return
    matrix = np.ascontiguousarray(batch.matrix, dtype="<f8")
    rows = pd.DataFrame({
        "unit_id": batch.scores["unit_id"].to_numpy(), "community_id": batch.scores["community_id"].to_numpy(),
        "features": [row.tobytes() for row in matrix],
    })  # fmt: skip
    _insert_all(connection, unit_features, rows, {"run_id": run_id})


def _write_levers(connection: Connection, run_id: int, batch: BatchScores) -> None:
    """Each unit's best lever, where one lowers its risk."""
    if batch.levers is None:
        return
    levers, has = batch.levers, batch.levers.lever != ""
    rows = pd.DataFrame({
        "unit_id": batch.scores["unit_id"].to_numpy()[has], "lever": levers.lever[has],
        "probability_after": levers.probability_after[has], "label_zh": levers.label_zh[has],
        "label_en": levers.label_en[has],
    })  # fmt: skip
    _insert_all(connection, unit_levers, rows, {"run_id": run_id})
