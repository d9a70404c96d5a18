"""write_world: a world's tables, ground truth and summary, written all-or-nothing into one folder."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from data.contract import TABLES, Kind
from data.synth.generation import World

FORMATS = ("parquet", "csv")
SUMMARY = "world.json"
TRUTH = Path("truth") / "unit_month_risk.parquet"
FAULTS = Path("truth") / "faults.parquet"
OUTREACH = Path("truth") / "outreach.parquet"
MECHANISMS = Path("truth") / "mechanisms.json"
_TEXT_FORMATS = {Kind.DATE: "%Y-%m-%d", Kind.TIMESTAMP: "%Y-%m-%dT%H:%M:%S"}


def summary(world: World) -> dict[str, object]:
    """What world.json holds: the config, rows per table, truth rows, injected faults and any visits.

    A default world's config leaves out `vary`, so its world.json is the one written before varied worlds existed.
    """
    cfg = world.config
    return {
        "config": cfg.model_dump(exclude={"vary"} if cfg.vary is None else None),
        "rows": {name: len(frame) for name, frame in world.tables.items()},
        "truth_rows": len(world.truth),
        "faults": len(world.faults),
        "visits": 0 if world.outreach is None else len(world.outreach),
    }


def csv_ready(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as contract text: dates YYYY-MM-DD, timestamps ISO 8601 (local, no zone), bools true/false."""
    table, out = TABLES[name], frame.copy()
    for col in table.columns:
        if col.name not in frame:
            continue
        series = frame[col.name]
        if col.kind in _TEXT_FORMATS and pd.api.types.is_datetime64_any_dtype(series):
            out[col.name] = series.dt.strftime(_TEXT_FORMATS[col.kind])
        elif col.kind is Kind.BOOL and pd.api.types.is_bool_dtype(series):
            out[col.name] = series.map({True: "true", False: "false"})
    return out


def _write_table(name: str, frame: pd.DataFrame, path: Path, file_format: str) -> None:
    if file_format == "parquet":
        frame.to_parquet(path, index=False, engine="pyarrow")
    else:
        csv_ready(name, frame).to_csv(path, index=False, na_rep="", encoding="utf-8", lineterminator="\n")


def _check_target(out_dir: Path) -> None:
    """Refuse to replace a folder that holds anything other than an earlier world."""
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / SUMMARY).exists())):
        raise FileExistsError(f"{out_dir} exists and does not hold a generated world; choose an empty folder")


def write_world(world: World, out_dir: Path, file_format: str = "parquet") -> None:
    """Write <table>.<format>, truth/ (risk, any faults, visits and varied mechanisms) and world.json; a failed
    write leaves nothing."""
    if file_format not in FORMATS:
        raise ValueError(f"file_format must be one of {FORMATS}, got {file_format!r}")
    out_dir = Path(out_dir)
    _check_target(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".partial", dir=out_dir.parent))
    staging.chmod(0o755)
    try:
        for name, frame in world.tables.items():
            _write_table(name, frame, staging / f"{name}.{file_format}", file_format)
        (staging / TRUTH).parent.mkdir()
        world.truth.to_parquet(staging / TRUTH, index=False, engine="pyarrow")
        if len(world.faults):
            world.faults.to_parquet(staging / FAULTS, index=False, engine="pyarrow")
        if world.outreach is not None:
            world.outreach.to_parquet(staging / OUTREACH, index=False, engine="pyarrow")
        if world.config.vary is not None:
            mechanisms = json.dumps(world.mechanisms.to_dict(), indent=2) + "\n"
            (staging / MECHANISMS).write_text(mechanisms, encoding="utf-8")
        text = json.dumps(summary(world), ensure_ascii=False, indent=2) + "\n"
        (staging / SUMMARY).write_text(text, encoding="utf-8")
        _swap_in(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace out_dir by the finished staging folder with renames (an earlier world is removed only after)."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".old", dir=out_dir.parent))
    retired.rmdir()
    out_dir.rename(retired)
    staging.rename(out_dir)
    shutil.rmtree(retired)
