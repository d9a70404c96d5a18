"""What commands print: one JSON line for machines, a report and an exit code for failures people can fix."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

console = Console(stderr=True)

# Failures a user can act on: (module, exception class, exit code, what to do). A class is looked up only when
# its module is already imported, since an exception of a module never loaded cannot have been raised.
_ACTIONABLE = (
    ("scoring.pipeline", "ScoreDateError", 2, ""),
    (
        "models.registry",
        "ModelLoadError",
        1,
        " Train and promote a model first (`disputes train`, `disputes promote`).",
    ),
    ("monitoring.reference", "MonitorError", 1, ""),
)


def emit_json(payload: dict[str, object]) -> None:
    """Print one JSON object as the last line of stdout, for machines."""
    print(json.dumps(payload, ensure_ascii=False, default=str))


def _actionable(error: Exception) -> tuple[int, str] | None:
    for module, name, code, hint in _ACTIONABLE:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(error, getattr(loaded, name)):
            return code, hint
    return None


@contextmanager
def reported_failures(nothing_written: bool = False) -> Iterator[None]:
    """Turn the failures a user can act on into a message and an exit code, never a traceback.

    Invalid data prints the validation report and exits 2; a bad scoring date exits 2; a missing or unloadable
    model, or monitoring that cannot run, exits 1 and says what to do. Anything else propagates.
    """
    from data.problems import ValidationFailed

    try:
        yield
    except ValidationFailed as failure:
        console.print(failure.report.render(), markup=False, highlight=False, soft_wrap=True)
        if nothing_written:
            console.print("[red]Nothing was written.[/red]")
        raise typer.Exit(2) from None
    except (ValueError, RuntimeError) as error:
        found = _actionable(error)
        if found is None:
            raise
        code, hint = found
        console.print(f"[red]{escape(str(error))}[/red]{escape(hint)}", highlight=False)
        raise typer.Exit(code) from None
