"""The hidden world: firms, communities and households with the latent traits that drive every record."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.synth.calendar import Calendar
from data.synth.config import WorldConfig
from data.synth.names import community_names, firm_names, name_pools

OWNER, RENTED, VACANT = 0, 1, 2
MIN_UNITS, MAX_UNITS = 40, 5_000
FIRM_LIMIT = 1.6
"""Quality and responsiveness stay within ±1.6 (two SDs of quality): owners vote out a firm any worse."""


@dataclass(frozen=True)
class Firms:
    """Latent service quality and responsiveness (standard-normal scale) of each firm."""

    names: list[str]
    quality: np.ndarray
    responsiveness: np.ndarray


@dataclass(frozen=True)
class Communities:
    """One entry per community; units of community c are rows first_unit[c] .. first_unit[c] + n_units[c] - 1."""

    names: list[str]
    subdistrict: np.ndarray
    firm: np.ndarray
    built_year: np.ndarray
    base_rate: np.ndarray
    committee: np.ndarray
    elevator: np.ndarray
    buildings: np.ndarray
    first_building: np.ndarray
    n_units: np.ndarray
    first_unit: np.ndarray
    revenue: np.ndarray
    owner_share: np.ndarray
    fund_start: np.ndarray


@dataclass(frozen=True)
class Units:
    """One entry per household; `building` is a world-wide building index, `building_no` the number inside."""

    community: np.ndarray
    building: np.ndarray
    building_no: np.ndarray
    floor: np.ndarray
    room: np.ndarray
    area: np.ndarray
    occupancy: np.ndarray
    income: np.ndarray
    willingness: np.ndarray
    moved_in: np.ndarray


@dataclass(frozen=True)
class Hidden:
    """The whole latent world before any month is simulated."""

    firms: Firms
    communities: Communities
    units: Units


def draw_firms(n: int, rng: np.random.Generator) -> Firms:
    """Firms whose responsiveness is correlated with their quality.

    Both are measured against the district's own firms (centred on their average), and none is more than two SDs
    from it.
    """
    quality = rng.normal(0.0, 0.8, n)
    quality = np.clip(quality - quality.mean(), -FIRM_LIMIT, FIRM_LIMIT)
    noise = rng.normal(0.0, 0.6, n)
    responsiveness = np.clip(0.6 * quality + noise - noise.mean(), -FIRM_LIMIT, FIRM_LIMIT)
    return Firms(names=firm_names(n, rng), quality=quality, responsiveness=responsiveness)


def community_sizes(n: int, total: int, rng: np.random.Generator) -> np.ndarray:
    """Units per community: lognormal shares of `total`, each between MIN_UNITS and MAX_UNITS, summing to total."""
    share = rng.lognormal(0.0, 0.6, n)
    sizes = np.minimum(MIN_UNITS + np.floor(share / share.sum() * (total - MIN_UNITS * n)), MAX_UNITS).astype(np.int64)
    short = total - int(sizes.sum())
    room = MAX_UNITS - sizes
    sizes += short * room // max(int(room.sum()), 1)  # spread what the cap left over
    sizes[np.argmax(MAX_UNITS - sizes)] += total - sizes.sum()
    return sizes


def draw_communities(cfg: WorldConfig, firms: Firms, rng: np.random.Generator) -> Communities:
    """Communities with age, firm, fee rate (newer and better-served costs more), committee and buildings."""
    n, pools = cfg.spec.communities, name_pools()
    firm = np.concatenate([np.arange(len(firms.names)), rng.integers(0, len(firms.names), n - len(firms.names))])
    firm = rng.permutation(firm)
    newest = max(1981, min(2022, int(cfg.start[:4]) - 1))  # every community stands before the data begins
    built = np.clip(np.round(1980 + 42 * rng.beta(1.3, 1.1, n)), 1980, newest).astype(np.int64)
    q = firms.quality[firm]
    base_rate = np.clip(1.2 + 0.06 * (built - 1980) + 0.35 * q + rng.normal(0, 0.3, n), 1.0, 4.5).round(1)
    committee = rng.random(n) < 1 / (1 + np.exp(0.6 - 0.03 * (2022 - built)))
    p_elevator = np.select([built >= 2000, built >= 1990], [0.95, 0.6], 0.2)
    elevator = rng.random(n) < p_elevator
    n_units = community_sizes(n, cfg.spec.units, rng)
    floors = np.where(elevator, rng.integers(18, 34, n), rng.integers(6, 9, n))
    rooms = np.maximum(np.where(elevator, rng.integers(4, 9, n), rng.integers(2, 5, n)), -(-n_units // (99 * floors)))
    buildings = -(-n_units // (floors * rooms))
    return Communities(
        names=community_names(n, rng), subdistrict=rng.integers(0, len(pools.subdistricts), n), firm=firm,
        built_year=built, base_rate=base_rate, committee=committee, elevator=elevator, buildings=buildings,
        first_building=np.cumsum(buildings) - buildings, n_units=n_units, first_unit=np.cumsum(n_units) - n_units,
        revenue=n_units * rng.uniform(8.0, 30.0, n),
        owner_share=np.clip(0.5 + 0.15 * q + rng.normal(0, 0.2, n), 0.05, 0.95),
        fund_start=n_units * rng.uniform(3_000.0, 8_000.0, n),
    )  # fmt: skip


def draw_units(comm: Communities, cal: Calendar, rng: np.random.Generator) -> Units:
    """Households: position (building, floor, room), floor area, occupancy and the latent ability and will to pay."""
    community = np.repeat(np.arange(len(comm.n_units)), comm.n_units)
    n = len(community)
    rank = np.arange(n) - comm.first_unit[community]
    nb = comm.buildings[community]
    building_no = rank % nb + 1
    rooms_per_floor = -(-comm.n_units[community] // nb)  # upper bound on units per building …
    floors = np.where(comm.elevator[community], 33, 8)
    rooms = np.maximum(-(-rooms_per_floor // floors), 1)  # … spread over floors
    slot = rank // nb
    age_bonus = 1.2 * (comm.built_year[community] - 1980)
    area = np.clip(rng.lognormal(np.log(60 + age_bonus), 0.35, n), 40.0, 180.0).round(2)
    occupancy = rng.choice(3, size=n, p=[0.68, 0.24, 0.08])
    refuser = rng.random(n) < 0.03
    moved_lo = (np.maximum(comm.built_year[community], 1995) - 1970) * 365.25
    moved_in = np.floor(moved_lo + rng.random(n) * (cal.starts[0] - 1 - moved_lo)).astype(np.int64)
    unknown = rng.random(n) < np.where(occupancy == VACANT, 0.4, 0.12)
    return Units(
        community=community, building=comm.first_building[community] + building_no - 1, building_no=building_no,
        floor=slot // rooms + 1, room=slot % rooms + 1, area=area, occupancy=occupancy,
        income=rng.normal(0.0, 1.0, n), willingness=rng.normal(0.0, 1.0, n) - 2.5 * refuser,
        moved_in=np.where(unknown, -1, moved_in),
    )  # fmt: skip


def draw_hidden(cfg: WorldConfig, cal: Calendar, rng: np.random.Generator) -> Hidden:
    """The latent world for a config."""
    firms = draw_firms(cfg.spec.firms, rng)
    communities = draw_communities(cfg, firms, rng)
    return Hidden(firms=firms, communities=communities, units=draw_units(communities, cal, rng))
