"""What the transparency pages publish: the indicators, their kinds, and how each compares with the district.

Kinds say how a figure is disclosed (see privacy.py): `count` figures are counts of cases; `share`,
`days`, `score` and `per100` figures are derived from a count of cases (their base); `money`, `price` and
`months` figures describe the firm's accounts and are never about a small group of people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from features.config import FeatureConfig

Kind = Literal["count", "share", "days", "score", "per100", "money", "price", "months"]
KINDS: tuple[Kind, ...] = ("count", "share", "days", "score", "per100", "money", "price", "months")


@dataclass(frozen=True)
class Comparison:
    """How an indicator compares with the district median.

    `direction` is +1 when a higher value is better for owners and -1 when a lower one is. A value within
    `tolerance` of the median is "about the same": a fraction of the median when `relative`, else an absolute
    difference in the indicator's own unit (0.05 of a share is 5 percentage points).
    """

    direction: Literal[-1, 1]
    tolerance: float
    relative: bool


@dataclass(frozen=True)
class Indicator:
    """One published per-community figure."""

    name: str
    kind: Kind
    comparison: Comparison | None = None


_REL = Comparison(direction=-1, tolerance=0.15, relative=True)  # lower is better, ±15% of the median
_SHARE = Comparison(direction=1, tolerance=0.05, relative=False)  # higher is better, ±5 percentage points

INDICATORS: tuple[Indicator, ...] = (
    # Lower is better for the fee rate: it is what owners pay, and says nothing about the service level.
    Indicator("fee_rate", "price", Comparison(direction=-1, tolerance=0.10, relative=True)),
    Indicator("collection_rate", "share", _SHARE),
    Indicator("fee_income", "money"),
    Indicator("service_expense", "money"),
    Indicator("fund_income", "money"),
    Indicator("fund_spent", "money"),
    Indicator("fund_balance", "money"),
    Indicator("common_revenue", "money"),
    Indicator("common_revenue_to_owners", "money"),
    Indicator("owners_revenue_share", "share", _SHARE),
    Indicator("ledger_months", "months"),
    Indicator("complaints", "count"),
    Indicator("complaints_per100", "per100", _REL),
    Indicator("complaint_resolved_share", "share", _SHARE),
    Indicator("complaint_resolution_days", "days", _REL),
    Indicator("complaint_satisfaction", "score", Comparison(direction=1, tolerance=0.2, relative=False)),
    Indicator("repairs", "count"),
    Indicator("repair_response_days", "days"),
    Indicator("repair_completion_days", "days", _REL),
    Indicator("repair_within_service_level", "share", _SHARE),
    Indicator("elevator_outages", "count"),
    Indicator("elevator_outages_per100", "per100", _REL),
    Indicator("disputes", "count"),
    Indicator("disputes_per100", "per100", _REL),
    Indicator("mediation_share", "share", _SHARE),
)
INDICATOR_BY_NAME: dict[str, Indicator] = {indicator.name: indicator for indicator in INDICATORS}

# Breakdowns: a figure per key (a month, a category, a kind or a venue).
BREAKDOWNS: dict[str, Kind] = {
    "collection_by_month": "share",
    "complaints_by_category": "count",
    "disputes_by_kind": "count",
    "disputes_by_venue": "count",
}


class TransparencyConfig(BaseModel):
    """Parameters of the transparency figures: the window, the disclosure threshold and the service levels."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    window_months: int = Field(default=12, gt=0, le=36)
    min_count: int = Field(default=5, gt=0, description="Counts below this are shown as '<min_count'.")
    features: FeatureConfig = Field(default_factory=FeatureConfig)

    @property
    def service_level_days(self) -> dict[str, int]:
        """Days a repair of each category may take (the feature configuration's service levels)."""
        return self.features.repair_service_level_days
