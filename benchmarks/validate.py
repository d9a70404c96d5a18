"""Benchmark `load_dataset`: median wall time of N runs, peak RSS, and rows/s per table and in total.

    python -m benchmarks.validate [--data DIR] [--runs 3]

Without --data, a luohu-scale world is generated into a temporary folder by data.synth (in a child process, so
its memory does not count); if data.synth is not importable, a plain synthetic dataset built here stands in.
Results go to benchmarks/results/validate.json and validate.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from data.contract import TABLES
from data.loading import load_dataset, read_table_file
from data.validation import validate_tables

RESULTS = Path(__file__).parent / "results"
log = logging.getLogger("benchmarks.validate")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, prepare the dataset, measure and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="Dataset folder (default: generate a luohu world).")
    parser.add_argument("--runs", type=int, default=3, help="Timed runs; the median is reported.")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="Format when generating.")
    parser.add_argument("--fallback-bills", type=int, default=1_000_000, help="fee_bills rows of the fallback.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory(prefix="validate-bench-") as scratch:
        data_dir, source = args.data, "given"
        if data_dir is None:
            data_dir, source = Path(scratch) / "world", _generate_in_child(Path(scratch) / "world", args)
        result = measure(data_dir, runs=args.runs)
    result |= {"source": source, "data": str(args.data or "generated"), "machine": platform.platform()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "validate.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "validate.md").write_text(render_markdown(result), encoding="utf-8")
    log.info(render_markdown(result))


def _generate_in_child(out_dir: Path, args: argparse.Namespace) -> str:
    """Write the benchmark world from a child process; return what produced it."""
    try:
        from data.synth import WorldConfig, generate_world, write_world  # noqa: F401
    except ImportError:
        source, target = f"fallback ({args.fallback_bills:,} bills)", _write_fallback
    else:
        source, target = "data.synth luohu", _write_synth
    child = multiprocessing.get_context("spawn").Process(target=target, args=(out_dir, args.format, args))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"generating the benchmark dataset failed (exit {child.exitcode})")
    return source


def _write_synth(out_dir: Path, file_format: str, args: argparse.Namespace) -> None:
    from data.synth import WorldConfig, generate_world, write_world

    write_world(generate_world(WorldConfig(scale="luohu")), out_dir, file_format=file_format)


def _write_fallback(out_dir: Path, file_format: str, args: argparse.Namespace) -> None:
    out_dir.mkdir(parents=True)
    for name, frame in fallback_tables(args.fallback_bills).items():
        if file_format == "parquet":
            frame.to_parquet(out_dir / f"{name}.parquet", index=False)
        else:
            as_text = frame.astype({c: "string" for c in frame.select_dtypes("bool").columns})
            as_text.replace({"True": "true", "False": "false"}).to_csv(out_dir / f"{name}.csv", index=False)


def fallback_tables(bills: int, months: int = 36, seed: int = 7) -> dict[str, pd.DataFrame]:
    """A plain contract-valid dataset with about `bills` fee bills (no mechanisms: for timing only)."""
    rng = np.random.default_rng(seed)
    n_units = max(bills // months, 10)
    n_comm = max(n_units // 400, 3)
    firms = pd.DataFrame({"firm_id": ids("F", 12, 2), "name": ids("物业公司", 12, 2)})
    comm = pd.DataFrame({"community_id": ids("C", n_comm, 4), "name": ids("小区", n_comm, 4), "district": "罗湖区"})
    comm["subdistrict"] = "翠竹街道"
    comm["firm_id"] = firms.firm_id.to_numpy()[rng.integers(0, 12, n_comm)]
    comm["built_year"] = pd.array(rng.integers(1980, 2023, n_comm), dtype="Int64")
    comm["fee_rate_cny_m2"] = rng.uniform(1.0, 4.5, n_comm).round(2)
    comm["has_owners_committee"] = rng.random(n_comm) < 0.4
    home = rng.integers(0, n_comm, n_units)
    units = pd.DataFrame({"unit_id": ids("U", n_units, 7), "community_id": comm.community_id.to_numpy()[home]})
    units["building"] = "1栋"
    units["floor_area_m2"] = rng.uniform(40, 180, n_units).round(1)
    units["occupancy"] = _choose(rng, TABLES["units"].column("occupancy").codes, n_units)
    units["moved_in"] = pd.Timestamp("2010-01-01") + pd.to_timedelta(rng.integers(0, 4000, n_units), unit="D")
    periods = pd.period_range("2023-01", periods=months, freq="M")
    unit_pos = np.repeat(np.arange(n_units), months)
    due = np.tile(periods.end_time.normalize().to_numpy(), n_units)
    paid = rng.random(len(unit_pos)) < 0.9
    amount = (units.floor_area_m2.to_numpy() * comm.fee_rate_cny_m2.to_numpy()[home]).round(2)[unit_pos]
    bills_frame = pd.DataFrame({"bill_id": ids("B", len(unit_pos), 9), "unit_id": units.unit_id.to_numpy()[unit_pos]})
    bills_frame["period"] = np.tile(periods.strftime("%Y-%m").to_numpy(), n_units)
    bills_frame["amount_due_cny"] = amount
    bills_frame["due_date"] = due
    bills_frame["paid_at"] = pd.Series(due - rng.integers(0, 20, len(due)).astype("timedelta64[D]")).where(paid)
    bills_frame["amount_paid_cny"] = pd.Series(amount).where(paid)
    tables = {"firms": firms, "communities": comm, "units": units, "fee_bills": bills_frame}
    for name, count in (("complaints", n_units // 2), ("repair_orders", n_units // 4), ("disputes", n_units // 40)):
        tables[name] = _fallback_events(name, rng, units, count, months)
    ledger_items = TABLES["ledger"].column("item").codes
    ledger = pd.MultiIndex.from_product([comm.community_id, periods.strftime("%Y-%m"), ledger_items]).to_frame()
    ledger.columns = ["community_id", "period", "item"]
    ledger["item"] = pd.Categorical(ledger["item"], categories=ledger_items)
    ledger["amount_cny"] = rng.uniform(0, 200_000, len(ledger)).round(2)
    tables["ledger"] = ledger.reset_index(drop=True)
    return tables


def ids(prefix: str, n: int, width: int) -> pd.Series:
    """IDs prefix + zero-padded 1..n."""
    return pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width).radd(prefix)


def _choose(rng: np.random.Generator, codes: tuple[str, ...], n: int) -> pd.Categorical:
    return pd.Categorical(rng.choice(codes, n), categories=codes)


def _fallback_events(name: str, rng: np.random.Generator, units: pd.DataFrame, n: int, months: int) -> pd.DataFrame:
    """Complaints, repair orders or disputes: the table's own columns filled with plausible random values."""
    table = TABLES[name]
    pick = rng.integers(0, len(units), n)
    start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, months * 30 * 24, n), unit="h")
    end = pd.Series(start + pd.to_timedelta(rng.integers(1, 500, n), unit="h")).where(rng.random(n) < 0.8)
    columns = list(table.columns)
    frame = pd.DataFrame({columns[0].name: ids(name[0].upper(), n, 7)})
    frame["community_id"] = units.community_id.to_numpy()[pick]
    frame["unit_id"] = pd.Series(units.unit_id.to_numpy()[pick], dtype="string").where(rng.random(n) < 0.9)
    for column in columns[3:]:
        if column.kind.value == "enum":
            frame[column.name] = _choose(rng, column.codes, n)
        elif column.nullable and column.kind.value == "timestamp":
            frame[column.name] = end
        elif column.kind.value == "timestamp":
            frame[column.name] = start
    if name == "complaints":
        frame["text"] = "电梯故障，请尽快维修"
        frame["satisfaction"] = pd.Series(rng.integers(1, 6, n), dtype="Int64").where(end.notna())
    if name == "repair_orders":
        frame["cost_cny"] = rng.uniform(50, 20_000, n).round(2)
    return frame[list(table.column_names)]


def measure(data_dir: Path, *, runs: int) -> dict[str, object]:
    """Time load_dataset `runs` times, then each table on its own (read + validate against the rest)."""
    seconds, cpu_seconds, dataset = [], [], None
    load_before = os.getloadavg()[0]
    for _ in range(runs):
        dataset = None  # free the previous run's frames first, so peak RSS is one load's
        started, cpu_started = time.perf_counter(), time.process_time()
        dataset = load_dataset(data_dir)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
    assert dataset is not None
    rows = dataset.row_counts()
    tables = {}
    for name in TABLES:
        files = [data_dir / f"{name}.{suffix}" for suffix in ("parquet", "csv")]
        file = next((f for f in files if f.is_file()), None)
        if file is None:
            continue
        started = time.perf_counter()
        validate_tables({name: read_table_file(file)}, context=dataset)
        elapsed = max(time.perf_counter() - started, 1e-9)
        tables[name] = {"rows": rows[name], "seconds": round(elapsed, 3), "rows_per_s": round(rows[name] / elapsed)}
    median = statistics.median(seconds)
    return {
        "runs": runs,
        "seconds": [round(s, 3) for s in seconds],
        "cpu_seconds": [round(s, 3) for s in cpu_seconds],
        "load_average_before": round(load_before, 2),
        "median_seconds": round(median, 3),
        "total_rows": sum(rows.values()),
        "rows_per_s": round(sum(rows.values()) / median),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "tables": tables,
    }


def render_markdown(result: dict[str, object]) -> str:
    """The results as a short Markdown page."""
    tables = result["tables"]
    assert isinstance(tables, dict)
    lines = [
        "# load_dataset benchmark",
        "",
        f"Data: {result['source']} ({result['data']}); machine: {result['machine']}.",
        f"Median of {result['runs']} runs: **{result['median_seconds']} s** for {result['total_rows']:,} rows "
        f"({result['rows_per_s']:,} rows/s); peak RSS {result['peak_rss_mb']:,} MB.",
        f"Runs: {result['seconds']} s wall, {result['cpu_seconds']} s CPU; load average before: "
        f"{result['load_average_before']} (other work on the machine slows wall time).",
        "",
        "Per table (read + validate alone, foreign keys against the loaded rest; one run):",
        "",
        "| table | rows | seconds | rows/s |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {n} | {t['rows']:,} | {t['seconds']} | {t['rows_per_s']:,} |" for n, t in tables.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
