"""How a published number is written on a page: the same in every language, so it is stored with the figure."""

from __future__ import annotations

import math

from features.transparency.privacy import Status
from features.transparency.spec import Kind

DASH = "—"


def shown_text(value: float | None, kind: Kind, status: Status, min_count: int = 5, *, small: bool = False) -> str:
    """'1,234', '92.3%', '¥56,700', '2.60'; '<5' for a count under 5 (`small`); a dash for anything else not shown.

    The value comes rounded as shown (privacy.disclose), so the text and the JSON value agree to the last digit.
    """
    if status == "suppressed":
        return f"<{min_count}" if small and kind == "count" else DASH
    if status == "unavailable" or value is None or math.isnan(value):
        return DASH
    if kind in ("count", "months"):
        return f"{value:,.0f}"
    if kind == "share":
        return f"{value * 100:.1f}%"
    if kind == "money":
        return f"¥{value:,.0f}"
    if kind == "price":
        return f"{value:.2f}"
    return f"{value:,.1f}"  # days, score, per100


def tolerance_text(tolerance: float, relative: bool, kind: Kind) -> str:
    """'±15%' (of the median), '±5' (percentage points of a share) or '±0.2' (in the value's own unit)."""
    if relative:
        return f"±{tolerance * 100:.0f}%"
    if kind == "share":
        return f"±{tolerance * 100:.0f}"
    return f"±{tolerance:g}"
