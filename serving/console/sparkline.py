"""A small inline SVG line of a value across scoring runs, drawn on the server (no script)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 120.0, 32.0, 3.0


@dataclass(frozen=True)
class Sparkline:
    """The polyline's points in a WIDTH × HEIGHT box, the last point, the range it spans, and each value's point."""

    points: str
    last_x: float
    last_y: float
    low: float
    high: float
    count: int

    width: float = WIDTH
    height: float = HEIGHT
    xy: tuple[tuple[float, float], ...] = ()  # one point per value (a single value's line is a stub of two)


def sparkline(values: Sequence[float], floor: float | None = 0.0) -> Sparkline | None:
    """The line through the values, oldest left; None for no values. `floor` pins the bottom (None: the minimum)."""
    if not values:
        return None
    low = min(values) if floor is None else min(floor, *values)
    high = max(values)
    span = high - low or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    each = [(PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)) for i, v in enumerate(values)]
    xy = each if len(each) > 1 else [(PAD, each[0][1]), (WIDTH - PAD, each[0][1])]  # one run: a flat stub
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    marks = tuple((round(x, 1), round(y, 1)) for x, y in (each if len(each) > 1 else xy[-1:]))
    return Sparkline(points, round(xy[-1][0], 1), round(xy[-1][1], 1), low, high, len(values), xy=marks)
