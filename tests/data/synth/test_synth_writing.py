"""write_world: byte-identical output for one config, all-or-nothing writes, CSV equal to Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from data.contract import TABLES
from data.loading import load_dataset
from data.synth import World, WorldConfig, generate_world, write_world, writing

SHORT = WorldConfig(scale="small", months=4)


@pytest.fixture(scope="module")
def short_world() -> World:
    return generate_world(SHORT)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_config_gives_byte_identical_files(small_world: World, small_cfg: WorldConfig, tmp_path: Path) -> None:
    write_world(small_world, tmp_path / "a")
    write_world(generate_world(small_cfg), tmp_path / "b")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert set(first) == {f"{t}.parquet" for t in TABLES} | {"truth/unit_month_risk.parquet", "world.json"}
    assert first == second


def test_csv_is_deterministic_too(short_world: World, tmp_path: Path) -> None:
    write_world(short_world, tmp_path / "a", file_format="csv")
    write_world(generate_world(SHORT), tmp_path / "b", file_format="csv")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_gives_another_world(short_world: World) -> None:
    other = generate_world(SHORT.model_copy(update={"seed": 8}))
    assert not other.tables["fee_bills"].paid_at.equals(short_world.tables["fee_bills"].paid_at)


def test_written_world_validates_and_csv_loads_like_parquet(short_world: World, tmp_path: Path) -> None:
    write_world(short_world, tmp_path / "pq")
    write_world(short_world, tmp_path / "csv", file_format="csv")
    from_parquet, from_csv = load_dataset(tmp_path / "pq"), load_dataset(tmp_path / "csv")
    for name in TABLES:
        pdt.assert_frame_equal(from_parquet[name], short_world.tables[name], check_dtype=True)
        pdt.assert_frame_equal(from_csv[name], from_parquet[name])
    assert not from_parquet.missing


def test_world_json_summarises_the_world(short_world: World, tmp_path: Path) -> None:
    write_world(short_world, tmp_path / "w")
    summary = json.loads((tmp_path / "w" / "world.json").read_text(encoding="utf-8"))
    assert summary["config"] == SHORT.model_dump(exclude={"vary"})  # as written before varied worlds existed
    assert summary["rows"] == {name: len(frame) for name, frame in short_world.tables.items()}
    truth = pd.read_parquet(tmp_path / "w" / "truth" / "unit_month_risk.parquet")
    pdt.assert_frame_equal(truth.astype({"unit_id": "string[pyarrow]"}), short_world.truth)


def test_a_failed_write_leaves_nothing(short_world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = writing._write_table

    def fail_on_bills(name: str, frame: pd.DataFrame, path: Path, file_format: str) -> None:
        if name == "fee_bills":
            raise OSError("disk full")
        real(name, frame, path, file_format)

    monkeypatch.setattr(writing, "_write_table", fail_on_bills)
    with pytest.raises(OSError, match="disk full"):
        write_world(short_world, tmp_path / "w")
    assert list(tmp_path.iterdir()) == []


def test_rewriting_replaces_an_earlier_world(short_world: World, tmp_path: Path) -> None:
    write_world(short_world, tmp_path / "w", file_format="csv")
    write_world(short_world, tmp_path / "w")
    assert not list((tmp_path / "w").glob("*.csv"))
    assert (tmp_path / "w" / "units.parquet").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["w"]


def test_refuses_to_overwrite_other_folders(short_world: World, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        write_world(short_world, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    with pytest.raises(ValueError, match="file_format"):
        write_world(short_world, tmp_path / "x", file_format="xlsx")
