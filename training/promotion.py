"""The promotion gate: challenger → champion only when it ranks as well and is calibrated.

Checks, in order: overall ECE; ECE in every fairness slice with at least 30 positives; when a champion exists, the
logistic baseline must not beat the challenger on the validation window (the window choices may read) by more than
the tolerance, and the challenger's PR-AUC on its test window must reach the champion's on the same window. A
first model that the baseline beats is still promoted (nothing else could serve), and the reason says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MAX_ECE = 0.02
PR_AUC_TOLERANCE = 0.005
MAX_SLICE_ECE = 0.03  # training.fairness: any slice with at least 30 positives


@dataclass(frozen=True)
class GateDecision:
    promote: bool
    reason: str


def gate(
    challenger: Mapping[str, float],
    champion_version: str | None,
    max_ece: float = MAX_ECE,
    tolerance: float = PR_AUC_TOLERANCE,
) -> GateDecision:
    """Decide from the challenger's run metrics, which include the champion's scores on the same test window."""
    ece, pr_auc = challenger.get("ece", float("nan")), challenger.get("pr_auc", float("nan"))
    if not ece <= max_ece:
        return GateDecision(False, f"challenger ECE {ece:.4f} is above the limit {max_ece:.4f}")
    slice_ece = challenger.get("slice_max_ece")  # absent for runs logged before slices existed
    if slice_ece is not None and not slice_ece <= MAX_SLICE_ECE:
        return GateDecision(
            False,
            f"a fairness slice with at least 30 positives has ECE {slice_ece:.4f}, above {MAX_SLICE_ECE}; "
            "see the run's evaluation/slices.csv",
        )
    model_valid, logistic_valid = challenger.get("validation_pr_auc"), challenger.get("validation_logistic_pr_auc")
    beaten = model_valid is not None and logistic_valid is not None and logistic_valid > model_valid + tolerance
    beaten_by = (
        f"the logistic baseline beats the challenger on the validation window (PR-AUC {logistic_valid:.4f} "
        f"against {model_valid:.4f}, tolerance {tolerance})"
        if beaten
        else ""
    )
    if champion_version is None:
        # With no champion there is nothing better to keep serving (the baseline has no reasons or levers): the
        # first model is promoted, and the reason says what the evidence showed.
        caveat = f"; note: {beaten_by}" if beaten else ""
        return GateDecision(True, f"first champion: ECE {ece:.4f} ≤ {max_ece:.4f}{caveat}")
    if beaten:
        return GateDecision(False, f"{beaten_by}: the evidence does not favour it over keeping v{champion_version}")
    compared = challenger.get("champion_compared_version")
    if compared is None or str(int(compared)) != champion_version:
        return GateDecision(
            False,
            f"the challenger was not compared with the current champion v{champion_version} on its test window; "
            "train again (or use --force)",
        )
    champion_pr_auc = challenger["champion_pr_auc"]
    if pr_auc < champion_pr_auc - tolerance:
        return GateDecision(
            False,
            f"challenger PR-AUC {pr_auc:.4f} is below champion v{champion_version}'s {champion_pr_auc:.4f} "
            f"minus {tolerance} on the same test window",
        )
    return GateDecision(
        True,
        f"PR-AUC {pr_auc:.4f} vs champion {champion_pr_auc:.4f} (tolerance {tolerance}); ECE {ece:.4f} ≤ {max_ece}",
    )
