"""Complaints: how often a unit and its community complain, what about, and how the firm answers.

A complaint is known from created_at. One resolved after t was open at t, with its satisfaction unknown.
Community figures count every complaint of the community (common-area and anonymous ones included) per
100 units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from features.clock import DAY_NS, days_before
from features.config import FeatureConfig
from features.grouped import count_by, mean_by, median_by, per_units
from features.prepared import COMPLAINT_GROUPS, Prepared
from features.spec import Columns, FeatureSpec, family_specs

if TYPE_CHECKING:
    from features.partitions import Context

_SCOPES = {
    "unit": ("", "complaints", "the unit's"),
    "community": ("_per100", "per 100 units", "the community's"),
}


def _window_rows(cfg: FeatureConfig) -> list[tuple[str, str, str, int, str]]:
    rows = []
    for scope, (suffix, unit, whose) in _SCOPES.items():
        for days in cfg.complaint_windows_days:
            about = {"": ""} | {f"{g}_": f" about {g} ({', '.join(c)})" for g, c in COMPLAINT_GROUPS.items()}
            for prefix, topic in about.items():
                text = f"Count of {whose} complaints{topic} created in the {days} days up to t"
                per = ", per 100 units." if suffix else "."
                name = f"complaints_{scope}_{prefix}{days}d{suffix}"
                rows.append((name, f"{days} days", unit, 1, text + per))
    return rows


def specs(cfg: FeatureConfig) -> list[FeatureSpec]:
    """The complaint features for this configuration, in column order."""
    s = cfg.complaint_stats_days
    return family_specs("complaints", [
        *_window_rows(cfg),
        ("complaints_unit_open", "all history", "complaints", 1,
         "The unit's complaints created by t and not resolved by t."),
        ("complaints_community_open_per100", "all history", "per 100 units", 1,
         "The community's complaints open at t, per 100 units."),
        (f"complaints_community_resolution_days_{s}d", f"{s} days", "days", 1,
         f"Median days from creation to resolution over the community's complaints resolved in the {s} days "
         "up to t; NaN when none was."),
        ("complaints_unit_satisfaction", "all history", "score 1–5", -1,
         "Mean satisfaction (1–5) of the unit's complaints resolved by t; NaN when none was rated."),
        (f"complaints_community_satisfaction_{s}d", f"{s} days", "score 1–5", -1,
         f"Mean satisfaction (1–5) of the community's complaints resolved in the {s} days up to t."),
        (f"complaints_unit_12345_{s}d", f"{s} days", "complaints", 1,
         f"The unit's complaints made through the 12345 government hotline in the {s} days up to t."),
        (f"complaints_community_12345_{s}d_per100", f"{s} days", "per 100 units", 1,
         f"The community's 12345 hotline complaints in the {s} days up to t, per 100 units."),
    ])  # fmt: skip


def _both(prep: Prepared, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: the unit's own count and its community's count per 100 units."""
    c, index = prep.complaints, prep.index
    community = per_units(count_by(c["community"], index.n_communities, mask), index.community_units)
    return count_by(c["unit"], index.n_units, mask), community[index.community]


def _window_counts(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig) -> Columns:
    c, t = prep.complaints, int(as_of.value)
    unit_cols, community_cols = {}, {}
    for days in cfg.complaint_windows_days:
        recent = (c["created"] > days_before(as_of, days)) & (c["created"] <= t)
        masks = {"": recent} | {f"{g}_": recent & (c["group"] == i) for i, g in enumerate(COMPLAINT_GROUPS)}
        for prefix, mask in masks.items():
            unit, community = _both(prep, mask)
            unit_cols[f"complaints_unit_{prefix}{days}d"] = unit
            community_cols[f"complaints_community_{prefix}{days}d_per100"] = community
    return unit_cols | community_cols


def _answers(prep: Prepared, as_of: pd.Timestamp, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per unit: community median resolution days, unit mean satisfaction, community mean satisfaction."""
    c, index, t = prep.complaints, prep.index, int(as_of.value)
    resolved = c["resolved"] <= t
    recent = resolved & (c["resolved"] > days_before(as_of, days))
    took = (c["resolved"] - c["created"]) / DAY_NS
    median = median_by(c["community"], took, index.n_communities, recent)[index.community]
    unit_score = mean_by(c["unit"], c["satisfaction"], index.n_units, resolved)
    community_score = mean_by(c["community"], c["satisfaction"], index.n_communities, recent)[index.community]
    return median, unit_score, community_score


def compute(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> Columns:
    """Complaint features per unit at `as_of`."""
    c, t, s = prep.complaints, int(as_of.value), cfg.complaint_stats_days
    unit_open, community_open = _both(prep, (c["created"] <= t) & (c["resolved"] > t))
    median, unit_score, community_score = _answers(prep, as_of, s)
    gov = c["gov"] & (c["created"] > days_before(as_of, s)) & (c["created"] <= t)
    gov_unit, gov_community = _both(prep, gov)
    return _window_counts(prep, as_of, cfg) | {
        "complaints_unit_open": unit_open,
        "complaints_community_open_per100": community_open,
        f"complaints_community_resolution_days_{s}d": median,
        "complaints_unit_satisfaction": unit_score,
        f"complaints_community_satisfaction_{s}d": community_score,
        f"complaints_unit_12345_{s}d": gov_unit,
        f"complaints_community_12345_{s}d_per100": gov_community,
    }
