"""`disputes keys create|list|revoke|rotate` through Typer: scope checked against the store, keys shown once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from typer.testing import CliRunner

from disputes.cli import app as cli
from serving.auth import Role, authenticate
from serving.db import now_local, open_engine


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["keys", *args])
    return result.exit_code, result.stdout, result.output


def _principal(home, key: str):
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        principal = authenticate(connection, key)
    engine.dispose()
    return principal


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--role", "firm", "--firm-id", "F9"), "firm 'F9' not in the store (known: F1, F2)"),
        (("--role", "mediator", "--subdistrict", "黄贝街道"), "subdistrict '黄贝街道' not in the store"),
        (("--role", "mediator"), "--district for the whole district"),
        (("--role", "mediator", "--district", "--subdistrict", "翠竹街道"), "--district for the whole district"),
        (("--role", "admin", "--district"), "--district is only for mediator keys"),
        (("--role", "admin", "--expires", "2020-01-01"), "not a local time in the future"),
        (("--role", "admin", "--expires", "soon"), "--expires must be like 90d"),
    ],
)
def test_create_refuses_scopes_the_store_does_not_hold(home, args, said):
    code, stdout, output = _run("create", *args)
    assert code == 2
    assert said in " ".join(output.split())
    assert "drk_" not in stdout


def test_a_whole_district_mediator_says_so(home):
    code, stdout, _ = _run("create", "--role", "mediator", "--district")
    assert code == 0
    principal = _principal(home, stdout.strip().splitlines()[-1])
    assert (principal.role, principal.subdistricts) == (Role.mediator, ())


@pytest.mark.parametrize(
    ("expires", "expected"),
    [("90d", timedelta(days=90)), ("2w", timedelta(weeks=2)), ("2999-12-31", datetime(3000, 1, 1))],
)
def test_create_with_an_expiry(home, expires, expected):
    code, _, _ = _run("create", "--role", "admin", "--name", "ops", "--expires", expires)
    assert code == 0
    listed = json.loads(_run("list", "--json")[1].strip().splitlines()[-1])["keys"]
    stored = datetime.fromisoformat(next(k for k in listed if k["name"] == "ops")["expires_at"])
    target = now_local() + expected if isinstance(expected, timedelta) else expected
    assert abs(stored - target) < timedelta(minutes=1)


def test_list_shows_every_key_and_never_a_secret(home, serving_world):
    code, stdout, _ = _run("list", "--json")
    assert code == 0
    keys = json.loads(stdout.strip().splitlines()[-1])["keys"]
    assert sorted(k["name"] for k in keys) == sorted(serving_world.keys)
    assert {k["status"] for k in keys} == {"active"}
    assert not any("salt" in k or "key_hash" in k for k in keys)
    assert not any(secret.split("_", 2)[2] in stdout for secret in serving_world.keys.values())


def test_revoke_by_id_or_by_key(home, serving_world):
    firm1 = serving_world.keys["firm1"]
    assert _run("revoke", firm1.split("_")[1])[0] == 0
    assert _principal(home, firm1) is None
    assert _run("revoke", serving_world.keys["firm2"])[0] == 0
    assert _run("revoke", "nosuchkey")[0] == 2
    statuses = {k["name"]: k["status"] for k in json.loads(_run("list", "--json")[1].splitlines()[-1])["keys"]}
    assert (statuses["firm1"], statuses["firm2"], statuses["admin"]) == ("revoked", "revoked", "active")


def test_rotate_prints_the_new_key_once_and_revokes_the_old_at_once(home, serving_world):
    old = serving_world.keys["mediator"]
    code, stdout, _ = _run("rotate", old)
    assert code == 0
    new = stdout.strip().splitlines()[-1]
    assert new.startswith("drk_")
    assert stdout.count(new) == 1
    assert _principal(home, old) is None
    principal = _principal(home, new)
    assert (principal.role, principal.subdistricts, principal.name) == (Role.mediator, ("翠竹街道",), "mediator")
    assert _run("rotate", old)[0] == 2  # a revoked key is not rotated again
