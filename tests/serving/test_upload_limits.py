"""The upload limit holds while the body streams in: a chunked body (no Content-Length) is never read whole."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi.testclient import TestClient

from serving.app import create_app

LIMIT = 4096
CHUNK = b"x" * 1024


async def _post_chunked(app, headers: dict[str, str], chunks: int) -> tuple[httpx.Response, int]:
    """POST `chunks` chunks without a Content-Length; returns the answer and how many chunks the server pulled."""
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(chunks):
            sent += 1
            yield CHUNK

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.post("/v1/ingest/fee_bills", content=body(), headers=headers)
    return response, sent


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr("serving.routers.ingest.MAX_UPLOAD_BYTES", LIMIT)


def test_a_chunked_body_over_the_limit_is_refused_before_it_is_read_whole(home, auth, small_limit):
    app = create_app()
    with TestClient(app):
        headers = {**auth["admin"], "Content-Type": "text/csv"}
        response, sent = asyncio.run(_post_chunked(app, headers, chunks=1000))
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert "split the table" in response.json()["error"]["message"]
    assert sent <= LIMIT // len(CHUNK) + 2  # stopped at the limit, not after 1,000 chunks


def test_a_declared_length_over_the_limit_is_refused_at_once(client, auth, small_limit):
    headers = {**auth["admin"], "Content-Type": "text/csv"}
    response = client.post("/v1/ingest/fee_bills", content=b"y" * (LIMIT + 1), headers=headers)
    assert response.status_code == 413


def test_a_chunked_body_under_the_limit_is_read(home, auth, small_limit):
    app = create_app()
    with TestClient(app):
        headers = {**auth["admin"], "Content-Type": "text/csv"}
        response, sent = asyncio.run(_post_chunked(app, headers, chunks=2))
    assert sent == 2
    assert response.status_code == 422  # read whole, then refused by validation: 'xxx…' is no CSV table
