"""The limit: in-process `pyfunc.score` calls per second on 1 and 100 real feature rows (no HTTP at all)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from data.settings import Settings
from models.registry import Registry

SECONDS = 3.0


def calls_per_second(score: object, frames: list[pd.DataFrame]) -> float:
    """Sequential calls for about SECONDS, cycling through different frames."""
    calls = 0
    started = time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        score(frames[calls % len(frames)])  # type: ignore[operator]
        calls += 1
    return calls / (time.perf_counter() - started)


def main(rows_file: str) -> None:
    """Print {"score_1_calls_per_s", "score_100_calls_per_s"} as the last line of stdout."""
    settings = Settings()
    model = Registry(settings.tracking_uri, settings.model_name).load_approved()
    names = list(model.pyfunc.feature_names)
    base = pd.DataFrame(json.loads(Path(rows_file).read_text()), columns=names, dtype="float64")
    result = {}
    for rows in (1, 100):
        starts = range(0, len(base) - rows + 1, max(rows, 10))
        frames = [base.iloc[i : i + rows].reset_index(drop=True) for i in starts]
        model.pyfunc.score(frames[0])
        result[f"score_{rows}_calls_per_s"] = round(calls_per_second(model.pyfunc.score, frames), 1)
    print(json.dumps(result))
