"""Plain-language sentences for each feature family, filled with the unit's own values (zh-CN and English)."""

from __future__ import annotations

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
}


def _arrears(row: Row) -> tuple[str, str] | None:
    bills, overdue = num(row, "arrears_unpaid_bills"), num(row, "arrears_overdue_cny")
    if not bills:
        return None
    return (
        f"{count(bills)} 笔物业费未缴，欠费 {money(overdue or 0)}",
        f"{count(bills)} unpaid bill{'s' if bills != 1 else ''}, {money(overdue or 0)} overdue",
    )


def _complaints(row: Row) -> tuple[str, str] | None:
    open_now, recent = num(row, "complaints_unit_open"), num(row, "complaints_unit_90d")
    community = num(row, "complaints_community_90d_per100")
    if open_now:
        return (f"{count(open_now)} 条投诉尚未解决", f"{plural(open_now, 'complaint')} still open")
    if recent:
        return (f"近 90 天投诉 {count(recent)} 次", f"{plural(recent, 'complaint')} in the last 90 days")
    if community:
        return (
            f"本小区近 90 天每百户投诉 {community:.1f} 次",
            f"{community:.1f} complaints per 100 units in the community in the last 90 days",
        )
    return None


def _repairs(row: Row) -> tuple[str, str] | None:
    overdue, open_now = num(row, "repairs_unit_overdue"), num(row, "repairs_unit_open")
    community = num(row, "repairs_community_overdue_per100")
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


def _history(row: Row) -> tuple[str, str] | None:
    unit, building = num(row, "history_unit_disputes"), num(row, "history_building_disputes_365d")
    if unit:
        return (f"本户此前有 {count(unit)} 起纠纷", f"{plural(unit, 'earlier dispute')} of this unit")
    if building:
        return (
            f"同楼栋近一年 {count(building)} 起纠纷",
            f"{plural(building, 'dispute')} in the same building in the last year",
        )
    return None


def _fees(row: Row) -> tuple[str, str] | None:
    change = num(row, "fees_change_12m")
    if change and change > 0.005:
        return (f"物业费一年内上涨 {change:.0%}", f"Fees rose {change:.0%} in the last 12 months")
    return None


# The only columns the sentences read: rendering never touches the rest of a wide feature row.
REASON_COLUMNS: tuple[str, ...] = (
    "arrears_unpaid_bills", "arrears_overdue_cny", "complaints_unit_open", "complaints_unit_90d",
    "repairs_unit_overdue", "repairs_unit_open", "history_unit_disputes", "history_building_disputes_365d",
    "fees_change_12m", "complaints_community_90d_per100", "repairs_community_overdue_per100",
)  # fmt: skip

RENDERERS: dict[str, Renderer] = {
    "arrears": _arrears,
    "complaints": _complaints,
    "repairs": _repairs,
    "history": _history,
    "fees": _fees,
}


GENERIC |= NYC_GENERIC
RENDERERS |= NYC_RENDERERS
REASON_COLUMNS = REASON_COLUMNS + tuple(NYC_REASON_COLUMNS)


def render_family(family: str, row: Row) -> tuple[str, str]:
    """The family's sentence with the row's values, or its generic sentence when no value is telling."""
    renderer = RENDERERS.get(family)
    specific = renderer(row) if renderer else None
    return specific or GENERIC.get(family, (family, family))
