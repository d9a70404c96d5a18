"""Reason codes: the feature families that pushed a unit's risk up, as plain zh-CN and English sentences."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring as _json_text

import numpy as np

from features.reason_inputs import ReasonInputs
from models.reason_text import DEFAULT_INPUTS, reason_columns, render_family
from models.reason_values import Row

TOP_REASONS = 3


def reason_records(
    matrix: np.ndarray, names: Sequence[str], inputs: ReasonInputs = DEFAULT_INPUTS
) -> list[dict[str, object]]:
    """Each row's values of the columns reason sentences quote, from a model-order feature matrix."""
    quoted = reason_columns(inputs)
    used = [(name, i) for i, name in enumerate(names) if name in quoted]
    if not used:
        return [{} for _ in range(len(matrix))]
    columns = [name for name, _ in used]
    return [dict(zip(columns, row, strict=True)) for row in matrix[:, [i for _, i in used]].tolist()]


def top_reasons(
    family_values: np.ndarray,
    families: Sequence[str],
    records: Sequence[Row],
    k: int = TOP_REASONS,
    inputs: ReasonInputs = DEFAULT_INPUTS,
) -> list[str]:
    """For each row, up to k families with the largest positive contribution, rendered with the row's values.

    Each row's reasons are one compact JSON list of {"family", "contribution", "zh", "en"}: the output column type
    MLflow signatures can carry. The JSON is written directly (text through the json module's C escaper), since batch
    scoring writes one per unit.
    """
    order = np.argsort(-family_values, axis=1, kind="stable")[:, :k]
    values = np.take_along_axis(family_values, order, axis=1).tolist()
    names = [_json_text(str(family)) for family in families]
    result: list[str] = []
    for i, (row_order, row_values) in enumerate(zip(order.tolist(), values, strict=True)):
        reasons = []
        for j, value in zip(row_order, row_values, strict=True):
            if value <= 0:
                break
            zh, en = (_json_text(text) for text in render_family(families[j], records[i], inputs))
            reasons.append(f'{{"family":{names[j]},"contribution":{round(value, 4)!r},"zh":{zh},"en":{en}}}')
        result.append("[" + ",".join(reasons) + "]")
    return result


def parse_reasons(value: str | list[Mapping[str, object]]) -> list[Mapping[str, object]]:
    return json.loads(value) if isinstance(value, str) else list(value)
