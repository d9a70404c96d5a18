"""End to end through the real commands: small world → ingest → train → promote → score → serve → mediator's queue."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from disputes.cli import app as disputes_app
from disputes.serving_commands import keys_app, score

pytestmark = pytest.mark.slow


@pytest.fixture
def e2e_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("DISPUTES_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return home


def _cli() -> typer.Typer:
    """The project CLI plus the serving commands, registered as disputes/cli.py registers them."""
    names = {
        command.name or command.callback.__name__ for command in disputes_app.registered_commands if command.callback
    }
    if "score" in names:
        return disputes_app
    wrapper = typer.Typer()
    wrapper.add_typer(disputes_app, name="project")
    wrapper.command()(score)
    wrapper.add_typer(keys_app, name="keys")
    return wrapper


def _invoke(cli: typer.Typer, *args: str) -> str:
    project = cli is not disputes_app and args[0] not in ("score", "keys")
    result = CliRunner().invoke(cli, ["project", *args] if project else list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(e2e_home: Path) -> Iterator[str]:
    """`disputes serve` in its own process; stopped at the end."""
    port = _free_port()
    code = f"from disputes.serving_commands import serve; serve(host='127.0.0.1', port={port}, access_log=False)"
    process = subprocess.Popen([sys.executable, "-c", code], env=dict(os.environ), stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_small_world_to_a_mediators_queue(e2e_home, small_world_dir, request):
    cli = _cli()
    _invoke(cli, "ingest", str(small_world_dir))
    _invoke(cli, "train", "--data", str(small_world_dir))
    _invoke(cli, "promote", "--force")
    _invoke(cli, "score")
    subdistrict = str(pd.read_parquet(small_world_dir / "communities.parquet")["subdistrict"].iloc[0])
    key = _invoke(cli, "keys", "create", "--role", "mediator", "--subdistrict", subdistrict).strip().splitlines()[-1]
    base = request.getfixturevalue("server")
    response = httpx.get(f"{base}/v1/queue?limit=20", headers={"Authorization": f"Bearer {key}"}, timeout=30)
    assert response.status_code == 200, response.text
    queue = response.json()
    assert queue["total"] > 0
    assert queue["items"]
    assert {item["subdistrict"] for item in queue["items"]} == {subdistrict}
    probabilities = [item["probability"] for item in queue["items"]]
    assert probabilities == sorted(probabilities, reverse=True)
    assert any(item["reasons"] for item in queue["items"])
    unit = queue["items"][0]["unit_id"]
    risk = httpx.get(f"{base}/v1/units/{unit}/risk", headers={"Authorization": f"Bearer {key}"}, timeout=30).json()
    assert risk["probability"] == probabilities[0]
    assert risk["reasons"][0]["zh"]
