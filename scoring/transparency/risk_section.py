"""The community's dispute-risk band and top drivers, from the community rollups of a scoring run.

A community's band ranks its expected disputes per 100 units (Σp over its units, per 100 units) among the
communities of its district, with the same top shares as unit bands: the top 1% of communities are critical, the
next 4% high, the next 15% medium, the rest low. Drivers keep only their plain-language sentences: how many units
a driver touches is a count of households and is never published.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from models.bands import Bands
from scoring.transparency.page_model import Driver, Risk

RISK_COLUMNS = ("community_id", "band", "expected_per100", "drivers")


def community_bands(rollups: pd.DataFrame, districts: pd.Series) -> pd.DataFrame:
    """Per scored community: band among its district's communities, expected disputes per 100 units, drivers JSON."""
    frame = rollups.assign(
        community_id=rollups["community_id"].astype(object),
        expected_per100=rollups["expected_disputes"] / rollups["units"].replace(0, np.nan) * 100.0,
    )
    frame["district"] = frame["community_id"].map(districts)
    frame["band"] = None
    for _, part in frame.groupby("district", sort=False):
        rates = part["expected_per100"].fillna(0.0).to_numpy(np.float64)
        frame.loc[part.index, "band"] = Bands.from_scores(rates).assign(rates)
    return frame.rename(columns={"top_drivers": "drivers"}).loc[:, list(RISK_COLUMNS)]


def risk_of(row: pd.Series | None, horizon_days: int) -> Risk:
    """The page's risk section from a row of community_bands, or an empty one before the first scoring run."""
    if row is None:
        return Risk(band=None, expected_per100=None, horizon_days=None, drivers=[])
    drivers = [Driver(family=d["family"], zh=d["zh"], en=d["en"]) for d in json.loads(row["drivers"])][:3]
    per100 = float(row["expected_per100"])
    return Risk(
        band=row["band"], expected_per100=None if np.isnan(per100) else round(per100, 1),
        horizon_days=horizon_days, drivers=drivers,
    )  # fmt: skip
