"""Small seeded worlds shared by the generator's tests (each generated once per session)."""

from __future__ import annotations

import os
from collections.abc import Callable

import pandas as pd
import pytest

from data.synth import World, WorldConfig, generate_world

HORIZON = pd.Timedelta(days=90)


def labels(world: World) -> pd.DataFrame:
    """The truth rows with the realised label y(u, t): a unit dispute filed in (t, t + 90 days]."""
    disputes = world.tables["disputes"].dropna(subset=["unit_id"])[["unit_id", "filed_at"]]
    truth = world.truth.reset_index(names="row")
    pairs = truth[["row", "unit_id", "as_of"]].merge(disputes, on="unit_id")
    hit = pairs[(pairs.filed_at > pairs.as_of) & (pairs.filed_at <= pairs.as_of + HORIZON)]
    truth["y"] = truth["row"].isin(hit["row"]).astype(int)
    return truth.drop(columns="row")


def unpaid_at(world: World, as_of: pd.Timestamp) -> pd.Series:
    """Overdue bills unpaid at `as_of`, per unit (0 for units with none)."""
    bills = world.tables["fee_bills"]
    open_ = (bills.due_date < as_of) & (bills.paid_at.isna() | (bills.paid_at >= as_of))
    counts = bills.loc[open_, "unit_id"].value_counts()
    return counts.reindex(world.tables["units"].unit_id, fill_value=0)


SEED = int(os.environ.get("SYNTH_TEST_SEED", "7"))
"""The seed of the shared worlds (set SYNTH_TEST_SEED to check the directional tests' robustness)."""


@pytest.fixture(scope="session")
def small_cfg() -> WorldConfig:
    return WorldConfig(scale="small", seed=SEED)


@pytest.fixture(scope="session")
def district_cfg() -> WorldConfig:
    return WorldConfig(scale="district", seed=SEED)


@pytest.fixture(scope="session")
def small_world(small_cfg: WorldConfig) -> World:
    """The small world (24 months)."""
    return generate_world(small_cfg)


@pytest.fixture(scope="session")
def small_labels(small_world: World) -> pd.DataFrame:
    """Truth rows of the small world with realised labels."""
    return labels(small_world)


@pytest.fixture(scope="session")
def district_world(district_cfg: WorldConfig) -> World:
    """The district world (36 months): enough communities and firms for community-level effects."""
    return generate_world(district_cfg)


@pytest.fixture(scope="session")
def label_of() -> Callable[[World], pd.DataFrame]:
    """labels(world): truth rows with realised labels."""
    return labels


@pytest.fixture(scope="session")
def unpaid() -> Callable[[World, pd.Timestamp], pd.Series]:
    """unpaid_at(world, as_of): overdue unpaid bills per unit."""
    return unpaid_at
