"""Directional checks that each mechanism of the hidden world shows in the tables."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from data.synth import World, WorldConfig
from data.synth.generation import hidden_world

Unpaid = Callable[[World, pd.Timestamp], pd.Series]


def _per_firm(world: World, cfg: WorldConfig) -> pd.DataFrame:
    """Firm quality (hidden) beside each firm's repair pace, complaint rate and satisfaction (visible)."""
    hidden, _ = hidden_world(cfg)
    t = world.tables
    firm_of = t["communities"].set_index("community_id").firm_id
    r = t["repair_orders"].assign(days=lambda f: (f.completed_at - f.reported_at).dt.total_seconds() / 86_400)
    c = t["complaints"]
    units = t["units"].community_id.map(firm_of).value_counts()
    return pd.DataFrame({
        "quality": pd.Series(hidden.firms.quality, index=t["firms"].firm_id),
        "repair_days": r.groupby(r.community_id.map(firm_of)).days.median(),
        "complaints_per_unit": c.community_id.map(firm_of).value_counts() / units,
        "satisfaction": c.groupby(c.community_id.map(firm_of)).satisfaction.mean(),
    })  # fmt: skip


def test_arrears_raise_dispute_risk(small_world: World, small_labels: pd.DataFrame, unpaid: Unpaid) -> None:
    rows = []
    for as_of in pd.date_range("2023-04-01", "2024-09-01", freq="3MS"):
        y = small_labels[small_labels.as_of == as_of].set_index("unit_id").y
        rows.append(pd.DataFrame({"unpaid": unpaid(small_world, as_of), "y": y}))
    frame = pd.concat(rows)
    none, many = frame[frame.unpaid == 0].y.mean(), frame[frame.unpaid >= 3].y.mean()
    assert many > 3 * none


def test_poor_firms_repair_slower_and_draw_more_complaints(district_world: World, district_cfg: WorldConfig) -> None:
    firms = _per_firm(district_world, district_cfg)
    assert firms.quality.corr(firms.repair_days, method="spearman") < -0.5
    assert firms.quality.corr(firms.complaints_per_unit, method="spearman") < -0.5
    assert firms.quality.corr(firms.satisfaction, method="spearman") > 0.5


def test_fee_complaints_rise_after_a_fee_increase(district_world: World, district_cfg: WorldConfig) -> None:
    _, schedules = hidden_world(district_cfg)
    c = district_world.tables["complaints"]
    month = (c.created_at.dt.year - 2023) * 12 + c.created_at.dt.month - 1
    community = c.community_id.str[1:].astype(int) - 1
    n_communities, n_months = schedules.rate.shape
    fee = np.zeros((n_communities, n_months))
    np.add.at(fee, (community[c.category == "fee"], month[c.category == "fee"]), 1)
    rows, months = np.nonzero(schedules.increase)
    keep = (months >= 3) & (months <= n_months - 3)
    before = np.mean([fee[r, m - 3 : m].sum() for r, m in zip(rows[keep], months[keep], strict=True)])
    after = np.mean([fee[r, m : m + 3].sum() for r, m in zip(rows[keep], months[keep], strict=True)])
    assert after > 2 * before


def test_elevator_failures_bring_elevator_complaints(district_world: World) -> None:
    t = district_world.tables
    period = {
        "r": t["repair_orders"].reported_at.dt.strftime("%Y-%m"),
        "c": t["complaints"].created_at.dt.strftime("%Y-%m"),
    }
    lifts = t["repair_orders"][t["repair_orders"].category == "elevator"]
    failed = set(zip(lifts.community_id, period["r"][lifts.index], strict=True))
    c = t["complaints"].assign(period=period["c"], elevator=lambda f: f.category == "elevator")
    lifted = c[c.community_id.isin(lifts.community_id)]
    monthly = lifted.groupby(["community_id", "period"]).elevator.sum()
    hit = np.array([key in failed for key in monthly.index])
    assert monthly[hit].mean() > 2 * monthly[~hit].mean()


def test_unresolved_complaints_escalate_to_12345(small_world: World) -> None:
    c = small_world.tables["complaints"].dropna(subset=["unit_id"]).reset_index(drop=True)
    pairs = c[["unit_id", "created_at"]].reset_index().merge(c[["unit_id", "created_at", "resolved_at"]], on="unit_id")
    still_open = (pairs.created_at_y < pairs.created_at_x) & ~(pairs.resolved_at <= pairs.created_at_x)
    escalated = c.index.isin(pairs.loc[still_open, "index"])
    share = (c.channel == "gov_hotline_12345").groupby(escalated).mean()
    assert share[True] > 3 * share[False]


def test_vacant_units_pay_late_more(small_world: World) -> None:
    bills = small_world.tables["fee_bills"].merge(small_world.tables["units"][["unit_id", "occupancy"]])
    late = bills.paid_at.isna() | (bills.paid_at > bills.due_date)
    share = late.groupby(bills.occupancy, observed=True).mean()
    assert share["vacant"] > share["owner_occupied"] + 0.05


def test_neighbours_disputes_raise_risk(small_world: World, small_labels: pd.DataFrame) -> None:
    units = small_world.tables["units"].assign(block=lambda f: f.community_id.astype(str) + f.building.astype(str))
    d = small_world.tables["disputes"].dropna(subset=["unit_id"]).merge(units[["unit_id", "block"]])
    lab = small_labels.merge(units[["unit_id", "block"]])
    pairs = lab[["unit_id", "as_of", "block"]].reset_index().merge(d[["block", "unit_id", "filed_at"]], on="block")
    recent = (pairs.unit_id_x != pairs.unit_id_y) & (pairs.filed_at <= pairs.as_of)
    recent &= pairs.filed_at > pairs.as_of - pd.Timedelta(days=90)
    exposed = lab.index.isin(pairs.loc[recent, "index"])
    assert lab.y[exposed].mean() > 1.3 * lab.y[~exposed].mean()


def test_major_repairs_draw_on_the_maintenance_fund(small_world: World) -> None:
    r = small_world.tables["repair_orders"].dropna(subset=["funded_by"])
    fund = r.funded_by == "maintenance_fund"
    major = r.category.isin(["elevator", "roof", "facade", "fire_safety"])
    assert fund[major].mean() > 0.5
    assert fund[~major].mean() < 0.1
    assert (r.funded_by[r.unit_id.isna()] != "owner").all()


def test_spring_festival_slows_payments_and_repairs(district_world: World) -> None:
    t = district_world.tables
    bills = t["fee_bills"]
    late = (bills.paid_at.isna() | (bills.paid_at > bills.due_date)).groupby(bills.period).mean()
    festive = ["2023-01", "2024-02", "2025-01"]
    assert late[festive].mean() > late.drop(festive).mean() + 0.02
    r = t["repair_orders"].assign(days=lambda f: (f.completed_at - f.reported_at).dt.total_seconds() / 86_400)
    pace = r.groupby(r.reported_at.dt.strftime("%Y-%m")).days.median()
    assert pace[festive].mean() > 1.2 * pace.drop(festive).mean()


def test_collective_disputes_follow_fee_increases_and_controversies(
    district_world: World, district_cfg: WorldConfig
) -> None:
    _, schedules = hidden_world(district_cfg)
    d = district_world.tables["disputes"]
    collective = d[d.unit_id.isna()]
    month = (collective.filed_at.dt.year - 2023) * 12 + collective.filed_at.dt.month - 1
    community = collective.community_id.str[1:].astype(int) - 1
    events = schedules.increase | schedules.fund_row | schedules.revenue_row
    hit = events[community, month]
    rate_with = hit.sum() / events.sum()
    rate_without = (~hit).sum() / (~events).sum()
    assert rate_with > 10 * rate_without
    assert {"fee_increase", "maintenance_fund", "common_revenue"} <= set(collective.kind)


def test_unit_dispute_kinds_and_venues(small_world: World) -> None:
    d = small_world.tables["disputes"].dropna(subset=["unit_id"])
    kinds = d.kind.value_counts(normalize=True)
    assert kinds["fee_arrears"] + kinds["service_quality"] > 0.6
    assert d.venue.value_counts(normalize=True)["mediation"] > 0.5
    assert 0.7 < d.resolved_at.notna().mean() < 0.95


def test_base_rate_is_between_one_and_four_percent(small_labels: pd.DataFrame, district_world: World, label_of) -> None:
    assert 0.01 <= small_labels.y.mean() <= 0.04
    assert 0.01 <= label_of(district_world).y.mean() <= 0.04
