"""`disputes audit`: check the audit log's hash chain, and export it (CSV with formula-safe cells, or JSON lines).

Registered in disputes/cli.py; the work is in serving/audit_reading.py.
"""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from disputes.settings import command_settings

console = Console(stderr=True)
audit_app = typer.Typer(no_args_is_help=True, add_completion=False, help="The audit log: verify and export.")


@audit_app.callback()
def audit() -> None:
    """The audit log: verify and export."""


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


@audit_app.command("verify")
def verify() -> None:
    """Recompute every row's hash: exit 0 when the chain is intact, 1 naming the first broken row."""
    from serving.audit_reading import verify_chain
    from serving.db import create_serving_schema, open_engine

    engine = open_engine(command_settings().store_url)
    create_serving_schema(engine)
    try:
        with engine.connect() as connection:
            check = verify_chain(connection)
    finally:
        engine.dispose()
    if not check.intact:
        console.print(f"[red]Audit row {check.broken_id} is broken: {check.problem}.[/red] "
                      f"The {check.rows} rows before it are intact.", highlight=False)  # fmt: skip
        raise typer.Exit(1)
    console.print(f"[green]Audit log intact[/green]: {check.rows} rows; last hash {check.last_hash} "
                  "(note it somewhere safe: a later verify should reach it).", highlight=False)  # fmt: skip


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        console.print(f"[red]--since must be a date or a time like 2026-05-01 or 2026-05-01T08:00, not {text!r}[/red]")
        raise typer.Exit(2) from None


@audit_app.command("export")
def export(
    file_format: Annotated[ExportFormat, typer.Option("--format", help="csv (for spreadsheets) or jsonl.")] = (
        ExportFormat.csv
    ),
    since: Annotated[str | None, typer.Option(help="Only rows at or after this local date or time.")] = None,
) -> None:
    """Write the audit log to stdout, oldest first: every column, the hashes included."""
    from serving.audit_reading import export_csv, export_jsonl
    from serving.db import create_serving_schema, open_engine

    when = _since(since)
    engine = open_engine(command_settings().store_url)
    create_serving_schema(engine)
    writer = export_csv if file_format is ExportFormat.csv else export_jsonl
    try:
        with engine.connect() as connection:
            for chunk in writer(connection, when):
                sys.stdout.write(chunk)
    finally:
        engine.dispose()
    sys.stdout.flush()
