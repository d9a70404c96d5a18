"""Every console page is one self-contained response: no script, no external font, stylesheet, image or CDN, and
the public pages' Content-Security-Policy; household data is never cached."""

from __future__ import annotations

import re

import pytest

from .conftest import log_in

PAGES = [
    (None, "/console/login"), ("mediator", "/console/queue"), ("mediator", "/console/units/U01"),
    ("mediator", "/console/communities"), ("mediator", "/console/communities/C1"), ("firm1", "/console/upload"),
    ("admin", "/console/admin"), ("firm1", "/console/units/U09"), ("mediator", "/console/queue?page=abc"),
]  # fmt: skip
# Anything that makes a browser fetch something: an element's source, a stylesheet or font link, a CSS import or
# url() that is not inline data, and any address with a scheme or a protocol-relative one.
FETCHES = re.compile(
    r"<script|<link(?![^>]*rel=\"icon\"[^>]*href=\"data:)|<iframe|<object|<embed|\ssrc=|@import|@font-face"
    r"|url\((?!\s*['\"]?data:)|(?:href|action|srcset)=\"(?!data:)(?:[a-z][a-z0-9+.-]*:|//)",
    re.I,
)


def test_the_pattern_sees_what_a_page_could_fetch():
    for fetched in ('<script src="/x.js">', '<link rel="stylesheet" href="https://cdn.example/x.css">',
                    "@font-face { src: url(https://fonts.example/a.woff2) }", '<img src="data:,">',
                    '<a href="https://evil.example">', '<a href="//cdn.example">', "@import 'x.css';"):  # fmt: skip
        assert FETCHES.search(fetched), fetched
    for inline in ('<link rel="icon" href="data:,">', '<a href="/console/queue">', "url(data:image/png;base64,x)"):
        assert not FETCHES.search(inline), inline


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_a_console_page_loads_nothing_and_has_the_public_pages_policy(app_client, username, path):
    public = app_client.get("/")  # the public overview page
    assert public.status_code == 200
    headers = log_in(app_client, username).headers if username else {}
    app_client.cookies.clear()
    page = app_client.get(path, headers=headers)
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == public.headers["content-security-policy"]
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none' forbids every script
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    assert not FETCHES.search(page.text), FETCHES.search(page.text)
