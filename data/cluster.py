"""Where a pipeline runs: in process (the embedded default) or on a Dask cluster (`--engine dask`).

The Dask client is opened by the caller (the CLI or a test) and handed down; no stage starts a cluster itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    from distributed import Client

# lightgbm.dask needs a second thread per worker: one trains while the other answers the network (see docs/scale.md).
THREADS_PER_WORKER = 2


class EngineConfig(BaseModel):
    """The engine: local, or Dask on a LocalCluster of `workers` or on an existing `scheduler`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["local", "dask"] = "local"
    workers: int = Field(default=2, ge=1)
    scheduler: str | None = None
    threads_per_worker: int = Field(default=THREADS_PER_WORKER, ge=1)
    memory_limit: str = "8GB"

    @model_validator(mode="after")
    def _scheduler_means_dask(self) -> EngineConfig:
        if self.scheduler is not None and self.kind != "dask":
            raise ValueError("--scheduler needs --engine dask")
        return self

    @property
    def is_dask(self) -> bool:
        return self.kind == "dask"

    def describe(self) -> str:
        """A short phrase for progress lines."""
        if not self.is_dask:
            return "in process"
        if self.scheduler is not None:
            return f"on the Dask scheduler at {self.scheduler}"
        return f"on a local Dask cluster of {self.workers} workers × {self.threads_per_worker} threads"


@contextmanager
def dask_client(cfg: EngineConfig) -> Iterator[Client]:
    """A client of the configured cluster; a LocalCluster is started here and closed on exit."""
    from distributed import Client, LocalCluster

    if cfg.scheduler is not None:
        with Client(cfg.scheduler) as client:
            yield client
        return
    sizes = {"n_workers": cfg.workers, "threads_per_worker": cfg.threads_per_worker, "memory_limit": cfg.memory_limit}
    with LocalCluster(**sizes, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        yield client
