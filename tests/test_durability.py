"""Acknowledged writes survive ``kill -9`` of the server and of the store, both at once: real
``zhepai`` processes on loopback, really killed, then started again over the same directory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from tests.conftest import TEST_SECRET, token
from zhepai.graph.backends.embedded import EmbeddedServer
from zhepai.loaders.bases_synthetic import write_synthetic
from zhepai.web.roles import Role

ROOT = Path(__file__).resolve().parent.parent
READY_S = 120.0

CREATE = """
mutation($input: BaseInput!) { createBase(input: $input) { base { id } errors { code } } }
"""
BASE = {"id": "DUR-1", "name": "持久基地", "kind": "TRAINING_BASE", "level": "COUNTY",
        "regionCode": "330824", "seriesCodes": ["06"], "capacity": 40}  # fmt: skip
READ_BACK = '{ base(id: "DUR-1") { id capacity } baseAudit(id: "DUR-1") { actor action } }'


@dataclass(frozen=True)
class Served:
    http: httpx.AsyncClient
    process: asyncio.subprocess.Process


Serve = Callable[[Path], Awaitable[Served]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _dead(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


async def _kill_hard(server: asyncio.subprocess.Process, data_dir: Path) -> None:
    """kill -9 of the API server and of the store's redis-server, right away, both."""
    store_pid = EmbeddedServer(data_dir).pid()
    assert store_pid is not None
    server.send_signal(signal.SIGKILL)
    os.kill(store_pid, signal.SIGKILL)
    await server.wait()
    deadline = time.monotonic() + 10
    while not _dead(store_pid):
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """``zhepai serve`` processes on free loopback ports; stopped (gently) at the end."""
    started: list[asyncio.subprocess.Process] = []
    clients: list[httpx.AsyncClient] = []

    async def start(data_dir: Path) -> Served:
        port = _free_port()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "zhepai.cli", "serve", "--port", str(port),
            "--data-dir", str(data_dir), "--log-level", "warning",
            cwd=ROOT,
            env={**os.environ, "ZHEPAI_JWT_SECRET": TEST_SECRET,
                 "ZHEPAI_LOAD_SEEDS_IF_EMPTY": "false"},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        started.append(process)
        http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30)
        clients.append(http)
        deadline = time.monotonic() + READY_S
        while True:
            with contextlib.suppress(httpx.TransportError):
                if (await http.get("/readyz")).status_code == 200:
                    return Served(http, process)
            assert process.returncode is None, "zhepai serve exited"
            assert time.monotonic() < deadline, "zhepai serve did not become ready"
            await asyncio.sleep(0.1)

    try:
        yield start
    finally:
        for http in clients:
            await http.aclose()
        for process in started:
            if process.returncode is None:
                process.terminate()  # a clean stop: the last user stops the store
                await process.wait()


async def _as_planner(http: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token(Role.PLANNER, '持久测试员')}"},
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_an_acknowledged_mutation_survives_kill_9_of_server_and_store(
    serve: Serve, data_dir: Path
) -> None:
    served = await serve(data_dir)
    created = await _as_planner(served.http, CREATE, input=BASE)
    assert created["createBase"] == {"base": {"id": "DUR-1"}, "errors": []}
    await _kill_hard(served.process, data_dir)

    again = await serve(data_dir)
    found = await _as_planner(again.http, READ_BACK)
    assert found["base"] == {"id": "DUR-1", "capacity": 40}
    assert found["baseAudit"] == [{"actor": "持久测试员", "action": "CREATE"}]


async def test_an_acknowledged_import_survives_kill_9_of_server_and_store(
    serve: Serve, data_dir: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "bases.csv"
    written = write_synthetic(7, csv).rows
    served = await serve(data_dir)  # holds the store, so the import's exit does not stop it
    importer = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "zhepai.cli", "import", "bases", str(csv),
        "--data-dir", str(data_dir),
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    assert await importer.wait() == 0  # acknowledged: every batch written
    await _kill_hard(served.process, data_dir)

    again = await serve(data_dir)
    found = await _as_planner(again.http, "{ bases(status: null, first: 1) { totalCount } }")
    assert found["bases"]["totalCount"] == written


def test_the_embedded_store_syncs_every_write(data_dir: Path) -> None:
    """What makes an acknowledged write also survive a power cut: fsync before the answer."""
    server = EmbeddedServer(data_dir)
    server.acquire()
    try:
        client = redis.Redis(unix_socket_path=str(server.socket_path), decode_responses=True)
        assert client.config_get("appendfsync") == {"appendfsync": "always"}
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        client.close()
    finally:
        server.release()
