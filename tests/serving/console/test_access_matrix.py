"""Every console route × every role × own and foreign objects: the console enforces the API's scope and roles.

Out of scope answers exactly as unknown does (404, the same page but for the id); a role that may not do something
gets 403; without a session every route sends the browser to the login (303, with `next`).
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from .conftest import ROLES, SCOPE, UNIT_OF

CASES = [(role, community) for role in ROLES for community in ("C1", "C2", "C3")]
ROUTES = [
    ("get", "/console/"),
    ("get", "/console/queue"),
    ("get", "/console/queue.csv"),
    ("get", "/console/units/U01"),
    ("post", "/console/units/U01/outreach"),
    ("get", "/console/communities"),
    ("get", "/console/communities/C1"),
    ("get", "/console/upload"),
    ("post", "/console/upload"),
    ("get", "/console/admin"),
    ("post", "/console/admin/users/firm2/disable"),
    ("post", "/console/admin/reload"),
    ("post", "/console/admin/keys/nokey/revoke"),
    ("get", "/console/admin/monitoring/report"),
    ("post", "/console/logout"),
]


def _same_page(response, unknown, own_id: str, unknown_id: str) -> None:
    """The foreign answer is the unknown-id answer, but for the id itself."""
    assert response.status_code == unknown.status_code == 404
    assert response.text == unknown.text.replace(unknown_id, own_id)


def _communities_listed(html: str) -> set[str]:
    return set(re.findall(r'data-community="([^"]+)"', html))


def _units_listed(html: str) -> set[str]:
    return set(re.findall(r'data-unit="([^"]+)"', html))


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_without_a_session_every_route_goes_to_the_login(shared_app, method, path):
    shared_app.cookies.clear()
    response = getattr(shared_app, method)(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login?next=")


@pytest.mark.parametrize(("role", "community"), CASES)
def test_unit_page_in_scope_or_404_as_unknown(shared_app, logins, role, community):
    unit = UNIT_OF[community]
    response = shared_app.get(f"/console/units/{unit}", headers=logins[role].headers)
    if community in SCOPE[role]:
        assert response.status_code == 200
        assert f"/console/communities/{community}" in response.text
    else:
        unknown = shared_app.get("/console/units/NOPE9", headers=logins[role].headers)
        _same_page(response, unknown, unit, "NOPE9")


@pytest.mark.parametrize(("role", "community"), CASES)
def test_community_page_in_scope_or_404_as_unknown(shared_app, logins, role, community):
    response = shared_app.get(f"/console/communities/{community}", headers=logins[role].headers)
    if community in SCOPE[role]:
        assert response.status_code == 200
        assert f'href="/communities/{community}"' in response.text  # its public page
    else:
        unknown = shared_app.get("/console/communities/NOPE9", headers=logins[role].headers)
        _same_page(response, unknown, community, "NOPE9")


@pytest.mark.parametrize(("role", "community"), CASES)
def test_outreach_form_posts_in_scope_404_as_unknown_and_403_for_firms(shared_app, logins, role, community):
    unit, login = UNIT_OF[community], logins[role]
    form = {"status": "contacted", "note": "电话联系", "csrf_token": login.csrf}
    response = shared_app.post(f"/console/units/{unit}/outreach", data=form, headers=login.headers,
                               follow_redirects=False)  # fmt: skip
    if role.startswith("firm"):
        assert response.status_code == 403
    elif community in SCOPE[role]:
        assert response.status_code == 303
        assert response.headers["location"].startswith(f"/console/units/{unit}?recorded=1")
    else:
        unknown = shared_app.post("/console/units/NOPE9/outreach", data=form, headers=login.headers)
        _same_page(response, unknown, unit, "NOPE9")


@pytest.mark.parametrize("role", ROLES)
def test_firms_get_no_outreach_form(shared_app, logins, role):
    community = sorted(SCOPE[role])[0]
    page = shared_app.get(f"/console/units/{UNIT_OF[community]}", headers=logins[role].headers).text
    assert ('id="outreach-form"' in page) is (not role.startswith("firm"))


@pytest.mark.parametrize("role", ROLES)
def test_queue_lists_exactly_the_scope(shared_app, logins, role):
    page = shared_app.get("/console/queue?per_page=100", headers=logins[role].headers)
    units = _units_listed(page.text)
    assert {f"C{(int(u[1:]) - 1) // 4 + 1}" for u in units} == SCOPE[role]
    assert len(units) == 4 * len(SCOPE[role])


@pytest.mark.parametrize(("role", "community"), CASES)
def test_queue_filtered_to_a_foreign_community_is_empty(shared_app, logins, role, community):
    page = shared_app.get(f"/console/queue?community_id={community}", headers=logins[role].headers)
    assert page.status_code == 200
    assert len(_units_listed(page.text)) == (4 if community in SCOPE[role] else 0)


@pytest.mark.parametrize("role", ROLES)
def test_csv_holds_exactly_the_scope(shared_app, logins, role):
    response = shared_app.get("/console/queue.csv", headers=logins[role].headers)
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert {row["community_id"] for row in rows} == SCOPE[role]


@pytest.mark.parametrize("role", ROLES)
def test_communities_list_exactly_the_scope(shared_app, logins, role):
    page = shared_app.get("/console/communities", headers=logins[role].headers)
    assert _communities_listed(page.text) == SCOPE[role]


@pytest.mark.parametrize(("role", "community"), CASES)
def test_upload_for_firms_own_communities_and_admins_only(shared_app, logins, role, community):
    unit, login = UNIT_OF[community], logins[role]
    body = (
        f"unit_id,community_id,building,floor_area_m2,occupancy,moved_in\n{unit},{community},1栋,88.5,owner_occupied,\n"
    )
    files = {"file": ("units.csv", body.encode(), "text/csv")}
    data = {"table": "units", "csrf_token": login.csrf}
    response = shared_app.post("/console/upload", data=data, files=files, headers=login.headers)
    if role == "admin" or (role.startswith("firm") and community in SCOPE[role]):
        assert response.status_code == 200, response.text
        assert 'id="upload-result"' in response.text
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_upload_page_is_for_firms_and_admins(shared_app, logins, role):
    response = shared_app.get("/console/upload", headers=logins[role].headers)
    assert response.status_code == (403 if role in ("mediator", "district") else 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/console/admin"), ("post", "/console/admin/reload"), ("post", "/console/admin/users/nobody/disable"),
     ("post", "/console/admin/keys/nokey/revoke"), ("get", "/console/admin/monitoring/report")],
)  # fmt: skip
def test_admin_routes_are_for_admins_only(shared_app, logins, role, method, path):
    login = logins[role]
    kwargs = {"data": {"csrf_token": login.csrf}} if method == "post" else {}
    response = getattr(shared_app, method)(path, headers=login.headers, follow_redirects=False, **kwargs)
    if role != "admin":
        assert response.status_code == 403
    else:  # the admin reaches the route itself: a page, a reload, an unknown user, no report yet
        assert response.status_code == {"/console/admin": 200, "/console/admin/reload": 303}.get(path, 404)


FRONT_DOORS = [
    ("admin", "/console/admin"), ("mediator", "/console/queue"), ("district", "/console/queue"),
    ("firm1", "/console/communities"),
]  # fmt: skip


@pytest.mark.parametrize(("role", "start"), FRONT_DOORS)
def test_the_front_door_opens_each_roles_first_page(shared_app, logins, role, start):
    response = shared_app.get("/console/", headers=logins[role].headers, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == start
