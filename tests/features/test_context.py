"""Context features hand-computed on the tiny dataset at 2024-04-01."""

import numpy as np
import pandas as pd
import pytest


def test_register_attributes(tiny_features: pd.DataFrame) -> None:
    u1 = tiny_features.loc["U1"]
    assert u1["context_building_age_years"] == 24
    assert u1["context_owners_committee"] == 1
    assert u1["context_floor_area_m2"] == 100
    assert u1["context_community_units"] == 3
    assert u1["context_tenure_years"] == pytest.approx(1552 / 365.25)
    occupancy = tiny_features.loc[:, ["context_occupancy_owner_occupied", "context_occupancy_rented"]]
    assert occupancy.loc["U2"].tolist() == [0, 1]
    assert tiny_features.loc["U3", "context_occupancy_vacant"] == 1


def test_moved_in_after_t_is_unknown(tiny_features: pd.DataFrame) -> None:
    assert np.isnan(tiny_features.loc["U3", "context_tenure_years"])
    assert np.isnan(tiny_features.loc["U2", "context_tenure_years"])


def test_firm_dispute_rate_over_all_its_communities(tiny_features: pd.DataFrame) -> None:
    # F1 (C1 + C2, four units): D1, D2 and collective D3 in the 12 months; D4 too old, D5 after t.
    assert tiny_features.loc["U4", "context_firm_dispute_rate_12m"] == 75.0
    assert tiny_features.loc["U5", "context_firm_dispute_rate_12m"] == 100.0
