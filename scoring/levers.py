"""Levers re-scored: each lever's edited feature rows go through the same model as /v1/score.

The probability after a lever is the model's own output for the edited row, not an approximation. It is what the
model predicts under the change, not a causal guarantee: the synthetic world's benchmark compares the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from features.levers import LEVERS, Lever, LeverNames, edit, label
from models.pyfunc import DisputeRiskPyfunc

MIN_DROP = 0.0005
"""A lever lowers a unit's risk when it takes at least this off the probability: smaller drops read as no change
in the one-decimal percentages people are shown (30.5% → 30.5%)."""


@dataclass(frozen=True)
class UnitLever:
    """One lever that applies to a unit, and the model's probability once it is pulled."""

    lever: str
    label_zh: str
    label_en: str
    changes: list[dict[str, float | str]]
    probability_after: float


@dataclass(frozen=True)
class CommunityLever:
    """One lever pulled across a community: expected disputes after it, and how many units it changes."""

    lever: str
    label_zh: str
    label_en: str
    expected_disputes_after: float
    units_affected: int


def usable_levers(pyfunc: DisputeRiskPyfunc) -> list[Lever]:
    """The levers whose source the model reads (a model without a table gets no lever on it)."""
    names, features = LeverNames.for_config(pyfunc.feature_config), set(pyfunc.feature_names)
    return [lever for lever in LEVERS if lever.source_name(names) in features]


def _columns(pyfunc: DisputeRiskPyfunc, matrix: np.ndarray) -> dict[str, np.ndarray]:
    return {name: matrix[:, i] for i, name in enumerate(pyfunc.feature_names)}


def _edited(pyfunc: DisputeRiskPyfunc, matrix: np.ndarray, changed: dict[str, np.ndarray]) -> np.ndarray:
    out = matrix.copy()
    index = {name: i for i, name in enumerate(pyfunc.feature_names)}
    for name, values in changed.items():
        out[:, index[name]] = values
    return out


def unit_levers(pyfunc: DisputeRiskPyfunc, row: np.ndarray) -> tuple[float, list[UnitLever]]:
    """A unit's probability and every lever that applies to it, largest drop first (`row`: model-order features)."""
    return levers_for_units(pyfunc, np.asarray(row, dtype=np.float64).reshape(1, -1))[0]


def levers_for_units(pyfunc: DisputeRiskPyfunc, matrix: np.ndarray) -> list[tuple[float, list[UnitLever]]]:
    """`unit_levers` for every row of a matrix, with one model call for all the edited rows."""
    matrix = np.asarray(matrix, dtype=np.float64)
    values, names = _columns(pyfunc, matrix), LeverNames.for_config(pyfunc.feature_config)
    edits: list[tuple[Lever, np.ndarray, np.ndarray, dict[str, np.ndarray]]] = []
    for lever in usable_levers(pyfunc):
        amount = lever.amount(values, names)
        rows = np.flatnonzero(amount > 0)
        if len(rows):
            subset = {name: column[rows] for name, column in values.items()}
            edits.append((lever, rows, amount[rows], edit(lever, subset, names)))
    blocks = [matrix, *(_edited(pyfunc, matrix[rows], changed) for _, rows, _, changed in edits)]
    probabilities = pyfunc.model.predict_proba(np.vstack(blocks))
    found: list[list[UnitLever]] = [[] for _ in range(len(matrix))]
    offset = len(matrix)
    for lever, rows, amounts, changed in edits:
        for j, i in enumerate(rows):
            found[i].append(
                _unit_lever(lever, values, int(i), float(amounts[j]), changed, j, probabilities[offset + j])
            )
        offset += len(rows)
    return [(float(probabilities[i]), sorted(found[i], key=lambda r: r.probability_after)) for i in range(len(matrix))]


def lowers(after: Any, before: Any) -> Any:
    """Whether a lever's probability after lowers the one before by MIN_DROP or more (numbers or arrays)."""
    return after <= before - MIN_DROP


def lowering(probability: float, levers: list[UnitLever]) -> tuple[list[UnitLever], list[UnitLever]]:
    """A unit's levers split into those that lower its risk (by MIN_DROP or more) and those that do not."""
    return (
        [lever for lever in levers if lowers(lever.probability_after, probability)],
        [lever for lever in levers if not lowers(lever.probability_after, probability)],
    )


def _unit_lever(
    lever: Lever, values: dict[str, np.ndarray], i: int, amount: float, changed: dict[str, np.ndarray], j: int,
    after: float,
) -> UnitLever:  # fmt: skip
    """Row i's lever j-th among the edited rows: its words and the features it changes, before and after."""
    overdue = float(np.nan_to_num(values["arrears_overdue_cny"][i])) if "arrears_overdue_cny" in values else 0.0
    zh, en = label(lever, amount, overdue)
    changes: list[dict[str, float | str]] = [
        {"feature": name, "before": float(values[name][i]), "after": float(new[j])}
        for name, new in changed.items()
        if not np.isclose(values[name][i], new[j], equal_nan=True)
    ]
    return UnitLever(lever.code, zh, en, changes, float(after))


def community_levers(pyfunc: DisputeRiskPyfunc, matrix: np.ndarray) -> tuple[float, list[CommunityLever]]:
    """A community's expected disputes (Σp) and each lever pulled across it, largest drop first."""
    matrix = np.asarray(matrix, dtype=np.float64)
    values, names = _columns(pyfunc, matrix), LeverNames.for_config(pyfunc.feature_config)
    community = np.zeros(len(matrix), dtype=np.int64)  # one community: every row shares its totals
    found: list[tuple[Lever, float, int, np.ndarray]] = []
    for lever in usable_levers(pyfunc):
        amount = lever.amount(values, names)
        if (amount > 0).any():
            edited = _edited(pyfunc, matrix, edit(lever, values, names, community))
            total = float(amount.max()) if lever.whole_community else float(amount.sum())
            # The units whose own records change: every unit for a community's fee, else those with the issue.
            affected = len(matrix) if lever.whole_community else int((amount > 0).sum())
            found.append((lever, total, affected, edited))
    probabilities = pyfunc.model.predict_proba(np.vstack([matrix, *(e for *_, e in found)]))
    expected, offset, results = float(probabilities[: len(matrix)].sum()), len(matrix), []
    for lever, total, affected, _ in found:
        after = float(probabilities[offset : offset + len(matrix)].sum())
        offset += len(matrix)
        zh, en = label(lever, total, float(np.nansum(values.get("arrears_overdue_cny", 0.0))), scope="community")
        results.append(CommunityLever(lever.code, zh, en, after, affected))
    return expected, sorted(results, key=lambda r: r.expected_disputes_after)


@dataclass(frozen=True)
class TopLevers:
    """Per unit (batch order), the lever with the largest drop; empty code where none applies."""

    lever: np.ndarray
    probability_after: np.ndarray
    label_zh: np.ndarray
    label_en: np.ndarray


def top_levers(pyfunc: DisputeRiskPyfunc, matrix: np.ndarray) -> TopLevers:
    """The best unit lever of every row of a model-order feature matrix, each lever scored in one batch; none
    where no lever lowers the risk by MIN_DROP."""
    n = len(matrix)
    values, names = _columns(pyfunc, matrix), LeverNames.for_config(pyfunc.feature_config)
    probability = pyfunc.model.predict_proba(matrix) if n else np.empty(0)
    best_after = probability.copy()
    code, zh, en = (np.full(n, "", dtype=object) for _ in range(3))
    overdue = values.get("arrears_overdue_cny", np.zeros(n))
    for lever in usable_levers(pyfunc):
        amount = lever.amount(values, names)
        rows = np.flatnonzero(amount > 0)
        if not len(rows):
            continue
        subset = {name: column[rows] for name, column in values.items()}
        edited = _edited(pyfunc, matrix[rows], edit(lever, subset, names))
        after = pyfunc.model.predict_proba(edited)
        better = (after < best_after[rows]) & lowers(after, probability[rows])
        for i, p in zip(rows[better], after[better], strict=True):
            best_after[i], code[i] = p, lever.code
            zh[i], en[i] = label(lever, float(amount[i]), float(np.nan_to_num(overdue[i])))
    return TopLevers(code, best_after, zh, en)
