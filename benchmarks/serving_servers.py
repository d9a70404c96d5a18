"""Starting and stopping the two servers under test, each in its own process group on loopback."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from benchmarks.serving_setup import home_env

HOST = "127.0.0.1"
START_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def _process(args: list[str], env: dict[str, str], ready_url: str) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server until the block ends; its whole process group is stopped (MLflow forks uvicorn)."""
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )  # fmt: skip
    try:
        _wait_ready(process, ready_url)
        yield process
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the group the server leads (it may have exited already), then SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _wait_ready(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT:.0f} s")


def _env(home: Path) -> dict[str, str]:
    """The home's settings, one OpenMP and one Numba thread, the venv first on PATH (MLflow runs `uvicorn`)."""
    env = home_env(home)
    return env | {
        "OMP_NUM_THREADS": "1",
        "NUMBA_NUM_THREADS": "1",
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]]),
    }


@contextmanager
def our_server(home: Path, port: int) -> Iterator[str]:
    """`disputes serve` (uvicorn, one worker), as an operator starts it."""
    code = f"from disputes.serving_commands import serve; serve(host={HOST!r}, port={port})"
    with _process([sys.executable, "-c", code], _env(home), f"http://{HOST}:{port}/ready"):
        yield f"http://{HOST}:{port}"


@contextmanager
def our_server_process(home: Path, port: int) -> Iterator[tuple[str, int]]:
    """Our server, with the process id (for memory readings)."""
    code = f"from disputes.serving_commands import serve; serve(host={HOST!r}, port={port})"
    with _process([sys.executable, "-c", code], _env(home), f"http://{HOST}:{port}/ready") as process:
        yield f"http://{HOST}:{port}", process.pid


@contextmanager
def mlflow_server(home: Path, port: int) -> Iterator[str]:
    """`mlflow models serve -m models:/dispute-risk@champion --env-manager local` with one worker."""
    env = _env(home) | {"MLFLOW_TRACKING_URI": f"sqlite:///{(home / 'mlflow.db').resolve()}"}
    args = [
        str(Path(sys.executable).parent / "mlflow"), "models", "serve", "-m", "models:/dispute-risk@champion",
        "--env-manager", "local", "-h", HOST, "-p", str(port), "-w", "1",
    ]  # fmt: skip
    with _process(args, env, f"http://{HOST}:{port}/ping"):
        yield f"http://{HOST}:{port}"
