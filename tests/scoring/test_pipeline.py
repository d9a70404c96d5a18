"""A slice of the scoring pipeline on an in-memory dataset: features → scores → rollups → stored run and pages."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import func, select

from data.loading import load_dataset
from data.progress import Phase, Progress
from data.store.engine import open_engine
from data.timeline import latest_as_of
from features.config import FeatureConfig
from models.pyfunc import DisputeRiskPyfunc
from models.registry import LoadedModel
from scoring.batch import batch_score
from scoring.pipeline import ScoreDateError, scoring_date, store_scores
from scoring.tables import community_rollups, score_runs, scores
from scoring.transparency.storage import transparency_pages


@pytest.fixture(scope="module")
def world(small_world_dir):
    return load_dataset(small_world_dir)


def _features_model(fitted_model) -> DisputeRiskPyfunc:
    """The shared four-feature model, as if trained with a 60-day horizon."""
    return DisputeRiskPyfunc(fitted_model, 60, FeatureConfig())


def test_a_scoring_run_stores_scores_rollups_and_pages(world, fitted_model, tmp_path):
    pyfunc = _features_model(fitted_model)
    batch = batch_score(world, pyfunc, None)
    assert batch.as_of == latest_as_of(world)
    assert len(batch.scores) == len(world["units"])
    assert batch.scores["probability"].between(0, 1).all()
    url = f"sqlite:///{tmp_path / 'store.db'}"
    result = store_scores(world, batch, LoadedModel("dispute-risk", "4", None, pyfunc), url)
    engine = open_engine(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(scores)).scalar_one()
        run = connection.execute(select(score_runs)).one()
        rollups = connection.execute(select(func.count()).select_from(community_rollups)).scalar_one()
        pages = connection.execute(select(func.count()).select_from(transparency_pages)).scalar_one()
    engine.dispose()
    assert count == result.units == len(world["units"])
    assert run.horizon_days == 60  # the model's own horizon, not a default
    assert rollups == result.communities == len(world["communities"])
    assert pages == result.pages == len(world["communities"])
    assert sum(result.bands.values()) == result.units
    assert result.line().startswith(f"Scored {result.units:,} units as of {batch.as_of.date()} with v4 (run 1)")


def test_the_scoring_date_never_passes_the_current_month(world):
    now = datetime(2026, 12, 15, 9, 0)
    assert scoring_date(world, pd.Timestamp("2026-12-01"), now) == pd.Timestamp("2026-12-01")
    with pytest.raises(ScoreDateError, match="2027-01-01 lies past the current month"):
        scoring_date(world, pd.Timestamp("2027-01-01"), now)


def test_progress_reports_each_stage_and_its_time():
    events = []
    progress = Progress(events.append)
    with progress.stage("loading", total=2) as advance:
        advance()
        advance()
    with progress.stage("writing"):
        pass
    assert [(e.phase, e.label, e.completed) for e in events] == [
        (Phase.START, "loading", 0), (Phase.ADVANCE, "loading", 1), (Phase.ADVANCE, "loading", 2),
        (Phase.END, "loading", 2), (Phase.START, "writing", 0), (Phase.END, "writing", 0),
    ]  # fmt: skip
    assert list(progress.durations) == ["loading", "writing"]
    assert progress.summary().startswith(f"{sum(progress.durations.values()):.1f} s (loading ")


def test_a_failing_stage_still_ends():
    events = []
    with pytest.raises(RuntimeError), Progress(events.append).stage("scoring"):
        raise RuntimeError("boom")
    assert [e.phase for e in events] == [Phase.START, Phase.END]
