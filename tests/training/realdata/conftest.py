"""Small seeded frames shaped like the NYC rental-building panel, with real signal in both labels."""

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

NycLike = Callable[[int, int], pd.DataFrame]


def make_nyc_like(rows: int, seed: int) -> pd.DataFrame:
    """All 36 columns of the panel; court cases follow 2014 violations, evictions follow filings and size."""
    rng = np.random.default_rng(seed)
    units = np.maximum(3, rng.lognormal(1.6, 0.9, rows).round()).astype("int32")
    frame = pd.DataFrame({"bbl": [f"{rng.integers(1, 6)}{i:09d}" for i in range(rows)]})
    frame["assessed_value"] = units * rng.lognormal(9.5, 0.8, rows)
    frame["basement_code"] = rng.choice(["0", "1", "2", "5"], rows)
    frame["lot_area"] = units * rng.uniform(300, 900, rows)
    frame["res_sqft"] = units * rng.uniform(600, 1100, rows)
    frame["boro"] = frame["bbl"].str[0]
    frame["cd"] = frame["boro"] + rng.choice(["01", "02", "03"], rows)
    frame["floors"] = np.minimum(2 + units // 8, 30).astype(float)
    frame["buildings"] = np.ones(rows, dtype="int32")
    frame["res_units"] = units
    frame["other_units"] = rng.poisson(0.3, rows).astype("int32")
    frame["avg_res_unit_sqft"] = frame["res_sqft"] / units
    frame["last_reno"] = rng.integers(1900, 2015, rows).astype(float)
    frame["zoning1"] = rng.choice(["R", "C", "M"], rows, p=[0.9, 0.07, 0.03])
    frame["building_class1"] = rng.choice(["C", "D", "S"], rows, p=[0.8, 0.1, 0.1])
    neglect = rng.gamma(0.4, 1.5, rows)  # a landlord's neglect drives violations, complaints and disputes
    for year in (2013, 2014, 2015, 2016):
        frame[f"viol_bbl_oth_{year}"] = rng.poisson(neglect * 1.5) / 1.0
        frame[f"viol_bbl_ser_{year}"] = rng.poisson(neglect * 0.4) / 1.0
        frame[f"viol_trct_{year}"] = rng.uniform(0, 0.02, rows)
    for year in (2013, 2014, 2015):
        frame[f"lit_{year}"] = rng.poisson(0.02 + 0.05 * neglect).astype(float)
    for year in (2014, 2015):
        frame[f"comp_bbl_{year}"] = rng.poisson(neglect).astype(float)
        frame[f"comp_trct_{year}"] = rng.uniform(0, 0.02, rows)
    filings = rng.poisson(0.4 * units * neglect)
    frame["filings_2013_2015"] = filings.astype(float)
    court = -4.6 + 1.2 * frame["viol_bbl_ser_2014"] + 0.4 * frame["comp_bbl_2014"] + 0.3 * np.log(units)
    frame["lit_2015"] = (rng.random(rows) < 1 / (1 + np.exp(-court))).astype(float)
    eviction = -4.2 + 2.0 * filings / units
    frame["evictions_2018"] = (rng.random(rows) < 1 / (1 + np.exp(-eviction))).astype(float) * rng.integers(1, 3, rows)
    return frame


@pytest.fixture(scope="session")
def nyc_like() -> NycLike:
    """Factory of NYC-shaped frames: nyc_like(rows, seed)."""
    return make_nyc_like


@pytest.fixture(scope="session")
def nyc_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6,000-building NYC-shaped panel written as Parquet once per session."""
    path = tmp_path_factory.mktemp("nyc") / "nyc_hpd_buildings_2013_2018.parquet"
    make_nyc_like(6_000, 3).to_parquet(path, index=False)
    return path
