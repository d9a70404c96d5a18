"""The lever catalogue: actions a firm or a mediator can take as of t, and the feature changes each implies.

A lever edits a unit's feature row the way the action would change what is known at t, with the consistency rules
the features obey: closing a unit's overdue repairs moves them from open to completed and lowers its community's
per-100-unit rates by the same orders. A lever never changes the past: earlier disputes, late payments already
made, the building's age and the complaint counts stay as they are. Community medians (resolution and completion
days) are left unchanged, since one row cannot say where an order falls in its community's distribution.

Applied to one unit, a lever shifts that unit's view of its community rates by its own records; applied across a
community, by the community's total. Scoring the edited rows is scoring/levers.py's work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from features.config import FeatureConfig

Values = Mapping[str, np.ndarray]
COMMUNITY_UNITS = "context_community_units"


@dataclass(frozen=True)
class LeverNames:
    """The feature names levers read and write, for one feature configuration."""

    fee_change: str

    @classmethod
    def for_config(cls, cfg: FeatureConfig | None = None) -> LeverNames:
        return cls(fee_change=f"fees_change_{(cfg or FeatureConfig()).fee_change_months}m")


@dataclass(frozen=True)
class Lever:
    """One action: who can take it, how it reads, and the features it sets (`unit`) or shifts (`community`).

    `source` names the feature that measures what the action removes (a count, or the fee rise); `unit` gives each
    edited unit feature's new value; `community` names the per-100-unit community rates that fall by that amount.
    Labels are templates filled with the row's quantities; `community_*` labels speak of the whole community.
    A lever applies to a model that reads its source; features the model does not read are left out of the edit.
    """

    code: str
    actor: str
    labels: tuple[str, str, str, str]  # zh, en, community zh, community en
    source: str  # a feature name, or "{fee_change}" for the configured fee-change window
    unit: Callable[[Values, LeverNames, np.ndarray], dict[str, np.ndarray]]
    community: tuple[str, ...] = ()
    whole_community: bool = False  # the action is the community's by nature (a fee), never one unit's
    monotone: bool = True  # it only lowers features whose monotone direction is +1

    def source_name(self, names: LeverNames) -> str:
        return self.source.format(fee_change=names.fee_change)

    def amount(self, values: Values, names: LeverNames) -> np.ndarray:
        """What the action removes from each row: 0 where it does not apply (nothing to remove, or unknown)."""
        return np.clip(_get(values, self.source_name(names)), 0.0, None)


def _get(values: Values, name: str) -> np.ndarray:
    return np.nan_to_num(np.asarray(values[name], dtype=np.float64), nan=0.0)


def _settle(values: Values, names: LeverNames, amount: np.ndarray) -> dict[str, np.ndarray]:
    paid = amount > 0
    return {
        "arrears_unpaid_bills": np.where(paid, 0.0, values["arrears_unpaid_bills"]),
        "arrears_overdue_cny": np.where(paid, 0.0, values["arrears_overdue_cny"]),
        "arrears_months_since_payment": np.where(paid, 0.0, values["arrears_months_since_payment"]),
    }


def _close_repairs(values: Values, names: LeverNames, amount: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "repairs_unit_overdue": _get(values, "repairs_unit_overdue") - amount,
        "repairs_unit_open": np.maximum(_get(values, "repairs_unit_open") - amount, 0.0),
    }


def _resolve_complaints(values: Values, names: LeverNames, amount: np.ndarray) -> dict[str, np.ndarray]:
    return {"complaints_unit_open": _get(values, "complaints_unit_open") - amount}


def _mediate(values: Values, names: LeverNames, amount: np.ndarray) -> dict[str, np.ndarray]:
    return {"history_unit_open_disputes": _get(values, "history_unit_open_disputes") - amount}


def _roll_back_fee(values: Values, names: LeverNames, amount: np.ndarray) -> dict[str, np.ndarray]:
    raised = amount > 0
    factor = np.where(raised, 1.0 + amount, 1.0)
    return {
        names.fee_change: np.where(raised, 0.0, values[names.fee_change]),
        "fees_due_per_m2": np.asarray(values["fees_due_per_m2"], dtype=np.float64) / factor,
        "fees_community_vs_district": (1.0 + np.asarray(values["fees_community_vs_district"])) / factor - 1.0,
    }


LEVERS: tuple[Lever, ...] = (
    Lever("settle_arrears", "firm",
          ("为 {n} 笔欠费（{money}）制定缴费计划", "a payment plan for the {n} unpaid bill(s) ({money})",
           "为全小区 {n} 笔欠费制定缴费计划", "payment plans for the community's {n} unpaid bill(s)"),
          "arrears_unpaid_bills", _settle),
    Lever("close_overdue_repairs", "firm",
          ("完成 {n} 项超时报修", "closing the {n} overdue repair(s)",
           "完成全小区 {n} 项超时报修", "closing the community's {n} overdue repair(s)"),
          "repairs_unit_overdue", _close_repairs,
          community=("repairs_community_overdue_per100", "repairs_community_open_per100")),
    Lever("resolve_open_complaints", "firm",
          ("解决 {n} 条未结投诉", "resolving the {n} open complaint(s)",
           "解决全小区 {n} 条未结投诉", "resolving the community's {n} open complaint(s)"),
          "complaints_unit_open", _resolve_complaints,
          community=("complaints_community_open_per100",)),
    Lever("mediate_open_disputes", "mediator",
          ("调解 {n} 起未结纠纷", "mediating the {n} open dispute(s)",
           "调解全小区 {n} 起未结纠纷", "mediating the community's {n} open dispute(s)"),
          "history_unit_open_disputes", _mediate),
    Lever("roll_back_fee_increase", "firm",
          ("撤回近期 {pct} 的物业费上调，维持原收费标准", "rolling back the recent {pct} fee increase",
           "撤回近期 {pct} 的物业费上调", "rolling back the community's recent {pct} fee increase"),
          "{fee_change}", _roll_back_fee,
          whole_community=True, monotone=False),
)  # fmt: skip
"""Every lever, in the order they are considered."""

LEVER_BY_CODE = {lever.code: lever for lever in LEVERS}

NOT_OFFERED = {
    "publish_ledger_months": "the features see the ledger's ratios, not which months were published",
    "hold_fee_from_now": "a promise about future fees changes nothing the model can see at t",
}
"""Actions asked for that the features cannot express, and why (kept in the generated catalogue)."""


class _Padded(dict[str, np.ndarray]):
    """The row's features, with NaN for any the model does not read (so edits never fail on a narrower model)."""

    def __init__(self, values: Values, rows: int) -> None:
        super().__init__(values)
        self.rows = rows

    def __missing__(self, key: str) -> np.ndarray:
        return np.full(self.rows, np.nan)


def writes(lever: Lever, names: LeverNames) -> tuple[str, ...]:
    """Every feature the lever changes: its unit features, then the community rates it shifts."""
    return (*lever.unit(_Padded({}, 1), names, np.zeros(1)), *lever.community)


def edit(lever: Lever, values: Values, names: LeverNames, community: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The edited columns for every row: per unit, or (with `community` codes) across each row's community.

    Rows where the lever does not apply come back unchanged.
    """
    amount = lever.amount(values, names)
    rows = len(amount)
    readable = _Padded(values, rows)
    changed = {name: v for name, v in lever.unit(readable, names, amount).items() if name in values}
    shifted = [name for name in lever.community if name in values]
    if not shifted:
        return changed
    # Without the community's size the model cannot see a rate move, and neither can the edit.
    units = np.maximum(_get(readable, COMMUNITY_UNITS), 1.0)
    removed = amount if community is None else _community_totals(amount, community)
    for name in shifted:
        changed[name] = np.where(
            np.isnan(readable[COMMUNITY_UNITS]),
            values[name],
            np.maximum(_get(values, name) - removed * 100.0 / units, 0.0),
        )
    return changed


def _community_totals(amount: np.ndarray, community: np.ndarray) -> np.ndarray:
    """Each row's community total of `amount`."""
    codes, inverse = np.unique(community, return_inverse=True)
    return np.bincount(inverse, weights=amount, minlength=len(codes))[inverse]


def label(lever: Lever, amount: float, overdue_cny: float = 0.0, scope: str = "unit") -> tuple[str, str]:
    """The lever in words with its quantities (zh-CN, English); `scope="community"` speaks of the whole community."""
    fill = {"n": f"{amount:,.0f}", "money": f"¥{overdue_cny:,.0f}", "pct": f"{amount:.0%}"}
    zh, en, community_zh, community_en = lever.labels
    if scope == "community":
        zh, en = community_zh, community_en
    return zh.format(**fill), en.format(**fill)
