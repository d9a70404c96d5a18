"""Running `disputes` commands in process for the Dask tests, keeping what each command's pipeline returned."""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TRAIN = ("training.pipeline", "run_train")
SCORE = ("scoring.pipeline", "run_score")


@dataclass(frozen=True)
class CliRun:
    """One `disputes` command run in process: exit code, printed streams, and what its pipeline returned."""

    code: int
    stdout: str
    stderr: str
    result: Any

    @property
    def payload(self) -> dict[str, Any]:
        """The JSON object printed on stdout's last line (`--json`)."""
        return dict(json.loads(self.stdout.strip().splitlines()[-1]))

    @property
    def printed(self) -> str:
        """stderr with the console's line wrapping undone."""
        return " ".join(self.stderr.split())


def run_cli(home: Path, args: Sequence[str], pipeline: tuple[str, str] | None = None) -> CliRun:
    """`disputes ARGS` through Typer's runner with DISPUTES_HOME=home and the environment restored afterwards;
    `pipeline` (module, function) is wrapped to keep what the command's pipeline function returned."""
    from typer.testing import CliRunner

    from disputes.cli import app

    returned: list[Any] = []
    saved = dict(os.environ)
    with pytest.MonkeyPatch.context() as patch:
        if pipeline is not None:
            module = importlib.import_module(pipeline[0])
            real = getattr(module, pipeline[1])

            def keep(*args: Any, **kwargs: Any) -> Any:
                returned.append(real(*args, **kwargs))
                return returned[-1]

            patch.setattr(module, pipeline[1], keep)
        patch.setenv("DISPUTES_HOME", str(home))
        for name in ("MLFLOW_TRACKING_URI", "DATABASE_URL", "DISPUTES_DATABASE_URL"):
            patch.delenv(name, raising=False)
        try:
            result = CliRunner().invoke(app, list(args))
        finally:  # MLflow exports variables of its own (set_experiment)
            os.environ.clear()
            os.environ.update(saved)
    return CliRun(result.exit_code, result.stdout, result.stderr, returned[-1] if returned else None)
