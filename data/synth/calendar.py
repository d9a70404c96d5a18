"""The months a world spans, as day numbers, with the Spring Festival's weight in each month."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPRING_FESTIVAL = {
    2015: "2015-02-19", 2016: "2016-02-08", 2017: "2017-01-28", 2018: "2018-02-16", 2019: "2019-02-05",
    2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
    2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13",
    2030: "2030-02-03", 2031: "2031-01-23", 2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19",
}  # fmt: skip
"""Lunar New Year's day; other years fall back to 5 February."""

FESTIVAL_BEFORE, FESTIVAL_AFTER = 7, 14
"""The holiday season: a week before New Year's day to two weeks after."""

DUE_DAY = 15
"""Bills fall due on the 15th of their month."""


@dataclass(frozen=True)
class Calendar:
    """Month boundaries as day numbers since 1970-01-01; `starts` has one more entry, the data end."""

    starts: np.ndarray
    festival: np.ndarray

    @property
    def months(self) -> int:
        return len(self.starts) - 1

    @property
    def days(self) -> np.ndarray:
        """Days in each month."""
        return np.diff(self.starts)

    @property
    def end(self) -> int:
        """The first day after the data: every record happens before it."""
        return int(self.starts[-1])

    def periods(self) -> list[str]:
        """'YYYY-MM' of each month."""
        return [str(d)[:7] for d in self.starts[:-1].astype("datetime64[D]")]

    def month_of_year(self) -> np.ndarray:
        """1..12 for each month."""
        return self.starts[:-1].astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12 + 1

    def month_of_day(self, day: np.ndarray) -> np.ndarray:
        """Index of the month holding each day number (months for days at or after the end)."""
        return np.searchsorted(self.starts, day, side="right") - 1


def build_calendar(start: str, months: int) -> Calendar:
    """Month starts from `start` (YYYY-MM) for `months` months, and the festival weight of each."""
    first = np.datetime64(start, "M")
    starts = (first + np.arange(months + 1)).astype("datetime64[D]").astype(np.int64)
    return Calendar(starts=starts, festival=_festival_weight(starts))


def _festival_weight(starts: np.ndarray) -> np.ndarray:
    """Share of the three-week holiday season that falls in each month (0 when none)."""
    years = starts[:-1].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    weight = np.zeros(len(starts) - 1)
    for year in np.unique(years):  # one iteration per calendar year
        day = np.datetime64(SPRING_FESTIVAL.get(int(year), f"{year}-02-05"), "D").astype(np.int64)
        lo, hi = day - FESTIVAL_BEFORE, day + FESTIVAL_AFTER
        overlap = np.clip(np.minimum(starts[1:], hi) - np.maximum(starts[:-1], lo), 0, None)
        weight += overlap / (hi - lo)
    return weight
