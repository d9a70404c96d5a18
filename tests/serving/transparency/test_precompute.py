"""Precomputing and storing the pages: one row per community and as-of date, the newest served."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from data.dataset import Dataset
from scoring.transparency.page_model import OverviewRow, TransparencyPage
from scoring.transparency.precompute import precompute_transparency
from scoring.transparency.risk_section import community_bands
from scoring.transparency.storage import read_overview, read_page, transparency_pages
from serving.db import open_engine
from serving.transparency.overview import OverviewQuery, select_rows
from serving.transparency.rendering import PageRenderer

from ...features.transparency.hand_district import AS_OF, hand_rollups


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return open_engine(f"sqlite:///{tmp_path / 'store.db'}")


def stored_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(transparency_pages)).scalar_one())


def test_a_rerun_replaces_its_date_and_a_later_date_is_served(engine, hand: Dataset):
    assert precompute_transparency(hand, AS_OF, hand_rollups(), "3", engine) == 3
    assert precompute_transparency(hand, AS_OF, hand_rollups(), "4", engine) == 3
    assert stored_rows(engine) == 3
    precompute_transparency(hand, pd.Timestamp("2024-08-01"), None, None, engine)
    assert stored_rows(engine) == 6
    with engine.connect() as connection:
        page = TransparencyPage.model_validate_json(read_page(connection, "A") or "")
        overview = read_overview(connection)
        assert read_page(connection, "Z") is None
    assert str(page.as_of) == "2024-08-01"
    assert page.model_version is None
    assert page.risk.band is None
    assert len(overview.rows) == 3
    assert str(overview.as_of) == "2024-08-01"


def test_the_stored_overview_row_matches_the_page(engine, hand: Dataset):
    precompute_transparency(hand, AS_OF, hand_rollups(), "3", engine)
    with engine.connect() as connection:
        page = TransparencyPage.model_validate_json(read_page(connection, "A") or "")
        rows = {r.community_id: r for r in map(OverviewRow.model_validate_json, read_overview(connection).rows)}
    assert rows["A"].collection_rate == page.fees.collection_rate
    assert rows["A"].repair_completion_days == page.repairs.repair_completion_days
    assert rows["A"].band == "critical"
    assert rows["B"].band == "low"
    assert rows["A"].firm_name == "甲物业"


def test_bands_rank_communities_within_their_district():
    rollups = pd.DataFrame({
        "community_id": [f"c{i}" for i in range(10)] + ["x"], "units": [100] * 11,
        "expected_disputes": [float(i) for i in range(10)] + [0.5], "top_drivers": ["[]"] * 11,
    })  # fmt: skip
    districts = pd.Series(["D1"] * 10 + ["D2"], index=rollups["community_id"])
    bands = community_bands(rollups, districts).set_index("community_id")["band"]
    assert bands["c9"] == "critical"
    assert bands["c0"] == "low"
    assert (bands.drop(["x"]) == "critical").sum() == 1
    assert bands["x"] == "critical"  # alone in its district, it is its district's top
    assert bands["c8"] in ("high", "medium")


def test_drivers_keep_only_their_words(engine, hand: Dataset):
    precompute_transparency(hand, AS_OF, hand_rollups(), "3", engine)
    with engine.connect() as connection:
        stored = json.loads(read_page(connection, "A") or "{}")
    assert stored["risk"]["drivers"] == [
        {"family": "arrears", "zh": "物业费缴纳情况异常", "en": "Service-fee payments are behind"}
    ]


def test_an_empty_overview_says_so():
    html = PageRenderer.load().overview("en", select_rows([], OverviewQuery(), None, None))
    assert "No figures have been computed yet." in html
    assert "No community matches this search." in html
