"""Arrears features hand-computed on the tiny dataset at 2024-04-01."""

import numpy as np
import pandas as pd
import pytest

MONTH_DAYS = 365.25 / 12


def test_overdue_counts_bills_due_before_t_and_unpaid_at_t(tiny_features: pd.DataFrame) -> None:
    # U1: the March bill was paid on 04-05, after t, so it was unpaid at t; April's is not yet due.
    assert tiny_features.loc["U1", "arrears_unpaid_bills"] == 1
    assert tiny_features.loc["U1", "arrears_overdue_cny"] == 200.0
    assert tiny_features.loc["U3", "arrears_unpaid_bills"] == 1
    assert tiny_features.loc["U3", "arrears_overdue_cny"] == 160.0
    # U4's only bill is issued at t but due later; U5 paid on its due date.
    assert tiny_features.loc[["U4", "U5"], "arrears_unpaid_bills"].tolist() == [0.0, 0.0]


def test_months_since_payment(tiny_features: pd.DataFrame) -> None:
    months = tiny_features["arrears_months_since_payment"]
    assert months["U1"] == pytest.approx(31 / MONTH_DAYS)  # last payment 03-01 (04-05 is after t)
    assert months["U3"] == pytest.approx(60 / MONTH_DAYS)  # never paid: since its first period began 02-01
    assert months["U4"] == 0.0  # first bill issued exactly at t, nothing paid
    assert np.isnan(months["U2"])  # no bills at all


def test_late_shares_and_trend(tiny_features: pd.DataFrame) -> None:
    u1 = tiny_features.loc["U1"]
    assert u1["arrears_late_share_3m"] == pytest.approx(2 / 3)  # Jan on time, Feb late, Mar unpaid at t
    assert u1["arrears_late_share_6m"] == pytest.approx(2 / 3)
    assert u1["arrears_late_share_12m"] == pytest.approx(3 / 4)  # plus April 2023, paid late
    assert u1["arrears_late_trend_3m"] == pytest.approx(2 / 3 - 1.0)
    assert tiny_features.loc["U5", "arrears_late_share_3m"] == 0.0  # paid on the due date is on time
    assert np.isnan(tiny_features.loc["U3", "arrears_late_trend_3m"])  # no bill due 4–12 months back
    assert tiny_features.loc["U2", ["arrears_late_share_3m", "arrears_late_trend_3m"]].isna().all()


def test_unit_without_bills_has_zero_arrears(tiny_features: pd.DataFrame) -> None:
    assert tiny_features.loc["U2", ["arrears_unpaid_bills", "arrears_overdue_cny"]].tolist() == [0.0, 0.0]
