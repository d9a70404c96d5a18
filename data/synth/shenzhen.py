"""A synthetic Shenzhen: the ten districts, each made of independent district-sized blocks of the Luohu generator,
streamed block by block into a partitioned dataset (see data.partitioned), so the city is never in memory.

Each block is `generate_world` at the `district` scale (100 communities, 40,000 units) with its own seed; every id
is prefixed with the district's code and the block number (FT03-C0001-B03-1502), the district column gets the real
district's name, and subdistricts outside Luohu get synthetic names (the generator only knows Luohu's). Blocks
never share firms, so each block is a whole partition: its own firms rows travel with it.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Literal

import pandas as pd

from data.contract import TABLES, Kind
from data.partitioned import write_index
from data.synth.config import SCALES, WorldConfig
from data.synth.generation import World, generate_world
from data.synth.writing import write_world

BLOCK_SCALE: Literal["district"] = "district"
# District, code, blocks of 40,000 units: about 6.5 million units in all, roughly in proportion to the real city.
DISTRICTS: tuple[tuple[str, str, int], ...] = (
    ("福田区", "FT", 20), ("罗湖区", "LH", 12), ("南山区", "NS", 22), ("盐田区", "YT", 3), ("宝安区", "BA", 38),
    ("龙岗区", "LG", 33), ("龙华区", "LW", 20), ("坪山区", "PS", 6), ("光明区", "GM", 6), ("大鹏区", "DP", 2),
)  # fmt: skip


def city_units(share: float = 1.0) -> int:
    """Units the city will have at `share` of its blocks (at least one block per district)."""
    return sum(_blocks(n, share) for _, _, n in DISTRICTS) * SCALES[BLOCK_SCALE].units


def city_blocks(share: float = 1.0) -> int:
    """Blocks (partitions) the city will have at `share`."""
    return sum(_blocks(n, share) for _, _, n in DISTRICTS)


def _blocks(blocks: int, share: float) -> int:
    return max(1, round(blocks * share))


def _id_columns(name: str) -> list[str]:
    return [c.name for c in TABLES[name].columns if c.kind is Kind.ID]


def _subdistrict(district: str, original: pd.Series) -> pd.Series:
    if district == "罗湖区":
        return original
    codes = {name: i + 1 for i, name in enumerate(sorted(original.astype(str).unique()))}
    return original.astype(str).map(lambda s: f"{district.removesuffix('区')}第{codes[s]}街道").astype(original.dtype)


def relabel(world: World, district: str, prefix: str) -> World:
    """The block as part of the city: ids prefixed, the real district name, synthetic subdistricts; no truth."""
    tables = {}
    for name, frame in world.tables.items():
        out = frame.copy()
        for column in _id_columns(name):
            if column in out:
                out[column] = prefix + out[column]
        if name == "communities":
            out["district"] = pd.Series(district, index=out.index, dtype=out["district"].dtype)
            out["subdistrict"] = _subdistrict(district, out["subdistrict"])
        tables[name] = out
    return dataclasses.replace(world, tables=tables, truth=world.truth.iloc[:0], faults=world.faults.iloc[:0])


def _write_block(
    out_dir: Path, d: int, b: int, seed: int, months: int | None
) -> tuple[dict[str, object], dict[str, int]]:
    """Generate, relabel and write one block; its index entry and rows per table."""
    district, code, _ = DISTRICTS[d]
    cfg = WorldConfig(scale=BLOCK_SCALE, seed=seed * 10_000 + d * 100 + b, months=months)
    world = relabel(generate_world(cfg), district, f"{code}{b:02d}-")
    path = Path(code) / f"block-{b:02d}"
    write_world(world, out_dir / path)
    shutil.rmtree(out_dir / path / "truth", ignore_errors=True)
    entry = {"path": path.as_posix(), "district": district, "units": len(world.tables["units"])}
    return entry, {name: len(frame) for name, frame in world.tables.items()}


def generate_city(
    out_dir: Path, seed: int = 7, months: int | None = None, share: float = 1.0,
    on_block: Callable[[str, int, int], None] | None = None, processes: int = 1,
) -> dict[str, int]:  # fmt: skip
    """Generate and write the city block by block (`share` of each district's blocks) in `processes` worker
    processes, each holding one block at a time; rows written per table. Every block has its own seed, so the
    files do not depend on `processes`. The index is written last, in district and block order."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty; choose an empty folder for the city")
    out_dir.mkdir(parents=True, exist_ok=True)
    blocks = [(d, b) for d, (_, _, n) in enumerate(DISTRICTS) for b in range(_blocks(n, share))]
    entries: list[dict[str, object]] = []
    rows: dict[str, int] = {}

    def done(d: int, b: int, entry: dict[str, object], counts: dict[str, int]) -> None:
        entries.append(entry)
        for name, n in counts.items():
            rows[name] = rows.get(name, 0) + n
        if on_block is not None:
            on_block(DISTRICTS[d][0], b, len(entries))

    if processes <= 1:
        for d, b in blocks:
            done(d, b, *_write_block(out_dir, d, b, seed, months))
    else:
        context = multiprocessing.get_context("spawn")  # no fork of a parent that may run threads
        with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
            futures = [pool.submit(_write_block, out_dir, d, b, seed, months) for d, b in blocks]
            for (d, b), future in zip(blocks, futures, strict=True):
                done(d, b, *future.result())
    write_index(out_dir, entries, {"seed": seed, "share": share, "rows": rows})
    return rows
