"""Reading a feature row's values and formatting them for reason sentences (shared by every family table)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

Row = Mapping[str, object]
Renderer = Callable[[Row], tuple[str, str] | None]


def num(row: Row, name: str) -> float | None:
    """The value as a float, or None when absent or NaN."""
    value = row.get(name)
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def count(n: float) -> str:
    return f"{round(n):,}"


def plural(n: float, word: str) -> str:
    """'1 complaint', '3 complaints'."""
    return f"{count(n)} {word}{'' if round(n) == 1 else 's'}"


def money(v: float) -> str:
    return f"¥{v:,.0f}"
