"""The NYC rental-building panel: reading it, dating its columns and the two dispute labels that respect time."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

FILE_NAME = "nyc_hpd_buildings_2013_2018.parquet"
PATH_VARIABLE = "DISPUTES_REALDATA_PATH"
# The shared data sits beside the project: <project>/../shared/realdata/nyc-hpd/.
SHARED_FOLDER = ("..", "shared", "realdata", "nyc-hpd")
ID = "bbl"

# Building facts are as of 2015–16; the data's README allows them for both labels (they barely change).
BUILDING_FACTS = (
    "assessed_value", "lot_area", "res_sqft", "floors", "buildings", "res_units", "other_units",
    "avg_res_unit_sqft", "last_reno", "boro", "cd", "zoning1", "building_class1", "basement_code",
)  # fmt: skip
DATED_PREFIXES = ("viol_bbl_ser", "viol_bbl_oth", "viol_trct", "comp_bbl", "comp_trct", "lit", "filings", "evictions")
REQUIRED = (ID, *BUILDING_FACTS, "lit_2015", "evictions_2018")
_YEAR_SUFFIX = re.compile(r"_(\d{4})(?:_(\d{4}))?$")


@dataclass(frozen=True)
class LabelSpec:
    """A dispute label: which column marks it and the last year features may come from."""

    key: str
    target: str
    cutoff_year: int
    description: str


LABELS = (
    LabelSpec("label_a", "lit_2015", 2014, "a housing-court case opened in 2015, from data dated 2014 or earlier"),
    LabelSpec("label_b", "evictions_2018", 2016, "a marshal eviction in 2018, from data dated 2016 or earlier"),
)


def column_year(name: str) -> int | None:
    """The last year a column's values describe (`filings_2013_2015` → 2015); None for undated columns."""
    found = _YEAR_SUFFIX.search(name)
    if found is None:
        return None
    return int(found.group(2) or found.group(1))


def visible_columns(columns: list[str], cutoff_year: int) -> list[str]:
    """The id, the building facts and every dated column from `cutoff_year` or earlier, in input order."""
    keep = []
    for name in columns:
        year = column_year(name)
        if name == ID or name in BUILDING_FACTS or (year is not None and year <= cutoff_year):
            keep.append(name)
    return keep


def visible_frame(frame: pd.DataFrame, cutoff_year: int) -> pd.DataFrame:
    """The part of the panel a model for this cut-off may see: nothing dated later leaves this function."""
    return frame.loc[:, visible_columns(list(frame.columns), cutoff_year)]


def label_vector(frame: pd.DataFrame, label: LabelSpec) -> np.ndarray:
    """1 where the label's event happened (count above zero), else 0."""
    return (frame[label.target].fillna(0).to_numpy() > 0).astype(np.int64)


def resolve_nyc_path(given: Path | None, environ: Mapping[str, str], project_root: Path) -> Path:
    """The panel's path: the --path option, else DISPUTES_REALDATA_PATH, else beside the project in shared/."""
    if given is not None:
        return given
    if environ.get(PATH_VARIABLE):
        return Path(environ[PATH_VARIABLE])
    return (project_root.joinpath(*SHARED_FOLDER) / FILE_NAME).resolve()


def read_nyc(path: Path) -> pd.DataFrame:
    """Read the panel and check the columns the evaluation needs, naming any that are missing."""
    if not path.exists():
        raise FileNotFoundError(f"NYC panel not found at {path}; pass --path or set {PATH_VARIABLE}")
    frame = pd.read_parquet(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    if frame[ID].duplicated().any():
        raise ValueError(f"{path}: column {ID} repeats {int(frame[ID].duplicated().sum())} building id(s)")
    return frame.reset_index(drop=True)
