"""Repair orders: household faults and common-area failures, completed at a pace set by the firm."""

from __future__ import annotations

import numpy as np

from data.contract import REPAIR_CATEGORIES
from data.synth.draws import Draws, rank_within
from data.synth.probability import moments, pick, pick_fixed, sigmoid
from data.synth.state import Batch, Scene
from data.synth.world import VACANT, Communities

CAT = {name: code for code, name in enumerate(REPAIR_CATEGORIES)}
MEDIAN_DAYS = np.array([1.5, 3.0, 3.0, 2.0, 2.0, 12.0, 25.0, 3.0, 5.0])
"""Median days to complete, per category, for an average firm outside the holidays."""
MEDIAN_COST = np.array([3_000.0, 400.0, 250.0, 300.0, 500.0, 15_000.0, 30_000.0, 2_500.0, 300.0])
UNIT_MIX = np.array([0, 0.30, 0.25, 0.15, 0.10, 0, 0, 0, 0.20])
"""Household orders by category (elevator, roof, facade and fire safety are common-area only)."""
COMMON_RATE = np.array([0.15, 0.006, 0.004, 0.006, 0.010, 0.008, 0.003, 0.005, 0.010])
"""Common-area orders per building per month (elevator: per building with lifts)."""
MAJOR = np.isin(np.arange(len(REPAIR_CATEGORIES)), [CAT["elevator"], CAT["roof"], CAT["facade"], CAT["fire_safety"]])
FIRM, FUND, OWNER = 0, 1, 2
STALL_DAYS = 150.0
"""A stalled order is finished only after a median of about five months (longer at poor firms)."""
MAX_PER_MONTH = 7
"""Orders one household, or one community and category, can raise in a month (the Poisson tail is cut)."""


def _age_factor(comm: Communities, year: int) -> np.ndarray:
    return np.exp(0.025 * (year - comm.built_year - 15))


def household_orders(scene: Scene, year: int, draws: Draws) -> Batch:
    """Faults inside homes: more in old buildings and (leaks) in the rainy season; few in vacant flats."""
    units, comm, view = scene.units, scene.comm, scene.view
    rate = 0.012 * _age_factor(comm, year)[units.community] * (1 + 0.8 * view.rainy)
    rate = rate * np.where(units.occupancy == VACANT, 0.3, 1.0)
    counts = draws.poisson(rate, 0, MAX_PER_MONTH)
    unit = np.repeat(np.arange(len(counts)), counts)
    key = unit * (MAX_PER_MONTH + 1) + rank_within(counts)
    mix = UNIT_MIX * np.where(np.arange(len(UNIT_MIX)) == CAT["water_leak"], 1 + view.rainy, 1)
    category = pick_fixed(mix / mix.sum(), draws.uniform(key, 12))
    orders = {"unit": unit, "community": units.community[unit], "category": category, "building": units.building[unit]}
    return complete(orders, key, scene, draws)


def common_orders(scene: Scene, year: int, draws: Draws) -> Batch:
    """Common-area failures per community; an elevator failure hits one building (kept as `building`)."""
    comm, view = scene.comm, scene.view
    rates = comm.buildings[:, None] * COMMON_RATE[None, :] * _age_factor(comm, year)[:, None]
    rates[:, CAT["elevator"]] *= comm.elevator * np.exp(-0.3 * view.quality)
    rates[:, [CAT["roof"], CAT["water_leak"]]] *= 1 + 1.5 * view.rainy
    counts = draws.poisson(rates.ravel(), 0, MAX_PER_MONTH)
    cell = np.repeat(np.arange(len(counts)), counts)
    key = cell * (MAX_PER_MONTH + 1) + rank_within(counts)
    community, category = np.divmod(cell, len(COMMON_RATE))
    building = comm.first_building[community] + np.floor(draws.uniform(key, 12) * comm.buildings[community])
    orders = {"unit": np.full(len(community), -1), "community": community, "category": category,
              "building": building.astype(np.int64)}  # fmt: skip
    return complete(orders, key, scene, draws)


def complete(orders: Batch, key: np.ndarray, scene: Scene, draws: Draws) -> Batch:
    """Report times, completion (firm quality and backlog set the pace; some stall for months), cost and funding."""
    view, state, comm, end = scene.view, scene.state, scene.comm, scene.end
    c, cat = orders["community"], orders["category"]
    q, r = view.quality[c], view.responsiveness[c]
    reported = moments(view.start, view.days, (7, 21), draws.uniform(key, 1), draws.uniform(key, 2))
    backlog = np.log1p(100 * state.community_open_repairs[c] / comm.n_units[c])
    median = MEDIAN_DAYS[cat] * np.exp(-0.45 * q - 0.25 * r + 0.15 * backlog)
    days = median * np.exp(0.8 * draws.normal(key, 3))
    stalled = draws.uniform(key, 5) < sigmoid(-3.3 - 0.8 * q)
    days = np.where(stalled, STALL_DAYS * np.exp(-0.3 * q + 0.6 * draws.normal(key, 6)), days)
    completed = reported + np.round(days * (1 + 0.8 * view.festival) * 86_400).astype(np.int64)
    completed = np.where(completed >= end * 86_400, -1, completed)
    done = completed >= 0
    cost = (MEDIAN_COST[cat] * np.exp(0.6 * draws.normal(key, 8))).round(2)
    common = orders["unit"] < 0
    p_fund = np.where(common, np.where(MAJOR[cat], 0.75, 0.1), 0.0)
    funder = pick(np.stack([1 - p_fund - 0.6 * ~common, p_fund, 0.6 * ~common], axis=1), draws.uniform(key, 10))
    recorded = done & ((funder == FUND) | (draws.uniform(key, 11) > 0.05))  # fund spending is always on record
    return {**orders, "reported_s": reported, "completed_s": completed, "cost": np.where(recorded, cost, np.nan),
            "funded_by": np.where(done, funder, -1)}  # fmt: skip
