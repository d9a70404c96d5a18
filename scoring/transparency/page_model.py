"""The language-neutral content of a community's transparency page (stored as JSON, served as JSON and HTML).

Codes stay codes (a complaint category, a band, a verdict); the HTML pages translate them. Every figure carries
its disclosure status: a count under 5 is shown as "<5" with no value; a figure that would let a count under 5 be
worked out (a share of fewer than 5 cases, or of all but fewer than 5, a cell that with the total would give away a
smaller one) and a figure the data does not hold show a dash and have no value either. Values are rounded as shown.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from data.local_time import LocalTime
from features.transparency.compare import Verdict
from features.transparency.privacy import Status
from features.transparency.spec import Kind
from models.bands import Band
from scoring.transparency.page_examples import PAGE_EXAMPLE


class Figure(BaseModel):
    """One published number."""

    value: float | None = Field(
        default=None, description="Rounded as shown (a share to 0.001, money to the yuan); null when not shown."
    )
    status: Status = Field(
        description="ok; suppressed (it would reveal a count under 5: shown '<5' for such a count, '—' otherwise); "
        "unavailable (not in the data)."
    )
    shown: str = Field(description='How the number is shown: "1,234", "92.3%", "¥56,700", "<5" or "—".')
    kind: Kind


class KeyedFigure(BaseModel):
    """One cell of a breakdown: a month ('YYYY-MM'), a category, a dispute kind or a venue."""

    key: str
    figure: Figure


class Identity(BaseModel):
    community_id: str
    name: str
    district: str
    subdistrict: str
    firm_id: str
    firm_name: str
    built_year: int | None
    has_owners_committee: bool
    fee_rate: Figure = Field(description="Published monthly service fee, CNY per m².")


class Fees(BaseModel):
    collection_rate: Figure = Field(description="Paid by the as-of date, of what the window's bills asked for.")
    collection_by_month: list[KeyedFigure]


class Accounts(BaseModel):
    fee_income: Figure
    service_expense: Figure
    fund_income: Figure
    fund_spent: Figure
    fund_balance: Figure = Field(description="Maintenance fund balance at the end of the latest disclosed month.")
    common_revenue: Figure
    common_revenue_to_owners: Figure
    owners_revenue_share: Figure
    ledger_months: Figure = Field(description="Months of the window with disclosed accounts.")


class Complaints(BaseModel):
    complaints: Figure
    complaints_per100: Figure
    complaint_resolved_share: Figure
    complaint_resolution_days: Figure
    complaint_satisfaction: Figure = Field(description="Mean rating 1–5 of the complaints resolved.")
    complaints_by_category: list[KeyedFigure]


class Repairs(BaseModel):
    repairs: Figure
    repair_response_days: Figure = Field(description="Not in data contract v1: always unavailable for now.")
    repair_completion_days: Figure
    repair_within_service_level: Figure
    elevator_outages: Figure
    elevator_outages_per100: Figure
    service_level_days: dict[str, int] = Field(description="Days a repair of each category may take.")


class Disputes(BaseModel):
    disputes: Figure
    disputes_per100: Figure
    mediation_share: Figure
    disputes_by_kind: list[KeyedFigure]
    disputes_by_venue: list[KeyedFigure]


class Driver(BaseModel):
    """A reason pushing the community's dispute risk up, in plain words."""

    family: str
    zh: str
    en: str


class Risk(BaseModel):
    """The community's dispute-risk band among the district's communities, from the latest scoring run."""

    band: Band | None = Field(default=None, description="Null before the first scoring run.")
    expected_per100: float | None = Field(default=None, description="Expected disputes per 100 units in the horizon.")
    horizon_days: int | None = None
    drivers: list[Driver] = Field(description="Up to three, strongest first.")


class Comparison(BaseModel):
    """One indicator against the district median."""

    indicator: str
    section: str
    value: Figure
    district_median: Figure
    verdict: Verdict | None = Field(
        default=None, description="Null when the community's figure is suppressed or missing."
    )
    higher_is_better: bool
    tolerance: float = Field(description='The band of "about the same" around the median.')
    relative: bool = Field(description="True: the tolerance is a fraction of the median; false: in the value's unit.")
    communities: int = Field(description="Communities of the district the median rests on.")


class TransparencyPage(BaseModel):
    """Everything a community's page shows."""

    model_config = ConfigDict(protected_namespaces=(), json_schema_extra={"examples": [PAGE_EXAMPLE]})

    community_id: str
    as_of: date = Field(description="Data as of this date (00:00 local time).")
    window_months: list[str] = Field(description="The closed months the figures cover, oldest first.")
    model_version: str | None = Field(description="Model version of the risk band; null before scoring.")
    computed_at: LocalTime
    missing_tables: list[str] = Field(description="Tables the firm did not supply; their figures are unavailable.")
    identity: Identity
    fees: Fees
    accounts: Accounts
    complaints: Complaints
    repairs: Repairs
    disputes: Disputes
    risk: Risk
    comparison: list[Comparison]


class OverviewRow(BaseModel):
    """A community's line in the district overview."""

    community_id: str
    name: str
    firm_name: str
    subdistrict: str
    fee_rate: Figure
    collection_rate: Figure
    complaint_resolved_share: Figure
    repair_completion_days: Figure
    band: Band | None


SortKey = Literal[
    "name", "firm", "subdistrict", "fee_rate", "collection_rate", "complaint_resolved_share",
    "repair_completion_days", "band",
]  # fmt: skip
