"""A partitioned dataset: a folder of partition folders, each an ordinary dataset folder for some communities.

Layout: ROOT/partitions.json lists the partitions in order; ROOT/<district>/<part>/ holds `<table>.parquet` for
those communities (each partition carries its own firms rows). Readers take one partition at a time, so no
process needs the whole city. Written by data.synth.shenzhen; read by features.distributed.read_partitioned.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

INDEX = "partitions.json"


def is_partitioned(root: Path) -> bool:
    """True for a partitioned dataset folder (it has the partition index)."""
    return (Path(root) / INDEX).is_file()


def partition_folders(root: Path) -> Iterator[Path]:
    """The partition folders in index order (a missing folder is an error that names it)."""
    index = json.loads((Path(root) / INDEX).read_text(encoding="utf-8"))
    for entry in index["partitions"]:
        folder = Path(root) / entry["path"]
        if not folder.is_dir():
            raise FileNotFoundError(f"partition {entry['path']} listed in {INDEX} is missing from {root}")
        yield folder


def write_index(root: Path, entries: list[dict[str, object]], summary: dict[str, object]) -> None:
    """Write the partition index last, so a half-written dataset is never mistaken for a finished one."""
    text = json.dumps({"partitions": entries, **summary}, ensure_ascii=False, indent=2) + "\n"
    (Path(root) / INDEX).write_text(text, encoding="utf-8")
