"""Partition by partition equals the whole: the contract that lets features run as map_partitions."""

import numpy as np
import pandas as pd
import pytest

from data.dataset import Dataset
from features import Context, FeatureConfig, build_unit_features, community_summary, restrict_to_communities
from features.partitions import build_context
from features.prepared import prepare

AS_OF = pd.Timestamp("2024-02-01")


def _parts(world: Dataset, seed: int, n_parts: int = 3) -> list[Dataset]:
    ids = world["communities"]["community_id"].to_numpy()
    assignment = np.random.default_rng(seed).integers(0, n_parts, len(ids))
    assignment[:n_parts] = np.arange(n_parts)  # no empty part
    return [restrict_to_communities(world, ids[assignment == p]) for p in range(n_parts)]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("unit_id").reset_index(drop=True)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_features_by_partition_equal_features_on_the_whole(world: Dataset, seed: int) -> None:
    parts = _parts(world, seed)
    summaries = pd.concat([community_summary(prepare(p), AS_OF, FeatureConfig()) for p in parts])
    context = Context.from_summaries(summaries, AS_OF)
    pieces = [build_unit_features(p, AS_OF, context=context) for p in parts]
    whole = build_unit_features(world, AS_OF)
    pd.testing.assert_frame_equal(_sorted(pd.concat(pieces)), _sorted(whole))


def test_context_from_partition_summaries_equals_context_on_the_whole(world: Dataset) -> None:
    parts = _parts(world, 5)
    summaries = pd.concat([community_summary(prepare(p), AS_OF, FeatureConfig()) for p in parts])
    reduced = Context.from_summaries(summaries, AS_OF)
    whole = build_context(prepare(world), AS_OF, FeatureConfig())
    for field in ("firm_dispute_rate", "district_fee_rate"):
        left, right = getattr(reduced, field), getattr(whole, field)
        pd.testing.assert_series_equal(left.sort_index(), right.sort_index())


def test_a_partition_without_the_context_differs(world: Dataset) -> None:
    """Firm and district figures really need the separate pass: a lone part would get them wrong."""
    part = _parts(world, 0)[0]
    alone = build_unit_features(part, AS_OF)
    whole = build_unit_features(world, AS_OF).set_index("unit_id").loc[alone["unit_id"]].reset_index()
    assert not np.allclose(alone["context_firm_dispute_rate_12m"], whole["context_firm_dispute_rate_12m"])


def test_context_for_another_date_is_refused(world: Dataset) -> None:
    context = build_context(prepare(world), AS_OF, FeatureConfig())
    with pytest.raises(ValueError, match="context was computed for"):
        build_unit_features(world, AS_OF + pd.DateOffset(months=1), context=context)
