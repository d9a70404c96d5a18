"""The command line end to end on the small world: `disputes train --engine dask --json` prints what in-process
training prints, and `disputes score --engine dask` writes the same scores and prints the same summary line.

The two trainings are the session's (tests/dask/conftest.py). Then, with one champion: an in-process score of the
folder (run 1), a Dask score of the folder on a LocalCluster the command starts itself with `--workers 2` (run 2),
and, after `disputes ingest`, a Dask score of the store read partition by partition (run 3).
"""

import re

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from disputes.training_commands import TEST_FIELDS
from training.fairness import SLICE_FIELDS

from .cli_runs import SCORE, CliRun, run_cli

pytestmark = pytest.mark.slow
SUMMARY = re.compile(r"Scored [\d,]+ units as of \S+ with v\S+ \(run \d+\); .*?; bands \{[^}]*\}")


def test_dask_training_prints_the_same_json_within_001_roc_auc(local_train, dask_train):
    local, distributed = local_train.payload, dask_train.payload
    assert set(distributed) == set(local)
    assert set(local) == {"run_id", "model_version", "test", "slices", "baseline", "baseline_beats_model"}
    assert set(distributed["baseline"]) == set(local["baseline"])
    assert (local["model_version"], distributed["model_version"]) == ("1", "2")
    assert set(distributed["test"]) == set(local["test"]) == set(TEST_FIELDS)
    assert all(0 <= distributed["test"][k] <= 1 for k in ("roc_auc", "pr_auc", "brier", "ece"))
    assert abs(distributed["test"]["roc_auc"] - local["test"]["roc_auc"]) <= 0.01
    slices = [[(row["group"], row["value"], row["rows"]) for row in p["slices"]] for p in (local, distributed)]
    assert slices[0] == slices[1]  # the same slices of the same test window
    assert all(set(row) == set(SLICE_FIELDS) for row in distributed["slices"])


@pytest.fixture(scope="module")
def scored(dask_train, cli_home, small_world_dir, dask_client) -> dict[str, CliRun]:
    assert run_cli(cli_home, ["promote", "--force"]).code == 0  # v2 serves both engines: the same booster
    folder = ["score", "--data", str(small_world_dir)]
    runs = {
        "local": run_cli(cli_home, folder, SCORE),
        "dask": run_cli(cli_home, [*folder, "--engine", "dask", "--workers", "2"], SCORE),
    }
    assert run_cli(cli_home, ["ingest", str(small_world_dir)]).code == 0
    runs["store"] = run_cli(
        cli_home, ["score", "--engine", "dask", "--scheduler", dask_client.scheduler.address], SCORE
    )
    assert [run.code for run in runs.values()] == [0, 0, 0], [run.stderr[-2000:] for run in runs.values()]
    return runs


def _summary(run: CliRun) -> str:
    """The printed summary line, its run id blanked."""
    found = SUMMARY.search(run.printed)
    assert found is not None, run.printed
    return re.sub(r"\(run \d+\)", "(run _)", found.group())


def test_dask_scoring_prints_the_in_process_summary_line(scored):
    local, distributed = scored["local"], scored["dask"]
    assert [run.result.run_id for run in scored.values()] == [1, 2, 3]
    assert _summary(distributed) == _summary(local)
    assert _summary(local).startswith("Scored 6,000 units as of ")
    assert local.result.pages == local.result.communities == 20


def test_the_store_read_by_partition_prints_the_same_line_without_pages(scored):
    """Pages need the whole dataset in one process; a store read by partition leaves them out (0 pages)."""
    store, local = scored["store"], scored["local"]
    assert store.result.pages == 0
    assert _summary(store) == _summary(local).replace("; 20 transparency pages;", "; 0 transparency pages;")


def _stored(home, table, run_id: int) -> pd.DataFrame:
    from data.store.engine import open_engine
    from scoring import tables

    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    try:
        sql_table = getattr(tables, table)
        with engine.connect() as connection:
            rows = connection.execute(select(sql_table).where(sql_table.c.run_id == run_id)).mappings().all()
    finally:
        engine.dispose()
    key = "unit_id" if table == "scores" else "community_id"
    frame = pd.DataFrame(rows).drop(columns=["run_id", "scored_at"])
    return frame.sort_values(key).reset_index(drop=True)


@pytest.mark.parametrize("run", ["dask", "store"])
def test_dask_scoring_writes_the_in_process_scores_and_rollups(scored, cli_home, run):
    for table in ("scores", "community_rollups"):
        local, distributed = _stored(cli_home, table, 1), _stored(cli_home, table, scored[run].result.run_id)
        assert len(distributed) == len(local) == {"scores": 6_000, "community_rollups": 20}[table]
        floats = [c for c in local.columns if local[c].dtype == np.float64]
        pd.testing.assert_frame_equal(distributed.drop(columns=floats), local.drop(columns=floats))
        np.testing.assert_allclose(distributed[floats].to_numpy(), local[floats].to_numpy(), rtol=1e-12, atol=1e-12)
