"""A run written part by part (as a cluster finishes partitions) stores what one whole write stores, and a part
that fails leaves no run behind."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, Table, func, select

from data.store.engine import open_engine
from models.pyfunc import DisputeRiskPyfunc
from scoring.batch import BatchScores, score_features
from scoring.tables import community_rollups, feature_sets, score_runs, scores, unit_features, unit_levers
from scoring.writing import ScoredBy, run_parts, write_run

AS_OF = pd.Timestamp("2024-03-01")
BY = ScoredBy("dispute-risk", "7", 90)


@pytest.fixture
def parts(fitted_model, rows_like) -> tuple[BatchScores, list[BatchScores]]:
    """The whole run, and the same rows as two community partitions scored apart."""
    pyfunc = DisputeRiskPyfunc(fitted_model, 90)
    frame = rows_like(90, 3).assign(community_id=lambda f: np.where(f.index % 3, "C1", "C2"), as_of=AS_OF)
    whole = score_features(pyfunc, frame, AS_OF)
    split = [
        score_features(pyfunc, frame[frame["community_id"] == c].reset_index(drop=True), AS_OF) for c in ("C2", "C1")
    ]
    return whole, split


def _table(engine: Engine, table: Table, key: list[str]) -> pd.DataFrame:
    with engine.connect() as connection:
        frame = pd.read_sql(select(table), connection)
    return frame.drop(columns=["scored_at"], errors="ignore").sort_values(key).reset_index(drop=True)


def test_parts_store_what_one_write_stores(tmp_path, parts):
    whole, split = parts
    one, many = (open_engine(f"sqlite:///{tmp_path / name}") for name in ("one.db", "many.db"))
    write_run(one, whole, BY)
    with run_parts(many, AS_OF, BY) as run:
        for batch in split:
            run.add(batch)
    assert run.units == 90
    for table, key in ((scores, ["unit_id"]), (community_rollups, ["community_id"]), (unit_features, ["unit_id"]),
                       (unit_levers, ["unit_id"]), (feature_sets, ["run_id"])):  # fmt: skip
        pd.testing.assert_frame_equal(_table(many, table, key), _table(one, table, key))
    runs = _table(many, score_runs, ["run_id"])
    assert runs[["run_id", "units", "model_version"]].to_dict("records") == [
        {"run_id": 1, "units": 90, "model_version": "7"}
    ]
    assert len(_table(many, unit_levers, ["unit_id"])) > 0
    one.dispose(), many.dispose()


def test_a_failing_part_leaves_no_run(tmp_path, parts):
    _, split = parts
    engine = open_engine(f"sqlite:///{tmp_path / 'serving.db'}")

    def interrupted() -> None:
        with run_parts(engine, AS_OF, BY) as run:
            run.add(split[0])
            raise RuntimeError("worker lost")

    with pytest.raises(RuntimeError, match="worker lost"):
        interrupted()
    with engine.connect() as connection:
        for table in (score_runs, scores, community_rollups, unit_features, unit_levers, feature_sets):
            assert connection.execute(select(func.count()).select_from(table)).scalar_one() == 0, table.name
    engine.dispose()
