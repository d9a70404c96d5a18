"""The true p_true of households if the generator changed their visible state at an as-of date (for levers).

`p_true_if(cfg, month, units, clear_arrears=True)` replays the world to the start of published month `month`, then
scores the chosen households twice with the oracle's own hazard: as they are, and with the edit applied (arrears
paid, open complaints resolved, open repairs finished). Hidden traits stay as they are, and the rest of the world
is untouched, so the difference is the true effect of the lever on p_true at that date.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa

from data.synth.calendar import Calendar, build_calendar
from data.synth.config import WorldConfig
from data.synth.disputes import hazard
from data.synth.generation import run_world
from data.synth.outreach import Progress
from data.synth.simulate import Policy
from data.synth.state import Scene
from data.synth.truth import frozen_p_true, labelled_months
from data.synth.visible import UnitSelection, positions

LEVERS = {
    "clear_arrears": ("pool_n", "pool_cny", "carry_n", "carry_cny"),
    "resolve_complaints": ("open_complaints",),
    "finish_repairs": ("open_repairs",),
}
"""The running-state counters each lever sets to zero."""


def edited(scene: Scene, unit: np.ndarray, levers: list[str]) -> Scene:
    """The scene with the levers' counters of the chosen households set to zero (on copies of the arrays)."""
    changes: dict[str, np.ndarray] = {}
    for name in (name for lever in levers for name in LEVERS[lever]):
        values = getattr(scene.state, name).copy()
        values[unit] = 0
        changes[name] = values
    return replace(scene, state=replace(scene.state, **changes))


def p_true_if(
    cfg: WorldConfig, month: int, units: UnitSelection, *, clear_arrears: bool = False,
    resolve_complaints: bool = False, finish_repairs: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """unit_id, p_true (as in the truth file) and p_true_if (after the edit) at published month `month`'s start."""
    window = build_calendar(cfg.start, cfg.n_months)
    if month not in labelled_months(window):
        raise ValueError(f"month {month} has no complete 90-day window inside the data")
    wanted = {
        "clear_arrears": clear_arrears,
        "resolve_complaints": resolve_complaints,
        "finish_repairs": finish_repairs,
    }
    levers = [lever for lever, on in wanted.items() if on]
    found: dict[str, np.ndarray] = {}

    def probe(progress: Progress) -> np.ndarray:
        if progress.month == month:
            after = edited(progress.scene, found["unit"], levers)
            found["before"], found["after"] = hazard(progress.scene)[found["unit"]], hazard(after)[found["unit"]]
        return np.zeros(0, np.int64)

    def policy_for(_: Calendar, ids: pa.Array) -> Policy:
        found["ids"] = ids.to_numpy(zero_copy_only=False)
        found["unit"] = positions(units, pd.Index(found["ids"]))
        return probe

    run_world(cfg, policy_for)
    return pd.DataFrame({
        "unit_id": found["ids"][found["unit"]],
        "p_true": frozen_p_true(found["before"], window, month),
        "p_true_if": frozen_p_true(found["after"], window, month),
    })  # fmt: skip
