"""What the transparency pages publish: the indicators, their kinds, and how each compares with the district.

Kinds say how a figure is disclosed (see privacy.py): `count` figures are counts of cases; `share`,
`days`, `score` and `per100` figures are derived from a count of cases (their base); `money`, `price` and
`months` figures describe the firm's accounts and are never about a small group of people. The relations between
figures that a reader could combine (a total and its parts, a rate per 100 units and its count, the months of a
12-month rate) are stated here too, for the disclosure step to protect.
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

# Decimal places a figure is published with, as its page shows it ("92.3%" is a share to 3 places).
DECIMALS: dict[Kind, int] = {
    "count": 0, "months": 0, "money": 0, "share": 3, "price": 2, "days": 1, "score": 1, "per100": 1,
}  # fmt: skip

# Counts that add up to a total: each breakdown is a partition of its total. The elevator outages are the elevator
# orders among the repairs; the other repairs, never published, are the rest of that total.
PARTITIONS: dict[str, str] = {
    "complaints_by_category": "complaints",
    "disputes_by_kind": "disputes",
    "disputes_by_venue": "disputes",
    "elevator_outages": "repairs",
}
UNPUBLISHED_REST: frozenset[str] = frozenset({"elevator_outages"})

# Rates per 100 units and the count each is made of: the number of units turns one into the other.
PER_HUNDRED_OF: dict[str, str] = {
    "complaints_per100": "complaints",
    "elevator_outages_per100": "elevator_outages",
    "disputes_per100": "disputes",
}

# Monthly shares whose billed-amount-weighted mean is a published 12-month share.
SERIES: dict[str, str] = {"collection_by_month": "collection_rate"}


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
