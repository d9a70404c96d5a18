"""Features on a Dask cluster: community partitions live on the workers; the firm and district pass is reduced once
on the client and broadcast to every worker (see features.partitions for why this equals the one-machine path).

Work is submitted with `client.map(..., pure=False)` over the partition futures: every task gets a fresh key, so
no two calls can share a result by a key collision (the Dask 2026.8 trap behind LightGBM PR #7447), and arguments
are passed as keywords of client.map rather than closed over.

Data reaches the workers partition by partition without the client holding it: a partitioned folder (each task
reads its own folder) or the store (`read_store`: each task reads its communities' rows as of one cut). Only a
plain dataset folder is loaded on the client and scattered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import pandas as pd

from data.dataset import Dataset
from data.loading import load_dataset
from data.partitioned import partition_folders
from data.timeline import data_end, data_start
from features.clock import as_of_timestamp
from features.config import FeatureConfig
from features.frame import build_unit_features
from features.partitions import Context, community_summary, restrict_to_communities
from features.prepared import prepare

if TYPE_CHECKING:
    from distributed import Client, Future

    from data.store.partition_read import StoreCut

UNITS_PER_PART = 50_000
"""Units per community partition when a whole dataset is split on the client: a few hundred MB of rows each."""


Part = Union["Future", Path]
"""A partition: a future holding its Dataset on a worker, or a dataset folder that the task reads itself."""


def _on_part(part: Dataset | Path, task: Callable[..., Any], **kwargs: Any) -> Any:
    dataset = load_dataset(part) if isinstance(part, Path) else part
    return task(dataset, **kwargs)


@dataclass(frozen=True)
class Partitions:
    """A dataset split by community over a cluster: per part a future of its Dataset, or a folder to read."""

    client: Client
    parts: list[Part]
    start: pd.Timestamp
    end: pd.Timestamp
    units: int

    def map(self, func: Callable[..., Any], **kwargs: Any) -> list[Future]:
        """`func(part, **kwargs)` for each part (on the worker holding it); a fresh task key per call.

        Keyword arguments go through client.map, so futures among them (a broadcast context) are resolved."""
        return self.client.map(_on_part, self.parts, task=func, pure=False, **kwargs)

    def gather(self, func: Callable[..., Any], **kwargs: Any) -> list[Any]:
        """`map`, then the results on the client (in partition order)."""
        return list(self.client.gather(self.map(func, **kwargs)))


def community_groups(dataset: Dataset, n_parts: int) -> list[np.ndarray]:
    """Community ids in sorted, contiguous ranges of about equal units; every community is in one range, those
    without units too (their disputes still count for their firm)."""
    ids = dataset["communities"]["community_id"].astype(str)
    return groups_of(dataset["units"]["community_id"].astype(str).value_counts().reindex(ids, fill_value=0), n_parts)


def groups_of(units_per_community: pd.Series, n_parts: int) -> list[np.ndarray]:
    """Community ids (the index) in sorted, contiguous ranges of about equal units."""
    if units_per_community.empty:
        return []
    units = units_per_community.sort_index()
    cumulative = np.cumsum(units.to_numpy())
    bounds = np.searchsorted(cumulative, np.linspace(0, cumulative[-1], n_parts + 1)[1:-1], side="right")
    return [group for group in np.split(units.index.to_numpy(dtype=object), bounds) if len(group)]


def parts_for(units: int, workers: int) -> int:
    """How many community partitions: at least two per worker, at most UNITS_PER_PART units each."""
    return max(2 * workers, -(-units // UNITS_PER_PART))


def _span(part: Dataset) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    return data_start(part), data_end(part), len(part["units"])


def from_parts(client: Client, parts: list[Part]) -> Partitions:
    """Partitions from futures of Datasets or partition folders, with the whole data's time span and units."""
    unknown = pd.Timestamp(0)  # the span is what this call finds out
    spans = Partitions(client, parts, unknown, unknown, 0).gather(_span)
    starts, ends, units = zip(*spans, strict=True)
    return Partitions(client, parts, min(starts), max(ends), int(sum(units)))


def read_partitioned(client: Client, root: Path) -> Partitions:
    """A partitioned dataset folder (see data.partitioned): each task reads and validates its own part."""
    return from_parts(client, list(partition_folders(root)))


def _workers(client: Client) -> int:
    return max(1, len(client.scheduler_info(n_workers=-1)["workers"]))


def scatter_dataset(client: Client, dataset: Dataset, n_parts: int | None = None) -> Partitions:
    """Split an in-memory dataset by community and send the parts to the workers."""
    groups = community_groups(dataset, n_parts or parts_for(len(dataset["units"]), _workers(client)))
    futures = [client.scatter(restrict_to_communities(dataset, ids), hash=False) for ids in groups]
    return from_parts(client, futures)


def _read_store_part(store_url: str, community_ids: list[str], cut: StoreCut) -> Dataset:
    from data.store import Store

    store = Store(store_url)
    try:
        return store.read_communities(community_ids, cut)
    finally:
        store.dispose()


def read_store(client: Client, store_url: str, n_parts: int | None = None) -> Partitions:
    """The store read partition by partition: a task per group of communities opens its own connection and
    reads the group's rows of every table as of one cut (data.store.partition_read); no row passes the client.

    Each task has its own explicit key, so reads of different groups can never share a result."""
    from distributed import wait

    from data.store import Store

    store = Store(store_url)
    try:
        with store.cut() as (cut, units):
            groups = groups_of(units, n_parts or parts_for(int(units.sum()), _workers(client))) or [np.array([])]
            token = uuid.uuid4().hex
            futures: list[Part] = [
                client.submit(_read_store_part, store_url=store_url, community_ids=[str(c) for c in ids], cut=cut,
                              key=f"read-store-part-{i}-{token}")
                for i, ids in enumerate(groups)
            ]  # fmt: skip
            wait(futures)  # PostgreSQL: the exported snapshot must outlive every partition's read
    finally:
        store.dispose()
    return from_parts(client, futures)


def _summaries(part: Dataset, dates: tuple[pd.Timestamp, ...], cfg: FeatureConfig) -> list[pd.DataFrame]:
    prep = prepare(part)
    return [community_summary(prep, t, cfg) for t in dates]


def contexts_at(parts: Partitions, dates: Sequence[pd.Timestamp], cfg: FeatureConfig) -> dict[pd.Timestamp, Context]:
    """The firm- and district-level context at each date, reduced from every partition's community summaries."""
    stamps = tuple(as_of_timestamp(t) for t in dates)
    per_part = parts.gather(_summaries, dates=stamps, cfg=cfg)
    return {t: Context.from_summaries(pd.concat([p[i] for p in per_part]), t) for i, t in enumerate(stamps)}


def _features(part: Dataset, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> pd.DataFrame:
    return build_unit_features(part, as_of, cfg, context=context)


def unit_feature_parts(parts: Partitions, as_of: pd.Timestamp, cfg: FeatureConfig = FeatureConfig()) -> list[Future]:
    """Per partition (on its worker), the unit features at `as_of` with the broadcast context."""
    t = as_of_timestamp(as_of)
    context = parts.client.scatter(contexts_at(parts, [t], cfg)[t], broadcast=True, hash=False)
    return parts.map(_features, as_of=t, cfg=cfg, context=context)


def gather_frames(client: Client, futures: list[Future]) -> pd.DataFrame:
    """Partition frames concatenated on the client (for results small enough to hold in one process)."""
    frames = client.gather(futures)
    out = pd.concat(frames, ignore_index=True)
    out.attrs = dict(frames[0].attrs) if frames else {}
    return out


def load_partitions(client: Client, data_dir: Path | None, store_url: str) -> tuple[Partitions, Dataset | None]:
    """The data as partitions: the store and a partitioned folder are read by the workers part by part (no whole
    dataset: None); a plain folder is loaded and validated here, then split and scattered (and returned)."""
    from data.loading import load_dataset
    from data.partitioned import is_partitioned

    if data_dir is None:
        return read_store(client, store_url), None
    if is_partitioned(data_dir):
        return read_partitioned(client, data_dir), None
    dataset = load_dataset(data_dir)
    return scatter_dataset(client, dataset), dataset
