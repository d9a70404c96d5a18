"""Sentences for the reason-code families of the NYC rental-building model (zh-CN and English).

Kept apart from models.reason_text, which merges these tables into its own.
"""

from __future__ import annotations

import math

from models.reason_values import Renderer, Row, num

NYC_GENERIC: dict[str, tuple[str, str]] = {
    "violations": ("房屋维修违规记录较多", "Many housing-code repair violations"),
    "emergency_complaints": ("紧急维修投诉较多", "Frequent emergency repair complaints"),
    "litigation": ("此前有住房法庭案件", "Earlier housing-court cases against the building"),
    "eviction_filings": ("此前有驱逐诉讼", "Earlier eviction filings in housing court"),
    "building": ("楼宇规模与基本情况", "The building's size and facts"),
    "neighbourhood": ("所在街区的维修与投诉情况", "Repair violations and complaints in its neighbourhood"),
}


def _violations(row: Row) -> tuple[str, str] | None:
    serious = num(row, "viol_ser_total")
    if serious:
        return (f"每户严重违规 {serious:.1f} 项", f"{serious:.1f} immediately hazardous violation(s) per unit")
    return None


def _court(row: Row) -> tuple[str, str] | None:
    cases = num(row, "lit_total")
    if cases:
        return (f"此前住房法庭案件 {cases:.0f} 起", f"{cases:.0f} earlier housing-court case(s)")
    return None


def _filings(row: Row) -> tuple[str, str] | None:
    filings = num(row, "filings_2013_2015")
    if filings:
        return (f"2013–2015 年驱逐诉讼 {filings:.0f} 起", f"{filings:.0f} eviction filing(s) in 2013–2015")
    return None


def _building(row: Row) -> tuple[str, str] | None:
    log_units = num(row, "log_res_units")
    if log_units is None:
        return None
    units = round(math.expm1(log_units))
    return (f"楼内共 {units:,} 户住宅", f"A building of {units:,} homes")


NYC_RENDERERS: dict[str, Renderer] = {
    "violations": _violations,
    "litigation": _court,
    "eviction_filings": _filings,
    "building": _building,
}
# The only feature columns the sentences read.
NYC_REASON_COLUMNS = ("viol_ser_total", "lit_total", "filings_2013_2015", "log_res_units")


def render_nyc_family(family: str, row: Row) -> tuple[str, str]:
    """The family's sentence with the building's values, or its generic sentence when no value is telling."""
    renderer = NYC_RENDERERS.get(family)
    specific = renderer(row) if renderer else None
    return specific or NYC_GENERIC.get(family, (family, family))
