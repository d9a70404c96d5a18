"""The small world's tables: contract shape and dtypes, keys, and plausible values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from data.contract import TABLES
from data.synth import World, WorldConfig
from data.synth.names import name_pools


def test_tables_follow_the_contract_in_order(small_world: World) -> None:
    assert list(small_world.tables) == list(TABLES)
    for name, table in TABLES.items():
        frame = small_world.tables[name]
        assert list(frame.columns) == list(table.column_names), name
        for column, dtype in table.dtypes().items():
            assert frame[column].dtype == dtype, (name, column, frame[column].dtype)


def test_sizes_match_the_small_scale(small_world: World) -> None:
    t = small_world.tables
    assert (len(t["firms"]), len(t["communities"]), len(t["units"])) == (4, 20, 6_000)
    assert len(t["fee_bills"]) == 6_000 * 24
    assert len(t["ledger"]) == 20 * 24 * 7
    assert t["units"].groupby("community_id").size().min() >= 40


def test_keys_are_unique_and_references_resolve(small_world: World) -> None:
    t = small_world.tables
    for name, table in TABLES.items():
        assert not t[name].duplicated(list(table.primary_key)).any(), name
    assert not t["fee_bills"].duplicated(["unit_id", "period"]).any()
    assert t["communities"].firm_id.isin(t["firms"].firm_id).all()
    assert t["units"].community_id.isin(t["communities"].community_id).all()
    home = t["units"].set_index("unit_id").community_id
    for name in ("complaints", "repair_orders", "disputes"):
        rows = t[name].dropna(subset=["unit_id"])
        assert (home.loc[rows.unit_id].to_numpy() == rows.community_id.to_numpy()).all(), name


def test_names_are_chinese_unique_and_in_luohu(small_world: World) -> None:
    comm, firms = small_world.tables["communities"], small_world.tables["firms"]
    assert comm.name.is_unique
    assert firms.name.is_unique
    assert comm.name.str.contains(r"花园|苑|大厦|小区|新村|家园|雅居|山庄|广场").all()
    assert firms.name.str.startswith("深圳市").all()
    assert set(comm.subdistrict) <= set(name_pools().subdistricts)
    assert (comm.district == "罗湖区").all()


def test_values_are_plausible(small_world: World) -> None:
    t = small_world.tables
    units, comm = t["units"], t["communities"]
    assert units.floor_area_m2.between(40, 180).all()
    assert set(units.occupancy.unique()) == {"owner_occupied", "rented", "vacant"}
    assert comm.built_year.between(1980, 2022).all()
    assert comm.fee_rate_cny_m2.between(1.0, 4.5 * 1.25).all()
    bills = t["fee_bills"]
    assert ((bills.paid_at.isna()) == (bills.amount_paid_cny.isna())).all()
    assert (bills.amount_due_cny > 0).all()
    c, r, d = t["complaints"], t["repair_orders"], t["disputes"]
    assert (c.resolved_at.dropna() >= c.created_at[c.resolved_at.notna()]).all()
    assert c.satisfaction[c.resolved_at.isna()].isna().all()
    assert (r.completed_at.dropna() >= r.reported_at[r.completed_at.notna()]).all()
    assert (d.resolved_at.dropna() >= d.filed_at[d.resolved_at.notna()]).all()
    assert d.outcome[d.resolved_at.isna()].isna().all()
    assert c.text.dropna().str.contains("[一-龥]").all()


def test_every_record_falls_inside_the_data(small_world: World) -> None:
    t = small_world.tables
    start, end = pd.Timestamp("2023-01-01"), pd.Timestamp("2025-01-01")
    for name, column in [("complaints", "resolved_at"), ("repair_orders", "completed_at"), ("disputes", "resolved_at"),
                         ("fee_bills", "paid_at"), ("complaints", "created_at"), ("disputes", "filed_at")]:  # fmt: skip
        values = t[name][column].dropna()
        assert values.min() >= start, (name, column)
        assert values.max() < end, (name, column)


def test_ledger_is_complete_and_the_fund_balance_adds_up(small_world: World) -> None:
    ledger = small_world.tables["ledger"]
    wide = ledger.pivot_table(index=["community_id", "period"], columns="item", values="amount_cny", observed=True)
    assert wide.notna().all().all()
    assert (ledger.amount_cny >= 0).all()
    for _, g in wide.groupby(level="community_id"):
        flow = (g.maintenance_fund_income - g.maintenance_fund_spent).to_numpy()
        assert np.allclose(np.diff(g.maintenance_fund_balance.to_numpy()), flow[1:], atol=0.05)
    assert (wide.common_revenue_to_owners <= wide.common_revenue + 0.01).all()


def test_fee_income_is_what_was_collected(small_world: World) -> None:
    bills = small_world.tables["fee_bills"].merge(small_world.tables["units"][["unit_id", "community_id"]])
    paid = bills.dropna(subset=["paid_at"])
    collected = paid.groupby([paid.community_id, paid.paid_at.dt.strftime("%Y-%m")]).amount_paid_cny.sum()
    ledger = small_world.tables["ledger"]
    income = ledger[ledger.item == "fee_income"].set_index(["community_id", "period"]).amount_cny
    assert np.allclose(collected.reindex(income.index, fill_value=0).to_numpy(), income.to_numpy(), atol=0.05)


@pytest.mark.parametrize(
    "bad",
    [{"start": "2023-13"}, {"dirty": 0.3}, {"months": 3}, {"drift": "fee_hike", "months": 6}, {"scale": "city"}],
)
def test_config_rejects_bad_values(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        WorldConfig(**bad)  # type: ignore[arg-type]


def test_config_defaults_to_the_district() -> None:
    cfg = WorldConfig()
    assert (cfg.scale, cfg.n_months, cfg.spec.units) == ("district", 36, 40_000)
    assert WorldConfig(scale="small", months=6).n_months == 6


def test_bills_follow_the_rate_of_their_period_and_the_published_rate_is_the_last(small_world: World) -> None:
    t = small_world.tables
    units = t["units"][t["units"].occupancy != "vacant"][["unit_id", "community_id", "floor_area_m2"]]
    bills = t["fee_bills"].merge(units)
    rate = (bills.amount_due_cny / bills.floor_area_m2).groupby([bills.community_id, bills.period]).median()
    last = rate.xs("2024-12", level="period")
    published = t["communities"].set_index("community_id").fee_rate_cny_m2
    assert np.allclose(last.reindex(published.index), published, atol=0.01)
    changed = rate.groupby(level="community_id").nunique() > 1
    assert 3 <= changed.sum() <= 10  # about 30% of communities raise their fee once
