"""`disputes ingest DIR`: a valid dataset lands in the store; an invalid one writes nothing and exits 2."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from data.contract import TABLES
from data.loading import load_dataset
from data.store import Store
from disputes.cli import app

HANDMADE = Path(__file__).parents[1] / "handmade"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("DISPUTES_HOME", str(home))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DISPUTES_DATABASE_URL", raising=False)
    return home


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def broken_copy(tmp_path: Path) -> Path:
    """The handmade dataset with one firm renamed (valid) and one complaint about a unit that does not exist."""
    target = tmp_path / "broken"
    shutil.copytree(HANDMADE, target)
    firms = (target / "firms.csv").read_text(encoding="utf-8")
    (target / "firms.csv").write_text(firms.replace("F01,", "F01,改名", 1), encoding="utf-8")
    with (target / "complaints.csv").open("a", encoding="utf-8") as complaints:
        complaints.write("K9999,C001,U9999,2024-05-01T08:00:00,noise,app,楼上装修噪音,,\n")
    return target


def test_ingest_loads_the_handmade_dataset_into_the_store(home: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(HANDMADE)])

    assert result.exit_code == 0, result.output
    assert "Ingested" in result.output
    expected = load_dataset(HANDMADE)
    store = Store(f"sqlite:///{home / 'store.db'}")
    stored = store.read_dataset()
    store.dispose()
    assert stored.row_counts() == expected.row_counts()
    for name in TABLES:
        keys = list(TABLES[name].primary_key)
        pd.testing.assert_frame_equal(
            stored[name].sort_values(keys).reset_index(drop=True),
            expected[name].sort_values(keys).reset_index(drop=True),
        )


def test_an_invalid_dataset_exits_2_and_writes_nothing(home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(HANDMADE)]).exit_code == 0
    before = dump(home / "store.db")

    result = runner.invoke(app, ["ingest", str(broken_copy(tmp_path))])

    assert result.exit_code == 2
    assert "U9999" in result.output
    assert "Nothing was written" in result.output
    assert dump(home / "store.db") == before


def test_an_invalid_dataset_creates_no_store(home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(broken_copy(tmp_path))])

    assert result.exit_code == 2
    assert not (home / "store.db").exists()
