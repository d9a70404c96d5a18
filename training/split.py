"""Time split of monthly snapshots: train → validation → calibration → embargo → test."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel, ConfigDict


class SplitConfig(BaseModel):
    """Months per window. The embargo keeps training labels from reaching into the test window."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    test_months: int = 3
    calibration_months: int = 3
    validation_months: int = 3
    min_train_months: int = 3


@dataclass(frozen=True)
class TimeSplit:
    """As-of dates of each window, oldest first."""

    train: tuple[pd.Timestamp, ...]
    validation: tuple[pd.Timestamp, ...]
    calibration: tuple[pd.Timestamp, ...]
    test: tuple[pd.Timestamp, ...]

    def window_of(self, as_of: pd.Series) -> pd.Series:
        """Window name for each as-of date ('' for embargoed months)."""
        names = {d: name for name in ("train", "validation", "calibration", "test") for d in getattr(self, name)}
        return as_of.map(names).fillna("")

    def describe(self) -> dict[str, str]:
        return {
            name: f"{min(dates):%Y-%m}..{max(dates):%Y-%m} ({len(dates)} months)"
            for name in ("train", "validation", "calibration", "test")
            if (dates := getattr(self, name))
        }


def embargo_months(horizon_days: int) -> int:
    """As-of months to skip so every label before the test window resolves before it starts."""
    return max(0, math.ceil(horizon_days / 30) - 1)


def time_split(as_of_dates: list[pd.Timestamp], horizon_days: int, cfg: SplitConfig) -> TimeSplit:
    """Assign labelled as-of months to windows, latest months to test."""
    dates = sorted(set(as_of_dates))
    gap = embargo_months(horizon_days)
    needed = cfg.test_months + gap + cfg.calibration_months + cfg.validation_months + cfg.min_train_months
    if len(dates) < needed:
        raise ValueError(
            f"need at least {needed} labelled monthly snapshots for a time split "
            f"(test {cfg.test_months}, embargo {gap}, calibration {cfg.calibration_months}, "
            f"validation {cfg.validation_months}, train ≥ {cfg.min_train_months}); the data gives {len(dates)}"
        )
    test = dates[-cfg.test_months :]
    rest = dates[: -(cfg.test_months + gap)] if gap else dates[: -cfg.test_months]
    calibration = rest[-cfg.calibration_months :]
    rest = rest[: -cfg.calibration_months]
    validation = rest[-cfg.validation_months :]
    train = rest[: -cfg.validation_months]
    return TimeSplit(tuple(train), tuple(validation), tuple(calibration), tuple(test))
