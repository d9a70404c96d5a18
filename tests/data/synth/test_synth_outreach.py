"""Mediation visits: no visits is the default world, visits change only what they touch, and they help."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from data.contract import TABLES
from data.synth import World, WorldConfig, generate_world, write_world
from data.synth.generation import hidden_world
from data.synth.visible import VisibleState

SHORT = WorldConfig(scale="small", months=9, seed=5)
VISIT_MONTH = 3
VISIT_START = pd.Timestamp("2023-04-01")
ID_COLUMNS = {
    "fee_bills": "bill_id",
    "complaints": "complaint_id",
    "disputes": "dispute_id",
    "repair_orders": "order_id",
}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_world(a: World, b: World) -> None:
    for name in TABLES:
        pdt.assert_frame_equal(a.tables[name], b.tables[name])
    pdt.assert_frame_equal(a.truth, b.truth)


def _rows_of(world: World, table: str, units: set[str]) -> pd.DataFrame:
    """The table's rows of these households, without record ids (numbering shifts when others' records change)."""
    frame = world.tables[table]
    return frame[frame.unit_id.isin(units)].drop(columns=ID_COLUMNS[table]).reset_index(drop=True)


def _disputes(world: World, units: np.ndarray, lo: str, hi: str) -> pd.Series:
    d = world.tables["disputes"]
    return d.unit_id[d.unit_id.isin(units) & (d.filed_at >= lo) & (d.filed_at < hi)]


@pytest.fixture(scope="module")
def base() -> World:
    return generate_world(SHORT)


@pytest.fixture(scope="module")
def owners(base: World) -> np.ndarray:
    """Owner-occupiers of the first ten communities (the other ten are left alone)."""
    units = base.tables["units"]
    return units.unit_id[(units.occupancy == "owner_occupied") & (units.community_id <= "C0010")].to_numpy()


@pytest.fixture(scope="module")
def visited(owners: np.ndarray) -> World:
    return generate_world(SHORT, visits={VISIT_MONTH: owners})


@pytest.mark.parametrize("visits", [{}, {2: []}, lambda month, visible: []], ids=["empty", "empty-month", "callback"])
def test_no_visits_is_the_default_world_byte_for_byte(base: World, visits: object, tmp_path: Path) -> None:
    write_world(base, tmp_path / "default")
    write_world(generate_world(SHORT, visits=visits), tmp_path / "none")  # type: ignore[arg-type]
    assert _files(tmp_path / "default") == _files(tmp_path / "none")


def test_the_same_visits_give_the_same_world(visited: World, owners: np.ndarray) -> None:
    again = generate_world(SHORT, visits={VISIT_MONTH: owners})
    _assert_same_world(again, visited)
    assert visited.outreach is not None
    assert again.outreach is not None
    pdt.assert_frame_equal(again.outreach, visited.outreach)


def test_visits_to_unreachable_households_change_nothing(base: World, visited: World) -> None:
    assert visited.outreach is not None
    unreached = visited.outreach.unit_id[~visited.outreach.reached].to_numpy()
    assert len(unreached) > 100
    world = generate_world(SHORT, visits={VISIT_MONTH: unreached, VISIT_MONTH + 2: unreached})
    _assert_same_world(world, base)
    assert world.outreach is not None
    assert not world.outreach.reached.any()


def test_households_in_unvisited_buildings_keep_every_record(base: World, visited: World) -> None:
    units = base.tables["units"].assign(block=lambda f: f.community_id.astype(str) + f.building.astype(str))
    assert visited.outreach is not None
    touched = set(units.block[units.unit_id.isin(visited.outreach.unit_id)])
    apart = set(units.unit_id[~units.block.isin(touched)])
    assert len(apart) > 500
    for table in ID_COLUMNS:
        pdt.assert_frame_equal(_rows_of(visited, table, apart), _rows_of(base, table, apart))


def test_visits_lower_disputes_under_common_random_numbers(base: World, visited: World, owners: np.ndarray) -> None:
    month = ("2023-04-01", "2023-05-01")
    # In the visit month every change lowers the hazard, so with the same draws no new dispute can appear.
    assert set(_disputes(visited, owners, *month)) <= set(_disputes(base, owners, *month))
    after, before = len(_disputes(visited, owners, *month)), len(_disputes(base, owners, *month))
    assert after < before
    six = ("2023-04-01", "2023-10-01")
    assert len(_disputes(visited, owners, *six)) < 0.95 * len(_disputes(base, owners, *six))


def test_expected_disputes_fall_after_the_visits_and_not_before(base: World, visited: World) -> None:
    # Σ over households of each month's hazard: the same before the visit month, lower from it on.
    assert len(base.expected_disputes) == SHORT.months
    np.testing.assert_array_equal(base.expected_disputes[:VISIT_MONTH], visited.expected_disputes[:VISIT_MONTH])
    assert visited.expected_disputes[VISIT_MONTH:].sum() < base.expected_disputes[VISIT_MONTH:].sum() - 1.0
    filed = base.tables["disputes"]["unit_id"].notna().sum()
    assert 0.7 * filed < base.expected_disputes.sum() < 1.3 * filed  # it is what the filings are drawn from


def test_p_true_on_the_visit_day_already_counts_the_visit(base: World, visited: World) -> None:
    assert visited.outreach is not None
    outreach = visited.outreach.set_index("unit_id")
    after, before = (w.truth[w.truth.as_of == VISIT_START].set_index("unit_id").p_true for w in (visited, base))
    helped = outreach.index[(outreach.calm_logit > 0) | outreach.settled_arrears]
    assert (after[helped] <= before[helped]).all()
    assert (after[helped] < before[helped]).mean() > 0.99  # equal only where the hazard stays at its cap
    unreached = outreach.index[~outreach.reached]
    assert (after[unreached] == before[unreached]).all()


def test_reach_is_a_fixed_trait_that_favours_owner_occupiers(base: World) -> None:
    units = base.tables["units"]
    plan = {VISIT_MONTH: units.unit_id.to_numpy(), VISIT_MONTH + 1: units.unit_id.to_numpy()}
    outreach = generate_world(SHORT, visits=plan).outreach
    assert outreach is not None
    by_month = outreach.pivot(index="unit_id", columns="month", values="reached")
    assert (by_month[VISIT_MONTH] == by_month[VISIT_MONTH + 1]).all()
    share = by_month[VISIT_MONTH].groupby(units.set_index("unit_id").occupancy, observed=True).mean()
    assert share["owner_occupied"] > share["rented"] > share["vacant"]
    assert share["vacant"] < 0.1 < 0.6 < share["owner_occupied"] < 0.95


def test_settlements_pay_the_arrears_on_the_visit_day(visited: World) -> None:
    assert visited.outreach is not None
    settled = visited.outreach[visited.outreach.settled_arrears].set_index("unit_id").visited_on
    assert len(settled) > 10
    bills = visited.tables["fee_bills"]
    owed = bills[bills.unit_id.isin(settled.index) & (bills.due_date < VISIT_START)]
    owed = owed[owed.paid_at.isna() | (owed.paid_at >= VISIT_START)]
    assert len(owed) >= len(settled)
    assert (owed.paid_at.to_numpy() == settled.loc[owed.unit_id].to_numpy()).all()


def test_resolved_complaints_close_two_days_after_the_visit(base: World) -> None:
    def with_open_complaints(month: int, visible: VisibleState) -> pd.Index:
        return visible.unit_ids[visible.open_complaints > 0] if month == VISIT_MONTH else visible.unit_ids[:0]

    world = generate_world(SHORT, visits=with_open_complaints)
    assert world.outreach is not None
    resolved = world.outreach[world.outreach.resolved_complaints].set_index("unit_id").visited_on
    assert 0 < len(resolved) < len(world.outreach)
    c = world.tables["complaints"]
    was_open = c.unit_id.isin(resolved.index) & (c.created_at < VISIT_START)
    was_open &= base.tables["complaints"].resolved_at.isna() | (base.tables["complaints"].resolved_at >= VISIT_START)
    expected = resolved.loc[c.unit_id[was_open]].to_numpy() + np.timedelta64(2 * 24 + 10, "h")
    assert was_open.sum() >= len(resolved)
    assert (c.resolved_at[was_open].to_numpy() == expected).all()


def test_the_callback_sees_what_the_data_shows(base: World, unpaid) -> None:
    seen: dict[int, VisibleState] = {}

    def watch(month: int, visible: VisibleState) -> list[str]:
        seen[month] = visible
        return []

    generate_world(SHORT, visits=watch)
    assert sorted(seen) == list(range(SHORT.n_months))
    visible = seen[5]
    assert visible.as_of == pd.Timestamp("2023-06-01")
    expected = unpaid(base, visible.as_of).reindex(visible.unit_ids).to_numpy()
    assert (visible.unpaid_bills == expected).all()
    c = base.tables["complaints"].dropna(subset=["unit_id"])
    still_open = (c.created_at < visible.as_of) & (c.resolved_at.isna() | (c.resolved_at >= visible.as_of))
    counts = c.unit_id[still_open].value_counts().reindex(visible.unit_ids, fill_value=0).to_numpy()
    assert (visible.open_complaints == counts).all()
    assert visible.open_complaints.sum() > 0


def test_calm_is_hidden_heterogeneous_and_only_for_the_reached(visited: World, base: World) -> None:
    outreach = visited.outreach
    assert outreach is not None
    assert (outreach.calm_logit[~outreach.reached] == 0).all()
    reached = outreach[outreach.reached]
    assert reached.calm_logit.std() > 0.2
    hidden, _ = hidden_world(SHORT)
    position = base.tables["units"].reset_index().set_index("unit_id")["index"]
    disposition = hidden.units.willingness[position.loc[reached.unit_id].to_numpy()]
    assert np.corrcoef(disposition, reached.calm_logit)[0, 1] > 0.5  # willing payers calm down most
    assert all(list(visited.tables[n].columns) == list(base.tables[n].columns) for n in TABLES)


def test_unknown_households_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown unit ids"):
        generate_world(SHORT, visits={1: ["C9999-B01-0101"]})
    with pytest.raises(ValueError, match="positions"):
        generate_world(SHORT, visits={1: [10**7]})
