"""One small Dask cluster per test session (2 workers × 2 threads), the small world in process and scattered, and
the two trainings every Dask test compares: `disputes train --json` in process and with `--engine dask`.

Every Dask result in these tests is compared with the in-process result on the same data. Each training runs
once per session, through the real command line, and test_training.py judges the outcomes it returned.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from data.dataset import Dataset
from training.fit import TrainingConfig

from .cli_runs import TRAIN, CliRun, run_cli


@pytest.fixture(scope="session")
def dask_client() -> Iterator[object]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=2, memory_limit="3GB", dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="session")
def small_world(small_world_dir) -> Dataset:
    from data.loading import load_dataset

    return load_dataset(small_world_dir)


@pytest.fixture(scope="session")
def small_parts(dask_client, small_world):
    from features.distributed import scatter_dataset

    return scatter_dataset(dask_client, small_world, n_parts=4)


@pytest.fixture(scope="session")
def training_config() -> TrainingConfig:
    """250 trees, not 800: lightgbm.dask cannot stop early, and the small world stops near 160 anyway.

    It is what `disputes train --trees 250` builds (horizon 90, seed 7)."""
    from models.risk_model import RiskModelParams

    return TrainingConfig(params=RiskModelParams(n_estimators=250))


@pytest.fixture(scope="session")
def cli_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The home of the session's CLI runs: MLflow, the registry and the SQLite store."""
    return tmp_path_factory.mktemp("cli-home")


def _trained(home: Path, args: Sequence[str]) -> CliRun:
    run = run_cli(home, ["train", *args], TRAIN)
    assert run.code == 0, run.stderr[-3000:]
    return run


@pytest.fixture(scope="session")
def local_train(cli_home, small_world_dir, training_config) -> CliRun:
    """`disputes train --json` in process on the small world: registered as version 1."""
    trees = str(training_config.params.n_estimators)
    return _trained(cli_home, ["--data", str(small_world_dir), "--trees", trees, "--json"])


@pytest.fixture(scope="session")
def dask_train(local_train, cli_home, small_world_dir, training_config, dask_client) -> CliRun:
    """`disputes train --engine dask --json` on the session's LocalCluster of 2 workers (given as --scheduler, so
    the cluster is not started twice): registered as version 2."""
    trees = str(training_config.params.n_estimators)
    address = dask_client.scheduler.address
    engine = ["--engine", "dask", "--scheduler", address]
    return _trained(cli_home, ["--data", str(small_world_dir), "--trees", trees, *engine, "--json"])


@pytest.fixture(scope="session")
def local_outcome(local_train):
    return local_train.result.outcome


@pytest.fixture(scope="session")
def dask_outcome(dask_train):
    return dask_train.result.outcome
