"""A run whose logistic baseline beats LightGBM says so: in its metrics, in `disputes train --json` and in a warning."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from typer.testing import CliRunner

from disputes.cli import app
from training.baseline_check import baseline_report, baseline_warnings, compare_on_test

BEATEN_ON_VALIDATION = {
    "pr_auc": 0.30, "logistic_pr_auc": 0.29, "roc_auc": 0.8,
    "validation_pr_auc": 0.25, "validation_logistic_pr_auc": 0.27, "validation_logistic_beats_model": 1.0,
}  # fmt: skip


def test_the_report_names_the_window_the_baseline_wins() -> None:
    report = baseline_report(BEATEN_ON_VALIDATION)
    assert report["baseline_beats_model"] is True
    assert report["baseline"] == {
        "validation": {"model_pr_auc": 0.25, "logistic_pr_auc": 0.27, "logistic_beats_model": True},
        "test": {"model_pr_auc": 0.30, "logistic_pr_auc": 0.29, "logistic_beats_model": False},
    }
    assert baseline_warnings(BEATEN_ON_VALIDATION) == [
        "The logistic baseline beats LightGBM on the validation window (PR-AUC 0.2700 against 0.2500)."
    ]
    assert compare_on_test(BEATEN_ON_VALIDATION) == {"test_logistic_beats_model": 0.0}


def test_a_model_ahead_on_both_windows_raises_no_warning() -> None:
    ahead = BEATEN_ON_VALIDATION | {"validation_logistic_pr_auc": 0.2}
    assert baseline_report(ahead)["baseline_beats_model"] is False
    assert baseline_warnings(ahead) == []
    behind_on_test = ahead | {"logistic_pr_auc": 0.31}
    assert baseline_report(behind_on_test)["baseline_beats_model"] is True
    assert compare_on_test(behind_on_test) == {"test_logistic_beats_model": 1.0}
    assert [w.split(" window")[0] for w in baseline_warnings(behind_on_test)] == [
        "The logistic baseline beats LightGBM on the test"
    ]


def test_train_json_and_output_carry_the_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPUTES_HOME", str(tmp_path / "home"))
    slices = pd.DataFrame({"group": ["occupancy"], "ece": [0.01], "positives": [50]})
    result = SimpleNamespace(
        run_id="r1", version="3", metrics=BEATEN_ON_VALIDATION,
        outcome=SimpleNamespace(evaluation=SimpleNamespace(slices=slices), fitted=SimpleNamespace(search=None)),
    )  # fmt: skip
    monkeypatch.setattr("training.pipeline.run_train", lambda *args: result)
    monkeypatch.setattr("disputes.training_commands._print_worst_slice", lambda slices: None)
    outcome = CliRunner().invoke(app, ["train", "--data", str(tmp_path), "--json", "--quiet"])
    assert outcome.exit_code == 0, outcome.output
    payload = json.loads(outcome.stdout.strip().splitlines()[-1])
    assert payload["baseline_beats_model"] is True
    assert payload["baseline"]["validation"]["logistic_beats_model"] is True
    assert "logistic baseline beats LightGBM on the validation window" in outcome.stderr
