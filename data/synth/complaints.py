"""Complaints: how often, about what, through which channel, and how the firm handles them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.contract import COMPLAINT_CATEGORIES
from data.synth.draws import Draws, rank_within
from data.synth.probability import moments, pick, sigmoid
from data.synth.state import Batch, Scene
from data.synth.world import RENTED

CAT = {name: code for code, name in enumerate(COMPLAINT_CATEGORIES)}
CHANNELS = np.array([0.45, 0.30, 0.20, 0.05])
ESCALATED = np.array([0.30, 0.25, 0.10, 0.35])
"""Channel mix (app, hotline, walk_in, 12345) when the household already has an unresolved complaint."""
ANONYMOUS = 0.08
STALL_DAYS = 120.0
"""A stalled complaint is closed administratively, after a median of about four months (longer at poor firms)."""
MAX_PER_MONTH = 15
"""Complaints one household can lodge in a month (the Poisson tail beyond is cut)."""


@dataclass(frozen=True)
class Outages:
    """This month's elevator failures: per community and per building."""

    community: np.ndarray
    building: np.ndarray


def outages(elevator_orders: Batch, n_communities: int, n_buildings: int) -> Outages:
    """Count the month's elevator orders per community and per building."""
    return Outages(
        community=np.bincount(elevator_orders["community"], minlength=n_communities),
        building=np.bincount(elevator_orders["building"], minlength=n_buildings),
    )


def complaint_rate(scene: Scene, out: Outages, new_repairs: np.ndarray) -> np.ndarray:
    """Expected complaints per unit this month: poor service, backlog, own repairs, fee rises, outages, grievances."""
    units, comm, state, view, t = scene.units, scene.comm, scene.state, scene.view, scene.mech.complaints
    c = units.community
    backlog = np.log1p(100 * state.community_open_repairs[c] / comm.n_units[c])
    own_repairs = np.minimum(state.open_repairs + new_repairs, 3)
    log_rate = (
        t.firm_quality * view.quality[c] + t.own_repairs * own_repairs + t.backlog * backlog
        + t.fee_rise * view.fee_fresh[c] + t.outage_community * (out.community[c] > 0)
        + t.outage_building * (out.building[units.building] > 0) + t.controversy * view.controversy_now[c]
        + t.dissatisfaction * np.minimum(state.dissatisfaction, 3)
    )  # fmt: skip
    occupancy = np.array([1.0, 0.8, 0.15])[units.occupancy]
    return t.base_rate * np.exp(log_rate) * occupancy


def _category_weights(unit: np.ndarray, scene: Scene, out: Outages, new_repairs: np.ndarray) -> np.ndarray:
    units, comm, state, view = scene.units, scene.comm, scene.state, scene.view
    c, n = units.community[unit], len(unit)
    rented = units.occupancy[unit] == RENTED
    w = np.tile(np.array([1.0, 0.0, 0.8, 0.5, 0.6, 0.5, 0.4, 0.4, 0.3, 0.4]), (n, 1))
    w[:, CAT["repair"]] += 2.5 * ((state.open_repairs[unit] + new_repairs[unit]) > 0)
    w[:, CAT["elevator"]] = (
        0.3 * comm.elevator[c] + 0.5 * (out.community[c] > 0) + 2.5 * (out.building[units.building[unit]] > 0)
    )
    w[:, CAT["sanitation"]] += 0.4 * np.maximum(-view.quality[c], 0)
    w[:, CAT["noise"]] *= 1 + 0.8 * rented
    w[:, CAT["fee"]] = (0.4 + 4.0 * view.fee_fresh[c] + 0.6 * (state.arrears_n[unit] > 0)) * np.where(rented, 0.3, 1.0)
    w[:, CAT["service_attitude"]] += 0.6 * np.maximum(-view.responsiveness[c], 0)
    w[:, CAT["other"]] += 2.0 * view.controversy_now[c]
    return w


def file_complaints(scene: Scene, out: Outages, new_repairs: np.ndarray, draws: Draws) -> Batch:
    """Draw the month's complaints with category, channel, resolution and satisfaction."""
    units, state, view, end = scene.units, scene.state, scene.view, scene.end
    counts = draws.poisson(complaint_rate(scene, out, new_repairs), 0, MAX_PER_MONTH)
    unit = np.repeat(np.arange(len(counts)), counts)
    key = unit * (MAX_PER_MONTH + 1) + rank_within(counts)  # one draw entity per complaint
    c = units.community[unit]
    category = pick(_category_weights(unit, scene, out, new_repairs), draws.uniform(key, 0))
    mix = np.where((state.open_complaints[unit] > 0)[:, None], ESCALATED, CHANNELS)
    channel = pick(mix, draws.uniform(key, 1))
    created = moments(view.start, view.days, (7, 22), draws.uniform(key, 2), draws.uniform(key, 3))
    r, q = view.responsiveness[c], view.quality[c]
    days = np.exp(0.9 - 0.55 * r + 0.9 * draws.normal(key, 4))
    stalled = draws.uniform(key, 6) < sigmoid(-2.6 - 0.9 * r)
    days = np.where(stalled, STALL_DAYS * np.exp(-0.3 * r + 0.6 * draws.normal(key, 12)), days)
    days = days * (1 + 0.8 * view.festival)
    resolved = created + np.round(days * 86_400).astype(np.int64)
    resolved = np.where(resolved >= end * 86_400, -1, resolved)
    latent = 3.5 + 0.6 * r + 0.4 * q - 0.35 * np.log1p(days) + 0.8 * draws.normal(key, 7)
    rated = (resolved >= 0) & (draws.uniform(key, 9) > 0.25)
    satisfaction = np.where(rated, np.clip(np.round(latent), 1, 5), 0).astype(np.int64)
    return {"unit": unit, "community": c, "category": category, "channel": channel, "created_s": created,
            "resolved_s": resolved, "satisfaction": satisfaction, "anonymous": draws.uniform(key, 10) < ANONYMOUS,
            "text": draws.uniform(key, 11)}  # fmt: skip
