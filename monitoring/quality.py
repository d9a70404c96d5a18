"""Data quality of the current snapshot against the reference: missing shares, new categories, out-of-range values.

Checks per model feature:
- `absent`: the model needs the feature and the data cannot provide it (its source table is missing);
- `missing`: the share of empty values rose by more than cfg.missing_increase;
- `new_category`: a flag feature (0/1) takes a value the reference never showed;
- `invalid`: a value outside the feature's domain (a share outside 0–1, a score outside 1–5, a negative count);
- `out_of_range`: more than cfg.out_of_range_share of the rows lie outside the reference's [min, max]
  (severity `info`: reported, but no reason to warn on its own).
Every other check has severity `warn`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from features import FEATURES
from monitoring.config import MonitorConfig

# Domains by catalogue unit; units not listed have no fixed bounds (ratios, differences, years).
_NON_NEGATIVE = (0.0, np.inf)
DOMAINS: dict[str, tuple[float, float]] = {
    "flag": (0.0, 1.0),
    "share (0–1)": (0.0, 1.0),
    "score 1–5": (1.0, 5.0),
    **{unit: _NON_NEGATIVE for unit in ("complaints", "disputes", "orders", "bills", "per 100 units", "units")},
    **{unit: _NON_NEGATIVE for unit in ("CNY", "CNY per m² per month", "m²", "days", "months")},
}
_UNITS = {spec.name: spec.unit for spec in FEATURES}
INFO_CHECKS = frozenset({"out_of_range"})
"""Checks reported for information only: features that accumulate (counts, ages) leave the reference range as
time passes, so values beyond it say where the model extrapolates, not that the data is wrong."""


def _issue(column: str, check: str, detail: str, reference: float | None, current: float | None) -> dict[str, Any]:
    severity = "info" if check in INFO_CHECKS else "warn"
    return {"column": column, "check": check, "severity": severity, "detail": detail, "reference": reference,
            "current": current}  # fmt: skip


def _missing(column: str, ref: pd.Series, cur: pd.Series, cfg: MonitorConfig) -> list[dict[str, Any]]:
    before, now = float(ref.isna().mean()), float(cur.isna().mean())
    if now - before > cfg.missing_increase:
        return [_issue(column, "missing", f"empty values rose from {before:.1%} to {now:.1%}", before, now)]
    return []


def _new_category(column: str, ref: pd.Series, cur: pd.Series) -> list[dict[str, Any]]:
    seen = set(ref.dropna().unique())
    new = sorted(set(cur.dropna().unique()) - seen)
    if not new or _UNITS.get(column) != "flag":
        return []
    share = float(cur.isin(new).mean())
    return [_issue(column, "new_category", f"values {new} never seen in the reference ({share:.1%})", None, share)]


def _invalid(column: str, cur: pd.Series) -> list[dict[str, Any]]:
    low, high = DOMAINS.get(_UNITS.get(column, ""), (-np.inf, np.inf))
    bad = (cur < low) | (cur > high)
    if not bad.any():
        return []
    share = float(bad.mean())
    return [_issue(column, "invalid", f"{int(bad.sum()):,} values outside [{low:g}, {high:g}]", None, share)]


def _out_of_range(column: str, ref: pd.Series, cur: pd.Series, cfg: MonitorConfig) -> list[dict[str, Any]]:
    values = ref.dropna()
    if values.empty or _UNITS.get(column) == "flag":  # a flag's new values are new categories
        return []
    outside = float(((cur < values.min()) | (cur > values.max())).mean())
    if outside <= cfg.out_of_range_share:
        return []
    detail = f"{outside:.1%} of rows outside the reference range [{values.min():g}, {values.max():g}]"
    return [_issue(column, "out_of_range", detail, None, outside)]


def quality_issues(
    reference: pd.DataFrame, current: pd.DataFrame, columns: Sequence[str], cfg: MonitorConfig
) -> list[dict[str, Any]]:
    """Every quality issue of the current snapshot, column by column in model order."""
    issues: list[dict[str, Any]] = []
    for column in columns:
        if column not in current:
            issues.append(_issue(column, "absent", "the data cannot provide this model input", None, None))
            continue
        ref = reference[column] if column in reference else pd.Series(dtype=np.float64)
        cur = current[column]
        issues += _missing(column, ref, cur, cfg) + _new_category(column, ref, cur) + _invalid(column, cur)
        issues += _out_of_range(column, ref, cur, cfg)
    return issues


def missing_shares(reference: pd.DataFrame, current: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Share of empty values in the reference and the current snapshot, for columns empty anywhere."""
    present = [c for c in columns if c in current and c in reference]
    shares = pd.DataFrame({
        "column": present,
        "reference": reference.loc[:, present].isna().mean().to_numpy(),
        "current": current.loc[:, present].isna().mean().to_numpy(),
    })  # fmt: skip
    return shares[(shares["reference"] > 0) | (shares["current"] > 0)].reset_index(drop=True)


def summary_snapshot(
    reference: pd.DataFrame, current: pd.DataFrame, issues: Sequence[dict[str, Any]], cfg: MonitorConfig
) -> Any | None:
    """Evidently DataSummaryPreset over samples of the columns with issues (at most cfg.summary_columns), or None."""
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataSummaryPreset

    named = dict.fromkeys(str(i["column"]) for i in issues if i["column"] in reference and i["column"] in current)
    columns = list(named)[: cfg.summary_columns]
    if not columns:
        return None
    definition = DataDefinition(numerical_columns=columns)
    ref, cur = (
        Dataset.from_pandas(
            f.loc[:, columns].sample(n=min(len(f), cfg.quality_rows), random_state=cfg.seed),
            data_definition=definition,
        )
        for f in (reference, current)
    )
    return Report([DataSummaryPreset()]).run(current_data=cur, reference_data=ref)
