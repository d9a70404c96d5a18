"""The `--engine`, `--workers` and `--scheduler` options shared by `disputes train` and `disputes score`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from data.cluster import EngineConfig


class Engine(StrEnum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[
    Engine, typer.Option(help="Where to compute: in process, or on Dask (a LocalCluster or --scheduler).")
]
WorkersOption = Annotated[int, typer.Option(help="Workers of the local Dask cluster (--engine dask).", min=1)]
SchedulerOption = Annotated[
    str | None, typer.Option(help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786.")
]


def engine_config(engine: Engine, workers: int, scheduler: str | None) -> EngineConfig:
    """The typed engine; --scheduler alone implies Dask."""
    from data.cluster import EngineConfig

    dask = scheduler is not None or engine is Engine.dask
    return EngineConfig(kind="dask" if dask else "local", workers=workers, scheduler=scheduler)
