"""The engine options: local by default, --scheduler implies Dask, and a scheduler with --engine local is refused."""

import pytest
from pydantic import ValidationError

from data.cluster import EngineConfig
from disputes.engine_options import Engine, engine_config


def test_local_is_the_default_and_scheduler_implies_dask():
    assert not engine_config(Engine.local, 2, None).is_dask
    cfg = engine_config(Engine.local, 2, "tcp://10.0.0.5:8786")
    assert cfg.is_dask
    assert "10.0.0.5" in cfg.describe()
    assert "2 workers" in engine_config(Engine.dask, 2, None).describe()


def test_a_scheduler_for_the_local_engine_is_refused():
    with pytest.raises(ValidationError, match="--scheduler needs --engine dask"):
        EngineConfig(kind="local", scheduler="tcp://10.0.0.5:8786")
