"""Partitions of communities, and the small firm- and district-level `Context` computed in a separate pass.

A unit's features depend only on its own community's records plus a `Context`. Computing features partition by
partition and concatenating therefore gives the same frame as computing on the whole dataset. To scale out:

1. map: split the communities into parts, `part = restrict_to_communities(dataset, ids)`, and compute
   `community_summary(prepare(part), as_of, cfg)` for each part (a few rows per community);
2. reduce: concatenate the summaries and build one `Context.from_summaries(summaries, as_of)`;
3. map: `build_unit_features(part, as_of, cfg, context=context)` for each part, then concatenate.

With Dask, co-partition every table by community_id (units, complaints, repairs, disputes and ledger by
their community_id, bills through their unit's community), then run steps 1 and 3 through
`dask.dataframe.map_partitions` (or `dask.bag.map` over the parts) and step 2 on the driver; the context is
tiny, so it is broadcast to every partition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.dataset import Dataset
from features.clock import months_before
from features.config import FeatureConfig
from features.fees import community_rate
from features.grouped import PER_UNITS, count_by
from features.prepared import Prepared


def _keys(values: pd.Series) -> pd.Index:
    return pd.Index(values.astype(object).to_numpy())


@dataclass(frozen=True)
class Context:
    """Firm- and district-level aggregates at one as-of date, computed over all communities."""

    as_of: pd.Timestamp
    firm_dispute_rate: pd.Series
    district_fee_rate: pd.Series

    @classmethod
    def from_summaries(cls, summaries: pd.DataFrame, as_of: pd.Timestamp) -> Context:
        """Reduce per-community summaries (from any partition of communities) to firm and district figures."""
        by_firm = summaries.groupby(_keys(summaries["firm_id"]))
        disputes = by_firm["disputes"].sum(min_count=1)
        firm_rate = disputes / by_firm["units"].sum().replace(0.0, np.nan) * PER_UNITS
        district = summaries.groupby(_keys(summaries["district"]))["fee_rate"].median()
        return cls(as_of, firm_rate.astype(np.float64), district.astype(np.float64))

    def firm_rate_of(self, communities: pd.DataFrame) -> np.ndarray:
        """Per community (row order), its firm's dispute rate."""
        return self.firm_dispute_rate.reindex(_keys(communities["firm_id"])).to_numpy(np.float64)

    def district_rate_of(self, communities: pd.DataFrame) -> np.ndarray:
        """Per community (row order), its district's median community fee rate."""
        return self.district_fee_rate.reindex(_keys(communities["district"])).to_numpy(np.float64)


def community_summary(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig) -> pd.DataFrame:
    """Per community: firm, district, units, disputes in the firm-rate window and the fee rate at `as_of`."""
    t, index, d = int(as_of.value), prep.index, prep.disputes
    window = (d["filed"] > months_before(as_of, cfg.firm_rate_months)) & (d["filed"] <= t)
    disputes = count_by(d["community"], index.n_communities, window)
    if "disputes" in prep.missing:
        disputes[:] = np.nan
    return pd.DataFrame({
        "community_id": index.communities["community_id"].to_numpy(),
        "firm_id": index.communities["firm_id"].to_numpy(),
        "district": index.communities["district"].to_numpy(),
        "units": index.community_units,
        "disputes": disputes,
        "fee_rate": community_rate(prep, t),
    })  # fmt: skip


def build_context(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig) -> Context:
    """The context over every community of a prepared dataset (the one-machine path)."""
    return Context.from_summaries(community_summary(prep, as_of, cfg), as_of)


def restrict_to_communities(dataset: Dataset, community_ids: Iterable[str]) -> Dataset:
    """The part of a dataset that belongs to the given communities (all firms are kept)."""
    keep = pd.Index(list(community_ids), dtype=object)
    tables = dict(dataset.tables)
    units = tables["units"][tables["units"]["community_id"].astype(object).isin(keep)]
    for name, frame in tables.items():
        if name == "fee_bills":
            tables[name] = frame[frame["unit_id"].isin(units["unit_id"])]
        elif name != "firms" and "community_id" in frame.columns:
            tables[name] = frame[frame["community_id"].astype(object).isin(keep)]
    return Dataset(tables=tables, missing=dataset.missing, notes=dataset.notes)
