"""Drift scenarios change the world's last six months and nothing before them."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

from data.synth import World, WorldConfig, generate_world

DRIFT_START = pd.Timestamp("2024-07-01")  # small: 24 months from 2023-01
TIME_COLUMN = {"complaints": "created_at", "repair_orders": "reported_at", "disputes": "filed_at"}


@pytest.fixture(scope="module")
def fee_hike(small_cfg: WorldConfig) -> World:
    return generate_world(small_cfg.model_copy(update={"drift": "fee_hike"}))


@pytest.fixture(scope="module")
def collapse(small_cfg: WorldConfig) -> World:
    return generate_world(small_cfg.model_copy(update={"drift": "service_collapse"}))


def _before(world: World, name: str) -> pd.DataFrame:
    frame = world.tables[name]
    return frame[frame[TIME_COLUMN[name]] < DRIFT_START].reset_index(drop=True)


def _last_months(world: World, name: str) -> pd.DataFrame:
    frame = world.tables[name]
    return frame[frame[TIME_COLUMN[name]] >= DRIFT_START]


@pytest.mark.parametrize("drift", ["fee_hike", "collapse"])
def test_drift_leaves_the_earlier_months_alone(small_world: World, drift: str, request: pytest.FixtureRequest) -> None:
    drifted: World = request.getfixturevalue(drift)
    for name in TIME_COLUMN:
        pdt.assert_frame_equal(_before(drifted, name), _before(small_world, name))
    for world in (drifted, small_world):
        assert len(_last_months(world, "complaints")) > 0
    bills = [w.tables["fee_bills"] for w in (drifted, small_world)]
    early = bills[0].period < "2024-07"
    pdt.assert_series_equal(bills[0].amount_due_cny[early], bills[1].amount_due_cny[early])
    paid_early = [b.paid_at[early].where(b.paid_at[early] < DRIFT_START) for b in bills]
    pdt.assert_series_equal(paid_early[0], paid_early[1])
    truth = [w.truth[w.truth.as_of < DRIFT_START].reset_index(drop=True) for w in (drifted, small_world)]
    pdt.assert_frame_equal(truth[0], truth[1])


def test_fee_hike_raises_bills_late_payments_and_fee_complaints(small_world: World, fee_hike: World) -> None:
    def summary(world: World) -> tuple[float, float, int]:
        bills = world.tables["fee_bills"]
        last = bills[bills.period >= "2024-07"]
        late = (last.paid_at.isna() | (last.paid_at > last.due_date)).mean()
        fee = (_last_months(world, "complaints").category == "fee").sum()
        return last[last.period == "2024-12"].amount_due_cny.mean(), late, fee

    due, late, fee = summary(fee_hike)
    due0, late0, fee0 = summary(small_world)
    assert due > 1.15 * due0
    assert late > late0 + 0.01
    assert fee > 1.5 * fee0
    assert (fee_hike.tables["communities"].fee_rate_cny_m2 >= small_world.tables["communities"].fee_rate_cny_m2).all()


def test_service_collapse_slows_repairs_and_sours_complaints(small_world: World, collapse: World) -> None:
    def summary(world: World) -> tuple[float, int, float]:
        r = _last_months(world, "repair_orders")
        days = ((r.completed_at - r.reported_at).dt.total_seconds() / 86_400).median()
        c = _last_months(world, "complaints")
        return days, len(c), c.satisfaction.mean()

    days, count, satisfaction = summary(collapse)
    days0, count0, satisfaction0 = summary(small_world)
    assert days > 1.2 * days0
    assert count > 1.1 * count0
    assert satisfaction < satisfaction0 - 0.1
