"""Per-community transparency figures at an as-of date, with small counts suppressed and district comparisons.

The figures are what Chinese law asks a property firm to disclose to owners (Civil Code Art. 943 and
Art. 281–282; Beijing's 2024 property regulations, Art. 70): fees and their collection, the accounts, the
maintenance fund, income from common areas, and how complaints, repairs and disputes were handled. They are
computed on the dataset as it stood at the as-of date (features.cut_to_as_of), over the closed months of a
trailing window (12 by default), then passed through the one disclosure step (privacy.disclose).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.dataset import Dataset
from features.clock import as_of_timestamp
from features.point_in_time import cut_to_as_of
from features.transparency.compare import compare_with_district, district_medians
from features.transparency.disputes import dispute_rows
from features.transparency.fees import fee_rows
from features.transparency.privacy import disclose
from features.transparency.rows import ROW_COLUMNS, Window, community_keys
from features.transparency.service import complaint_rows, repair_rows
from features.transparency.spec import TransparencyConfig

# The table each indicator comes from: its figures are unavailable when that table was not supplied.
_SOURCES = {
    "fee_bills": ("collection_rate", "collection_by_month"),
    "ledger": (
        "fee_income", "service_expense", "fund_income", "fund_spent", "fund_balance", "common_revenue",
        "common_revenue_to_owners", "owners_revenue_share", "ledger_months",
    ),
    "complaints": (
        "complaints", "complaints_per100", "complaint_resolved_share", "complaint_resolution_days",
        "complaint_satisfaction", "complaints_by_category",
    ),
    "repair_orders": (
        "repairs", "repair_response_days", "repair_completion_days", "repair_within_service_level",
        "elevator_outages", "elevator_outages_per100",
    ),
    "disputes": ("disputes", "disputes_per100", "mediation_share", "disputes_by_kind", "disputes_by_venue"),
}  # fmt: skip


@dataclass(frozen=True)
class Transparency:
    """The publishable figures of every community at one as-of date.

    figures: community_id, indicator, key, value (rounded as shown), kind, status (ok / suppressed / unavailable),
    small (a suppressed count under the threshold, shown "<5"), values blanked where suppressed. comparison:
    community_id, indicator, value, median, communities, verdict. medians: district, indicator, median, communities.
    """

    as_of: pd.Timestamp
    window: Window
    figures: pd.DataFrame
    comparison: pd.DataFrame
    medians: pd.DataFrame
    missing: frozenset[str]


def _mark_missing(rows: pd.DataFrame, missing: frozenset[str]) -> pd.DataFrame:
    """Blank the figures whose source table was not supplied (no complaints table is not zero complaints)."""
    absent = [name for table, names in _SOURCES.items() if table in missing for name in names]
    return rows.assign(value=rows["value"].mask(rows["indicator"].isin(absent)))


def transparency_rows(
    dataset: Dataset, as_of: pd.Timestamp, cfg: TransparencyConfig = TransparencyConfig()
) -> pd.DataFrame:
    """Every community's raw figures at `as_of` (before disclosure), with the count each rests on."""
    t = as_of_timestamp(as_of)
    cut, window = cut_to_as_of(dataset, t), Window.trailing(t, cfg.window_months)
    ids = pd.Index(community_keys(cut["communities"]["community_id"]), name="community_id")
    units = community_keys(cut["units"]["community_id"]).value_counts().reindex(ids, fill_value=0).astype(float)
    parts = [
        *fee_rows(cut, window, ids), *complaint_rows(cut, window, ids, units),
        *repair_rows(cut, window, ids, units, cfg), *dispute_rows(cut, window, ids, units),
    ]  # fmt: skip
    rows = pd.concat(parts, ignore_index=True).loc[:, list(ROW_COLUMNS)]
    return _mark_missing(rows, dataset.missing)


def community_transparency(
    dataset: Dataset, as_of: pd.Timestamp, cfg: TransparencyConfig = TransparencyConfig()
) -> Transparency:
    """The figures every community's page publishes at `as_of`, suppressed and compared with its district."""
    rows = transparency_rows(dataset, as_of, cfg)
    window = Window.trailing(as_of_timestamp(as_of), cfg.window_months)
    communities = dataset["communities"]
    districts = pd.Series(
        communities["district"].astype(object).to_numpy(), index=community_keys(communities["community_id"])
    )
    published = disclose(rows, cfg.min_count)
    return Transparency(
        as_of=window.end, window=window, figures=published, comparison=compare_with_district(published, districts),
        medians=district_medians(published, districts), missing=frozenset(dataset.missing),
    )  # fmt: skip
