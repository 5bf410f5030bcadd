"""``zhepai serve --workers 2``: what the command chose reaches its worker processes, the two
answer on one port over one store, /metrics adds up the counts of both, and a write through one
worker is seen by the next read from the other.

Which worker served a request is read from /metrics (``zhepai_process_graphql_requests``, one
series per worker pid): the test is the server's only client, so the series that grew by one
names it. A keep-alive connection stays with the worker that accepted it.
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import signal
import socket
import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from pydantic import SecretStr
from uvicorn.supervisors.multiprocess import SIGNALS

from tests.serving import zhepai_serve
from zhepai.cli import _export
from zhepai.config import Settings, get_settings
from zhepai.server import settle_heap
from zhepai.web.processes import Supervisor
from zhepai.web.roles import Role
from zhepai.web.tokens import LOCAL_SECRET_FILE, TokenKeys, issue

WORKERS = 2
PING = "query Ping { industries { code } }"
GAPS = 'query Gaps { coverageGaps(regionCode: "330824", first: 1) { totalCount } }'
CREATE = """
mutation($input: BaseInput!) { createBase(input: $input) { errors { field code message } } }
"""
# 开化县 (330824), series 06: a county training base closes one of the county's gaps
BASE = {"id": "WORKERS-1", "name": "两进程基地", "kind": "TRAINING_BASE", "level": "COUNTY",
        "regionCode": "330824", "seriesCodes": ["06"]}  # fmt: skip
PER_PROCESS = re.compile(r'^zhepai_process_graphql_requests\{pid="(\d+)"\} (\S+)$', re.MULTILINE)
BATCH = 40
MAX_BATCHES = 25


@pytest.fixture
def served(data_dir: Path, tmp_path: Path) -> Iterator[str]:
    """``zhepai serve --workers 2`` over a copy of the seeds, with nothing configured: the
    token secret is the one it generates into the data directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHEPAI_")}
    with zhepai_serve(
        "--workers", str(WORKERS), "--data-dir", str(data_dir), "--log-level", "warning",
        cwd=tmp_path, env=env,
    ) as url:  # fmt: skip
        yield url


def per_process(url: str) -> dict[int, int]:
    """GraphQL operations served so far, by worker pid."""
    text = httpx.get(f"{url}/metrics", timeout=30).text
    return {int(pid): int(float(count)) for pid, count in PER_PROCESS.findall(text)}


def total(url: str, operation: str) -> int:
    text = httpx.get(f"{url}/metrics", timeout=30).text
    pattern = rf'^zhepai_graphql_requests_total\{{operation="{operation}",outcome="ok"\}} (\S+)$'
    found = re.search(pattern, text, re.MULTILINE)
    return int(float(found.group(1))) if found else 0


def ping(url: str) -> None:
    # a client of its own: a fresh connection, which whichever worker accepts first serves
    response = httpx.post(f"{url}/graphql", json={"query": PING}, timeout=30)
    assert response.status_code == 200
    assert "errors" not in response.json()


def served_by(url: str, client: httpx.Client, query: str, **variables: Any) -> tuple[int, Any]:
    """Send ``query`` on ``client``; the pid of the worker that served it, and the data."""
    before = per_process(url)
    response = client.post("/graphql", json={"query": query, "variables": variables})
    after = per_process(url)
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    (pid,) = [p for p, n in after.items() if n != before.get(p, 0)]
    return pid, body["data"]


def test_what_the_command_chose_reaches_the_workers_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a command whose options and demo store changed settings the environment holds
    monkeypatch.chdir(tmp_path)  # no .env
    saved = dict(os.environ)
    try:
        for name in [k for k in os.environ if k.startswith("ZHEPAI_")]:
            del os.environ[name]
        os.environ["ZHEPAI_GRAPH_URL"] = "redis://127.0.0.1:6379"
        get_settings.cache_clear()
        chosen = Settings(
            graph_url="embedded", data_dir=tmp_path / "demo", load_seeds_if_empty=False,
            jwt_secret=SecretStr("s" * 40), store_timeout_s=12.5,
            cors_origins=["https://a.example", "https://b.example"],
        )  # fmt: skip
        # when it exports them, a worker process reads the same settings
        _export(chosen)
        assert Settings() == chosen
    finally:
        os.environ.clear()
        os.environ.update(saved)
        get_settings.cache_clear()


def test_two_workers_answer_on_one_port_and_metrics_add_up_both(served: str) -> None:
    # given two workers, and concurrent requests each on a connection of its own
    sent = 0
    with ThreadPoolExecutor(8) as pool:
        for _ in range(MAX_BATCHES):
            list(pool.map(lambda _: ping(served), range(BATCH)))
            sent += BATCH
            counts = per_process(served)
            if len(counts) == WORKERS and all(counts.values()):
                break
    # then both worker processes served some of them, and /metrics adds up both
    assert len(counts) == WORKERS, counts
    assert all(n > 0 for n in counts.values()), counts
    assert sum(counts.values()) == sent == total(served, "Ping")
    # the pids are live processes of one supervisor
    parents = {Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1] for pid in counts}
    assert len(parents) == 1


def test_a_write_through_one_worker_is_read_by_the_other(served: str, data_dir: Path) -> None:
    secret = (data_dir / LOCAL_SECRET_FILE).read_text(encoding="utf-8").strip()
    keys = TokenKeys.from_settings(Settings(jwt_secret=SecretStr(secret)))
    assert keys is not None
    bearer = {"authorization": f"Bearer {issue(keys, Role.PLANNER, '两进程', timedelta(hours=1))}"}
    with ExitStack() as stack:
        # given a keep-alive client on each worker
        pinned: dict[int, httpx.Client] = {}
        for _ in range(50):
            client = stack.enter_context(httpx.Client(base_url=served, timeout=30, headers=bearer))
            pid, _ = served_by(served, client, PING)
            pinned.setdefault(pid, client)
            if len(pinned) == WORKERS:
                break
        assert len(pinned) == WORKERS
        # each worker has read the gaps (and keeps the coverage model behind its tokens),
        # the other last, so that its connection is fresh when the write lands
        writer, other = pinned
        reads = [served_by(served, pinned[pid], GAPS) for pid in (writer, other)]
        assert [pid for pid, _ in reads] == [writer, other]
        (before,) = {data["coverageGaps"]["totalCount"] for _, data in reads}
        # when one worker writes a base that closes a gap
        pid, data = served_by(served, pinned[writer], CREATE, input=BASE)
        assert pid == writer
        assert data["createBase"]["errors"] == []
        # then the other worker's next read sees it (a connection it closed meanwhile is
        # opened again, and may land on either: reads go on until the other serves one)
        for _ in range(50):
            pid, data = served_by(served, pinned[other], GAPS)
            assert data["coverageGaps"]["totalCount"] == before - 1
            if pid == other:
                break
        assert pid == other


async def test_each_worker_process_listens_on_a_tcp_socket_of_its_own() -> None:
    """asyncio sets TCP_NODELAY only on connections of a socket that says it is TCP: on
    uvicorn's own, which says protocol 0, each answer waited for the client's delayed ACK.
    And with one socket shared, the first process to wake took every connection waiting:
    each process gets a socket of its own on the port, and the kernel spreads connections."""
    config = uvicorn.Config("zhepai.server:app_factory", factory=True, host="127.0.0.1", port=0)
    handlers = {sig: signal.getsignal(sig) for sig in SIGNALS}
    supervisor = Supervisor(config)  # it takes the signals for itself: given back below
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    made = [config.bind_socket(), *supervisor.sockets, *supervisor.sockets]
    uvicorns, first, second = made
    assert first.getsockname() == second.getsockname()  # one port, two sockets
    assert first.fileno() != second.fileno()
    accepted: dict[int, list[int]] = {}  # socket -> TCP_NODELAY of each connection it took

    def seen(index: int) -> type[asyncio.Protocol]:
        class Seen(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                nodelay = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                accepted.setdefault(index, []).append(nodelay)

        return Seen

    loop = asyncio.get_running_loop()
    servers = [await loop.create_server(seen(i), sock=sock) for i, sock in enumerate(made)]
    writers = []
    for host, port in (uvicorns.getsockname()[:2],) + (first.getsockname()[:2],) * 40:
        writers.append((await asyncio.open_connection(host, port))[1])
    for _ in range(500):  # until the servers have taken every connection
        if sum(len(n) for n in accepted.values()) == len(writers):
            break
        await asyncio.sleep(0.01)
    for writer in writers:
        writer.close()
    for server in servers:
        server.close()
    assert accepted[0] == [0]  # uvicorn's own socket: no TCP_NODELAY
    assert accepted[1] and accepted[2]  # both processes' sockets took connections
    assert set(accepted[1] + accepted[2]) == {1}


def test_a_serving_process_freezes_what_it_holds_and_collects_garbage_first() -> None:
    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    held = [[i] for i in range(1000)]  # alive from the start: frozen
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle nothing refers to: garbage, collected, not frozen
    gone = weakref.ref(a)
    del a, b
    before = gc.get_freeze_count()
    try:
        settle_heap()
        counts = gc.get_count()  # nothing left for the collector to walk
        assert counts == (0, 0, 0)
        assert gone() is None
        assert gc.get_freeze_count() >= before + len(held)
    finally:
        gc.unfreeze()
