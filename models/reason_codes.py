"""Reason codes: the feature families that pushed a unit's risk up, as plain zh-CN and English sentences."""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

from models.reason_text import REASON_COLUMNS, render_family

TOP_REASONS = 3


def top_reasons(family_contrib: pd.DataFrame, X: pd.DataFrame, k: int = TOP_REASONS) -> list[list[dict[str, object]]]:
    """For each row, up to k families with the largest positive contribution, rendered with the row's values."""
    values = family_contrib.to_numpy()
    families = np.asarray(family_contrib.columns)
    order = np.argsort(-values, axis=1, kind="stable")[:, :k]
    used = [c for c in REASON_COLUMNS if c in X.columns]
    records: list[dict[str, object]] = (
        X.loc[:, used].to_dict(orient="records") if used else [{} for _ in range(len(X))]  # type: ignore[assignment]
    )
    result: list[list[dict[str, object]]] = []
    for i, row_order in enumerate(order):
        reasons = []
        for j in row_order:
            if values[i, j] <= 0:
                break
            zh, en = render_family(str(families[j]), records[i])
            reasons.append(
                {"family": str(families[j]), "contribution": round(float(values[i, j]), 4), "zh": zh, "en": en}
            )
        result.append(reasons)
    return result


def reasons_to_json(reasons: list[list[dict[str, object]]]) -> list[str]:
    """One JSON string per row: the output column type MLflow signatures can carry."""
    return [json.dumps(r, ensure_ascii=False) for r in reasons]


def parse_reasons(value: str | list[Mapping[str, object]]) -> list[Mapping[str, object]]:
    return json.loads(value) if isinstance(value, str) else list(value)
