"""``zhepai serve`` as a process of its own, on a free loopback port, over one bench graph.

The server is the real one (uvicorn, one process unless asked for more, JSON logs at warning
level), started as the command line starts it, so the HTTP figures include everything a client
would see.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from bench.datasets import Workspace

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(workspace: Workspace, *graphs: str, workers: int = 1) -> Iterator[list[str]]:
    """Serve each of ``graphs`` (started together), each with ``workers`` processes; yields
    their base URLs once every /readyz answers 200, and stops them all at the end."""
    with contextlib.ExitStack() as stack:
        started = []
        for graph in graphs:
            port = free_port()
            log = stack.enter_context((workspace.root / f"serve-{graph}-{workers}.log").open("wb"))
            server = subprocess.Popen(
                [sys.executable, "-m", "zhepai.cli", "serve", "--port", str(port),
                 "--data-dir", str(workspace.data_dir), "--log-level", "warning",
                 "--workers", str(workers)],
                cwd=ROOT, env=workspace.env(graph), stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            stack.callback(_stop, server)
            started.append((f"http://127.0.0.1:{port}", server))
        for url, server in started:
            _wait_ready(url, server)
        yield [url for url, _ in started]


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _wait_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    with httpx.Client(base_url=url) as http:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"zhepai serve exited with {server.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if http.get("/readyz").status_code == 200:
                    return
            time.sleep(0.1)
    raise RuntimeError(f"zhepai serve did not become ready in {READY_TIMEOUT_S:.0f} s")
