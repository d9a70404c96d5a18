"""Repair features hand-computed on the tiny dataset at 2024-04-01."""

import numpy as np
import pandas as pd
import pytest


def test_open_and_overdue_against_service_levels(tiny_features: pd.DataFrame) -> None:
    u1 = tiny_features.loc["U1"]
    # R1 (elevator, 2 days old, level 2) is open but not yet overdue; R2 (leak, 12 days, level 3) is overdue.
    assert u1["repairs_unit_open"] == 2
    assert u1["repairs_unit_overdue"] == 1
    assert u1["repairs_community_open_per100"] == pytest.approx(200 / 3)
    assert u1["repairs_community_overdue_per100"] == pytest.approx(100 / 3)
    u4 = tiny_features.loc["U4"]  # plumbing, 3 days old, level 5
    assert (u4["repairs_unit_open"], u4["repairs_unit_overdue"]) == (1, 0)
    assert tiny_features.loc["U3", "repairs_unit_open"] == 0  # R6 is reported after t


def test_completion_days_and_elevator_outages(tiny_features: pd.DataFrame) -> None:
    u2 = tiny_features.loc["U2"]
    assert u2["repairs_community_completion_days_180d"] == pytest.approx((2.5 + 40) / 2)
    assert u2["repairs_community_elevator_90d_per100"] == pytest.approx(200 / 3)  # R1 and common-area R3
    assert np.isnan(tiny_features.loc["U4", "repairs_community_completion_days_180d"])


def test_shorter_service_level_makes_an_order_overdue(tiny) -> None:
    from features import FeatureConfig, build_unit_features

    levels = dict(FeatureConfig().repair_service_level_days, plumbing=1)
    cfg = FeatureConfig(repair_service_level_days=levels)
    frame = build_unit_features(tiny, pd.Timestamp("2024-04-01"), cfg)
    assert frame.set_index("unit_id").loc["U4", "repairs_unit_overdue"] == 1
