"""The login throttle on a clock of its own: it locks after `limit` failures and lets go once they age out."""

from __future__ import annotations

from fastapi.testclient import TestClient

from serving.console.login_throttle import LoginThrottle

from .conftest import PASSWORD, csrf_of


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_it_locks_after_the_limit_and_unlocks_when_the_failures_age_out():
    clock = Clock()
    throttle = LoginThrottle(limit=5, window=900, clock=clock)
    for _ in range(4):
        throttle.failed("user:wang", "client:1.2.3.4")
        clock.now += 10
    assert throttle.retry_after("user:wang") is None
    throttle.failed("user:wang", "client:1.2.3.4")
    assert throttle.retry_after("user:wang") == 900 - 40  # until the first of the five is 900 s old
    assert throttle.retry_after("user:li", "client:1.2.3.4") == 860  # the client is locked too
    assert throttle.retry_after("user:li", "client:5.6.7.8") is None
    clock.now += 860
    assert throttle.retry_after("user:wang") is None  # "for a while": the oldest failure has aged out
    throttle.failed("user:wang")
    assert throttle.retry_after("user:wang") == 10  # four recent ones and this make five again


def test_a_right_password_forgets_the_usernames_failures_but_not_the_clients():
    throttle = LoginThrottle(limit=2, window=60, clock=Clock())
    throttle.failed("user:wang", "client:1.2.3.4")
    throttle.succeeded("user:wang")
    throttle.failed("user:wang", "client:1.2.3.4")
    assert throttle.retry_after("user:wang") is None
    assert throttle.retry_after("client:1.2.3.4") is not None


def test_a_locked_login_opens_again_after_the_lockout(app_client):
    clock = Clock()
    app_client.app.state.console.throttle = LoginThrottle(limit=5, window=900, clock=clock)

    def post(password: str) -> int:
        app_client.cookies.clear()
        token = csrf_of(app_client.get("/console/login").text)
        data = {"username": "mediator", "password": password, "csrf_token": token}
        return app_client.post("/console/login", data=data, follow_redirects=False).status_code

    assert [post("wrong password!") for _ in range(5)] == [200] * 5
    assert post(PASSWORD) == 429
    clock.now += 899
    assert post(PASSWORD) == 429
    clock.now += 1
    assert post(PASSWORD) == 303


def test_the_limit_and_the_lockout_come_from_the_settings(console_home, monkeypatch):
    from serving.app import create_app

    monkeypatch.setenv("DISPUTES_CONSOLE_LOGIN_ATTEMPTS", "2")
    monkeypatch.setenv("DISPUTES_CONSOLE_LOCKOUT_MINUTES", "1")
    with TestClient(create_app()) as client:
        throttle = client.app.state.console.throttle
    assert (throttle.limit, throttle.window) == (2, 60)
