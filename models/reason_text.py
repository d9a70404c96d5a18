"""Plain-language sentences for each feature family, filled with the unit's own values (zh-CN and English).

The features quoted, and their windows, come from the model's feature configuration (features.reason_inputs).
"""

from __future__ import annotations

from functools import lru_cache

from features.reason_inputs import ReasonInputs
from models.reason_text_nyc import NYC_GENERIC, NYC_REASON_COLUMNS, NYC_RENDERERS
from models.reason_values import Renderer, Row, count, money, num, plural

GENERIC: dict[str, tuple[str, str]] = {
    "arrears": ("物业费缴纳情况异常", "Service-fee payments are behind"),
    "fees": ("物业费标准或近期调价", "The fee level or a recent fee change"),
    "complaints": ("近期投诉较多或未解决", "Recent complaints are frequent or unresolved"),
    "repairs": ("报修未及时完成", "Repairs are not completed on time"),
    "history": ("本户、本楼或本小区有纠纷记录", "Earlier disputes in the unit, building or community"),
    "context": ("房屋与小区的基本情况", "The unit's and community's circumstances"),
    "ledger": ("小区账目公开情况", "The community's disclosed accounts"),
} | NYC_GENERIC

Sentence = tuple[str, str] | None


def _arrears(row: Row, q: ReasonInputs) -> Sentence:
    bills, overdue = num(row, q.unpaid_bills), num(row, q.overdue_cny)
    if not bills:
        return None
    return (
        f"{count(bills)} 笔物业费未缴，欠费 {money(overdue or 0)}",
        f"{count(bills)} unpaid bill{'s' if bills != 1 else ''}, {money(overdue or 0)} overdue",
    )


def _complaints(row: Row, q: ReasonInputs) -> Sentence:
    open_now, recent = num(row, q.open_complaints), num(row, q.recent_complaints)
    community, days = num(row, q.community_complaints), q.recent_days
    if open_now:
        return (f"{count(open_now)} 条投诉尚未解决", f"{plural(open_now, 'complaint')} still open")
    if recent:
        return (f"近 {days} 天投诉 {count(recent)} 次", f"{plural(recent, 'complaint')} in the last {days} days")
    if community:
        return (
            f"本小区近 {days} 天每百户投诉 {community:.1f} 次",
            f"{community:.1f} complaints per 100 units in the community in the last {days} days",
        )
    return None


def _repairs(row: Row, q: ReasonInputs) -> Sentence:
    overdue, open_now = num(row, q.overdue_repairs), num(row, q.open_repairs)
    community = num(row, q.community_overdue_repairs)
    if overdue:
        return (f"{count(overdue)} 项报修超过时限未完成", f"{plural(overdue, 'repair')} past the service level")
    if open_now:
        return (f"{count(open_now)} 项报修尚未完成", f"{plural(open_now, 'repair')} still open")
    if community:
        return (
            f"本小区每百户有 {community:.1f} 项报修超时",
            f"{community:.1f} overdue repairs per 100 units in the community",
        )
    return None


def _history(row: Row, q: ReasonInputs) -> Sentence:
    unit, building = num(row, q.unit_disputes), num(row, q.building_disputes)
    if unit:
        return (f"本户此前有 {count(unit)} 起纠纷", f"{plural(unit, 'earlier dispute')} of this unit")
    if building:
        zh, en = (
            ("近一年", "the last year")
            if q.history_days == 365
            else (f"近 {q.history_days} 天", f"the last {q.history_days} days")
        )
        return (f"同楼栋{zh} {count(building)} 起纠纷", f"{plural(building, 'dispute')} in the same building in {en}")
    return None


def _fees(row: Row, q: ReasonInputs) -> Sentence:
    change, months = num(row, q.fee_change), q.fee_months
    if change and change > 0.005:
        within = "一年内" if months == 12 else f"{months} 个月内"
        return (f"物业费{within}上涨 {change:.0%}", f"Fees rose {change:.0%} in the last {months} months")
    return None


_DISTRICT_RENDERERS = {"arrears": _arrears, "complaints": _complaints, "repairs": _repairs, "history": _history,
                       "fees": _fees}  # fmt: skip
DEFAULT_INPUTS = ReasonInputs.for_config()


@lru_cache(maxsize=16)
def reason_columns(inputs: ReasonInputs = DEFAULT_INPUTS) -> frozenset[str]:
    """The only columns the sentences read: rendering never touches the rest of a wide feature row."""
    return frozenset(inputs.columns) | frozenset(NYC_REASON_COLUMNS)


def render_family(family: str, row: Row, inputs: ReasonInputs = DEFAULT_INPUTS) -> tuple[str, str]:
    """The family's sentence with the row's values, or its generic sentence when no value is telling."""
    district = _DISTRICT_RENDERERS.get(family)
    nyc: Renderer | None = NYC_RENDERERS.get(family)
    specific = district(row, inputs) if district else nyc(row) if nyc else None
    return specific or GENERIC.get(family, (family, family))
