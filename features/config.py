"""Typed parameters of the unit features: windows, service levels and caps."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from data.contract import REPAIR_CATEGORIES

# Days a firm may take to complete a repair of each category before the order counts as overdue.
# Elevators and fire safety touch safety and daily access; roofs and facades need contractors and scaffolding.
DEFAULT_SERVICE_LEVEL_DAYS: dict[str, int] = {
    "elevator": 2,
    "water_leak": 3,
    "plumbing": 5,
    "electrical": 3,
    "door_access": 3,
    "roof": 14,
    "facade": 30,
    "fire_safety": 2,
    "other": 7,
}


class FeatureConfig(BaseModel):
    """Experiment parameters of the unit features; feature names and the catalogue follow these values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    late_share_months: tuple[int, int, int] = (3, 6, 12)
    complaint_windows_days: tuple[int, int, int] = (30, 90, 365)
    complaint_stats_days: int = Field(default=365, gt=0)
    repair_completion_days: int = Field(default=180, gt=0)
    elevator_outage_days: int = Field(default=90, gt=0)
    repair_service_level_days: dict[str, int] = Field(default_factory=DEFAULT_SERVICE_LEVEL_DAYS.copy)
    fee_change_months: int = Field(default=12, gt=0)
    history_days: int = Field(default=365, gt=0)
    days_since_cap: int = Field(default=3650, gt=0)
    firm_rate_months: int = Field(default=12, gt=0)
    ledger_months: int = Field(default=12, gt=0)

    @field_validator("late_share_months", "complaint_windows_days")
    @classmethod
    def _increasing(cls, value: tuple[int, int, int]) -> tuple[int, int, int]:
        if not 0 < value[0] < value[1] < value[2]:
            raise ValueError(f"windows must be positive and strictly increasing, got {value}")
        return value

    @field_validator("repair_service_level_days")
    @classmethod
    def _every_category(cls, value: dict[str, int]) -> dict[str, int]:
        if set(value) != set(REPAIR_CATEGORIES):
            raise ValueError(f"service levels must name exactly the repair categories {REPAIR_CATEGORIES}")
        if any(days <= 0 for days in value.values()):
            raise ValueError("service levels must be positive numbers of days")
        return value
