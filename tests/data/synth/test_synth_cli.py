"""`disputes generate` writes a world through the public API."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from disputes.cli import app


def test_generate_command_writes_a_csv_world(tmp_path: Path) -> None:
    out = tmp_path / "world"
    args = ["generate", str(out), "--scale", "small", "--months", "4", "--seed", "3", "--format", "csv"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "fee_bills.csv").exists()
    assert (out / "truth" / "unit_month_risk.parquet").exists()
    summary = json.loads((out / "world.json").read_text(encoding="utf-8"))
    assert summary["config"]["seed"] == 3
    assert summary["rows"]["fee_bills"] == 6_000 * 4


def test_generate_command_rejects_a_bad_start(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "w"), "--scale", "small", "--start", "2023-1"])
    assert result.exit_code != 0
    assert not (tmp_path / "w").exists()


def test_generate_command_varies_the_mechanisms_on_request(tmp_path: Path) -> None:
    out = tmp_path / "world"
    args = ["generate", str(out), "--scale", "small", "--months", "6", "--seed", "3", "--vary", "11"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    mechanisms = json.loads((out / "truth" / "mechanisms.json").read_text(encoding="utf-8"))
    assert mechanisms["vary"] == 11
    assert json.loads((out / "world.json").read_text(encoding="utf-8"))["config"]["vary"] == 11
    refused = CliRunner().invoke(app, ["generate", str(tmp_path / "city"), "--scale", "shenzhen", "--vary", "1"])
    assert refused.exit_code != 0
    assert not (tmp_path / "city").exists()


def test_workers_apply_to_the_city_only(tmp_path):
    refused = CliRunner().invoke(app, ["generate", str(tmp_path / "small"), "--scale", "small", "--workers", "2"])
    assert refused.exit_code == 2
    assert "--workers applies to --scale shenzhen only" in refused.output
    assert not (tmp_path / "small").exists()
