"""The embedded store: shared by several processes, stopped by the last, durable across restarts."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from zhepai.config import Settings
from zhepai.graph.backends.embedded import EmbeddedServer, jemalloc, server_environment
from zhepai.graph.maintenance import COUNT_NODES
from zhepai.graph.open import open_store
from zhepai.loaders.seed_loader import load_seeds

ROOT = Path(__file__).resolve().parent.parent

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from zhepai.graph.backends.embedded import EmbeddedServer, jemalloc, server_environment
    server = EmbeddedServer(Path(sys.argv[1]))
    server.acquire()
    print("ready", server.pid(), flush=True)
    sys.stdin.readline()          # hold the store until told to go
    print("stopped" if server.release() else "left", flush=True)
    """
)


def _holder(data_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().split()
    assert line[0] == "ready", line
    return proc


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)  # reaps it and closes its pipes


def _finish(proc: subprocess.Popen[str]) -> str:
    out, _ = proc.communicate("\n", timeout=60)
    return out.strip()


def test_two_processes_share_one_server_and_the_last_stops_it(tmp_path: Path) -> None:
    first = _holder(tmp_path)
    second = _holder(tmp_path)
    pid = EmbeddedServer(tmp_path).pid()
    assert pid is not None and _alive(pid)
    assert _finish(first) == "left"  # the other still uses it
    assert _alive(pid)
    assert _finish(second) == "stopped"
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_a_killed_user_does_not_keep_the_store_alive(tmp_path: Path) -> None:
    killed = _holder(tmp_path)
    survivor = _holder(tmp_path)
    pid = EmbeddedServer(tmp_path).pid()
    _kill(killed)
    assert pid is not None and _alive(pid)
    assert _finish(survivor) == "stopped"  # its lock was the only one left


def test_a_server_left_behind_is_reused(tmp_path: Path) -> None:
    orphan = _holder(tmp_path)
    pid = EmbeddedServer(tmp_path).pid()
    _kill(orphan)  # the server outlives its only user
    assert pid is not None and _alive(pid)
    again = _holder(tmp_path)
    assert EmbeddedServer(tmp_path).pid() == pid
    assert _finish(again) == "stopped"


SLEEPER = (
    "import redis, sys; "
    "redis.Redis(unix_socket_path=sys.argv[1]).execute_command('DEBUG', 'SLEEP', 4)"
)


def _wait_until_silent(server: EmbeddedServer) -> None:
    """Until the server stops answering (the sleep has begun), so the test is not vacuous."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        # no retries: they would wait the sleep out and answer
        no_retry = Retry(NoBackoff(), 0)
        client = redis.Redis(
            unix_socket_path=str(server.socket_path), socket_timeout=0.2, retry=no_retry
        )
        try:
            client.ping()
        except redis.TimeoutError:
            return
        finally:
            client.close()
        time.sleep(0.02)
    raise AssertionError("the server never went silent")


def test_a_silent_server_is_waited_for_not_started_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big store answers nothing for minutes while it loads. A process that finds its
    server alive but silent waits for it, past the start timeout, instead of starting a
    second server on the same files."""
    import zhepai.graph.backends.embedded as embedded

    first = EmbeddedServer(tmp_path, extra_args=("--enable-debug-command", "local"))
    first.acquire()
    pid = first.pid()
    try:
        busy = subprocess.Popen(  # blocks the server's main thread, as loading does
            [sys.executable, "-c", SLEEPER, str(first.socket_path)], cwd=ROOT
        )
        _wait_until_silent(first)
        monkeypatch.setattr(embedded, "START_TIMEOUT_S", 0.2)
        second = EmbeddedServer(tmp_path)
        try:
            second.acquire()  # the ping times out (2 s); the server is alive: it waits
            assert busy.wait(timeout=30) == 0
            assert second.pid() == pid
        finally:
            assert second.release() is False  # the first still holds it
    finally:
        assert first.release() is True


@pytest.mark.parametrize("fold", [True, False])
async def test_the_last_user_folds_a_grown_log_and_writes_no_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fold: bool
) -> None:
    """Stopping writes no RDB file (a start reads the log, never it); a log grown past
    FOLD_LOG_BYTES is folded into the log's snapshot base first, so the next start loads
    a snapshot instead of replaying statements. Either way the data comes back."""
    import zhepai.graph.backends.embedded as embedded

    monkeypatch.setattr(embedded, "FOLD_LOG_BYTES", 1 if fold else 2**40)
    settings = Settings(data_dir=tmp_path)
    store = await open_store(settings)
    await load_seeds(store)
    nodes = (await store.read(COUNT_NODES))[0]["n"]
    await store.close()  # the last user: the server stops

    assert not (tmp_path / "falkordb.rdb").exists()
    logs = list((tmp_path / "aof").glob("*.incr.aof"))
    assert len(logs) == 1 and (logs[0].stat().st_size == 0) is fold
    store = await open_store(settings)
    try:
        assert (await store.read(COUNT_NODES))[0]["n"] == nodes > 1000
    finally:
        await store.close()


async def test_data_survives_a_restart_and_a_killed_server(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = await open_store(settings)
    await load_seeds(store)
    await store.close()  # last user: the server stops

    store = await open_store(settings)
    assert (await store.read(COUNT_NODES))[0]["n"] > 1000
    server = EmbeddedServer(tmp_path)
    pid = server.pid()
    assert pid is not None
    await store.drop_all()
    await load_seeds(store)
    await asyncio.sleep(1.5)  # appendfsync everysec
    os.kill(pid, signal.SIGKILL)
    while _alive(pid):
        await asyncio.sleep(0.05)
    await store.close()

    store = await open_store(settings)  # starts a new server, which replays the log
    try:
        assert (await store.read(COUNT_NODES))[0]["n"] > 1000
        report = await load_seeds(store)
        assert not report.changed
    finally:
        await store.close()


async def test_graphs_dropped_and_recreated_replay_cleanly(tmp_path: Path) -> None:
    """Guards the log compaction that works around a FalkorDB replay crash."""
    for name in ("one", "two", "one"):
        store = await open_store(Settings(data_dir=tmp_path, graph_name=name))
        await store.setup_schema()
        await store.drop_all()
        await store.setup_schema()
        await store.close()
    store = await open_store(Settings(data_dir=tmp_path, graph_name="one"))
    try:
        assert (await store.read(COUNT_NODES))[0]["n"] == 0
    finally:
        await store.close()


def test_a_deep_data_directory_still_gets_a_socket(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    server = EmbeddedServer(deep)
    assert len(str(server.socket_path)) < 100
    assert server.socket_path == EmbeddedServer(deep).socket_path  # every process agrees
    server.acquire()
    try:
        assert server.pid() is not None
    finally:
        assert server.release()


async def test_the_client_waits_longer_than_the_store_timeout(tmp_path: Path) -> None:
    # given a store whose queries may run for a minute
    store = await open_store(Settings(data_dir=tmp_path / "d", store_timeout_s=60))
    try:
        # then the client does not give up before the store does (redis-py's default is 5 s)
        connection = await store._pool.get_connection()  # type: ignore[attr-defined]
        try:
            assert connection.socket_timeout > 60
        finally:
            await store._pool.release(connection)  # type: ignore[attr-defined]
    finally:
        await store.close()


def test_the_server_keeps_only_its_append_only_log(tmp_path: Path) -> None:
    """No snapshots beside the append-only log: each would fork the store."""
    server = EmbeddedServer(tmp_path)
    server.acquire()
    try:
        client = server._client()
        try:
            assert client.config_get("save") == {"save": ""}
            assert client.config_get("appendonly") == {"appendonly": "yes"}
        finally:
            client.close()
    finally:
        server.release()


@pytest.mark.skipif(jemalloc() is None, reason="the system has no jemalloc (libjemalloc2)")
def test_the_server_allocates_with_jemalloc_where_the_system_has_it(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path)
    server.acquire()
    try:
        pid = server.pid()
        assert pid is not None
        assert "libjemalloc" in Path(f"/proc/{pid}/maps").read_text()
    finally:
        server.release()


def test_the_server_gets_two_malloc_arenas_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (redis-server rewrites its process title over /proc/PID/environ, so the environment
    # it was started with is checked here rather than read back from the process)
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setenv("ZHEPAI_PROBE", "kept")
    env = server_environment()
    assert (env["MALLOC_ARENA_MAX"], env["ZHEPAI_PROBE"]) == ("2", "kept")
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert server_environment()["MALLOC_ARENA_MAX"] == "8"
    monkeypatch.setenv("LD_PRELOAD", "libtcmalloc.so.4")  # the caller's choice is kept
    assert server_environment()["LD_PRELOAD"] == "libtcmalloc.so.4"
