"""An attacker on the published pages: from what a page shows, and what a well-informed reader may know besides,
try to work out a count under 5 that the page does not show.

Everything published is read as an interval of the values consistent with it, rounding included: "98.2%" is
[0.9815, 0.9825], a JSON value is good to the digits it is written with, "<5" is 0…4 and a dash on a count is 5 or
more (a count under 5 would read "<5"). A derivation reveals a count when the interval of values it allows holds
exactly one integer and that integer is 0…4 (a zero counts: "100% resolved" says that none was left unresolved).

The reader is assumed to know, besides the pages: how many cases each share, mean or median rests on (its base),
the community's number of units, each month's billed amount and number of bills (bills of one month are taken as
equal in size). That is more than a page says, so a page safe against this reader is safe against a real one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

INF = math.inf
Interval = tuple[float, float]
SENSITIVE = range(0, 5)
MIN_COUNT = 5

# Shares over cases, whose base the reader knows; the mean satisfaction score and its scale.
CASE_SHARES = ("complaint_resolved_share", "mediation_share", "repair_within_service_level")
SCORE, SCALE = "complaint_satisfaction", (1, 5)
# Totals and the breakdowns that add up to them; repairs hold the elevator outages and the other repairs.
PARTITIONS = {
    "complaints_by_category": "complaints",
    "disputes_by_kind": "disputes",
    "disputes_by_venue": "disputes",
    "elevator_outages": "repairs",
}
PER_HUNDRED = {"complaints_per100": "complaints", "elevator_outages_per100": "elevator_outages",
               "disputes_per100": "disputes"}  # fmt: skip


@dataclass(frozen=True)
class Knowledge:
    """What the reader knows of one community beyond its page."""

    bases: dict[tuple[str, str], float]  # (indicator, key) -> the cases a figure rests on
    units: float
    month_due: dict[str, float] = field(default_factory=dict)  # period -> amount billed


@dataclass(frozen=True)
class Finding:
    community: str
    derivation: str
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.community}: {self.derivation} in [{self.low:.4g}, {self.high:.4g}]"


def integers(interval: Interval) -> range:
    low, high = interval
    if high == INF:
        return range(0)  # unbounded above: never a single integer (callers treat it so)
    return range(math.ceil(low - 1e-9), math.floor(high + 1e-9) + 1)


def reveals(interval: Interval) -> bool:
    """The interval holds exactly one integer, and it is a small count."""
    if interval[1] == INF:
        return False
    found = integers(interval)
    return len(found) == 1 and found[0] in SENSITIVE


def _half_unit(text: str) -> float:
    exponent = Decimal(text).as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


def shown_interval(figure: dict) -> Interval | None:
    """The values a figure allows: its shown text and its JSON value both hold, each to its own digits."""
    shown = figure["shown"]
    if figure["status"] != "ok":
        if figure["kind"] == "count" and figure["status"] == "suppressed":
            return (0.0, MIN_COUNT - 1.0) if shown.startswith("<") else (float(MIN_COUNT), INF)
        return None
    number = re.sub(r"[¥,%\s]", "", shown)
    scale = 0.01 if shown.endswith("%") else 1.0
    text_low = (float(number) - _half_unit(number)) * scale
    text_high = (float(number) + _half_unit(number)) * scale
    value = float(figure["value"])
    json_half = _half_unit(repr(value)) if figure["kind"] != "count" else 0.0
    return max(text_low, value - json_half), min(text_high, value + json_half)


def figures(page: dict) -> dict[tuple[str, str], dict]:
    """Every figure of a page by (indicator, key)."""
    out = {("fee_rate", ""): page["identity"]["fee_rate"]}
    for section in ("fees", "accounts", "complaints", "repairs", "disputes"):
        for name, content in page[section].items():
            if isinstance(content, list):
                out |= {(name, cell["key"]): cell["figure"] for cell in content}
            elif isinstance(content, dict) and "status" in content:
                out[(name, "")] = content
    return out


def _exact(figure: dict | None) -> bool:
    return figure is not None and figure["status"] == "ok"


def _times(interval: Interval, factor: float) -> Interval:
    return interval[0] * factor, interval[1] * factor


def share_findings(cid: str, name: str, share: Interval, base: float) -> Iterator[Finding]:
    """share × base and base − share × base: the cases counted by a share and the others."""
    part = _times(share, base)
    yield Finding(cid, f"{name}: {base:g} × share", *part)
    yield Finding(cid, f"{name}: {base:g} − {base:g} × share", base - part[1], base - part[0])


def score_findings(cid: str, mean: Interval, base: float) -> Iterator[Finding]:
    """Raters below the top (or above the bottom) of the scale, from the points the mean lies from it."""
    low, high = SCALE
    for side, points in (("below the top", _times((high - mean[1], high - mean[0]), base)),
                         ("above the bottom", _times((mean[0] - low, mean[1] - low), base))):  # fmt: skip
        raters = {k for d in integers(points) for k in range(math.ceil(d / (high - low)), d + 1)}
        if len(raters) == 1:
            only = float(next(iter(raters)))
            yield Finding(cid, f"{SCORE}: raters {side}", only, only)


def collection_findings(
    cid: str, known: dict[tuple[str, str], dict], what: Knowledge, extra: dict[str, Interval]
) -> Iterator[Finding]:
    """Bills not paid from a rate × bills; a hidden month from the 12-month rate and the months shown."""
    months = {key: fig for (name, key), fig in known.items() if name == "collection_by_month"}
    for (name, key), fig in known.items():
        interval = extra.get(name) if name == "collection_rate" and name in extra else shown_interval(fig)
        if name.startswith("collection") and interval is not None and (bills := what.bases.get((name, key), 0)):
            yield Finding(cid, f"{name} {key}: unpaid of {bills:g} bills", bills * (1 - interval[1]),
                          bills * (1 - interval[0]))  # fmt: skip
    total = shown_interval(known[("collection_rate", "")])
    due = {key: what.month_due.get(key, 0.0) for key in months}
    hidden = [key for key, fig in months.items() if fig["status"] == "suppressed" and due[key] > 0]
    if total is None or not hidden:
        return
    paid = [total[0] * sum(due.values()), total[1] * sum(due.values())]
    for key, fig in months.items():
        if (interval := shown_interval(fig)) is not None:
            paid = [paid[0] - interval[1] * due[key], paid[1] - interval[0] * due[key]]
    for key in hidden:
        others = sum(due[k] for k in hidden if k != key)
        rate = (max(0.0, (paid[0] - others) / due[key]), min(1.0, paid[1] / due[key]))
        bills = what.bases.get(("collection_by_month", key), 0.0)
        yield Finding(cid, f"collection {key} from the months: unpaid bills", bills * (1 - rate[1]),
                      bills * (1 - rate[0]))  # fmt: skip


def partition_findings(cid: str, known: dict[tuple[str, str], dict]) -> Iterator[Finding]:
    """Totals minus their shown parts: each cell not shown, within what the other cells and the total allow."""
    for part_name, total_name in PARTITIONS.items():
        cells = {key: fig for (name, key), fig in known.items() if name == part_name}
        boxes = {key: shown_interval(fig) or (0.0, INF) for key, fig in cells.items()}
        if part_name == "elevator_outages":
            boxes["other repairs"] = (0.0, INF)  # never published: anything from 0 up
        total = shown_interval(known[(total_name, "")]) or (0.0, INF)
        for key, (low, high) in boxes.items():
            if key in cells and _exact(cells[key]):
                continue
            others_high = sum(b[1] for k, b in boxes.items() if k != key)
            others_low = sum(b[0] for k, b in boxes.items() if k != key)
            derived = (max(low, total[0] - others_high), min(high, total[1] - others_low))
            yield Finding(cid, f"{total_name} minus the shown parts: {part_name} {key}".strip(), *derived)


def per_hundred_findings(
    cid: str, known: dict[tuple[str, str], dict], units: float, extra: dict[str, Interval]
) -> Iterator[Finding]:
    """A rate per 100 units times the units gives back its count."""
    for rate_name, count_name in PER_HUNDRED.items():
        rate = extra.get(rate_name) or shown_interval(known[(rate_name, "")])
        if rate is not None and units and not _exact(known[(count_name, "")]):
            yield Finding(cid, f"{rate_name} × {units:g} units / 100", *_times(rate, units / 100))


def attack_page(cid: str, page: dict, what: Knowledge, extra: dict[str, Interval] | None = None) -> list[Finding]:
    """Every derivation from one page; `extra` holds values worked out elsewhere (from the district medians)."""
    known, extra = figures(page), extra or {}
    found: list[Finding] = []
    for name in (*CASE_SHARES, SCORE):
        share = extra.get(name) or shown_interval(known[(name, "")])
        base = what.bases.get((name, ""), 0.0)
        if share is not None and base:
            found += score_findings(cid, share, base) if name == SCORE else share_findings(cid, name, share, base)
    found += collection_findings(cid, known, what, extra)
    found += partition_findings(cid, known)
    found += per_hundred_findings(cid, known, what.units, extra)
    return [f for f in found if reveals((f.low, f.high))]


def _median_between(values: list[Interval], end: int, h: float) -> float:
    """The median of the values at one end of their intervals (0 low, 1 high) with one more value h."""
    ordered = sorted([v[end] for v in values] + [h])
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _solve(f: Callable[[float], float], target: float, rising_to: bool, top: float) -> float:
    """Bisection on [0, top] for the edge of {h : f(h) >= target} (rising_to) or {h : f(h) <= target}."""
    low, high = 0.0, top
    for _ in range(80):
        mid = (low + high) / 2
        inside = f(mid) >= target if rising_to else f(mid) <= target
        if inside == rising_to:
            high = mid
        else:
            low = mid
    return high if rising_to else low


def hidden_from_medians(pages: dict[str, dict]) -> dict[str, dict[str, Interval]]:
    """A share or rate hidden on its own page but counted in its district's median, worked out from that median."""
    out: dict[str, dict[str, Interval]] = {}
    districts: dict[str, list[str]] = {}
    for cid, page in pages.items():
        districts.setdefault(page["identity"]["district"], []).append(cid)
    for cids in districts.values():
        for name in (*CASE_SHARES, "collection_rate", *PER_HUNDRED):
            rows = [c for cid in cids for c in pages[cid]["comparison"] if c["indicator"] == name]
            median = shown_interval(rows[0]["district_median"]) if rows else None
            mine = {cid: figures(pages[cid])[(name, "")] for cid in cids}
            shown = [i for fig in mine.values() if (i := shown_interval(fig)) is not None]
            hidden = [cid for cid, fig in mine.items() if fig["status"] == "suppressed"]
            if median is None or len(hidden) != 1 or rows[0]["communities"] != len(shown) + 1:
                continue
            top = 1.0 if name not in PER_HUNDRED else 1e4
            low = _solve(partial(_median_between, shown, 1), median[0], rising_to=True, top=top)
            high = _solve(partial(_median_between, shown, 0), median[1], rising_to=False, top=top)
            out.setdefault(hidden[0], {})[name] = (low, high)
    return out
