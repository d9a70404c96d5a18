"""How commands show progress and failures: timestamped lines off a terminal, nothing when quiet, exit codes."""

from __future__ import annotations

import io
import re

import pytest
import typer
from rich.console import Console

from data.problems import Problem, Report, ValidationFailed
from disputes.output import reported_failures
from disputes.progress_view import shown_progress
from models.registry import ModelLoadError
from scoring.pipeline import ScoreDateError


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=False, width=200), out


def test_off_a_terminal_each_stage_is_a_timestamped_line_and_the_command_ends_with_its_timing():
    console, out = _console()
    with shown_progress(console, quiet=False, command="score") as progress:
        with progress.stage("loading data"):
            pass
        with progress.stage("scoring with v3", total=2) as advance:
            advance(2)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(r"\d\d:\d\d:\d\d loading data…", lines[0])
    assert re.fullmatch(r"\d\d:\d\d:\d\d loading data done in \d+\.\d s", lines[1])
    assert re.fullmatch(r"\d\d:\d\d:\d\d scoring with v3 done in \d+\.\d s", lines[3])
    assert re.fullmatch(r"score took \d+\.\d s \(loading data \d+\.\d s, scoring with v3 \d+\.\d s\)", lines[4])
    assert len(lines) == 5


def test_quiet_prints_nothing():
    console, out = _console()
    with shown_progress(console, quiet=True, command="train") as progress, progress.stage("training"):
        pass
    assert out.getvalue() == ""


def test_a_terminal_gets_bars_that_leave_only_the_timing_line():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    with shown_progress(console, quiet=False, command="monitor") as progress, progress.stage("monitoring", 3) as step:
        step(3)
    assert "monitor took" in out.getvalue()


def _failing(error: Exception, **kwargs: bool) -> int:
    with pytest.raises(typer.Exit) as exit_info, reported_failures(**kwargs):
        raise error
    return exit_info.value.exit_code


def test_invalid_data_exits_2_with_the_report_and_says_nothing_was_written(capsys):
    problem = Problem("complaints", 3, "created_at", "2099-01-01", "not_future", "is in the future")
    assert _failing(ValidationFailed(Report((problem,), 1)), nothing_written=True) == 2
    err = capsys.readouterr().err
    assert "complaints row 3, column created_at" in err
    assert "Nothing was written." in err


def test_a_missing_model_exits_1_and_says_what_to_do(capsys):
    assert _failing(ModelLoadError("models:/dispute-risk@champion could not be loaded: [no alias]")) == 1
    err = capsys.readouterr().err
    assert "[no alias]" in err
    assert "disputes train" in err


def test_a_future_scoring_date_exits_2():
    assert _failing(ScoreDateError("as-of 2099-01-01 lies past the current month")) == 2


def test_anything_else_is_not_hidden():
    with pytest.raises(KeyError), reported_failures():
        raise KeyError("a bug")
    with pytest.raises(ValueError, match="plain"), reported_failures():
        raise ValueError("plain")
