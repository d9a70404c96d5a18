"""A small inline SVG line of a value across scoring runs, drawn on the server (no script)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 120.0, 32.0, 3.0


@dataclass(frozen=True)
class Sparkline:
    """The polyline's points in a WIDTH × HEIGHT box, the last point, and the range it spans."""

    points: str
    last_x: float
    last_y: float
    low: float
    high: float
    count: int

    width: float = WIDTH
    height: float = HEIGHT


def sparkline(values: Sequence[float], floor: float | None = 0.0) -> Sparkline | None:
    """The line through the values, oldest left; None for no values. `floor` pins the bottom (None: the minimum)."""
    if not values:
        return None
    low = min(values) if floor is None else min(floor, *values)
    high = max(values)
    span = high - low or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    xy = [(PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)) for i, v in enumerate(values)]
    if len(xy) == 1:  # one run: a flat stub so there is something to see
        xy = [(PAD, xy[0][1]), (WIDTH - PAD, xy[0][1])]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    return Sparkline(points, round(xy[-1][0], 1), round(xy[-1][1], 1), low, high, len(values))
