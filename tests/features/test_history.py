"""Dispute-history features hand-computed on the tiny dataset at 2024-04-01."""

import pandas as pd
import pytest


def test_unit_history(tiny_features: pd.DataFrame) -> None:
    history = tiny_features.loc[:, ["history_unit_disputes", "history_unit_open_disputes"]]
    assert history.loc["U1"].tolist() == [2, 0]
    assert history.loc["U2"].tolist() == [1, 1]  # D2 is resolved after t
    assert history.loc["U3"].tolist() == [0, 0]  # D5 is filed after t


def test_days_since_last_dispute_capped_when_none(tiny_features: pd.DataFrame) -> None:
    days = tiny_features["history_unit_days_since_dispute"]
    assert days["U1"] == 183  # 2023-10-01
    assert days["U2"] == 60
    assert days["U3"] == days["U4"] == 3650


def test_building_community_and_collective(tiny_features: pd.DataFrame) -> None:
    building = tiny_features["history_building_disputes_365d"]
    assert building["U1"] == 1  # D2 of U2; U1's own D1 is not a neighbour's
    assert building["U2"] == 1
    assert building["U3"] == 0  # another building
    assert tiny_features.loc["U3", "history_community_disputes_365d_per100"] == pytest.approx(200 / 3)
    assert tiny_features.loc["U3", "history_community_collective_365d"] == 1
    assert tiny_features.loc["U4", "history_community_collective_365d"] == 0
