"""generate_world: the hidden world, the month loop, then the contract tables and the ground truth."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.contract import TABLES
from data.synth.bills import bills_frame
from data.synth.calendar import build_calendar
from data.synth.config import WorldConfig
from data.synth.dirty import FAULT_COLUMNS, inject_faults
from data.synth.events import Schedules, draw_schedules
from data.synth.ledger import ledger_amounts, ledger_frame
from data.synth.records import complaints_frame, disputes_frame, repairs_frame
from data.synth.registers import communities_frame, firms_frame, unit_ids, units_frame
from data.synth.simulate import Streams, simulate
from data.synth.truth import truth_frame
from data.synth.world import Hidden, draw_hidden

STREAMS = ("world", "schedules", "drift", "ledger", "dirty", *Streams.__dataclass_fields__)
"""Named random streams, spawned in this fixed order from the config's seed."""


@dataclass(frozen=True)
class World:
    """The contract tables (in TABLES order), the ground truth, the config, and any injected faults."""

    tables: dict[str, pd.DataFrame]
    truth: pd.DataFrame
    config: WorldConfig
    faults: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(FAULT_COLUMNS)))


def _streams(cfg: WorldConfig) -> dict[str, np.random.Generator]:
    return dict(zip(STREAMS, np.random.default_rng(cfg.seed).spawn(len(STREAMS)), strict=True))


def hidden_world(cfg: WorldConfig) -> tuple[Hidden, Schedules]:
    """The latent world and community schedules behind `generate_world(cfg)` (for diagnostics and tests)."""
    rngs = _streams(cfg)
    hidden = draw_hidden(cfg, build_calendar(cfg.start, cfg.n_months), rngs["world"])
    return hidden, draw_schedules(cfg, hidden, rngs["schedules"], rngs["drift"])


def generate_world(cfg: WorldConfig) -> World:
    """A synthetic Luohu world that follows the data contract, with p_true for every labelled unit-month."""
    rngs = _streams(cfg)
    cal = build_calendar(cfg.start, cfg.n_months)
    hidden = draw_hidden(cfg, cal, rngs["world"])
    schedules = draw_schedules(cfg, hidden, rngs["schedules"], rngs["drift"])
    streams = Streams(**{name: rngs[name] for name in Streams.__dataclass_fields__})
    history = simulate(hidden, schedules, cal, streams)
    ids, n_c = unit_ids(hidden), len(hidden.communities.firm)
    tables = {
        "firms": firms_frame(hidden),
        "communities": communities_frame(hidden, schedules),
        "units": units_frame(hidden, ids),
        "fee_bills": bills_frame(ids, history.due_cny, history.paid_day, cal),
        "complaints": complaints_frame(history.complaints, ids, n_c),
        "repair_orders": repairs_frame(history.repairs, ids, n_c),
        "disputes": disputes_frame(history.disputes, ids, n_c),
        "ledger": ledger_frame(ledger_amounts(hidden, schedules, history, cal, rngs["ledger"]), cal),
    }
    tables = {name: tables[name] for name in TABLES}
    truth = truth_frame(history.hazard, cal, ids)
    if cfg.dirty > 0:
        tables, faults = inject_faults(tables, cfg.dirty, rngs["dirty"])
        return World(tables=tables, truth=truth, config=cfg, faults=faults)
    return World(tables=tables, truth=truth, config=cfg)
