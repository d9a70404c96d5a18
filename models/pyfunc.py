"""The one artifact training logs and serving loads: feature spec, booster, calibrator, bands and reason codes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from mlflow.pyfunc import PythonModel

from features.config import FeatureConfig
from features.reason_inputs import ReasonInputs
from models.reason_codes import reason_records, top_reasons
from models.risk_model import RiskModel

OUTPUT_COLUMNS = ("probability", "band", "reasons")


class DisputeRiskPyfunc(PythonModel):
    """Feature rows in; calibrated probability, band and JSON reasons out.

    It carries the label horizon and the feature configuration it was trained with, so scoring, serving and
    monitoring compute the same features and speak of the same horizon without being told.
    """

    def __init__(self, model: RiskModel, horizon_days: int, feature_config: FeatureConfig | None = None) -> None:
        self.model = model
        self.horizon_days = horizon_days
        self.feature_config = feature_config or FeatureConfig()

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Versions logged before the configuration was stored were trained with the defaults.
        self.__dict__.update({"feature_config": FeatureConfig()} | state)

    @property
    def feature_names(self) -> tuple[str, ...]:
        return self.model.spec.names

    def warm_up(self) -> None:
        """Build the contribution tables and compile their kernels now, not on the first request."""
        self.score_matrix(np.zeros((1, len(self.feature_names))))

    def score(self, X: pd.DataFrame, with_reasons: bool = True) -> pd.DataFrame:
        """Probability, band and (optionally) the top reasons for each row of X."""
        return self.score_matrix(self.model.spec.matrix(X).to_numpy(), with_reasons, index=X.index)

    def score_matrix(
        self, matrix: np.ndarray, with_reasons: bool = True, index: pd.Index | None = None
    ) -> pd.DataFrame:
        """`score` for a float64 matrix whose columns are `feature_names`: no frame work on the hot path."""
        model = self.model
        if not with_reasons:
            probability = model.predict_proba(matrix)
            return pd.DataFrame({"probability": probability, "band": model.bands_.assign(probability)}, index=index)
        probability, family_values = model.proba_and_families(matrix)
        inputs = ReasonInputs.for_config(self.feature_config)
        records = reason_records(matrix, self.feature_names, inputs)
        reasons = top_reasons(family_values, model.families, records, inputs=inputs)
        band = model.bands_.assign(probability)
        return pd.DataFrame({"probability": probability, "band": band, "reasons": reasons}, index)

    def predict(self, context: Any, model_input: pd.DataFrame, params: dict[str, Any] | None = None) -> pd.DataFrame:
        return self.score(pd.DataFrame(model_input))


EXAMPLE_QUANTILES = (0.1, 0.5, 0.9)


def input_example(X: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """Rows for the logged signature and example, never one household's: each feature's 10th, 50th and 90th
    percentile over all of X (NaN where a feature is always missing)."""
    columns = X.loc[:, list(names)].astype(np.float64)
    return columns.quantile(list(EXAMPLE_QUANTILES)).reset_index(drop=True)
