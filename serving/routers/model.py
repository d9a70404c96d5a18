"""GET /v1/model: which model is serving, how it tested, and how fresh the scores are."""

from __future__ import annotations

from fastapi import APIRouter

from serving.deps import ModelDep, PrincipalDep, SessionDep
from serving.errors import error_responses
from serving.risk_reads import latest_run
from serving.schemas import ModelInfo

router = APIRouter(prefix="/v1", tags=["model"])


@router.get("/model", response_model=ModelInfo, responses=error_responses(401, 503), summary="The serving model")
async def model_info(model: ModelDep, session: SessionDep, _principal: PrincipalDep) -> ModelInfo:
    """Version, training run, test metrics and the as-of date of the latest scores."""
    run = latest_run(session)
    bands = model.pyfunc.model.bands_
    return ModelInfo(
        name=model.name, version=model.version, run_id=model.run_id, horizon_days=model.pyfunc.horizon_days,
        features=list(model.pyfunc.feature_names),
        band_thresholds={"medium": bands.medium, "high": bands.high, "critical": bands.critical},
        test_metrics={k: v for k, v in sorted(model.metrics.items()) if v == v},  # NaN is not JSON
        data_as_of=run["as_of"] if run else None, scored_at=run["scored_at"] if run else None,
        scored_by_version=run["model_version"] if run else None, loaded_at=model.loaded_at,
    )  # fmt: skip
