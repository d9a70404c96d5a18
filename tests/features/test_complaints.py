"""Complaint features hand-computed on the tiny dataset at 2024-04-01."""

import numpy as np
import pandas as pd
import pytest


def test_unit_counts_by_window_and_group(tiny_features: pd.DataFrame) -> None:
    u1 = tiny_features.loc["U1"]
    # K5 created exactly at t counts; K2 (03-01 00:00) is 31 days back, outside 30 days; K6 is after t.
    assert u1["complaints_unit_30d"] == 2
    assert u1["complaints_unit_90d"] == 3
    assert u1["complaints_unit_fee_30d"] == 1
    assert u1["complaints_unit_repair_30d"] == 0
    assert u1["complaints_unit_repair_90d"] == 1  # the elevator complaint
    assert u1["complaints_unit_other_365d"] == 1
    assert tiny_features.loc["U2", "complaints_unit_365d"] == 1
    assert tiny_features.loc["U4", "complaints_unit_365d"] == 0  # K7 is two years old


def test_community_counts_include_common_area_complaints(tiny_features: pd.DataFrame) -> None:
    c1 = tiny_features.loc["U3"]  # a unit without complaints still sees its community's
    assert c1["complaints_community_90d_per100"] == pytest.approx(400 / 3)  # K1, K2, K3, K5 over 3 units
    assert c1["complaints_community_service_90d_per100"] == pytest.approx(100 / 3)  # K3 has no unit
    assert c1["complaints_community_365d_per100"] == pytest.approx(500 / 3)


def test_open_resolution_satisfaction_and_hotline(tiny_features: pd.DataFrame) -> None:
    u1 = tiny_features.loc["U1"]
    assert u1["complaints_unit_open"] == 2  # K2 resolved after t, K5 unresolved
    assert u1["complaints_community_open_per100"] == pytest.approx(200 / 3)
    assert u1["complaints_community_resolution_days_365d"] == 5.0  # median of 5, 1 and 10 days
    assert u1["complaints_unit_satisfaction"] == 2.0  # K2's score of 4 came after t
    assert u1["complaints_community_satisfaction_365d"] == 3.5
    assert u1["complaints_unit_12345_365d"] == 1
    assert u1["complaints_community_12345_365d_per100"] == pytest.approx(100 / 3)
    assert tiny_features.loc["U4", "complaints_unit_satisfaction"] == 1.0  # all history
    assert np.isnan(tiny_features.loc["U4", "complaints_community_satisfaction_365d"])
    assert np.isnan(tiny_features.loc["U3", "complaints_unit_satisfaction"])
