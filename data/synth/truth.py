"""Ground truth: p_true = P(y(u, t) = 1 | the hidden state at t), for every labelled as-of date.

A household files at most one dispute in month k, with probability h(u, k) computed from its state at the start of
month k, on a uniformly drawn day. The label window (t, t + 90 days] therefore covers a fraction f_k of each month
k it touches (t is 00:00 and nobody files at midnight). From the state at t the oracle knows h(u, m) for the month
m that starts at t exactly; later months' state is unknown at t, so it carries h(u, m) forward (a frozen-state
estimate):  p_true = 1 - prod_k (1 - h(u, m) * f_k).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from data.synth.calendar import Calendar
from data.synth.ids import days_to_dates, strings

HORIZON_DAYS = 90


def window_fractions(cal: Calendar, m: int, horizon: int = HORIZON_DAYS) -> np.ndarray:
    """Share of each month's days inside [start of month m, + horizon days)."""
    lo, hi = cal.starts[m], cal.starts[m] + horizon
    overlap = np.clip(np.minimum(cal.starts[1:], hi) - np.maximum(cal.starts[:-1], lo), 0, None)
    return overlap / cal.days


def labelled_months(cal: Calendar, horizon: int = HORIZON_DAYS) -> np.ndarray:
    """Months whose first day t has its whole window (t, t + horizon] inside the data."""
    return np.flatnonzero(cal.starts[:-1] + horizon <= cal.end)


def frozen_p_true(hazard: np.ndarray, cal: Calendar, m: int, horizon: int = HORIZON_DAYS) -> np.ndarray:
    """P(a dispute in the window from month m's start) when month m's hazard holds for the whole window."""
    survive = np.ones(len(hazard))
    fractions = window_fractions(cal, m, horizon)
    for f in fractions[fractions > 0]:  # the (at most four) months the window touches
        survive *= 1.0 - hazard * f
    return 1.0 - survive


def p_true(hazard: np.ndarray, cal: Calendar, horizon: int = HORIZON_DAYS) -> np.ndarray:
    """(labelled months, units) probabilities from the (months, units) hazard matrix."""
    months = labelled_months(cal, horizon)
    out = np.empty((len(months), hazard.shape[1]))
    for i, m in enumerate(months):  # one pass per as-of month
        out[i] = frozen_p_true(hazard[m], cal, m, horizon)
    return out


def truth_frame(hazard: np.ndarray, cal: Calendar, unit_ids: pa.Array) -> pd.DataFrame:
    """unit_id, as_of (00:00 local on the month's first day), p_true: as-of by as-of, units in order."""
    probabilities = p_true(hazard, cal)
    months, n = probabilities.shape
    as_of = cal.starts[labelled_months(cal)]
    return pd.DataFrame({
        "unit_id": strings(unit_ids, np.tile(np.arange(n), months)),
        "as_of": days_to_dates(np.repeat(as_of, n)),
        "p_true": probabilities.ravel(),
    })  # fmt: skip
