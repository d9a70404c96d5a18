"""The one artifact training logs and serving loads: feature spec, booster, calibrator, bands and reason codes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from mlflow.pyfunc import PythonModel

from models.reason_codes import reasons_to_json, top_reasons
from models.risk_model import RiskModel

OUTPUT_COLUMNS = ("probability", "band", "reasons")


class DisputeRiskPyfunc(PythonModel):
    """Feature rows in; calibrated probability, band and JSON reasons out."""

    def __init__(self, model: RiskModel, horizon_days: int) -> None:
        self.model = model
        self.horizon_days = horizon_days

    @property
    def feature_names(self) -> tuple[str, ...]:
        return self.model.spec.names

    def score(self, X: pd.DataFrame, with_reasons: bool = True) -> pd.DataFrame:
        """Probability, band and (optionally) the top reasons for each row of X."""
        probability = self.model.predict_proba(X)
        out = pd.DataFrame({"probability": probability, "band": self.model.bands_.assign(probability)}, index=X.index)
        if with_reasons:
            matrix = self.model.spec.matrix(X)
            out["reasons"] = reasons_to_json(top_reasons(self.model.family_contributions(matrix), matrix))
        return out

    def predict(self, context: Any, model_input: pd.DataFrame, params: dict[str, Any] | None = None) -> pd.DataFrame:
        return self.score(pd.DataFrame(model_input))


def input_example(X: pd.DataFrame, names: tuple[str, ...], rows: int = 3) -> pd.DataFrame:
    """A few real feature rows, NaN kept, for the logged signature and example."""
    return X.loc[:, list(names)].head(rows).astype(np.float64)
