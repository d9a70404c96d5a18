"""Reference scorers for the NYC panel: an enforcement-style rule and the inputs of a size-only model."""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.baselines import RuleCriterion, RuleScore
from training.realdata.nyc import LabelSpec, column_year, visible_frame

# NYC's Alternative Enforcement Program selects buildings by hazardous violations per dwelling unit, with a
# higher bar for small buildings (3 per unit for 3–5 units, 1.5 for 6 or more), plus emergency-repair charges.
# The panel separates only class C ("immediately hazardous") violations, so the rule counts those; emergency
# repair complaints stand in for the charges. Thresholds are fixed, never fitted.
SMALL_BUILDING_UNITS = 5
SMALL_BUILDING_THRESHOLD = 3.0
LARGE_BUILDING_THRESHOLD = 1.5
EMERGENCY_COMPLAINTS_PER_UNIT = 1.0
RULE_YEARS = 2

AEP_RULE = RuleScore(
    criteria=(
        RuleCriterion("aep_serious_ratio", 1.0),
        RuleCriterion("aep_emergency_complaints", EMERGENCY_COMPLAINTS_PER_UNIT),
    ),
    tiebreak="aep_serious_per_unit",
)


def _recent(columns: list[str], prefix: str, cutoff_year: int) -> list[str]:
    dated = sorted((y, c) for c in columns if c.startswith(prefix) and (y := column_year(c)) is not None)
    allowed = [c for y, c in dated if y <= cutoff_year]
    return allowed[-RULE_YEARS:]


def aep_inputs(frame: pd.DataFrame, label: LabelSpec) -> pd.DataFrame:
    """Serious violations per unit over the last two visible years, its ratio to the size threshold, ERP proxy."""
    visible = visible_frame(frame, label.cutoff_year)
    columns = list(visible.columns)
    serious = visible.loc[:, _recent(columns, "viol_bbl_ser_", label.cutoff_year)].sum(axis=1).astype(float)
    small = visible["res_units"].to_numpy() <= SMALL_BUILDING_UNITS
    threshold = np.where(small, SMALL_BUILDING_THRESHOLD, LARGE_BUILDING_THRESHOLD)
    complaints = visible.loc[:, _recent(columns, "comp_bbl_", label.cutoff_year)[-1:]].sum(axis=1).astype(float)
    return pd.DataFrame(
        {
            "aep_serious_per_unit": serious.to_numpy(),
            "aep_serious_ratio": serious.to_numpy() / threshold,
            "aep_emergency_complaints": complaints.to_numpy(),
        },
        index=frame.index,
    )


def aep_rule_scores(frame: pd.DataFrame, label: LabelSpec) -> np.ndarray:
    """Rule points (0–2) plus a tie-break by serious violations per unit; higher is riskier."""
    return AEP_RULE.score(aep_inputs(frame, label))
