"""Dirty worlds: faults are injected reproducibly, recorded, and every one is caught by validation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from data.loading import load_dataset
from data.synth import World, WorldConfig, generate_world, write_world
from data.validation import ValidationFailed

KINDS = {"unique", "foreign_key", "not_before", "enum", "range"}


@pytest.fixture(scope="module")
def dirty_world() -> World:
    """Four months of the small world with few enough faults that the report lists them all."""
    return generate_world(WorldConfig(scale="small", months=4, dirty=0.0005))


def test_faults_cover_every_kind_and_are_recorded(dirty_world: World) -> None:
    faults = dirty_world.faults
    assert list(faults.columns) == ["table", "row", "column", "kind"]
    assert set(faults.kind) == KINDS
    assert not faults.duplicated(["table", "row"]).any()
    clean = generate_world(dirty_world.config.model_copy(update={"dirty": 0.0}))
    for name, frame in dirty_world.tables.items():
        extra = (faults.table == name) & (faults.kind == "unique")
        assert len(frame) == len(clean.tables[name]) + extra.sum(), name


def test_fault_rate_is_about_the_requested_share() -> None:
    world = generate_world(WorldConfig(scale="small", months=4, dirty=0.02))
    rows = sum(len(frame) for frame in world.tables.values())
    assert 0.01 < len(world.faults) / rows < 0.03


def test_dirty_worlds_are_reproducible(dirty_world: World) -> None:
    again = generate_world(dirty_world.config)
    pdt.assert_frame_equal(again.faults, dirty_world.faults)
    for name, frame in dirty_world.tables.items():
        pdt.assert_frame_equal(again.tables[name], frame)


def test_validation_catches_every_injected_fault(dirty_world: World, tmp_path: Path) -> None:
    write_world(dirty_world, tmp_path / "dirty")
    with pytest.raises(ValidationFailed) as failure:
        load_dataset(tmp_path / "dirty")
    report = failure.value.report
    assert report.total == len(report.problems), "keep the fault rate low enough for the report to list them all"
    assert {p.rule for p in report.problems} >= KINDS
    found = {(p.table, p.row, p.rule) for p in report.problems}
    faults = dirty_world.faults
    missed = [f for f in faults.itertuples(index=False) if (f.table, f.row, f.kind) not in found]
    assert not missed
    caught = pd.DataFrame([(p.table, p.row) for p in report.problems], columns=["table", "row"]).drop_duplicates()
    assert len(caught) == len(faults)  # and nothing else was flagged
