"""Batch scoring pieces: the default as-of, community rollups by hand, the feature check and kept history."""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from data.contract import TABLES
from data.dataset import Dataset
from data.store.engine import open_engine
from data.timeline import latest_as_of
from models.pyfunc import DisputeRiskPyfunc
from scoring.batch import BatchScores, check_features, score_units
from scoring.rollups import community_rollups
from scoring.tables import community_rollups as rollup_table
from scoring.tables import score_runs, scores
from scoring.writing import ScoredBy, write_run


def _reasons(*pairs: tuple[str, float]) -> str:
    return json.dumps([{"family": f, "contribution": c, "zh": f, "en": f} for f, c in pairs])


def test_rollups_by_hand():
    frame = pd.DataFrame({
        "unit_id": ["a", "b", "c", "d"], "community_id": ["X", "X", "X", "Y"],
        "probability": [0.5, 0.2, 0.1, 0.05], "band": ["critical", "high", "low", "low"],
        "reasons": [_reasons(("arrears", 1.0), ("complaints", 0.5)), _reasons(("complaints", 0.75)), "[]",
                    _reasons(("repairs", 0.2))],
    })  # fmt: skip
    out = community_rollups(frame).set_index("community_id")
    x = out.loc["X"]
    assert x["units"] == 3
    assert x["expected_disputes"] == pytest.approx(0.8)
    assert x["p_at_least_one"] == pytest.approx(1 - 0.5 * 0.8 * 0.9)
    assert (x["band_low"], x["band_medium"], x["band_high"], x["band_critical"]) == (1, 0, 1, 1)
    drivers = json.loads(x["top_drivers"])
    assert [(d["family"], d["units"], d["contribution"]) for d in drivers] == [
        ("complaints", 2, 1.25),
        ("arrears", 1, 1.0),
    ]
    assert drivers[1]["en"] == "Service-fee payments are behind"
    assert json.loads(out.loc["Y", "top_drivers"])[0]["family"] == "repairs"


def test_ten_thousand_small_probabilities_do_not_underflow():
    n = 10_000
    frame = pd.DataFrame({"unit_id": [f"u{i}" for i in range(n)], "community_id": "X", "probability": 1e-4,
                          "band": "low", "reasons": "[]"})  # fmt: skip
    row = community_rollups(frame).iloc[0]
    assert row["p_at_least_one"] == pytest.approx(1 - (1 - 1e-4) ** n)
    assert row["top_drivers"] == "[]"


def _dataset(**times: list[str]) -> Dataset:
    tables = {name: table.empty_frame() for name, table in TABLES.items()}
    for name, column in (("complaints", "created_at"), ("disputes", "filed_at")):
        if name in times:
            tables[name] = pd.DataFrame({column: pd.to_datetime(times[name])})
    if "fee_bills" in times:  # a bill is known from the first day of its period, whatever its due date
        tables["fee_bills"] = pd.DataFrame({"period": times["fee_bills"], "due_date": pd.Timestamp("2099-01-01")})
    return Dataset(tables=tables)


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ({"fee_bills": ["2024-03"], "complaints": ["2024-04-02 09:00"]}, "2024-05-01"),
        ({"disputes": ["2024-06-01 00:00"]}, "2024-06-01"),
        ({"fee_bills": ["2023-12"]}, "2023-12-01"),
        ({"fee_bills": ["2023-11", "2023-12"], "disputes": ["2023-11-20 08:00"]}, "2023-12-01"),
    ],
)
def test_latest_as_of_sees_every_record(times, expected):
    assert latest_as_of(_dataset(**times)) == pd.Timestamp(expected)


def test_latest_as_of_never_passes_the_current_month():
    future = _dataset(complaints=["2099-07-01 09:00"])
    assert latest_as_of(future, now=datetime(2026, 12, 15, 10, 0)) == pd.Timestamp("2026-12-01")


def test_latest_as_of_needs_dated_records():
    with pytest.raises(ValueError, match="no dated records"):
        latest_as_of(_dataset())


def test_features_the_data_cannot_provide_are_named(fitted_model, rows_like):
    frame = rows_like(5, 1).drop(columns="complaints_unit_open")
    frame.attrs["missing_families"] = ["complaints"]
    with pytest.raises(ValueError, match=r"complaints_unit_open.*families without source tables: complaints"):
        check_features(DisputeRiskPyfunc(fitted_model, 90), frame)


def test_runs_are_kept_as_history(tmp_path, fitted_model, rows_like):
    pyfunc = DisputeRiskPyfunc(fitted_model, 90)
    frame = rows_like(120, 2).assign(community_id=lambda f: np.where(f.index % 2, "C1", "C2"))
    engine = open_engine(f"sqlite:///{tmp_path / 'serving.db'}")
    for as_of in (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")):
        scored = score_units(pyfunc, frame.assign(as_of=as_of), chunk_rows=50)
        assert len(scored) == 120
        assert scored["reasons"].notna().all()
        write_run(engine, BatchScores(as_of, scored, community_rollups(scored)), ScoredBy("dispute-risk", "3", 90))
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(scores)).scalar_one() == 240
        assert connection.execute(select(func.count()).select_from(rollup_table)).scalar_one() == 4
        runs = connection.execute(select(score_runs.c.run_id, score_runs.c.as_of, score_runs.c.units)).all()
    engine.dispose()
    assert [(r.run_id, str(r.as_of), r.units) for r in runs] == [(1, "2024-01-01", 120), (2, "2024-02-01", 120)]
