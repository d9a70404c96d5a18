"""The serving commands through Typer, registered as disputes/cli.py registers them: score and keys create."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from disputes.serving_commands import keys_app, score, serve
from serving.auth import Role, authenticate
from serving.db import api_keys, open_engine, score_runs, scores

HANDMADE = Path(__file__).parents[1] / "data" / "handmade"


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(score)
    app.command()(serve)
    app.add_typer(keys_app, name="keys")
    return app


def _run(cli: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


def test_score_writes_a_new_run_for_every_unit(cli, home):
    code, out = _run(cli, "score", "--data", str(HANDMADE))
    assert code == 0, out
    units = pd.read_csv(HANDMADE / "units.csv")
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        run = connection.execute(select(score_runs).order_by(score_runs.c.run_id.desc())).mappings().first()
        rows = connection.execute(select(scores.c.unit_id, scores.c.reasons).where(scores.c.run_id == run["run_id"]))
        stored = {row.unit_id: row.reasons for row in rows}
    engine.dispose()
    assert run["run_id"] == 3
    assert run["model_version"] == "1"
    assert run["units"] == len(units)
    assert set(stored) == set(units["unit_id"])
    assert str(run["as_of"]).endswith("-01")


def test_score_at_a_given_as_of(cli, home):
    code, _ = _run(cli, "score", "--data", str(HANDMADE), "--as-of", "2024-03-01")
    assert code == 0
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        as_of = connection.execute(select(score_runs.c.as_of).order_by(score_runs.c.run_id.desc())).scalar()
    engine.dispose()
    assert str(as_of) == "2024-03-01"


def test_score_rejects_a_bad_date_and_needs_a_champion(cli, home):
    from mlflow import MlflowClient

    assert _run(cli, "score", "--data", str(HANDMADE), "--as-of", "soon")[0] == 2
    uri = f"sqlite:///{home / 'mlflow.db'}"
    MlflowClient(tracking_uri=uri, registry_uri=uri).delete_registered_model_alias("dispute-risk", "champion")
    assert _run(cli, "score", "--data", str(HANDMADE))[0] == 1


def test_keys_create_prints_the_key_once_and_stores_only_its_hash(cli, home):
    code, out = _run(
        cli, "keys", "create", "--role", "mediator", "--subdistrict", "翠竹街道", "--subdistrict", "东湖街道"
    )
    assert code == 0
    key = out.strip().splitlines()[-1]
    assert key.startswith("drk_")
    assert out.count(key) == 1
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        principal = authenticate(connection, key)
        stored = [dict(row) for row in connection.execute(select(api_keys)).mappings()]
    engine.dispose()
    assert principal is not None
    assert principal.role is Role.mediator
    assert principal.subdistricts == ("翠竹街道", "东湖街道")
    assert not any(key.split("_", 2)[2] in str(value) for row in stored for value in row.values())


@pytest.mark.parametrize(
    "args",
    [
        ("--role", "firm"),
        ("--role", "admin", "--firm-id", "F1"),
        ("--role", "firm", "--firm-id", "F1", "--subdistrict", "x"),
        ("--role", "owner"),
    ],
)
def test_keys_create_refuses_roles_and_scopes_that_do_not_fit(cli, home, args):
    assert _run(cli, "keys", "create", *args)[0] == 2
