"""One small Dask cluster per test session (2 workers × 2 threads) and the small world, in process and scattered.

Every Dask result in these tests is compared with the in-process result on the same data.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from data.dataset import Dataset
from training.fit import TrainingConfig


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
    """250 trees, not 800: lightgbm.dask cannot stop early, and the small world stops near 160 anyway."""
    from models.risk_model import RiskModelParams

    return TrainingConfig(params=RiskModelParams(n_estimators=250))


@pytest.fixture(scope="session")
def local_outcome(small_world, training_config):
    from training.run import train_on_dataset

    return train_on_dataset(small_world, training_config)


@pytest.fixture(scope="session")
def dask_outcome(small_parts, training_config):
    from training.dask_run import train_on_partitions

    return train_on_partitions(small_parts, training_config)
