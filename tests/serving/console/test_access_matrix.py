"""Every console route × every role × own and foreign objects: the console enforces the API's scope and roles.

Out of scope answers exactly as unknown does (404, the same page but for the id); a role that may not do something
gets 403; without a session every route sends the browser to the login (303, with `next`).
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from .conftest import OPEN, ROLES, ROUTES, SCOPE, UNIT_OF, console_routes, log_in

CASES = [(role, community) for role in ROLES for community in ("C1", "C2", "C3")]
MEDIATORS, FIRMS = ("mediator", "district"), ("firm1", "firm2")
# What each role gets on each route, for objects in its scope (foreign objects: the CASES tests below). The admin
# routes are asked about an unknown user and key, and before any monitoring report, so the shared app is unchanged.
EXPECTED: dict[str, dict[str, int]] = {
    "get /console/": dict.fromkeys(ROLES, 303),
    "get /console/queue": dict.fromkeys(ROLES, 200),
    "get /console/queue.csv": dict.fromkeys(ROLES, 200),
    "get /console/units/{unit_id}": dict.fromkeys(ROLES, 200),
    "post /console/units/{unit_id}/outreach": {**dict.fromkeys(ROLES, 303), **dict.fromkeys(FIRMS, 403)},
    "get /console/communities": dict.fromkeys(ROLES, 200),
    "get /console/communities/{community_id}": dict.fromkeys(ROLES, 200),
    "get /console/upload": {**dict.fromkeys(ROLES, 200), **dict.fromkeys(MEDIATORS, 403)},
    "post /console/upload": {**dict.fromkeys(ROLES, 200), **dict.fromkeys(MEDIATORS, 403)},
    "get /console/admin": {**dict.fromkeys(ROLES, 403), "admin": 200},
    "post /console/admin/users/{username}/disable": {**dict.fromkeys(ROLES, 403), "admin": 404},
    "post /console/admin/reload": {**dict.fromkeys(ROLES, 403), "admin": 303},
    "post /console/admin/keys/{key_id}/revoke": {**dict.fromkeys(ROLES, 403), "admin": 404},
    "get /console/admin/monitoring/report": {**dict.fromkeys(ROLES, 403), "admin": 404},
    "post /console/logout": dict.fromkeys(ROLES, 303),
}
# Routes that name an object of someone's scope, each with foreign-object tests below; the admin routes name users
# and keys, which no scope holds (only admins reach them at all).
FOREIGN_TESTED = {
    "/console/units/{unit_id}",
    "/console/units/{unit_id}/outreach",
    "/console/communities/{community_id}",
}


def test_the_matrix_covers_every_console_route(shared_app):
    routes = console_routes(shared_app.app)
    assert len(routes) >= 17
    assert routes - OPEN == {(method.upper(), template) for method, template, _ in ROUTES}
    assert {f"{method} {template}" for method, template, _ in ROUTES} == set(EXPECTED)
    for method, template, _ in ROUTES:
        admins_only = {role for role, status in EXPECTED[f"{method} {template}"].items() if status != 403} == {"admin"}
        assert "{" not in template or template in FOREIGN_TESTED or admins_only, template


def _own_path(role: str, template: str) -> str:
    community = sorted(SCOPE[role])[0]
    ids = {"unit_id": UNIT_OF[community], "community_id": community, "username": "nobody", "key_id": "nokey"}
    return template.format(**ids)


def _form(role: str, template: str, csrf: str) -> dict[str, object]:
    if template == "/console/upload":
        community = sorted(SCOPE[role])[0]
        row = f"{UNIT_OF[community]},{community},1栋,88.5,owner_occupied,\n"
        body = "unit_id,community_id,building,floor_area_m2,occupancy,moved_in\n" + row
        return {"data": {"table": "units", "csrf_token": csrf}, "files": {"file": ("units.csv", body.encode())}}
    return {"data": {"status": "contacted", "note": "走访", "csrf_token": csrf}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template"), [(m, t) for m, t, _ in ROUTES])
def test_every_route_for_every_role(shared_app, logins, role, method, template):
    login = logins[role] if template != "/console/logout" else log_in(shared_app, role)  # a session of its own
    kwargs = _form(role, template, login.csrf) if method == "post" else {}
    response = getattr(shared_app, method)(
        _own_path(role, template), headers=login.headers, follow_redirects=False, **kwargs
    )  # fmt: skip
    assert response.status_code == EXPECTED[f"{method} {template}"][role], response.text[:300]


def _same_page(response, unknown, own_id: str, unknown_id: str) -> None:
    """The foreign answer is the unknown-id answer, but for the id itself."""
    assert response.status_code == unknown.status_code == 404
    assert response.text == unknown.text.replace(unknown_id, own_id)


def _communities_listed(html: str) -> set[str]:
    return set(re.findall(r'data-community="([^"]+)"', html))


def _units_listed(html: str) -> set[str]:
    return set(re.findall(r'data-unit="([^"]+)"', html))


@pytest.mark.parametrize(("method", "path"), [(method, path) for method, _, path in ROUTES])
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


FRONT_DOORS = [
    ("admin", "/console/admin"), ("mediator", "/console/queue"), ("district", "/console/queue"),
    ("firm1", "/console/communities"),
]  # fmt: skip


@pytest.mark.parametrize(("role", "start"), FRONT_DOORS)
def test_the_front_door_opens_each_roles_first_page(shared_app, logins, role, start):
    response = shared_app.get("/console/", headers=logins[role].headers, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == start


@pytest.mark.parametrize("role", ROLES)
def test_a_console_user_sees_exactly_what_an_api_key_of_the_same_scope_sees(shared_app, logins, auth, role):
    console = shared_app.get("/console/queue.csv", headers=logins[role].headers)
    api = shared_app.get("/v1/queue?capacity=1000&format=csv", headers=auth[role])
    assert console.status_code == api.status_code == 200
    assert console.text == api.text
    for community in ("C1", "C2", "C3"):
        page = shared_app.get(f"/console/communities/{community}", headers=logins[role].headers).status_code
        assert page == shared_app.get(f"/v1/communities/{community}/risk", headers=auth[role]).status_code
