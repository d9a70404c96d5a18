"""Features computed on the cluster, partition by partition with the broadcast context, equal the in-process ones."""

import pandas as pd
import pytest

from features import FeatureConfig, build_unit_features
from features.distributed import community_groups, contexts_at, gather_frames, unit_feature_parts
from features.partitions import build_context
from features.prepared import prepare

pytestmark = pytest.mark.slow
AS_OF = pd.Timestamp("2024-06-01")


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("unit_id").reset_index(drop=True)


def test_the_small_world_is_split_into_disjoint_community_ranges(small_world):
    groups = community_groups(small_world, 4)
    ids = [c for group in groups for c in group]
    assert len(groups) == 4
    assert ids == sorted(small_world["communities"]["community_id"].astype(str))


def test_the_reduced_context_equals_the_whole_datas(small_parts, small_world):
    reduced = contexts_at(small_parts, [AS_OF], FeatureConfig())[AS_OF]
    whole = build_context(prepare(small_world), AS_OF, FeatureConfig())
    for field in ("firm_dispute_rate", "district_fee_rate"):
        pd.testing.assert_series_equal(getattr(reduced, field).sort_index(), getattr(whole, field).sort_index())


def test_dask_features_equal_in_process_features(small_parts, small_world, dask_client):
    distributed = gather_frames(dask_client, unit_feature_parts(small_parts, AS_OF))
    local = build_unit_features(small_world, AS_OF)
    assert len(distributed) == len(local) == len(small_world["units"])
    pd.testing.assert_frame_equal(_sorted(distributed), _sorted(local))


def test_the_partitions_know_the_whole_datas_span_and_units(small_parts, small_world):
    from data.timeline import data_end, data_start

    assert (small_parts.start, small_parts.end) == (data_start(small_world), data_end(small_world))
    assert small_parts.units == len(small_world["units"])


def test_a_community_without_units_still_belongs_to_a_partition(small_world):
    """Its disputes count for its firm's rate in process, so a partition must carry them too."""
    from data.dataset import Dataset

    communities = sorted(small_world["communities"]["community_id"].astype(str))
    units = small_world["units"]
    without = Dataset(
        tables={**small_world.tables, "units": units[units["community_id"].astype(str) != communities[0]]}
    )
    assert [c for group in community_groups(without, 4) for c in group] == communities
