"""Progress of long work: pipeline functions name their stages and advance within them; a caller listens.

The pipeline knows nothing of terminals. The command line renders the events as progress bars, as timestamped lines,
or not at all; tests and the API pass nothing and pay nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum


class Phase(StrEnum):
    START = "start"
    ADVANCE = "advance"
    END = "end"


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a stage: its label, how far it is (of `total`, when known) and the seconds since it began."""

    phase: Phase
    label: str
    completed: int = 0
    total: int | None = None
    elapsed: float = 0.0


Listener = Callable[[ProgressEvent], None]


def _ignore(_event: ProgressEvent) -> None:
    return None


@dataclass
class Progress:
    """What a pipeline reports through; it also keeps each finished stage's duration for the closing summary."""

    listener: Listener = _ignore
    durations: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        """A stage of work; the body calls the yielded function to advance it by n steps."""
        started, done = time.perf_counter(), 0
        self.listener(ProgressEvent(Phase.START, label, 0, total))

        def advance(n: int = 1) -> None:
            nonlocal done
            done += n
            self.listener(ProgressEvent(Phase.ADVANCE, label, done, total, time.perf_counter() - started))

        try:
            yield advance
        finally:
            elapsed = time.perf_counter() - started
            self.durations[label] = self.durations.get(label, 0.0) + elapsed
            self.listener(ProgressEvent(Phase.END, label, done, total, elapsed))

    def summary(self) -> str:
        """'12.3 s (loading 2.0 s, training 10.3 s)': the total and each stage."""
        total = sum(self.durations.values())
        parts = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in self.durations.items())
        return f"{total:.1f} s ({parts})" if parts else f"{total:.1f} s"
