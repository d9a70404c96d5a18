"""The `disputes` command line: thin shells around the pipeline's functions.

Heavy libraries are imported inside each command so `disputes --help` stays fast.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, cast

import typer
from rich.console import Console
from rich.markup import escape

from disputes.audit_commands import audit_app
from disputes.monitor_commands import monitor
from disputes.output import emit_json, reported_failures
from disputes.progress_view import shown_progress
from disputes.realdata_commands import realdata_app
from disputes.serving_commands import keys_app, score, serve
from disputes.settings import command_settings
from disputes.simulate_commands import simulate_app
from disputes.training_commands import promote, train
from disputes.users_commands import users_app

# No local variables in tracebacks: a frame's locals can hold other households' rows.
app = typer.Typer(
    no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False,
    help="Dispute Radar: dispute risk and transparency.",
)  # fmt: skip
console = Console(stderr=True)


class Scale(StrEnum):
    small = "small"
    district = "district"
    luohu = "luohu"
    shenzhen = "shenzhen"  # streamed district by district into a partitioned dataset (data.synth.shenzhen)


class Drift(StrEnum):
    none = "none"
    fee_hike = "fee_hike"
    service_collapse = "service_collapse"


class FileFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no timing line.")]


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the dataset into.")],
    scale: Annotated[Scale, typer.Option(help="World size.")] = Scale.district,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives byte-identical tables.")] = 7,
    months: Annotated[int | None, typer.Option(help="Months of history (default: the scale's).")] = None,
    start: Annotated[str, typer.Option(help="First month, YYYY-MM.")] = "2023-01",
    drift: Annotated[Drift, typer.Option(help="Shift the world in its last 6 months.")] = Drift.none,
    dirty: Annotated[float, typer.Option(help="Share of rows given realistic faults (0 = clean).")] = 0.0,
    vary: Annotated[
        int | None,
        typer.Option(
            min=0, help="Draw the generator's mechanisms from this seed (hidden: written to truth/mechanisms.json)."
        ),
    ] = None,
    file_format: Annotated[FileFormat, typer.Option("--format", help="Table file format.")] = FileFormat.parquet,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes generating the city's blocks (--scale shenzhen; default: the cores)."),
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Generate a synthetic Luohu district that follows the data contract (or, --scale shenzhen, the whole city)."""
    from data.synth import WorldConfig, generate_world, write_world

    if scale is Scale.shenzhen:
        if vary is not None:
            raise typer.BadParameter("--vary is not available with --scale shenzhen", param_hint="--vary")
        _generate_city(out_dir, seed, months, quiet, workers or os.cpu_count() or 1)
        return
    if workers is not None:
        raise typer.BadParameter("--workers applies to --scale shenzhen only", param_hint="--workers")
    size = cast(Literal["small", "district", "luohu"], scale.value)
    cfg = WorldConfig(scale=size, seed=seed, months=months, start=start, drift=drift.value, dirty=dirty, vary=vary)
    varied = "" if vary is None else f", mechanisms varied from seed {vary}"
    with shown_progress(console, quiet, "generate") as progress:
        with progress.stage(f"simulating the {scale.value} world (seed {seed}{varied})"):
            world = generate_world(cfg)
        with progress.stage("writing the tables"):
            write_world(world, out_dir, file_format=file_format.value)
    counts = ", ".join(f"{name} {len(frame):,}" for name, frame in world.tables.items())
    console.print(f"[green]Wrote[/green] {out_dir}: {counts}")


def _generate_city(out_dir: Path, seed: int, months: int | None, quiet: bool, processes: int) -> None:
    """`generate --scale shenzhen`: about 6.5 million units, written block by block, never held in memory."""
    from data.synth.shenzhen import city_blocks, city_units, generate_city

    stage = f"simulating and writing Shenzhen, {city_units():,} units (seed {seed}, {processes} processes)"
    with shown_progress(console, quiet, "generate") as progress, progress.stage(stage, city_blocks()) as advance:
        rows = generate_city(out_dir, seed, months, on_block=lambda *_: advance(1), processes=processes)
    console.print(f"[green]Wrote[/green] {out_dir} (partitioned): " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))


@app.command()
def validate(
    data_dir: Annotated[Path, typer.Argument(help="Dataset folder (CSV or Parquet per table).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on the last line.")] = False,
) -> None:
    """Check a dataset against the data contract: exit 0 when valid, 2 with a report otherwise."""
    from data.loading import load_dataset
    from data.validation import ValidationFailed

    try:
        dataset = load_dataset(data_dir)
    except ValidationFailed as failure:
        console.print(failure.report.render(), markup=False, highlight=False, soft_wrap=True)
        if as_json:
            emit_json({"valid": False, **failure.report.to_dict()})
        raise typer.Exit(2) from None
    for note in dataset.notes:
        console.print(f"[yellow]note[/yellow] {escape(note)}")
    counts = dataset.row_counts()
    console.print(f"[green]valid[/green] {data_dir}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    if as_json:
        emit_json({"valid": True, "rows": counts, "missing_tables": sorted(dataset.missing)})


@app.command()
def ingest(
    data_dir: Annotated[Path, typer.Argument(help="Dataset folder to validate and load into the store.")],
    quiet: Quiet = False,
) -> None:
    """Validate a dataset, then load it into the store in one transaction (upsert on primary keys)."""
    from data.loading import load_dataset
    from data.store import Store

    settings = command_settings()
    with reported_failures(nothing_written=True), shown_progress(console, quiet, "ingest") as progress:
        with progress.stage("validating"):
            dataset = load_dataset(data_dir)
        store = Store(settings.store_url)
        with progress.stage("writing to the store"):
            store.create_schema()
            written = store.ingest(dataset)
    console.print(
        f"[green]Ingested[/green] into {store.display_url}: " + ", ".join(f"{k} {v:,}" for k, v in written.items())
    )


@app.command()
def demo(
    scale: Annotated[Scale, typer.Option(help="World size.")] = Scale.district,
    seed: Annotated[int, typer.Option(help="World and model seed.")] = 7,
    host: Annotated[str, typer.Option(help="Interface to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Stop after scoring.")] = False,
) -> None:
    """Generate → ingest → train → promote → score → serve, into DISPUTES_HOME."""
    data_dir = command_settings().home / "data" / f"{scale.value}-{seed}"
    generate(data_dir, scale=scale, seed=seed, months=None, start="2023-01", drift=Drift.none, dirty=0.0, vary=None)
    ingest(data_dir)
    train(data=data_dir, seed=seed, as_json=False)
    promote(force=False)
    score(as_of="latest", data=None)
    if not no_serve:
        serve(host=host, port=port)


@app.callback()
def _quiet_libraries() -> None:
    """Dispute Radar: dispute risk and transparency."""
    # MLflow reads its logging level when it is first imported: keep its INFO chatter (database migrations, signature
    # checks) out of the commands' output. Warnings still show.
    os.environ.setdefault("MLFLOW_LOGGING_LEVEL", "WARNING")


app.command()(train)
app.command()(promote)
app.command()(score)
app.command()(serve)
app.command()(monitor)
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.add_typer(realdata_app, name="realdata")
app.add_typer(users_app, name="users")
app.add_typer(simulate_app, name="simulate")


def main() -> None:  # pragma: no cover - console entry point
    app()
