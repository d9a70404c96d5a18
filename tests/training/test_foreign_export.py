"""Train and promote on an export our generator did not write in this form: another firm system's CSV dump."""

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from data.contract import TABLES, Kind
from disputes.cli import app

pytestmark = pytest.mark.slow


def _foreign_csv(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Columns reversed, an extra column, ids prefixed, timestamps with an explicit +08:00 zone."""
    out = frame.copy()
    for column in TABLES[table].columns:
        if column.kind is Kind.ID:
            out[column.name] = ("EXT-" + out[column.name].astype("string")).where(out[column.name].notna())
        if column.kind is Kind.BOOL:
            out[column.name] = out[column.name].map({True: "true", False: "false"})
        if column.kind is Kind.TIMESTAMP:
            out[column.name] = out[column.name].dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    out["exported_by"] = "legacy-erp"
    return out[list(reversed(out.columns))]


@pytest.fixture(scope="module")
def foreign_dir(small_world_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from data.loading import load_dataset

    dataset = load_dataset(small_world_dir)
    out = tmp_path_factory.mktemp("foreign")
    for name in TABLES:
        _foreign_csv(dataset[name], name).to_csv(out / f"{name}.csv", index=False)
    return out


def test_train_and_promote_on_a_foreign_csv_export(foreign_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DISPUTES_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    runner = CliRunner()
    result = runner.invoke(app, ["train", "--data", str(foreign_dir), "--json"])
    assert result.exit_code == 0, result.stdout
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert "oracle_roc_auc" not in payload["test"]  # no truth/ folder in a real export
    assert payload["test"]["roc_auc"] > 0.7
    assert runner.invoke(app, ["promote"]).exit_code == 0
