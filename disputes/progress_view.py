"""Showing a pipeline's progress: rich bars in a terminal, timestamped lines elsewhere, nothing with --quiet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bars

from data.progress import Phase, Progress, ProgressEvent


class _BarView:
    """One rich task per stage: a spinner while the total is unknown, a bar once it is."""

    def __init__(self, bars: Bars) -> None:
        self.bars = bars
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, event: ProgressEvent) -> None:
        if event.phase is Phase.START:
            self.tasks[event.label] = self.bars.add_task(escape(event.label), total=event.total)
            return
        task = self.tasks[event.label]
        if event.phase is Phase.ADVANCE:
            self.bars.update(task, completed=event.completed)
        else:
            self.bars.update(task, completed=event.total or 1, total=event.total or 1)


class _LineView:
    """Plain timestamped lines for logs and pipes: a stage's start and its end with the time it took."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def __call__(self, event: ProgressEvent) -> None:
        if event.phase is Phase.ADVANCE:
            return
        stamp = datetime.now().strftime("%H:%M:%S")
        tail = "…" if event.phase is Phase.START else f" done in {event.elapsed:.1f} s"
        self.console.print(f"{stamp} {escape(event.label)}{tail}", highlight=False, soft_wrap=True)


@contextmanager
def shown_progress(console: Console, quiet: bool, command: str) -> Iterator[Progress]:
    """A Progress for one command; afterwards, unless quiet, one line with the total and per-stage times."""
    if quiet:
        yield Progress()
        return
    if console.is_terminal:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())  # fmt: skip
        with Bars(*columns, console=console, transient=True) as bars:
            progress = Progress(_BarView(bars))
            yield progress
    else:
        progress = Progress(_LineView(console))
        yield progress
    console.print(f"[dim]{command} took {progress.summary()}[/dim]", highlight=False)
