"""Response bodies of the lever reads: what would lower a unit's or a community's risk, and by how much."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

_UNIT_EXAMPLE: JsonDict = {
    "unit_id": "C0002-B01-0101", "community_id": "C0002", "as_of": "2025-07-01", "model_version": "3",
    "probability": 0.18,
    "levers": [{
        "lever": "close_overdue_repairs", "label_zh": "完成 2 项超时报修",
        "label_en": "closing the 2 overdue repair(s)",
        "changes": [{"feature": "repairs_unit_overdue", "before": 2.0, "after": 0.0}], "probability_after": 0.09,
    }],
}  # fmt: skip
_COMMUNITY_EXAMPLE: JsonDict = {
    "community_id": "C0002", "as_of": "2025-07-01", "model_version": "3", "expected_disputes": 4.9,
    "levers": [{
        "lever": "settle_arrears", "label_zh": "为全小区 476 笔欠费制定缴费计划",
        "label_en": "payment plans for the community's 476 unpaid bill(s)", "expected_disputes_after": 2.7,
        "units_affected": 84,
    }],
}  # fmt: skip


class LeverChange(BaseModel):
    feature: str
    before: float | None
    after: float | None


class UnitLever(BaseModel):
    lever: str = Field(description="The lever's code in the catalogue (docs/features.md).")
    label_zh: str
    label_en: str
    changes: list[LeverChange] = Field(description="The features the lever changes, before and after.")
    probability_after: float = Field(ge=0, le=1, description="The model's probability for the edited row.")


class UnitLevers(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_UNIT_EXAMPLE]})

    unit_id: str
    community_id: str
    as_of: date
    model_version: str
    probability: float = Field(ge=0, le=1)
    levers: list[UnitLever] = Field(description="Only levers that apply, the largest drop first.")


class CommunityLever(BaseModel):
    lever: str
    label_zh: str
    label_en: str
    expected_disputes_after: float = Field(ge=0)
    units_affected: int = Field(ge=0, description="Units whose own records the lever changes.")


class CommunityLevers(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_COMMUNITY_EXAMPLE]})

    community_id: str
    as_of: date
    model_version: str
    expected_disputes: float = Field(ge=0)
    levers: list[CommunityLever]
