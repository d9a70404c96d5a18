"""Console fixtures: the serving world with one console user per role, apps over copies of it, and logins.

Users (password PASSWORD for all): admin; mediator (翠竹街道: C1 and C3); district (a mediator for the whole
district); firm1 (F1: C1 and C2); firm2 (F2: C3).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from serving.auth import Role

PASSWORD = "correct horse battery"
USERS = {
    "admin": (Role.admin, None, (), False),
    "mediator": (Role.mediator, None, ("翠竹街道",), False),
    "district": (Role.mediator, None, (), True),
    "firm1": (Role.firm, "F1", (), False),
    "firm2": (Role.firm, "F2", (), False),
}
ROLES = sorted(USERS)
SCOPE = {
    "admin": {"C1", "C2", "C3"},
    "district": {"C1", "C2", "C3"},
    "mediator": {"C1", "C3"},
    "firm1": {"C1", "C2"},
    "firm2": {"C3"},
}
UNIT_OF = {"C1": "U01", "C2": "U05", "C3": "U09"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# Every console route but the login form: (method, the app's path template, a path to ask for).
ROUTES = [
    ("get", "/console/", "/console/"),
    ("get", "/console/queue", "/console/queue"),
    ("get", "/console/queue.csv", "/console/queue.csv"),
    ("get", "/console/units/{unit_id}", "/console/units/U01"),
    ("post", "/console/units/{unit_id}/outreach", "/console/units/U01/outreach"),
    ("get", "/console/communities", "/console/communities"),
    ("get", "/console/communities/{community_id}", "/console/communities/C1"),
    ("get", "/console/upload", "/console/upload"),
    ("post", "/console/upload", "/console/upload"),
    ("get", "/console/admin", "/console/admin"),
    ("post", "/console/admin/users/{username}/disable", "/console/admin/users/firm2/disable"),
    ("post", "/console/admin/reload", "/console/admin/reload"),
    ("post", "/console/admin/keys/{key_id}/revoke", "/console/admin/keys/nokey/revoke"),
    ("get", "/console/admin/monitoring/report", "/console/admin/monitoring/report"),
    ("post", "/console/logout", "/console/logout"),
]
OPEN = {("GET", "/console/login"), ("POST", "/console/login")}


def console_routes(app) -> set[tuple[str, str]]:
    """(method, path template) of every route the app serves under /console, read from the app itself."""
    return {
        (method, route.path)
        for route in iter_route_contexts(app.routes)
        if route.path and route.path.startswith("/console")
        for method in route.methods or ()
    }


def add_users(home: Path) -> None:
    """Create the console users in a home's store."""
    from serving.console.router import create_console_schema
    from serving.console.users import create_user
    from serving.db import open_engine

    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    create_console_schema(engine)
    with engine.begin() as connection:
        for name, (role, firm, subdistricts, district) in USERS.items():
            create_user(connection, name, PASSWORD, role, firm_id=firm, subdistricts=subdistricts, district=district)
    engine.dispose()


@pytest.fixture(scope="session")
def console_world(serving_world, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The serving world's home with the console users added (built once)."""
    home = tmp_path_factory.mktemp("console") / "home"
    shutil.copytree(serving_world.home, home)
    add_users(home)
    return home


def _point_at(patch: pytest.MonkeyPatch, home: Path) -> None:
    patch.setenv("DISPUTES_HOME", str(home))
    patch.delenv("DATABASE_URL", raising=False)
    patch.delenv("MLFLOW_TRACKING_URI", raising=False)


@pytest.fixture
def console_home(console_world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the console world, made the settings' home."""
    copy = tmp_path / "home"
    shutil.copytree(console_world, copy)
    _point_at(monkeypatch, copy)
    return copy


@pytest.fixture
def app_client(console_home: Path) -> Iterator[TestClient]:
    """A fresh app over a private copy (for tests that change something)."""
    from serving.app import create_app

    with TestClient(create_app()) as client:
        yield client


@pytest.fixture(scope="module")
def shared_app(console_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for a module of tests that change nothing another test reads (outreach goes to foreign units only)."""
    from serving.app import create_app

    copy = tmp_path_factory.mktemp("console-shared") / "home"
    shutil.copytree(console_world, copy)
    with pytest.MonkeyPatch.context() as patch:
        _point_at(patch, copy)
        with TestClient(create_app()) as client:
            yield client


@dataclass(frozen=True)
class Login:
    """A signed-in user: the cookie header to send and the CSRF token of the session's forms."""

    headers: dict[str, str]
    csrf: str


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> Login:
    """Log in through the form; the client's own cookie jar is left empty so requests say who they are."""
    client.cookies.clear()
    form = client.get("/console/login")
    response = client.post(
        "/console/login", data={"username": username, "password": password, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    token = response.cookies["dr_console"]
    client.cookies.clear()
    headers = {"Cookie": f"dr_console={token}"}
    page = client.get("/console/queue", headers=headers)
    return Login(headers, csrf_of(page.text))


@pytest.fixture(scope="module")
def logins(shared_app: TestClient) -> dict[str, Login]:
    """Every user signed in to the shared app."""
    return {name: log_in(shared_app, name) for name in USERS}
