"""The features that reason sentences quote, named for a feature configuration.

Feature names carry their windows (`complaints_unit_90d`, `fees_change_12m`), so the sentences learn the names and
the windows from here rather than spelling them out.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from features.config import FeatureConfig


@dataclass(frozen=True)
class ReasonInputs:
    """Feature names (and their windows) that the zh-CN and English reason sentences read."""

    unpaid_bills: str
    overdue_cny: str
    open_complaints: str
    recent_complaints: str
    community_complaints: str
    overdue_repairs: str
    open_repairs: str
    community_overdue_repairs: str
    unit_disputes: str
    building_disputes: str
    fee_change: str
    recent_days: int
    fee_months: int
    history_days: int

    @classmethod
    def for_config(cls, cfg: FeatureConfig | None = None) -> ReasonInputs:
        cfg = cfg or FeatureConfig()
        recent = cfg.complaint_windows_days[1]
        return cls(
            unpaid_bills="arrears_unpaid_bills",
            overdue_cny="arrears_overdue_cny",
            open_complaints="complaints_unit_open",
            recent_complaints=f"complaints_unit_{recent}d",
            community_complaints=f"complaints_community_{recent}d_per100",
            overdue_repairs="repairs_unit_overdue",
            open_repairs="repairs_unit_open",
            community_overdue_repairs="repairs_community_overdue_per100",
            unit_disputes="history_unit_disputes",
            building_disputes=f"history_building_disputes_{cfg.history_days}d",
            fee_change=f"fees_change_{cfg.fee_change_months}m",
            recent_days=recent,
            fee_months=cfg.fee_change_months,
            history_days=cfg.history_days,
        )

    @property
    def columns(self) -> tuple[str, ...]:
        """Every quoted feature name."""
        return tuple(getattr(self, f.name) for f in fields(self) if f.type in ("str", str))
