"""Each community against its district's median: better, about the same, or worse for owners.

The district median of an indicator is taken over the district's communities. A share, median or mean that rests
on fewer than `min_count` cases is too noisy to count and is left out of the median (it is suppressed on its own
page too). A value within the indicator's tolerance of the median is "about the same"; otherwise it is better or
worse by the indicator's direction (spec.INDICATORS states both for every indicator).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from features.transparency.spec import INDICATORS

Verdict = Literal["better", "about_the_same", "worse"]
VERDICTS: tuple[Verdict, ...] = ("better", "about_the_same", "worse")

_COMPARED = {i.name: i.comparison for i in INDICATORS if i.comparison is not None}


def _rules() -> pd.DataFrame:
    """Direction and tolerance of every compared indicator, one row each."""
    rows = [(name, c.direction, c.tolerance, c.relative) for name, c in _COMPARED.items()]
    return pd.DataFrame(rows, columns=["indicator", "direction", "tolerance", "relative"])


_NOISY_KINDS = ("share", "days", "score")


def _compared_rows(rows: pd.DataFrame, districts: pd.Series) -> pd.DataFrame:
    scalars = rows[(rows["key"] == "") & rows["indicator"].isin(list(_COMPARED))]
    return scalars.assign(district=scalars["community_id"].map(districts).to_numpy(object))


def district_medians(rows: pd.DataFrame, districts: pd.Series, min_count: int = 5) -> pd.DataFrame:
    """Per (district, indicator): the median over the communities with a reliable value, and how many there were."""
    compared = _compared_rows(rows, districts)
    noisy = compared["kind"].isin(_NOISY_KINDS) & (compared["count"] < min_count).fillna(False)
    reliable = compared[compared["value"].notna() & ~noisy]
    grouped = reliable.groupby(["district", "indicator"])["value"]
    return pd.DataFrame({"median": grouped.median(), "communities": grouped.size()}).reset_index()


def compare_with_district(
    rows: pd.DataFrame, published: pd.DataFrame, districts: pd.Series, min_count: int = 5
) -> pd.DataFrame:
    """Per community and compared indicator: its published value, the district median and the verdict.

    `rows` are the raw figures (for the medians), `published` the same rows after disclosure: a suppressed or
    unavailable value gets no verdict. `districts` maps community_id to district.
    """
    medians = district_medians(rows, districts, min_count)
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
