"""The partitioned city: one block per district at the smallest share, generated serially and in two processes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from data.partitioned import partition_folders
from data.synth.shenzhen import DISTRICTS, generate_city


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_city_blocks_do_not_depend_on_processes(tmp_path):
    seen: list[tuple[str, int, int]] = []
    serial = generate_city(tmp_path / "one", share=0.0001, months=4, on_block=lambda *a: seen.append(a))
    parallel = generate_city(tmp_path / "two", share=0.0001, months=4, processes=2)
    assert serial == parallel
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert [district for district, _, _ in seen] == [name for name, _, _ in DISTRICTS]
    assert [n for _, _, n in seen] == list(range(1, len(DISTRICTS) + 1))

    index = json.loads((tmp_path / "two" / "partitions.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in index["partitions"]] == [f"{code}/block-00" for _, code, _ in DISTRICTS]
    assert index["rows"]["units"] == sum(e["units"] for e in index["partitions"]) == serial["units"]
    folders = list(partition_folders(tmp_path / "two"))
    assert not any((folder / "truth").exists() for folder in folders)
    communities = pd.read_parquet(folders[1] / "communities.parquet")
    assert set(communities["district"]) == {"罗湖区"}
    assert communities["community_id"].str.startswith("LH00-").all()


def test_city_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "city").mkdir()
    (tmp_path / "city" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        generate_city(tmp_path / "city", share=0.0001, months=4, processes=2)
    assert (tmp_path / "city" / "notes.txt").read_text(encoding="utf-8") == "keep me"
