"""Model inputs for the NYC panel, built only from the columns visible at a label's cut-off."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.spec import FeatureSpec
from training.realdata.baselines import AEP_RULE, aep_inputs
from training.realdata.nyc import LabelSpec, column_year, visible_frame

Built = Iterator[tuple["NycFeature", pd.Series]]
SIZE_FEATURES = ("log_res_units", "log_res_sqft", "floors", "buildings")
# Deterministic codes, independent of the rows and the labels: no fitting, nothing to leak.
ZONING_CODES = {"R": 0, "C": 1, "M": 2, "N": 3, "B": 4}
# A fixed floor under the tract's rate (about its median), so the ratio never divides by zero.
TRACT_RATE_FLOOR = 0.005


@dataclass(frozen=True)
class NycFeature:
    """One model input: its name, reason-code family and monotone direction (+1: more never lowers risk)."""

    name: str
    family: str
    monotone: int


def _log(values: pd.Series) -> pd.Series:
    return pd.Series(np.log1p(values.clip(lower=0).to_numpy(dtype=float)), index=values.index)


def _years(frame: pd.DataFrame, prefix: str) -> list[int]:
    years = {column_year(c) for c in frame.columns if c.startswith(prefix + "_")}
    return sorted(y for y in years if y is not None)


def _building(v: pd.DataFrame) -> Built:
    units = v["res_units"].astype(float)
    yield NycFeature("log_res_units", "building", 0), _log(units)
    yield NycFeature("log_res_sqft", "building", 0), _log(v["res_sqft"])
    yield NycFeature("floors", "building", 0), v["floors"].astype(float)
    yield NycFeature("buildings", "building", 0), v["buildings"].astype(float)
    yield NycFeature("other_units", "building", 0), v["other_units"].astype(float)
    yield NycFeature("avg_res_unit_sqft", "building", 0), v["avg_res_unit_sqft"].astype(float)
    yield NycFeature("log_lot_area", "building", 0), _log(v["lot_area"])
    yield NycFeature("log_value_per_unit", "building", 0), _log(v["assessed_value"] / units)
    yield NycFeature("last_reno", "building", 0), v["last_reno"].astype(float)
    yield NycFeature("building_class_code", "building", 0), _letter_code(v["building_class1"])
    yield NycFeature("zoning_code", "building", 0), v["zoning1"].map(ZONING_CODES).astype(float)
    yield NycFeature("basement_code", "building", 0), pd.to_numeric(v["basement_code"], errors="coerce")


def _letter_code(values: pd.Series) -> pd.Series:
    first = values.astype("string").str.upper().str[0]
    return first.map(lambda s: float(ord(s) - ord("A")) if isinstance(s, str) else np.nan).astype(float)


def _place(v: pd.DataFrame) -> Built:
    yield NycFeature("boro_code", "neighbourhood", 0), pd.to_numeric(v["boro"], errors="coerce")
    yield NycFeature("cd_code", "neighbourhood", 0), pd.to_numeric(v["cd"], errors="coerce")
    for prefix in ("viol_trct", "comp_trct"):
        for year in _years(v, prefix):
            yield NycFeature(f"{prefix}_{year}", "neighbourhood", 0), v[f"{prefix}_{year}"].astype(float)


def _violations(v: pd.DataFrame) -> Built:
    """Serious and other violations per unit by year, totals, estimated counts, trend and tract-relative rate."""
    years, units = _years(v, "viol_bbl_ser"), v["res_units"].astype(float)
    serious = pd.DataFrame({y: v[f"viol_bbl_ser_{y}"] for y in years}).astype(float)
    other = pd.DataFrame({y: v[f"viol_bbl_oth_{y}"] for y in years}).astype(float)
    for y in years:
        yield NycFeature(f"viol_ser_{y}", "violations", 1), serious[y]
        yield NycFeature(f"viol_oth_{y}", "violations", 1), other[y]
    yield NycFeature("viol_ser_total", "violations", 1), serious.sum(axis=1)
    yield NycFeature("viol_all_total", "violations", 1), serious.sum(axis=1) + other.sum(axis=1)
    yield NycFeature("log_viol_ser_count", "violations", 1), _log(serious.sum(axis=1) * units)
    yield NycFeature("log_viol_all_count", "violations", 1), _log((serious.sum(axis=1) + other.sum(axis=1)) * units)
    last, before = years[-1], years[-2] if len(years) > 1 else years[-1]
    # The trend reads other (class A/B) violations only: every input holding serious ones is constrained upwards.
    yield NycFeature("viol_oth_trend", "violations", 0), other[last] - other[before]
    tract = v[f"viol_trct_{last}"].astype(float)
    relative = (serious[last] + other[last]) / (tract + TRACT_RATE_FLOOR)
    yield NycFeature(f"viol_vs_tract_{last}", "violations", 1), relative


def _complaints(v: pd.DataFrame) -> Built:
    years, units = _years(v, "comp_bbl"), v["res_units"].astype(float)
    for y in years:
        yield NycFeature(f"comp_{y}", "emergency_complaints", 1), v[f"comp_bbl_{y}"].astype(float)
    total = sum((v[f"comp_bbl_{y}"].astype(float) for y in years), start=pd.Series(0.0, index=v.index))
    yield NycFeature("log_comp_count", "emergency_complaints", 1), _log(total * units)
    if len(years) > 1:
        yield (
            NycFeature("comp_trend", "emergency_complaints", 0),
            v[f"comp_bbl_{years[-1]}"] - v[f"comp_bbl_{years[-2]}"],
        )


def _court(v: pd.DataFrame) -> Built:
    years, units = _years(v, "lit"), v["res_units"].astype(float)
    cases = pd.DataFrame({y: v[f"lit_{y}"] for y in years}).astype(float)
    for y in years:
        yield NycFeature(f"lit_{y}", "litigation", 1), cases[y]
    yield NycFeature("lit_total", "litigation", 1), cases.sum(axis=1)
    yield NycFeature("lit_years_with_case", "litigation", 1), (cases > 0).sum(axis=1).astype(float)
    for column in (c for c in v.columns if c.startswith("filings_")):
        yield NycFeature(column, "eviction_filings", 1), v[column].astype(float)
        yield NycFeature(f"{column}_per_unit", "eviction_filings", 1), v[column].astype(float) / units


def _enforcement(frame: pd.DataFrame, label: LabelSpec) -> Built:
    """The enforcement rule's own reading: serious violations against the size-dependent bar, and its score
    (points, with the tie-break by serious violations per unit).

    The bar (3 per unit up to 5 units, 1.5 above) is a step in two inputs at once, which trees find only
    approximately; given as it is, the model can start from the rule and improve on it."""
    inputs = aep_inputs(frame, label)
    yield NycFeature("aep_serious_ratio", "violations", 1), inputs["aep_serious_ratio"]
    yield NycFeature("aep_rule_score", "violations", 1), pd.Series(AEP_RULE.score(inputs), index=frame.index)


def build_features(frame: pd.DataFrame, label: LabelSpec) -> tuple[pd.DataFrame, FeatureSpec]:
    """Feature frame (one row per building, same index) and its spec, from columns dated ≤ the label's cut-off."""
    visible = visible_frame(frame, label.cutoff_year)
    built = [*_building(visible), *_place(visible), *_violations(visible), *_complaints(visible), *_court(visible),
             *_enforcement(frame, label)]  # fmt: skip
    features = pd.DataFrame({f.name: values.to_numpy(dtype=float) for f, values in built}, index=frame.index)
    spec = FeatureSpec(
        names=tuple(f.name for f, _ in built),
        families=tuple(f.family for f, _ in built),
        monotone=tuple(f.monotone for f, _ in built),
    )
    return features.replace([np.inf, -np.inf], np.nan), spec


def size_spec(spec: FeatureSpec) -> FeatureSpec:
    """The size-only baseline's inputs: units, residential floor area, floors and buildings on the lot."""
    keep = [i for i, n in enumerate(spec.names) if n in SIZE_FEATURES]
    return FeatureSpec(
        names=tuple(spec.names[i] for i in keep),
        families=tuple(spec.families[i] for i in keep),
        monotone=tuple(0 for _ in keep),
    )
