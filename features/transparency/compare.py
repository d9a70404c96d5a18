"""Each community against its district's median: better, about the same, or worse for owners.

The district median of an indicator is taken over the values the district's communities publish, as published
(rounded): a figure suppressed on its own page, for resting on too few cases or for revealing a small count, is
left out, so the median can never give it away; it is rounded like the figures themselves. A value within the
indicator's tolerance of the median is "about the same"; otherwise it is better or worse by the indicator's
direction (spec.INDICATORS states both for every indicator).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from features.transparency.privacy import rounded
from features.transparency.spec import INDICATORS

Verdict = Literal["better", "about_the_same", "worse"]
VERDICTS: tuple[Verdict, ...] = ("better", "about_the_same", "worse")

_COMPARED = {i.name: i.comparison for i in INDICATORS if i.comparison is not None}


def _rules() -> pd.DataFrame:
    """Direction and tolerance of every compared indicator, one row each."""
    rows = [(name, c.direction, c.tolerance, c.relative) for name, c in _COMPARED.items()]
    return pd.DataFrame(rows, columns=["indicator", "direction", "tolerance", "relative"])


def _compared_rows(rows: pd.DataFrame, districts: pd.Series) -> pd.DataFrame:
    scalars = rows[(rows["key"] == "") & rows["indicator"].isin(list(_COMPARED))]
    return scalars.assign(district=scalars["community_id"].map(districts).to_numpy(object))


def district_medians(published: pd.DataFrame, districts: pd.Series) -> pd.DataFrame:
    """Per (district, indicator): the median of the published values, rounded, and how many communities it rests on."""
    compared = _compared_rows(published, districts)
    shown = compared[compared["value"].notna()]
    grouped = shown.groupby(["district", "indicator"])
    medians = grouped["value"].median()
    kinds = grouped["kind"].first()
    return pd.DataFrame({"median": rounded(medians, kinds), "communities": grouped.size()}).reset_index()


def compare_with_district(published: pd.DataFrame, districts: pd.Series) -> pd.DataFrame:
    """Per community and compared indicator: its published value, the district median and the verdict.

    `published` are the figures after disclosure: a suppressed or unavailable value gets no verdict and is not in
    any median. `districts` maps community_id to district.
    """
    medians = district_medians(published, districts)
    own = _compared_rows(published, districts)
    merged = own.merge(medians, on=["district", "indicator"], how="left").merge(_rules(), on="indicator")
    direction, tolerance = merged["direction"].to_numpy(np.float64), merged["tolerance"].to_numpy(np.float64)
    relative = merged["relative"].to_numpy(bool)
    value, median = merged["value"].to_numpy(np.float64), merged["median"].to_numpy(np.float64)
    band = np.where(relative, tolerance * np.abs(median), tolerance)
    gap = value - median
    verdict = np.select([np.abs(gap) <= band + 1e-12, gap * direction > 0], ["about_the_same", "better"], "worse")
    verdicts = verdict.astype(object)
    verdicts[np.isnan(gap)] = None
    return pd.DataFrame({
        "community_id": merged["community_id"].to_numpy(object), "indicator": merged["indicator"].to_numpy(object),
        "value": value, "median": median, "communities": merged["communities"].fillna(0).astype(int).to_numpy(),
        "verdict": verdicts,
    })  # fmt: skip
