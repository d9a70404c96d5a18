"""/docs and /redoc work offline: every script, style and icon comes from the app itself, never from a CDN."""

from __future__ import annotations

import re

import pytest

URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\s*:\s*["']([^"']+)["']""")
EXTERNAL = re.compile(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)


def _references(html: str) -> list[str]:
    return [first or second for first, second in URL.findall(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_doc_pages_name_no_external_url_and_their_assets_load(shared_client, page):
    response = shared_client.get(page)
    assert response.status_code == 200
    html = response.text
    assert not EXTERNAL.search(html), EXTERNAL.findall(html)
    assets = [ref for ref in _references(html) if ref.endswith((".js", ".css", ".png"))]
    assert any(ref.endswith(".js") for ref in assets)
    if page == "/docs":
        assert any(ref.endswith(".css") for ref in assets)
    for ref in assets:
        asset = shared_client.get(ref)
        assert asset.status_code == 200, ref
        assert len(asset.content) > 1000, ref


def test_swagger_ui_gets_the_apps_own_schema_and_no_validator(shared_client):
    html = shared_client.get("/docs").text
    assert "'/openapi.json'" in html or '"/openapi.json"' in html
    assert '"validatorUrl": null' in html
