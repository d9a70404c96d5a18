"""Response bodies of the reads: health, the model, unit and community risk, the queue."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from data.local_time import LocalTime
from models.bands import Band
from serving.examples import (
    COMMUNITY_EXAMPLE,
    MODEL_EXAMPLE,
    QUEUE_EXAMPLE,
    REASON_EXAMPLE,
    UNIT_EXAMPLE,
)


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Readiness(BaseModel):
    status: str = Field(examples=["ready"])
    model_version: str = Field(examples=["3"])
    store: str = Field(examples=["ok"])


class Reason(BaseModel):
    """One feature family that pushed the risk up, in zh-CN and English."""

    model_config = ConfigDict(json_schema_extra={"examples": [REASON_EXAMPLE]})

    family: str
    contribution: float = Field(description="Contribution to the log-odds of a dispute.")
    zh: str
    en: str


class ModelInfo(BaseModel):
    model_config = ConfigDict(protected_namespaces=(), json_schema_extra={"examples": [MODEL_EXAMPLE]})

    name: str
    version: str
    run_id: str | None
    horizon_days: int
    features: list[str]
    band_thresholds: dict[str, float]
    test_metrics: dict[str, float]
    data_as_of: date | None = Field(description="As-of date of the latest scoring run, if any.")
    scored_at: LocalTime | None
    scored_by_version: str | None = Field(description="Model version that produced the latest scores.")
    loaded_at: LocalTime


class ScoreChange(BaseModel):
    previous_probability: float
    previous_band: Band
    previous_as_of: date
    delta: float = Field(description="probability − previous_probability")


class UnitRisk(BaseModel):
    model_config = ConfigDict(protected_namespaces=(), json_schema_extra={"examples": [UNIT_EXAMPLE]})

    unit_id: str
    community_id: str
    subdistrict: str
    as_of: date
    probability: float = Field(ge=0, le=1)
    band: Band
    reasons: list[Reason]
    model_version: str
    scored_at: LocalTime
    change: ScoreChange | None = Field(description="Against this unit's previous scoring run; null on its first.")


class Driver(BaseModel):
    family: str
    units: int = Field(description="Units of the community with this family among their top reasons.")
    contribution: float = Field(description="Summed contribution over those units.")
    zh: str
    en: str


class BandCounts(BaseModel):
    low: int
    medium: int
    high: int
    critical: int


class CommunityRisk(BaseModel):
    model_config = ConfigDict(protected_namespaces=(), json_schema_extra={"examples": [COMMUNITY_EXAMPLE]})

    community_id: str
    name: str
    subdistrict: str
    as_of: date
    horizon_days: int
    units: int
    expected_disputes: float = Field(description="Σp: expected disputes within the horizon.")
    p_at_least_one: float = Field(ge=0, le=1, description="1 − Π(1 − p)")
    bands: BandCounts
    top_drivers: list[Driver]
    model_version: str
    scored_at: LocalTime
    previous_expected_disputes: float | None


class TopLever(BaseModel):
    """The lever with the largest drop for a queued unit (the model's prediction under the change)."""

    lever: str
    label_zh: str
    label_en: str
    probability_after: float = Field(ge=0, le=1)


class QueueItem(BaseModel):
    rank: int
    unit_id: str
    community_id: str
    community_name: str
    subdistrict: str
    probability: float
    band: Band
    reasons: list[Reason]
    top_lever: TopLever | None = None


class Capacity(BaseModel):
    """What K visits reach: the top K units' share of the scope's expected disputes within the horizon."""

    capacity: int = Field(description="K, the visits asked for.")
    units: int = Field(description="Units in the top K (fewer when the scope holds fewer).")
    expected_disputes: float = Field(description="Σp over the top K: the disputes they are expected to hold.")
    scope_expected_disputes: float = Field(description="Σp over every unit of the filtered queue.")
    share: float = Field(ge=0, le=1, description="expected_disputes / scope_expected_disputes.")
    horizon_days: int


class Queue(BaseModel):
    model_config = ConfigDict(protected_namespaces=(), json_schema_extra={"examples": [QUEUE_EXAMPLE]})

    as_of: date | None
    model_version: str | None
    total: int = Field(description="Units matching the filters, before limit and offset.")
    limit: int
    offset: int
    items: list[QueueItem]
    capacity: Capacity | None = Field(None, description="With `capacity=K`: what the top K hold.")
