"""p_true_if: the oracle's p_true after a lever's change to households' visible state, at one as-of date."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.synth import World, WorldConfig, generate_world
from data.synth.counterfactual import p_true_if

CFG = WorldConfig(scale="small", months=9, seed=5)
MONTH, AS_OF = 4, pd.Timestamp("2023-05-01")


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(CFG)


@pytest.fixture(scope="module")
def cleared(world: World) -> pd.DataFrame:
    return p_true_if(CFG, MONTH, world.tables["units"].unit_id, clear_arrears=True)


def test_before_the_edit_it_is_the_truth(world: World, cleared: pd.DataFrame) -> None:
    truth = world.truth[world.truth.as_of == AS_OF].set_index("unit_id").p_true
    assert np.allclose(truth.loc[cleared.unit_id].to_numpy(), cleared.p_true.to_numpy(), rtol=0, atol=1e-15)
    unchanged = p_true_if(CFG, MONTH, [3, 5, 8])
    assert (unchanged.p_true_if == unchanged.p_true).all()


def test_paying_the_arrears_lowers_p_true_exactly_where_bills_are_owed(
    world: World, cleared: pd.DataFrame, unpaid
) -> None:
    owing = unpaid(world, AS_OF).reindex(cleared.unit_id).to_numpy() > 0
    assert owing.sum() > 100
    assert (cleared.p_true_if <= cleared.p_true).all()
    assert (cleared.p_true_if[owing] < cleared.p_true[owing]).all()
    drop = (cleared.p_true - cleared.p_true_if)[owing]
    assert drop.mean() > 0.2 * cleared.p_true[owing].mean()


def test_each_lever_moves_only_its_own_drivers() -> None:
    units = list(range(0, 6_000, 7))
    complaints = p_true_if(CFG, MONTH, units, resolve_complaints=True)
    repairs = p_true_if(CFG, MONTH, units, finish_repairs=True)
    for frame in (complaints, repairs):
        assert (frame.p_true_if <= frame.p_true).all()
        assert 0 < (frame.p_true_if < frame.p_true).sum() < len(frame) / 2


def test_months_without_a_whole_window_are_refused() -> None:
    with pytest.raises(ValueError, match="90-day window"):
        p_true_if(CFG, 8, [0], clear_arrears=True)
