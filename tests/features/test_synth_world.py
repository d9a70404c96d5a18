"""The features on a world from the project's generator: no leakage, partitions, sensible training rows."""

import numpy as np
import pandas as pd
import pytest

from data.dataset import Dataset
from features import (
    Context,
    FeatureConfig,
    build_training_frame,
    build_unit_features,
    community_summary,
    cut_to_as_of,
    feature_names,
    restrict_to_communities,
)
from features.prepared import prepare

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated() -> Dataset:
    synth = pytest.importorskip("data.synth")
    world = synth.generate_world(synth.WorldConfig(scale="small", months=12, seed=3))
    return Dataset(tables=world.tables)


@pytest.mark.parametrize("as_of", ["2023-04-01", "2023-09-01", "2023-12-01"])
def test_no_leakage(generated: Dataset, as_of: str) -> None:
    t = pd.Timestamp(as_of)
    cut = cut_to_as_of(generated, t)
    pd.testing.assert_frame_equal(build_unit_features(generated, t), build_unit_features(cut, t))


def test_partitions_equal_the_whole(generated: Dataset) -> None:
    t, cfg = pd.Timestamp("2023-10-01"), FeatureConfig()
    ids = generated["communities"]["community_id"].to_numpy()
    parts = [restrict_to_communities(generated, chunk) for chunk in np.array_split(ids, 3)]
    context = Context.from_summaries(pd.concat([community_summary(prepare(p), t, cfg) for p in parts]), t)
    pieces = pd.concat([build_unit_features(p, t, cfg, context) for p in parts], ignore_index=True)
    whole = build_unit_features(generated, t, cfg)
    key = ["unit_id"]
    pd.testing.assert_frame_equal(
        pieces.sort_values(key).reset_index(drop=True), whole.sort_values(key).reset_index(drop=True)
    )


def test_training_rows_are_plausible(generated: Dataset) -> None:
    dates = list(pd.date_range("2023-04-01", "2023-12-01", freq="MS"))
    frame = build_training_frame(generated, dates)
    assert frame.attrs["dropped_as_of"]  # the last months have no complete horizon
    assert 0.003 < frame["label"].mean() < 0.1
    always_defined = [n for n in feature_names() if n.endswith(("_bills", "_cny", "_open", "_units", "_m2"))]
    assert frame[always_defined].notna().all().all()
    # Units behind on their bills are labelled more often than the rest.
    behind = frame["arrears_unpaid_bills"] >= 2
    assert frame.loc[behind, "label"].mean() > frame.loc[~behind, "label"].mean()
