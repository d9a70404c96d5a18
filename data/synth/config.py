"""The generator's typed configuration and the size of each scale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field, field_validator, model_validator

DRIFT_MONTHS = 6
"""Drift scenarios change only the world's last six months."""
BURN_IN = 36
"""Default months simulated before the published window (at least 24; 0 only to study the cold start)."""


@dataclass(frozen=True)
class ScaleSpec:
    """How big a world is: firms, communities, units and default months of history."""

    firms: int
    communities: int
    units: int
    months: int


SCALES: dict[str, ScaleSpec] = {
    "small": ScaleSpec(firms=4, communities=20, units=6_000, months=24),
    "district": ScaleSpec(firms=12, communities=100, units=40_000, months=36),
    "luohu": ScaleSpec(firms=12, communities=1_000, units=400_000, months=36),
}


class WorldConfig(BaseModel, strict=True, frozen=True, extra="forbid"):
    """What world to generate; the same config always gives the same world."""

    scale: Literal["small", "district", "luohu"] = "district"
    seed: int = 7
    months: int | None = Field(default=None, ge=4, le=120)
    start: str = "2023-01"
    drift: Literal["none", "fee_hike", "service_collapse"] = "none"
    dirty: float = Field(default=0.0, ge=0.0, le=0.2)
    burn_in: int = Field(default=BURN_IN, ge=0, le=120)
    """Months simulated before `start` and not written, so the published window starts in steady state."""
    vary: int | None = Field(default=None, ge=0)
    """Draw the generator's mechanisms from this seed (data.synth.varied); None keeps the documented ones."""

    @field_validator("start")
    @classmethod
    def _start_is_a_month(cls, value: str) -> str:
        if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", value):
            raise ValueError(f"start must be a month YYYY-MM, got {value!r}")
        return value

    @model_validator(mode="after")
    def _room_for_drift(self) -> WorldConfig:
        if self.drift != "none" and self.n_months <= DRIFT_MONTHS:
            raise ValueError(f"drift needs more than {DRIFT_MONTHS} months of history")
        return self

    @property
    def spec(self) -> ScaleSpec:
        """The scale's sizes."""
        return SCALES[self.scale]

    @property
    def simulated_start(self) -> str:
        """The first simulated month, `burn_in` months before `start` (YYYY-MM)."""
        return str(np.datetime64(self.start, "M") - self.burn_in)

    @property
    def n_months(self) -> int:
        """Months of history: the explicit value, else the scale's default."""
        return self.months if self.months is not None else self.spec.months
