"""Bodies of the writes and actions: outreach, what-if scoring, uploads and reload.

The /v1/score request rows are derived from the serving model: see row_schema.py.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from data.contract import LOCAL_TZ
from serving.examples import INGEST_EXAMPLE, OUTREACH_EXAMPLE
from serving.schemas import Band, LocalTime, Reason


class OutreachStatus(StrEnum):
    contacted = "contacted"
    mediating = "mediating"
    resolved = "resolved"
    declined = "declined"


class OutreachIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [OUTREACH_EXAMPLE]})

    status: OutreachStatus
    note: str = Field(default="", max_length=4000)
    at: datetime | None = Field(default=None, description="When it happened (default: now); naive = local time.")

    @field_validator("at")
    @classmethod
    def _as_local_time(cls, value: datetime | None) -> datetime | None:
        """Aware timestamps become naive local time (Asia/Shanghai), as every time the service stores."""
        if value is None or value.tzinfo is None:
            return value
        try:
            return value.astimezone(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)
        except OverflowError as error:
            raise ValueError("the timestamp is out of range") from error


class OutreachOut(BaseModel):
    outreach_id: int
    unit_id: str
    status: OutreachStatus
    note: str
    occurred_at: LocalTime
    recorded_at: LocalTime
    recorded_by: str


class ScoreResult(BaseModel):
    probability: float
    band: Band
    reasons: list[Reason]


class ScoreResponse(BaseModel):
    model_config = ConfigDict(protected_namespaces=())

    model_version: str
    results: list[ScoreResult]


class IngestResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [INGEST_EXAMPLE]})

    table: str
    rows: int
    notes: list[str]


class ReloadResult(BaseModel):
    model_config = ConfigDict(protected_namespaces=())

    model_version: str
    previous_version: str | None
    changed: bool
