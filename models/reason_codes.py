"""Reason codes: the feature families that pushed a unit's risk up, as plain zh-CN and English sentences."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring as _json_text

import numpy as np

from models.reason_text import REASON_COLUMNS, render_family
from models.reason_values import Row

TOP_REASONS = 3


def reason_records(matrix: np.ndarray, names: Sequence[str]) -> list[dict[str, object]]:
    """Each row's values of the columns reason sentences quote, from a model-order feature matrix."""
    used = [(name, i) for i, name in enumerate(names) if name in REASON_COLUMNS]
    if not used:
        return [{} for _ in range(len(matrix))]
    columns = [name for name, _ in used]
    return [dict(zip(columns, row, strict=True)) for row in matrix[:, [i for _, i in used]].tolist()]


def top_reasons(
    family_values: np.ndarray, families: Sequence[str], records: Sequence[Row], k: int = TOP_REASONS
) -> list[list[dict[str, object]]]:
    """For each row, up to k families with the largest positive contribution, rendered with the row's values."""
    order = np.argsort(-family_values, axis=1, kind="stable")[:, :k]
    result: list[list[dict[str, object]]] = []
    for i, row_order in enumerate(order):
        reasons = []
        for j in row_order:
            value = float(family_values[i, j])
            if value <= 0:
                break
            zh, en = render_family(families[j], records[i])
            reasons.append({"family": families[j], "contribution": round(value, 4), "zh": zh, "en": en})
        result.append(reasons)
    return result


def reasons_to_json(reasons: list[list[dict[str, object]]]) -> list[str]:
    """One compact JSON string per row: the output column type MLflow signatures can carry.

    Written directly (strings through the json module's C escaper): batch scoring writes one per unit.
    """
    return ["[" + ",".join(map(_reason_json, row)) + "]" for row in reasons]


def _reason_json(reason: Mapping[str, object]) -> str:
    family, zh, en = (_json_text(str(reason[key])) for key in ("family", "zh", "en"))
    contribution = float(reason["contribution"])  # type: ignore[arg-type]
    return f'{{"family":{family},"contribution":{contribution!r},"zh":{zh},"en":{en}}}'


def parse_reasons(value: str | list[Mapping[str, object]]) -> list[Mapping[str, object]]:
    return json.loads(value) if isinstance(value, str) else list(value)
