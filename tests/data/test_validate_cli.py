"""`disputes validate DIR`: exit 0 on a valid dataset, exit 2 with the report otherwise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disputes.cli import app

HANDMADE = Path(__file__).parent / "handmade"
runner = CliRunner()


def flat(text: str) -> str:
    """Output with the console's line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The handmade dataset with a resolution before its complaint and an unknown code holding markup."""
    folder = Path(shutil.copytree(HANDMADE, tmp_path / "broken"))
    complaints = (folder / "complaints.csv").read_text(encoding="utf-8")
    complaints = complaints.replace("2024-01-07T18:00:00", "2024-01-01T00:00:00").replace(",app,", ",[/app],")
    (folder / "complaints.csv").write_text(complaints, encoding="utf-8")
    return folder


def test_valid_dataset_exits_zero() -> None:
    result = runner.invoke(app, ["validate", str(HANDMADE), "--json"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert payload["valid"] is True
    assert payload["rows"]["units"] == 12
    assert payload["missing_tables"] == []


def test_invalid_dataset_exits_two_with_the_report(broken: Path) -> None:
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 2, result.output
    output = flat(result.output)
    assert (
        "complaints row 1, column channel: '[/app]' is not one of app, hotline, walk_in, gov_hotline_12345 [enum]"
        in output
    )
    expected = (
        "complaints row 1, column resolved_at: 2024-01-01 00:00:00 is before created_at 2024-01-05 09:15:00 "
        "[not_before]"
    )
    assert expected in output


def test_invalid_dataset_json_report(broken: Path) -> None:
    result = runner.invoke(app, ["validate", str(broken), "--json"])
    assert result.exit_code == 2
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert payload["valid"] is False
    assert payload["total"] == 2
    assert payload["omitted"] == 0
    assert [p["rule"] for p in payload["problems"]] == ["enum", "not_before"]
    assert payload["problems"][1] == {
        "table": "complaints", "row": 1, "column": "resolved_at", "value": "2024-01-01 00:00:00",
        "rule": "not_before", "message": "2024-01-01 00:00:00 is before created_at 2024-01-05 09:15:00",
    }  # fmt: skip


def test_missing_folder_exits_two(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "absent")])
    assert result.exit_code == 2
    assert "does not exist [missing_folder]" in flat(result.output)
