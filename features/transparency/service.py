"""How the firm handles complaints and repairs within the window, per community.

Complaints: those made in the window, by category, the share of them resolved by the as-of date, and over those
resolved in the window the median days to resolve and the mean satisfaction (1–5) of the rated ones.
Repairs: orders reported in the window; over orders completed in the window the median days from report to
completion; the share done within the service level, over orders reported in the window whose outcome is known
(completed, or still open past the service level); elevator orders, each an outage. The contract has no time of
a firm's first response to an order, so the days to respond are published as not available.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.contract import COMPLAINT_CATEGORIES
from data.dataset import Dataset
from features.transparency.rows import (
    Window,
    breakdown_rows,
    count_by_community,
    crosstab_by_community,
    median_days,
    per_hundred,
    scalar_rows,
    share_rows,
)
from features.transparency.spec import TransparencyConfig

SATISFACTION_SCALE = (1, 5)  # the contract's satisfaction ratings


def complaint_rows(cut: Dataset, window: Window, ids: pd.Index, units: pd.Series) -> list[pd.DataFrame]:
    """Counts, categories, resolution share and days, and satisfaction of the community's complaints."""
    complaints = cut["complaints"]
    made = window.holds(complaints["created_at"])
    total = count_by_community(complaints, made, ids)
    resolved_of_made = count_by_community(complaints, made & complaints["resolved_at"].notna().to_numpy(bool), ids)
    closed = complaints.loc[window.holds(complaints["resolved_at"])]
    days, resolved = median_days(closed["created_at"], closed["resolved_at"], closed["community_id"], ids)
    return [
        scalar_rows("complaints", "count", total),
        scalar_rows("complaints_per100", "per100", per_hundred(total, units), total),
        share_rows("complaint_resolved_share", resolved_of_made, total),
        scalar_rows("complaint_resolution_days", "days", days, resolved),
        _satisfaction_rows(closed, ids),
        breakdown_rows(
            "complaints_by_category", "count",
            crosstab_by_community(complaints, made, "category", COMPLAINT_CATEGORIES, ids),
        ),
    ]  # fmt: skip


def _satisfaction_rows(closed: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """The mean rating of the rated complaints, with the points above the scale's bottom and below its top: a mean
    a few points from either end says how few raters gave anything but the top (or bottom) mark."""
    rated = closed[closed["satisfaction"].notna()]
    scores = rated["satisfaction"].astype(float).groupby(rated["community_id"].astype(object))
    low, high = SATISFACTION_SCALE
    size, total = scores.size().reindex(ids), scores.sum().reindex(ids)
    sides = (total - low * size, high * size - total)
    return scalar_rows("complaint_satisfaction", "score", scores.mean().reindex(ids), size, sides)


def _service_levels(orders: pd.DataFrame, cfg: TransparencyConfig) -> pd.Series:
    """Each order's service level as a duration."""
    days = orders["category"].astype(object).map(cfg.service_level_days).astype(float)
    return pd.to_timedelta(days, unit="D")


def _within_service_level(
    orders: pd.DataFrame, window: Window, cfg: TransparencyConfig, ids: pd.Index
) -> tuple[pd.Series, pd.Series]:
    """Per community: orders done within their service level, and orders whose outcome is known."""
    reported = orders.loc[window.holds(orders["reported_at"])]
    level = _service_levels(reported, cfg)
    took = reported["completed_at"] - reported["reported_at"]
    done = reported["completed_at"].notna()
    overdue_open = ~done & (window.end - reported["reported_at"] > level)
    within = (done & (took <= level)).to_numpy(bool)
    known = (done | overdue_open).to_numpy(bool)
    return count_by_community(reported, within, ids), count_by_community(reported, known, ids)


def repair_rows(
    cut: Dataset, window: Window, ids: pd.Index, units: pd.Series, cfg: TransparencyConfig
) -> list[pd.DataFrame]:
    """Order counts, completion days, the share within the service level and elevator outages."""
    orders = cut["repair_orders"]
    reported = window.holds(orders["reported_at"])
    done = orders.loc[window.holds(orders["completed_at"])]
    days, completed = median_days(done["reported_at"], done["completed_at"], done["community_id"], ids)
    within, known = _within_service_level(orders, window, cfg, ids)
    lifts = count_by_community(orders, reported & (orders["category"] == "elevator").to_numpy(bool), ids)
    unknown = pd.Series(np.nan, index=ids)
    return [
        scalar_rows("repairs", "count", count_by_community(orders, reported, ids)),
        scalar_rows("repair_response_days", "days", unknown, unknown),
        scalar_rows("repair_completion_days", "days", days, completed),
        share_rows("repair_within_service_level", within, known),
        scalar_rows("elevator_outages", "count", lifts),
        scalar_rows("elevator_outages_per100", "per100", per_hundred(lifts, units), lifts),
    ]
