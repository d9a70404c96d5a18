"""Fee features hand-computed on the tiny dataset at 2024-04-01."""

import numpy as np
import pandas as pd
import pytest

from features import build_unit_features

AS_OF = pd.Timestamp("2024-04-01")


def test_due_per_m2_uses_latest_bill_known_at_t(tiny_features: pd.DataFrame) -> None:
    due = tiny_features["fees_due_per_m2"]
    assert due["U1"] == pytest.approx(2.2)  # April's 220 / 100 m²; May's bill is not issued yet
    assert due["U3"] == pytest.approx(2.0)
    assert due["U4"] == pytest.approx(3.0)
    assert np.isnan(due["U2"])


def test_change_against_the_bill_twelve_months_earlier(tiny_features: pd.DataFrame) -> None:
    change = tiny_features["fees_change_12m"]
    assert change["U1"] == pytest.approx(0.1)  # 220 against April 2023's 200
    assert change[["U2", "U3", "U4", "U5"]].isna().all()


def test_community_rate_against_district_median(tiny_features: pd.DataFrame) -> None:
    # C1 = median(2.2, 2.0) = 2.1 and C2 = 3.0 in D1 (median 2.55); C3 alone in D2.
    ratio = tiny_features["fees_community_vs_district"]
    assert ratio["U1"] == pytest.approx(2.1 / 2.55 - 1)
    assert ratio["U2"] == ratio["U1"]  # a community-level value: defined for a unit without bills
    assert ratio["U4"] == pytest.approx(3.0 / 2.55 - 1)
    assert ratio["U5"] == pytest.approx(0.0)


def test_published_fee_rate_is_never_read(tiny, tiny_features: pd.DataFrame) -> None:
    """communities.fee_rate_cny_m2 is the rate at export time: changing it must not move any feature."""
    tables = dict(tiny.tables)
    tables["communities"] = tables["communities"].assign(fee_rate_cny_m2=9.9)
    changed = build_unit_features(type(tiny)(tables=tables), AS_OF).set_index("unit_id")
    pd.testing.assert_frame_equal(changed, tiny_features)
