"""Faults: a store that is down when the server starts, or dies under it, makes queries fail
fast with STORE_UNAVAILABLE and /readyz answer 503; when the store is back, the same server
serves again, without a restart. Real stores, really stopped."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import app_settings
from zhepai.config import Settings
from zhepai.graph import meta
from zhepai.graph.backends.embedded import EmbeddedServer, binaries
from zhepai.server import create_app

HANG_S = 60.0  # a guard against hanging, not a speed claim (speed: bench/)
COME_BACK_S = 60.0
INDUSTRIES = "{ industries { code } }"


@pytest.fixture
async def serve() -> AsyncIterator[Any]:
    """Apps that own their store (opened in their lifespan, as ``zhepai serve`` does)."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(settings: Settings) -> httpx.AsyncClient:
            app = create_app(settings)
            await stack.enter_async_context(app.router.lifespan_context(app))
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
            )

        yield start


async def _query(http: httpx.AsyncClient, query: str = INDUSTRIES) -> tuple[float, Any]:
    start = time.perf_counter()
    body = (await http.post("/graphql", json={"query": query})).json()
    return time.perf_counter() - start, body


async def _until_ready(http: httpx.AsyncClient) -> float:
    start = time.perf_counter()
    while (await http.get("/readyz")).status_code != 200:
        assert time.perf_counter() - start < COME_BACK_S, "the store did not come back"
        await asyncio.sleep(0.1)
    return time.perf_counter() - start


def _dead(pid: int) -> bool:
    """Gone, or a zombie: the store daemonizes, so it is not our child to reap."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


async def _gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while not _dead(pid):
        assert time.monotonic() < deadline, f"process {pid} did not die"
        await asyncio.sleep(0.02)


async def test_a_killed_embedded_store_is_started_again_by_the_server(
    serve: Any, data_dir: Path
) -> None:
    http = await serve(app_settings(graph_url="embedded", data_dir=data_dir))
    _, before = await _query(http)
    assert len(before["data"]["industries"]) == 3
    pid = EmbeddedServer(data_dir).pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    await _gone(pid)

    # The catalogue is kept in the process, and the store tells it of writes: until it has
    # seen the store's end (its last threads may still be exiting) a query may be answered
    # from memory, the same answer. Within TRUST_S one reads the store, and fails fast.
    deadline = time.monotonic() + meta.TRUST_S + HANG_S
    while True:
        _, body = await asyncio.wait_for(_query(http), HANG_S)
        if "errors" in body:
            break
        assert body == before
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["STORE_UNAVAILABLE"]
    await _until_ready(http)  # the failed query had the server start the store again
    _, after = await _query(http)
    assert after == before
    assert EmbeddedServer(data_dir).pid() not in (None, pid)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_a_store_down_at_start_is_used_once_it_comes_up(serve: Any, data_dir: Path) -> None:
    port = _free_port()
    http = await serve(app_settings(graph_url=f"redis://127.0.0.1:{port}", store_timeout_s=1.0))
    assert (await http.get("/healthz")).status_code == 200
    assert (await http.get("/readyz")).status_code == 503
    _, body = await asyncio.wait_for(_query(http), HANG_S)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["STORE_UNAVAILABLE"]

    server, module = binaries()
    falkordb = await asyncio.create_subprocess_exec(
        str(server), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data_dir),
        "--dbfilename", "falkordb.rdb", "--appendonly", "yes", "--appenddirname", "aof",
        "--loadmodule", str(module),
        stdout=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        await _until_ready(http)
        _, body = await _query(http)
        assert len(body["data"]["industries"]) == 3
    finally:
        falkordb.kill()
        await falkordb.wait()
