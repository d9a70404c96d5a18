"""Revoked, expired and rotated keys: each takes effect on the very next request, cached key or not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from serving.auth import Role
from serving.db import api_keys, now_local, open_engine
from serving.key_admin import KeyRequest, create, revoke, rotate

from .test_access_matrix import KEYED


@pytest.fixture
def engine(home):
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    yield engine
    engine.dispose()


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_revoked_key_stops_at_the_next_request_though_it_was_cached(client, auth, engine):
    key = auth["mediator"]["Authorization"].removeprefix("Bearer ")
    for _ in range(3):  # cached now
        assert client.get("/v1/model", headers=auth["mediator"]).status_code == 200
    revoke(engine, key)
    response = client.get("/v1/model", headers=auth["mediator"])
    assert response.status_code == 401
    assert "was revoked on" in response.json()["error"]["message"]
    assert "disputes keys" in response.json()["error"]["message"]


def test_a_cache_hit_does_not_extend_the_entry():
    from serving.auth import Principal
    from serving.key_cache import KeyCache

    now = [0.0]
    cache = KeyCache(ttl=30, clock=lambda: now[0])
    cache.put("drk_a_b", Principal("a", "a", Role.admin))
    for now[0] in (10.0, 20.0, 29.0):
        assert cache.get("drk_a_b") is not None
    now[0] = 30.5
    assert cache.get("drk_a_b") is None


def test_a_key_past_its_expiry_stops_at_the_next_request(client, engine):
    key, principal = create(engine, KeyRequest(Role.admin, expires_at=now_local() + timedelta(days=1)))
    assert client.get("/v1/model", headers=_bearer(key)).status_code == 200
    with engine.begin() as connection:  # the clock moves on: the key's expiry passes
        past = now_local() - timedelta(seconds=1)
        connection.execute(update(api_keys).where(api_keys.c.key_id == principal.key_id).values(expires_at=past))
    response = client.get("/v1/model", headers=_bearer(key))
    assert response.status_code == 401
    assert "was expired on" in response.json()["error"]["message"]


def test_rotation_hands_over_the_scope_and_revokes_the_old_key_at_once(client, auth, engine):
    old = auth["firm1"]["Authorization"].removeprefix("Bearer ")
    assert client.get("/v1/units/U01/risk", headers=auth["firm1"]).status_code == 200
    new, principal, old_id = rotate(engine, old, None)
    assert (principal.role, principal.firm_id, principal.name) == (Role.firm, "F1", "firm1")
    assert old.startswith(f"drk_{old_id}_")
    assert client.get("/v1/units/U01/risk", headers=auth["firm1"]).status_code == 401
    assert client.get("/v1/units/U01/risk", headers=_bearer(new)).status_code == 200
    assert client.get("/v1/units/U09/risk", headers=_bearer(new)).status_code == 404  # same scope, no wider


@pytest.mark.parametrize(("method", "path"), KEYED)
def test_a_revoked_key_is_401_on_every_keyed_endpoint(client, engine, method, path):
    key, _ = create(engine, KeyRequest(Role.admin))
    revoke(engine, key)
    response = getattr(client, method)(path, headers=_bearer(key))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
