"""Transparency figures of the hand-made district, worked out by hand (see conftest.py for the records)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.dataset import Dataset
from features.transparency.community import community_transparency, transparency_rows

from .hand_district import AS_OF


@pytest.fixture(scope="module")
def raw(hand: Dataset) -> pd.DataFrame:
    return transparency_rows(hand, AS_OF).set_index(["community_id", "indicator", "key"])


@pytest.fixture(scope="module")
def published(hand: Dataset) -> pd.DataFrame:
    return community_transparency(hand, AS_OF).figures.set_index(["community_id", "indicator", "key"])


def value(frame: pd.DataFrame, community: str, indicator: str, key: str = "") -> float:
    return float(frame.at[(community, indicator, key), "value"])  # type: ignore[arg-type]


def test_fee_collection_counts_only_what_was_paid_by_the_as_of_date_up_to_each_bill(raw):
    # 2024-05: A09 paid after t, A08 and A10 never: 700 of 1000. 2024-06: 6 × 100 + 50 + min(150, 100) of 1000.
    assert value(raw, "A", "collection_by_month", "2024-05") == pytest.approx(0.70)
    assert value(raw, "A", "collection_by_month", "2024-06") == pytest.approx(0.75)
    assert value(raw, "A", "collection_rate") == pytest.approx(1450 / 2000)
    assert value(raw, "B", "collection_rate") == pytest.approx(1.0)


def test_collection_covers_the_twelve_closed_months_only(raw):
    months = raw.loc["A"].loc["collection_by_month"].index.tolist()
    assert months == [str(p) for p in pd.period_range("2023-07", "2024-06", freq="M")]
    assert np.isnan(value(raw, "A", "collection_by_month", "2023-07"))  # no bills that month


def test_ledger_sums_the_window_and_takes_the_latest_fund_balance(raw):
    assert value(raw, "A", "fee_income") == pytest.approx(12 * 1000.0)
    assert value(raw, "A", "service_expense") == pytest.approx(12 * 900.0)
    assert value(raw, "A", "fund_spent") == pytest.approx(500.0)
    assert value(raw, "A", "fund_balance") == pytest.approx(5000.0 + 100.0 * 12)  # 2024-06, not 2024-07
    assert value(raw, "A", "owners_revenue_share") == pytest.approx(600 / 2400)
    assert value(raw, "A", "ledger_months") == 12
    assert value(raw, "B", "owners_revenue_share") == pytest.approx(0.5)
    assert value(raw, "B", "ledger_months") == 6
    assert np.isnan(value(raw, "B", "fee_income"))  # never disclosed is not zero
    assert value(raw, "C", "ledger_months") == 0


def test_complaint_figures(raw):
    assert value(raw, "A", "complaints") == 11
    assert value(raw, "A", "complaints_per100") == pytest.approx(110.0)
    assert value(raw, "A", "complaint_resolved_share") == pytest.approx(9 / 11)  # K10 was resolved after t
    assert value(raw, "A", "complaint_resolution_days") == pytest.approx(3.0)  # 1,1,2,2,3,3,4,5,6,20
    assert value(raw, "A", "complaint_satisfaction") == pytest.approx(26 / 7)
    assert value(raw, "A", "complaints_by_category", "repair") == 6
    assert value(raw, "A", "complaints_by_category", "noise") == 0  # K00 was made before the window
    assert np.isnan(value(raw, "B", "complaint_satisfaction"))


def test_repair_figures_use_the_service_levels(raw):
    assert value(raw, "A", "repairs") == 9
    assert value(raw, "A", "repair_completion_days") == pytest.approx(1.0)  # 1,1,1,1,3,4,35
    # Known outcomes: R1–R5, R8 completed; R6 and R9 open past their level; R7 not yet due. In time: R1, R3–R5, R8.
    assert value(raw, "A", "repair_within_service_level") == pytest.approx(5 / 8)
    assert value(raw, "A", "elevator_outages") == 5
    assert value(raw, "A", "elevator_outages_per100") == pytest.approx(50.0)
    assert np.isnan(value(raw, "A", "repair_response_days"))


def test_dispute_figures(raw):
    assert value(raw, "A", "disputes") == 8
    assert value(raw, "A", "disputes_per100") == pytest.approx(80.0)
    assert value(raw, "A", "mediation_share") == pytest.approx(4 / 6)  # D6 resolved after t does not count
    assert value(raw, "A", "disputes_by_kind", "fee_arrears") == 6
    assert value(raw, "A", "disputes_by_venue", "court") == 3


def test_small_counts_and_thin_rates_are_suppressed_once_published(published):
    def status(community: str, indicator: str, key: str = "") -> str:
        return str(published.loc[(community, indicator, key), "status"])

    assert status("A", "complaints_by_category", "elevator") == "suppressed"
    assert status("A", "complaints_by_category", "repair") == "ok"
    assert status("C", "complaints") == "suppressed"
    assert status("C", "complaint_resolved_share") == "suppressed"  # rests on 2 complaints
    assert status("C", "collection_rate") == "suppressed"  # rests on 4 bills
    assert status("C", "fee_income") == "unavailable"
    assert status("A", "repair_response_days") == "unavailable"
    # The kinds of A's 8 disputes: 6 and 2; hiding only the 2 would give it away from the total.
    assert set(published.loc["A"].loc["disputes_by_kind"]["status"]) == {"suppressed"}
    assert status("A", "disputes") == "ok"
    assert published["value"][published["status"] != "ok"].isna().all()


def test_a_missing_table_makes_its_figures_unavailable_not_zero(hand):
    tables = dict(hand.tables)
    tables["complaints"] = hand["complaints"].iloc[0:0]
    figures = community_transparency(Dataset(tables, missing=frozenset({"complaints"})), AS_OF).figures
    complaints = figures[figures["indicator"].str.startswith("complaint")]
    assert set(complaints["status"]) == {"unavailable"}
    assert set(figures.loc[figures["indicator"] == "disputes", "status"]) <= {"ok", "suppressed"}


def test_figures_are_point_in_time(hand):
    earlier = transparency_rows(hand, pd.Timestamp("2024-06-01")).set_index(["community_id", "indicator", "key"])
    # At 2024-06-01 June's bills were not yet issued and R1 not reported.
    assert ("A", "collection_by_month", "2024-06") not in earlier.index
    # The window now runs 2023-06 … 2024-05: A01's unpaid 2023-06 bill is in it, A09's later payment is not.
    assert value(earlier, "A", "collection_rate") == pytest.approx(700 / 1100)
    assert value(earlier, "A", "repairs") == 8


@pytest.mark.parametrize(("partly", "status"), [(0.0, "ok"), (60.0, "suppressed")])
def test_a_rate_over_equal_bills_counts_as_the_bills_it_reads_as(hand: Dataset, partly: float, status: str):
    # A's June alone: 5 of 10 bills of 100 paid in full, 5 paid `partly`. With nothing paid on them the rate is 50%
    # and both sides hold 5 bills; with 60 paid on each it is 80%, which over equal bills reads as 2 left unpaid
    # although 5 are behind, so the rate is held back.
    bills = hand["fee_bills"]
    june = bills[bills["unit_id"].astype(str).str.startswith("A") & (bills["period"].astype(str) == "2024-06")]
    paid = np.where(june["unit_id"].astype(str) <= "A05", 100.0, partly)
    june = june.assign(amount_due_cny=100.0, amount_paid_cny=paid, paid_at=june["due_date"].where(paid > 0))
    others = bills[~bills["unit_id"].astype(str).str.startswith("A")]
    world = Dataset(tables={**hand.tables, "fee_bills": pd.concat([others, june], ignore_index=True)})
    figures = community_transparency(world, AS_OF).figures.set_index(["community_id", "indicator", "key"])
    assert figures.at[("A", "collection_rate", ""), "status"] == status
    assert figures.at[("A", "collection_by_month", "2024-06"), "status"] == status
