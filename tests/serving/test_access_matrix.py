"""Every endpoint × every role × own and foreign objects: out of scope answers exactly as unknown does."""

from __future__ import annotations

import pytest

# Who sees which community: C1 (F1, 翠竹街道), C2 (F1, 东湖街道), C3 (F2, 翠竹街道).
SCOPE = {
    "admin": {"C1", "C2", "C3"},
    "district": {"C1", "C2", "C3"},
    "mediator": {"C1", "C3"},
    "firm1": {"C1", "C2"},
    "firm2": {"C3"},
}
UNIT_OF = {"C1": "U01", "C2": "U05", "C3": "U09"}
ROLES = sorted(SCOPE)
CASES = [(role, community) for role in ROLES for community in ("C1", "C2", "C3")]
SCORE_BODY = {
    "rows": [
        {
            "arrears_unpaid_bills": 2,
            "arrears_overdue_cny": 400,
            "complaints_unit_open": None,
            "context_floor_area_m2": 90,
        }
    ]
}


def _same_error(response, unknown, own_id: str, unknown_id: str) -> None:
    """The foreign answer is the unknown-id answer, but for the id itself."""
    assert response.status_code == unknown.status_code == 404
    assert response.json() == {
        "error": {**unknown.json()["error"], "message": unknown.json()["error"]["message"].replace(unknown_id, own_id)}
    }


@pytest.mark.parametrize(("role", "community"), CASES)
def test_unit_risk_in_scope_or_404_as_unknown(shared_client, auth, role, community):
    unit = UNIT_OF[community]
    response = shared_client.get(f"/v1/units/{unit}/risk", headers=auth[role])
    if community in SCOPE[role]:
        assert response.status_code == 200
        assert response.json()["community_id"] == community
    else:
        _same_error(response, shared_client.get("/v1/units/NOPE/risk", headers=auth[role]), unit, "NOPE")


@pytest.mark.parametrize(("role", "community"), CASES)
def test_community_risk_in_scope_or_404_as_unknown(shared_client, auth, role, community):
    response = shared_client.get(f"/v1/communities/{community}/risk", headers=auth[role])
    if community in SCOPE[role]:
        assert response.status_code == 200
        assert response.json()["units"] == 4
    else:
        _same_error(response, shared_client.get("/v1/communities/NOPE/risk", headers=auth[role]), community, "NOPE")


@pytest.mark.parametrize("role", ROLES)
def test_queue_holds_exactly_the_scope(shared_client, auth, role):
    body = shared_client.get("/v1/queue?limit=100", headers=auth[role]).json()
    assert {item["community_id"] for item in body["items"]} == SCOPE[role]
    assert body["total"] == 4 * len(SCOPE[role]) == len(body["items"])


@pytest.mark.parametrize(("role", "community"), CASES)
def test_queue_filtered_to_a_foreign_community_is_empty_like_an_unknown_one(shared_client, auth, role, community):
    response = shared_client.get(f"/v1/queue?community_id={community}", headers=auth[role])
    unknown = shared_client.get("/v1/queue?community_id=NOPE", headers=auth[role])
    assert response.status_code == 200
    if community in SCOPE[role]:
        assert response.json()["total"] == 4
    else:
        assert response.json() == unknown.json() | {"items": [], "total": 0}
        assert unknown.json()["total"] == 0


@pytest.mark.parametrize(("role", "community"), CASES)
def test_outreach_in_scope_or_404_as_unknown(shared_client, auth, role, community):
    unit = UNIT_OF[community]
    body = {"status": "contacted", "note": "电话联系"}
    response = shared_client.post(f"/v1/queue/{unit}/outreach", json=body, headers=auth[role])
    if role.startswith("firm"):
        assert response.status_code == 403
        assert "a party to the dispute" in response.json()["error"]["message"]
    elif community in SCOPE[role]:
        assert response.status_code == 201
        assert response.json()["recorded_by"] == role
    else:
        _same_error(
            response, shared_client.post("/v1/queue/NOPE/outreach", json=body, headers=auth[role]), unit, "NOPE"
        )


@pytest.mark.parametrize("status", ["contacted", "mediating", "resolved", "declined"])
@pytest.mark.parametrize("role", ["firm1", "firm2"])
def test_a_firm_never_changes_an_outreach_status(shared_client, auth, role, status):
    unit = UNIT_OF["C1" if role == "firm1" else "C3"]  # the firm's own unit
    response = shared_client.post(f"/v1/queue/{unit}/outreach", json={"status": status}, headers=auth[role])
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("role", "allowed"), [("admin", True), ("firm1", True), ("firm2", True), ("mediator", False)])
def test_what_if_scoring_is_for_firms_and_admins(shared_client, auth, role, allowed):
    response = shared_client.post("/v1/score", json=SCORE_BODY, headers=auth[role])
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("role", ROLES)
def test_reload_is_for_admins_only(shared_client, auth, role):
    response = shared_client.post("/v1/admin/reload", headers=auth[role])
    assert response.status_code == (200 if role == "admin" else 403)


@pytest.mark.parametrize(("role", "community"), CASES)
def test_upload_of_units_for_own_communities_only(shared_client, auth, role, community):
    unit = UNIT_OF[community]
    csv = (
        f"unit_id,community_id,building,floor_area_m2,occupancy,moved_in\n{unit},{community},1栋,88.5,owner_occupied,\n"
    )
    response = shared_client.post(
        "/v1/ingest/units", content=csv.encode(), headers={**auth[role], "Content-Type": "text/csv"}
    )
    if role.startswith("firm") or role == "admin":
        own = role == "admin" or community in SCOPE[role]
        assert response.status_code == (200 if own else 403), response.text
    else:
        assert response.status_code == 403


KEYED = [
    ("get", "/v1/model"),
    ("get", "/v1/units/U01/risk"),
    ("get", "/v1/communities/C1/risk"),
    ("get", "/v1/queue"),
    ("post", "/v1/queue/U01/outreach"),
    ("post", "/v1/score"),
    ("post", "/v1/ingest/units"),
    ("post", "/v1/admin/reload"),
    ("get", "/v1/monitoring/latest"),
    ("get", "/v1/monitoring/latest/report"),
]


@pytest.fixture
def unthrottled(shared_client):
    """The module's app with no failed authentications counted and no key proven yet."""
    shared_client.app.state.serving.throttle.clear()
    shared_client.app.state.serving.keys.clear()
    return shared_client


@pytest.mark.parametrize(("method", "path"), KEYED)
@pytest.mark.parametrize("header", [None, "Bearer drk_nothere_secret", "Bearer not-a-key", "Basic YWRtaW46YWRtaW4="])
def test_missing_or_bad_key_is_401(unthrottled, method, path, header):
    shared_client = unthrottled
    headers = {"Authorization": header} if header else {}
    response = getattr(shared_client, method)(path, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_wrong_secret_for_a_real_key_id_is_401(unthrottled, auth):
    shared_client = unthrottled
    real = auth["admin"]["Authorization"]
    forged = real[: real.rindex("_") + 1] + "x" * 43
    assert shared_client.get("/v1/model", headers={"Authorization": forged}).status_code == 401


@pytest.mark.parametrize("path", ["/health", "/ready"])
def test_probes_need_no_key(shared_client, path):
    assert shared_client.get(path).status_code == 200


def test_repeated_failures_are_throttled_with_retry_after_but_a_proven_key_keeps_working(unthrottled, auth):
    client = unthrottled
    assert client.get("/v1/model", headers=auth["mediator"]).status_code == 200  # proven before the attack
    limit = client.app.state.serving.throttle.limit
    for _ in range(limit):
        assert client.get("/v1/model", headers={"Authorization": "Bearer drk_guess_secret"}).status_code == 401
    throttled = client.get("/v1/model", headers={"Authorization": "Bearer drk_guess_secret"})
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(throttled.headers["retry-after"]) <= 60
    assert client.get("/v1/model", headers=auth["firm2"]).status_code == 429  # not proven yet: waits as well
    assert client.get("/v1/model", headers=auth["mediator"]).status_code == 200
    client.app.state.serving.throttle.clear()


def test_the_throttle_forgets_failures_once_the_window_has_passed():
    from serving.throttle import FailureThrottle

    now = [0.0]
    throttle = FailureThrottle(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        throttle.failed("10.0.0.1")
    assert throttle.retry_after("10.0.0.1") == 60
    assert throttle.retry_after("10.0.0.2") is None
    now[0] = 59.5
    assert throttle.retry_after("10.0.0.1") == 1
    now[0] = 60.0
    assert throttle.retry_after("10.0.0.1") is None


# Which roles each keyed route admits (the rest get 403); the routes' own scope rules are tested above.
ADMITS = {
    ("get", "/v1/model"): set(ROLES),
    ("get", "/v1/units/U01/risk"): set(ROLES),
    ("get", "/v1/communities/C1/risk"): set(ROLES),
    ("get", "/v1/queue"): set(ROLES),
    ("post", "/v1/queue/U01/outreach"): {"admin", "district", "mediator"},
    ("post", "/v1/score"): {"admin", "firm1", "firm2"},
    ("post", "/v1/ingest/units"): {"admin", "firm1", "firm2"},
    ("post", "/v1/admin/reload"): {"admin"},
    ("get", "/v1/monitoring/latest"): {"admin"},
    ("get", "/v1/monitoring/latest/report"): {"admin"},
}


def test_the_role_table_names_every_keyed_route():
    assert set(ADMITS) == set(KEYED)


@pytest.mark.parametrize(("method", "path"), KEYED)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_admitted_exactly_where_the_table_says(shared_client, auth, method, path, role):
    body = {"json": {"status": "contacted"}} if path.endswith("/outreach") else {}
    if path == "/v1/score":
        body = {"json": SCORE_BODY}
    if path.startswith("/v1/ingest"):
        body = {"content": b"unit_id\n", "headers": {**auth[role], "Content-Type": "text/csv"}}
    response = getattr(shared_client, method)(path, **({"headers": auth[role]} | body))
    if role in ADMITS[(method, path)]:
        assert response.status_code != 403, response.text
    else:
        assert response.status_code == 403
        assert response.json()["error"]["message"].startswith("Only ")
