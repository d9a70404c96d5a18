"""generate_world: the hidden world, the month loop, then the contract tables and the ground truth."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from data.contract import TABLES
from data.synth.bills import bills_frame
from data.synth.calendar import Calendar, build_calendar
from data.synth.config import WorldConfig
from data.synth.dirty import FAULT_COLUMNS, inject_faults
from data.synth.events import Schedules, draw_schedules
from data.synth.ledger import ledger_amounts, ledger_frame
from data.synth.mechanisms import DEFAULT_MECHANISMS, Mechanisms
from data.synth.records import complaints_frame, disputes_frame, outreach_frame, repairs_frame
from data.synth.registers import communities_frame, firms_frame, unit_ids, units_frame
from data.synth.simulate import Policy, published, simulate
from data.synth.truth import truth_frame
from data.synth.varied import mechanisms_for
from data.synth.visible import Visits, as_policy
from data.synth.world import Hidden, draw_hidden

STREAMS = ("world", "schedules", "drift", "ledger", "dirty", "months")
"""Named seed sequences, spawned in this fixed order from the config's seed; `months` keys the month loop."""


@dataclass(frozen=True)
class World:
    """The contract tables (in TABLES order), the ground truth, the config, injected faults, any visits, and the
    hidden mechanisms the world was simulated with."""

    tables: dict[str, pd.DataFrame]
    truth: pd.DataFrame
    config: WorldConfig
    faults: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(FAULT_COLUMNS)))
    outreach: pd.DataFrame | None = None
    expected_disputes: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Per published month, the unit disputes the hidden hazards expect (Σ over units of h(u, m)): what a policy's
    effect is measured on without the noise of which households happened to file."""
    mechanisms: Mechanisms = DEFAULT_MECHANISMS


def _seeds(cfg: WorldConfig) -> dict[str, np.random.SeedSequence]:
    return dict(zip(STREAMS, np.random.SeedSequence(cfg.seed).spawn(len(STREAMS)), strict=True))


def hidden_world(cfg: WorldConfig) -> tuple[Hidden, Schedules]:
    """The latent world and community schedules behind `generate_world(cfg)`, schedules cut to the published months."""
    hidden, schedules = _hidden_and_schedules(cfg)
    return hidden, schedules.window(cfg.burn_in)


def _hidden_and_schedules(cfg: WorldConfig) -> tuple[Hidden, Schedules]:
    """The latent world and the schedules of every simulated month, burn-in first."""
    seeds = _seeds(cfg)
    hidden = draw_hidden(cfg, build_calendar(cfg.start, cfg.n_months), np.random.default_rng(seeds["world"]))
    rng = {name: np.random.default_rng(seeds[name]) for name in ("schedules", "drift")}
    return hidden, draw_schedules(cfg, hidden, rng["schedules"], rng["drift"])


def generate_world(cfg: WorldConfig, visits: Visits = None) -> World:
    """A synthetic Luohu world that follows the data contract, with p_true for every labelled unit-month.

    `visits` (see data.synth.visible) sends a mediator to households; without it the world is the default one.
    """
    return run_world(cfg, lambda window, ids: as_policy(visits, window, ids))


PolicyFor = Callable[[Calendar, pa.Array], Policy | None]
"""Builds the month loop's policy from the published calendar and the unit ids."""


def run_world(cfg: WorldConfig, policy_for: PolicyFor) -> World:
    """generate_world with a policy that sees the loop itself (for diagnostics such as counterfactual p_true)."""
    seeds = _seeds(cfg)
    cal = build_calendar(cfg.simulated_start, cfg.burn_in + cfg.n_months)
    window = published(cal, cfg.burn_in)
    hidden, schedules = _hidden_and_schedules(cfg)
    ids, n_c = unit_ids(hidden), len(hidden.communities.firm)
    policy = policy_for(window, ids)
    history = simulate(hidden, schedules, cal, cfg.burn_in, seeds["months"], policy, mechanisms_for(cfg))
    rng = np.random.default_rng(seeds["ledger"])
    tables = {
        "firms": firms_frame(hidden),
        "communities": communities_frame(hidden, schedules),
        "units": units_frame(hidden, ids),
        "fee_bills": bills_frame(ids, history.due_cny, history.paid_day, window),
        "complaints": complaints_frame(history.complaints, ids, n_c),
        "repair_orders": repairs_frame(history.repairs, ids, n_c),
        "disputes": disputes_frame(history.disputes, ids, n_c),
        "ledger": ledger_frame(ledger_amounts(hidden, schedules, history, window, cfg.burn_in, rng), window),
    }
    tables = {name: tables[name] for name in TABLES}
    truth = truth_frame(history.hazard, window, ids)
    outreach = outreach_frame(history.visits, ids) if history.visits else None
    faults = pd.DataFrame(columns=list(FAULT_COLUMNS))
    if cfg.dirty > 0:
        tables, faults = inject_faults(tables, cfg.dirty, np.random.default_rng(seeds["dirty"]))
    expected = history.hazard.sum(axis=1)
    return World(
        tables=tables, truth=truth, config=cfg, faults=faults, outreach=outreach, expected_disputes=expected,
        mechanisms=history.mechanisms,
    )  # fmt: skip
