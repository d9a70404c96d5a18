"""`disputes users` through Typer, as disputes/cli.py registers it: create, list, disable, reset-password."""

from __future__ import annotations

import json

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from disputes.users_commands import users_app
from serving.console.passwords import verify_password
from serving.console.tables import users
from serving.db import open_engine


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(users_app, name="users")
    return app


def _run(cli: typer.Typer, *args: str, password: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["users", *args], input=None if password is None else password + "\n")
    return result.exit_code, result.output


def _stored(home, username: str):
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.username == username)).mappings().first()
    engine.dispose()
    return row


def test_create_stores_an_argon2id_hash_never_the_password(cli, home):
    code, out = _run(cli, "create", "--username", "zhang", "--role", "mediator", "--subdistrict", "翠竹街道",
                     "--password-stdin", password="a long enough password")  # fmt: skip
    assert code == 0, out
    row = _stored(home, "zhang")
    assert row["password_hash"].startswith("$argon2id$")
    assert "a long enough password" not in row["password_hash"]
    assert verify_password(row["password_hash"], "a long enough password")
    assert not verify_password(row["password_hash"], "a long enough passwor")
    assert json.loads(row["subdistricts"]) == ["翠竹街道"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "firm", "--firm-id", "F9"], "the store has no firm 'F9'"),
        (["--role", "mediator", "--subdistrict", "南山街道"], "the store has no subdistrict 南山街道"),
        (["--role", "mediator"], "or --district for the whole district"),
        (["--role", "firm"], "a firm user needs --firm-id"),
        (["--role", "admin", "--district"], "--district is only for a mediator"),
        (["--role", "admin", "--subdistrict", "翠竹街道"], "--subdistrict is only for mediator users"),
    ],
)
def test_create_refuses_what_the_store_does_not_know_or_the_role_does_not_allow(cli, home, args, message):
    code, out = _run(cli, "create", "--username", "zhang", *args, "--password-stdin", password="a long password")
    assert code == 2
    assert message in " ".join(out.split())
    assert _stored(home, "zhang") is None


def test_create_refuses_a_short_password_and_a_password_on_the_command_line(cli, home):
    code, out = _run(cli, "create", "--username", "zhang", "--role", "admin", "--password-stdin", password="short")
    assert code == 2
    assert "at least 10 characters" in out
    code, out = _run(cli, "create", "--username", "zhang", "--role", "admin")
    assert code == 2
    assert "--password-stdin" in out
    assert _stored(home, "zhang") is None


def test_a_district_mediator_list_disable_and_reset(cli, home):
    assert _run(cli, "create", "--username", "li", "--role", "mediator", "--district", "--password-stdin",
                password="a long enough password")[0] == 0  # fmt: skip
    code, out = _run(cli, "list", "--json")
    assert code == 0
    listed = json.loads(out.strip().splitlines()[-1])["users"]
    assert [(u["username"], u["role"], u["subdistricts"], u["disabled_at"]) for u in listed] == [
        ("li", "mediator", [], None)
    ]
    assert _run(cli, "reset-password", "li", "--password-stdin", password="another long password")[0] == 0
    assert verify_password(_stored(home, "li")["password_hash"], "another long password")
    code, out = _run(cli, "disable", "li")
    assert code == 0
    assert "0 session(s) ended" in out
    assert _stored(home, "li")["disabled_at"] is not None
    assert _run(cli, "disable", "nobody")[0] == 2
