"""Precomputing every community's transparency page after batch scoring, so a page view is one indexed read.

`disputes score` calls `precompute_transparency` with the scoring run's dataset, as-of date, community rollups
and model version. Without rollups (no model yet), the pages are complete except for the risk band.
"""

from __future__ import annotations

import logging

import pandas as pd
from sqlalchemy import Engine

from data.dataset import Dataset
from data.local_time import now_local
from features.transparency.community import community_transparency
from features.transparency.spec import TransparencyConfig
from scoring.transparency.page_model import Risk
from scoring.transparency.payload import PageContext, build_pages
from scoring.transparency.risk_section import community_bands, risk_of
from scoring.transparency.storage import replace_pages

log = logging.getLogger(__name__)


def _risks(dataset: Dataset, community_risk: pd.DataFrame | None, horizon_days: int) -> dict[str, Risk]:
    """The risk section of every community in the rollups."""
    if community_risk is None or community_risk.empty:
        return {}
    communities = dataset["communities"]
    districts = pd.Series(
        communities["district"].astype(object).to_numpy(), index=communities["community_id"].astype(object)
    )
    bands = community_bands(community_risk, districts).set_index("community_id")
    return {str(cid): risk_of(row, horizon_days) for cid, row in bands.iterrows()}


def precompute_transparency(
    dataset: Dataset,
    as_of: pd.Timestamp,
    community_risk: pd.DataFrame | None,
    model_version: str | None,
    engine: Engine,
    *,
    horizon_days: int = 90,
    cfg: TransparencyConfig = TransparencyConfig(),
) -> int:
    """Compute and store every community's page at `as_of`; returns the number of pages written.

    `community_risk` is the scoring run's community rollups (scoring.rollups.community_rollups), or None.
    """
    transparency = community_transparency(dataset, as_of, cfg)
    computed_at = now_local()
    context = PageContext(
        as_of=transparency.as_of, window_months=transparency.window.closed_periods(), model_version=model_version,
        computed_at=computed_at, missing_tables=sorted(transparency.missing), min_count=cfg.min_count,
        service_level_days=dict(cfg.service_level_days),
    )  # fmt: skip
    risks = _risks(dataset, community_risk, horizon_days)
    stored: dict[str, object] = {"model_version": model_version, "computed_at": computed_at}
    rows = [
        {
            "community_id": page.community_id,
            "payload": page.model_dump_json(),
            "overview": row.model_dump_json(),
            **stored,
        }
        for page, row in build_pages(transparency, dataset, risks, context)
    ]
    written = replace_pages(engine, transparency.as_of.date(), rows)
    log.info("transparency pages: %d communities as of %s", written, transparency.as_of.date())
    return written
