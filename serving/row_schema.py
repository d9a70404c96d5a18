"""The /v1/score request schema, derived from the serving model's feature names; null stands for a missing value."""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, create_model

MAX_SCORE_ROWS = 1000
REF_TEMPLATE = "#/components/schemas/{model}"

FeatureValue = Annotated[float, Field(strict=True, allow_inf_nan=False)] | None


class RowSchema:
    """A pydantic request model for one list of feature names, and how to turn a parsed request into a matrix."""

    def __init__(self, feature_names: tuple[str, ...]) -> None:
        self.feature_names = feature_names
        # Fields get safe Python names; the JSON keys are the feature names themselves (aliases).
        fields: dict[str, Any] = {f"f{i}": (FeatureValue, Field(alias=name)) for i, name in enumerate(feature_names)}
        row = create_model("ScoreRow", __config__=ConfigDict(extra="forbid"), **fields)
        self.request: type[BaseModel] = create_model(
            "ScoreRequest",
            __config__=ConfigDict(extra="forbid", json_schema_extra={"examples": [self.example()]}),
            rows=(list[row], Field(min_length=1, max_length=MAX_SCORE_ROWS)),  # type: ignore[valid-type]
        )
        self._values = attrgetter(*fields) if len(fields) > 1 else (lambda row: (getattr(row, "f0"),))  # noqa: B009

    def example(self) -> dict[str, Any]:
        return {"rows": [dict.fromkeys(self.feature_names, 0.0)]}

    def parse(self, body: bytes) -> np.ndarray:
        """A float64 matrix (rows × features, NaN for null) from a raw JSON body; pydantic's ValidationError if bad."""
        request = self.request.model_validate_json(body)
        rows = request.rows  # type: ignore[attr-defined]
        return np.array([self._values(row) for row in rows], dtype=np.float64).reshape(len(rows), -1)

    def openapi_components(self) -> dict[str, Any]:
        """ScoreRequest and ScoreRow as OpenAPI component schemas."""
        schema = self.request.model_json_schema(ref_template=REF_TEMPLATE)
        components = schema.pop("$defs", {})
        return {**components, "ScoreRequest": schema}


@lru_cache(maxsize=8)
def row_schema(feature_names: tuple[str, ...]) -> RowSchema:
    """The (cached) request schema of a model's features."""
    return RowSchema(feature_names)
