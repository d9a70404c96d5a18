"""`disputes realdata nyc` on a small NYC-shaped file: JSON on the last line, path resolution, clear failures."""

import json

import pytest
import typer
from typer.testing import CliRunner

from disputes.realdata_commands import realdata_app
from training.realdata.nyc import PATH_VARIABLE

REQUIRED = (
    "roc_auc",
    "pr_auc",
    "precision_at_1pct",
    "precision_at_5pct",
    "ece",
    "rule_precision_at_1pct",
    "size_only_roc_auc",
)


@pytest.fixture
def cli() -> typer.Typer:
    """The sub-app mounted as the lead mounts it: `disputes realdata nyc`."""
    app = typer.Typer()
    app.add_typer(realdata_app, name="realdata")
    return app


def test_json_last_line_holds_both_labels_with_spread(cli, nyc_file, monkeypatch):
    monkeypatch.delenv(PATH_VARIABLE, raising=False)
    result = CliRunner().invoke(
        cli, ["realdata", "nyc", "--path", str(nyc_file), "--json", "--folds", "2", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(payload) == ["label_a", "label_b"]
    for block in payload.values():
        assert all(0 <= block[key] <= 1 for key in REQUIRED)
        assert block["folds"] == 2
        assert set(block["spread"]["roc_auc"]) == {"mean", "std", "min", "max"}
        assert set(block["targets_met"]) == {"roc_auc", "pr_auc", "precision_at_1pct_vs_rule", "above_size_only"}


def test_environment_variable_names_the_file(cli, nyc_file, monkeypatch):
    monkeypatch.setenv(PATH_VARIABLE, str(nyc_file))
    result = CliRunner().invoke(cli, ["realdata", "nyc", "--folds", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["label_b"]["folds"] == 2


def test_missing_file_exits_2_and_says_how_to_point_at_it(cli, tmp_path, monkeypatch):
    monkeypatch.delenv(PATH_VARIABLE, raising=False)
    result = CliRunner().invoke(cli, ["realdata", "nyc", "--path", str(tmp_path / "nope.parquet")])
    assert result.exit_code == 2
    assert PATH_VARIABLE in result.stderr
