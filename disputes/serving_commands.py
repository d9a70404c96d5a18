"""Serving-side commands of the `disputes` CLI: batch scoring and the server (API keys: keys_commands.py).

Registered in disputes/cli.py; heavy libraries are imported inside each command.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from disputes.engine_options import Engine, EngineOption, SchedulerOption, WorkersOption, engine_config
from disputes.keys_commands import keys_app
from disputes.output import reported_failures
from disputes.progress_view import shown_progress
from disputes.settings import command_settings

console = Console(stderr=True)
__all__ = ["keys_app", "score", "serve"]


def score(
    as_of: Annotated[
        str, typer.Option(help="As-of date YYYY-MM-DD, or 'latest' (the data's latest month).")
    ] = "latest",
    data: Annotated[Path | None, typer.Option(help="Dataset folder; default: the store.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no timing line.")] = False,
    engine: EngineOption = Engine.local,
    workers: WorkersOption = 2,
    scheduler: SchedulerOption = None,
) -> None:
    """Score every unit with the champion model into the store's scores table, with community rollups."""
    import pandas as pd

    from scoring.pipeline import run_score

    try:
        when = None if as_of == "latest" else pd.Timestamp(as_of)
    except ValueError:
        console.print(f"[red]--as-of must be YYYY-MM-DD or 'latest', not {as_of!r}[/red]")
        raise typer.Exit(2) from None
    with reported_failures(), shown_progress(console, quiet, "score") as progress:
        result = run_score(command_settings(), when, data, progress, engine_config(engine, workers, scheduler))
    console.print(f"[green]Scored[/green]{result.line().removeprefix('Scored')}", highlight=False)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    access_log: Annotated[
        bool, typer.Option(help="Log every request line (unit reads and outreach are always in the audit table).")
    ] = False,
) -> None:
    """Serve the API with uvicorn (one worker)."""
    # Online requests score a few rows at a time; one OpenMP thread per prediction avoids thread start-up and
    # spin costs that dwarf the work itself. Set before LightGBM loads its OpenMP runtime.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import uvicorn

    from serving.app import create_app

    settings = command_settings()
    uvicorn.run(create_app(settings), host=host, port=port, access_log=access_log, log_level="info")
