"""Chinese names and complaint texts, drawn from the pools in names.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from data.contract import COMPLAINT_CATEGORIES


@dataclass(frozen=True)
class NamePools:
    """Everything names.json holds."""

    district: str
    subdistricts: tuple[str, ...]
    firm_stems: tuple[str, ...]
    firm_suffixes: tuple[str, ...]
    community_stems: tuple[str, ...]
    community_modifiers: tuple[str, ...]
    community_suffixes: tuple[str, ...]
    building_suffix: str
    complaint_openers: tuple[str, ...]
    complaint_bodies: dict[str, tuple[str, ...]]


@cache
def name_pools() -> NamePools:
    """The packaged name pools (read once, on first use)."""
    raw = json.loads(resources.files("data.synth").joinpath("names.json").read_text(encoding="utf-8"))
    return NamePools(
        district=raw["district"], building_suffix=raw["building_suffix"],
        subdistricts=tuple(raw["subdistricts"]), firm_stems=tuple(raw["firm_stems"]),
        firm_suffixes=tuple(raw["firm_suffixes"]), community_stems=tuple(raw["community_stems"]),
        community_modifiers=tuple(raw["community_modifiers"]), community_suffixes=tuple(raw["community_suffixes"]),
        complaint_openers=tuple(raw["complaint_openers"]),
        complaint_bodies={k: tuple(v) for k, v in raw["complaint_bodies"].items()},
    )  # fmt: skip


def firm_names(n: int, rng: np.random.Generator) -> list[str]:
    """`n` distinct firm names such as 深圳市鹏安物业管理有限公司."""
    pools = name_pools()
    stems = rng.permutation(len(pools.firm_stems))
    if n > len(stems):
        raise ValueError(f"at most {len(stems)} firms have names")
    suffixes = rng.integers(0, len(pools.firm_suffixes), size=n)
    return [f"深圳市{pools.firm_stems[s]}{pools.firm_suffixes[k]}" for s, k in zip(stems[:n], suffixes, strict=True)]


def community_names(n: int, rng: np.random.Generator) -> list[str]:
    """`n` distinct community names (翠竹花园, 新银湖苑 …): short names first, then with a modifier."""
    pools = name_pools()
    short = [s + x for s in pools.community_stems for x in pools.community_suffixes]
    long = [
        m + s + x for m in pools.community_modifiers for s in pools.community_stems for x in pools.community_suffixes
    ]
    order = [short[i] for i in rng.permutation(len(short))] + [long[i] for i in rng.permutation(len(long))]
    if n > len(order):
        raise ValueError(f"at most {len(order)} communities have names")
    chosen = order[:n]
    return [chosen[i] for i in rng.permutation(n)]


def complaint_texts() -> tuple[list[str], np.ndarray, np.ndarray]:
    """All texts (opener + body), and per category the first index and count of its texts."""
    pools = name_pools()
    texts: list[str] = []
    first = np.zeros(len(COMPLAINT_CATEGORIES), dtype=np.int64)
    count = np.zeros(len(COMPLAINT_CATEGORIES), dtype=np.int64)
    for code, category in enumerate(COMPLAINT_CATEGORIES):
        variants = [o + b for b in pools.complaint_bodies[category] for o in pools.complaint_openers]
        first[code], count[code] = len(texts), len(variants)
        texts.extend(variants)
    return texts, first, count
