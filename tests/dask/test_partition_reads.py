"""Data that no process holds whole: a partitioned folder and a PostgreSQL store, each read by the workers
partition by partition, give the in-process dataset's partitions and the in-process features."""

import pandas as pd
import pytest

from data.contract import TABLES
from data.dataset import Dataset
from data.partitioned import write_index
from data.store import Store
from features import build_unit_features
from features.distributed import community_groups, gather_frames, load_partitions, read_store, unit_feature_parts
from features.partitions import restrict_to_communities

pytestmark = pytest.mark.slow
AS_OF = pd.Timestamp("2024-06-01")


def _by_key(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.sort_values(list(TABLES[name].primary_key)).reset_index(drop=True)


def _features_equal(parts, whole: Dataset, client) -> None:
    distributed = gather_frames(client, unit_feature_parts(parts, AS_OF))
    local = build_unit_features(whole, AS_OF)
    assert len(distributed) == len(local) == len(whole["units"])
    pd.testing.assert_frame_equal(_by_key(distributed, "units"), _by_key(local, "units"))


@pytest.fixture(scope="module")
def partitioned_dir(tmp_path_factory, small_world):
    """The small world as a partitioned folder of three parts (the layout data.synth.shenzhen writes)."""
    root = tmp_path_factory.mktemp("partitioned")
    entries = []
    for i, ids in enumerate(community_groups(small_world, 3)):
        part, folder = restrict_to_communities(small_world, ids), root / "parts" / f"{i:02d}"
        folder.mkdir(parents=True)
        for name in TABLES:
            part[name].to_parquet(folder / f"{name}.parquet", index=False)
        entries.append({"path": f"parts/{i:02d}", "units": len(part["units"])})
    write_index(root, entries, {})
    return root


def test_a_partitioned_folder_is_read_by_the_workers_with_in_process_features(
    partitioned_dir, small_world, dask_client
):
    parts, whole = load_partitions(dask_client, partitioned_dir, store_url="sqlite://")  # the store is not read
    assert whole is None  # the client never loaded it
    assert len(parts.parts) == 3
    assert parts.units == len(small_world["units"])
    _features_equal(parts, small_world, dask_client)


@pytest.fixture(scope="module")
def postgres_parts(postgres_database, small_world, dask_client):
    """The small world ingested into PostgreSQL, read by the workers in four partitions; and the in-process read."""
    url = postgres_database()
    store = Store(url)
    try:
        store.create_schema()
        store.ingest(small_world)
        whole = store.read_dataset()
    finally:
        store.dispose()
    return read_store(dask_client, url, n_parts=4), whole


def test_each_postgresql_partition_equals_the_in_process_read_of_its_communities(postgres_parts, dask_client):
    parts, whole = postgres_parts
    datasets = dask_client.gather(parts.parts)
    groups = [sorted(part["communities"]["community_id"].astype(str)) for part in datasets]
    assert len(groups) == 4
    assert [c for group in groups for c in group] == sorted(whole["communities"]["community_id"].astype(str))
    for part, ids in zip(datasets, groups, strict=True):
        expected = restrict_to_communities(whole, ids)
        assert part.missing == expected.missing
        for name in TABLES:
            pd.testing.assert_frame_equal(_by_key(part[name], name), _by_key(expected[name], name))
    assert (parts.start, parts.end, parts.units) == (*_span(whole), len(whole["units"]))


def _span(dataset: Dataset) -> tuple[pd.Timestamp, pd.Timestamp]:
    from data.timeline import data_end, data_start

    return data_start(dataset), data_end(dataset)


def test_features_from_postgresql_partitions_equal_in_process_features(postgres_parts, small_world, dask_client):
    parts, whole = postgres_parts
    _features_equal(parts, whole, dask_client)
    stored, generated = (_by_key(build_unit_features(d, AS_OF), "units") for d in (whole, small_world))
    pd.testing.assert_frame_equal(stored, generated)  # and the store gave back the world it was given
