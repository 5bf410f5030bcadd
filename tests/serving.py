"""``zhepai serve`` as a process of its own, for the tests that need a real server: a free
loopback port, a wait until /readyz answers, and a stop that always comes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def zhepai_serve(
    *args: str,
    cwd: Path,
    env: Mapping[str, str],
    ready_within_s: float = 120,
    output: IO[bytes] | None = None,
) -> Iterator[str]:
    """Runs ``python -m zhepai.cli serve ARGS --port P`` and yields its base URL once ready."""
    port = free_port()
    # Popen only forks: readiness is polled below, and the process is always stopped
    process = subprocess.Popen(
        [sys.executable, "-m", "zhepai.cli", "serve", *args, "--port", str(port)],
        cwd=cwd, env=dict(env), stdout=output, stderr=output,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within_s
        while True:
            assert process.poll() is None, "the server stopped"
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
