"""The embedded store's change watch (graph/backends/falkor_watch.py): every write any client
makes to the graph is told before its writer has its answer, reads are not, and the version
tokens (graph/meta.py) are read again after a write and not while there is none — nor
trusted while the watch has no connection.

``other`` is a second store on the same server and graph: another process, as far as the
first can tell.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis

from tests.conftest import CountingStore
from tests.test_versions import HeldAnswers
from zhepai.config import Settings
from zhepai.graph import meta
from zhepai.graph.backends.falkor_watch import ChangeWatch
from zhepai.graph.backends.falkordb import FalkorStore
from zhepai.graph.meta import (
    READ_VERSIONS,
    VersionTokens,
    bump_catalogue_version,
    request_tokens,
)
from zhepai.graph.open import open_store


@pytest.fixture
async def pair(
    data_root: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FalkorStore, FalkorStore]]:
    """Two stores on one graph, the tokens trusted for as long as the watch is quiet (not
    only ``TRUST_S``, which a slow machine could let pass between two asks)."""
    monkeypatch.setattr(meta, "TRUST_S", 3600.0)
    name = "w_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50]
    settings = Settings(graph_url="embedded", data_dir=data_root / "store", graph_name=name)
    one, other = await open_store(settings), await open_store(settings)
    assert isinstance(one, FalkorStore) and isinstance(other, FalkorStore)
    await one.drop_all()
    await bump_catalogue_version(one)  # the graph exists from its first write
    yield one, other
    await one.drop_all()
    await other.close()
    await one.close()


class Raw:
    """A plain client of the store's server: a writer zhepai knows nothing of."""

    def __init__(self, store: FalkorStore) -> None:
        assert store.server is not None
        self._client = redis.Redis(unix_socket_path=str(store.server.socket_path))
        self._graph = store.graph_name

    def cut(self, watch: ChangeWatch) -> None:
        """Close the watch's connection from the server's side."""
        assert watch.client_id is not None
        self.command("CLIENT", "KILL", "ID", str(watch.client_id))

    def query(self, text: str, *, read_only: bool = False) -> None:
        command = "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY"
        self._client.execute_command(command, self._graph, text)  # type: ignore[no-untyped-call]

    def config(self, name: str, value: str) -> None:
        self.command("CONFIG", "SET", name, value)

    def command(self, *parts: str) -> None:
        self._client.execute_command(*parts)  # type: ignore[no-untyped-call]

    def set_catalogue(self, version: str) -> None:
        self.query(f"MATCH (m:Meta {{key: 'catalogue'}}) SET m.version = '{version}'")

    def __enter__(self) -> Raw:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()


def watched(store: FalkorStore) -> ChangeWatch:
    """The store's watch, connected."""
    watch = store.watch
    assert watch is not None and watch.client_id is not None
    return watch


async def back(watch: ChangeWatch) -> None:
    """Wait for the watch to connect again (in the background, within a second or so)."""
    for _ in range(100):
        if watch.mark() is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the watch did not connect again")


def marked(store: FalkorStore) -> int:
    assert store.watch is not None
    mark = store.watch.mark()
    assert mark is not None, "the watch has a connection"
    return mark


async def test_every_write_is_told_before_its_writer_has_its_answer(
    pair: tuple[FalkorStore, FalkorStore],
) -> None:
    one, other = pair
    with Raw(one) as client:
        for _ in range(30):
            before = marked(one)
            await bump_catalogue_version(other)
            assert marked(one) != before
        # a write statement that changes nothing is told too, and so is a raw one
        before = marked(one)
        client.query("MATCH (m:Meta {key: 'none'}) SET m.version = 'x'")
        assert marked(one) != before


async def test_reads_are_not_told(pair: tuple[FalkorStore, FalkorStore]) -> None:
    one, other = pair
    with Raw(one) as client:
        before = marked(one)
        await other.read(READ_VERSIONS)
        await one.read(READ_VERSIONS)
        client.query("MATCH (m:Meta) RETURN m", read_only=True)
        client.query("MATCH (m:Meta) RETURN m")
        assert marked(one) == before


async def test_the_tokens_are_read_after_a_write_and_not_before(
    pair: tuple[FalkorStore, FalkorStore],
) -> None:
    one, other = pair
    store = CountingStore(one)
    reader = VersionTokens(store)  # type: ignore[arg-type]
    first = await reader.get()
    for _ in range(5):
        assert await reader.get() == first
        with request_tokens():
            assert await reader.get() == first
    assert store.calls.count("meta_versions") <= 1  # none when another reader read them
    store.calls.clear()
    token = await bump_catalogue_version(other)
    assert (await reader.get())["catalogue"] == token
    assert (await reader.get())["catalogue"] == token
    assert store.calls == ["meta_versions"]


async def test_a_write_landing_while_the_tokens_are_read_is_not_missed(
    pair: tuple[FalkorStore, FalkorStore],
) -> None:
    """The read has been answered with the old token but its answer is held back; a write
    lands: the next ask must read again, not take the old answer as current."""
    one, other = pair
    store = HeldAnswers(one)
    reader = VersionTokens(store)  # type: ignore[arg-type]
    await bump_catalogue_version(other)  # nothing read since
    old = asyncio.ensure_future(reader.get())
    await store.answered.wait()
    new = await bump_catalogue_version(other)
    store.release.set()
    assert (await old)["catalogue"] != new
    assert (await reader.get())["catalogue"] == new


async def test_nothing_is_trusted_while_the_watch_has_no_connection(
    pair: tuple[FalkorStore, FalkorStore],
) -> None:
    one, _ = pair
    watch = watched(one)
    store = CountingStore(one)
    reader = VersionTokens(store)  # type: ignore[arg-type]
    await reader.get()
    with Raw(one) as client:
        client.cut(watch)
        assert watch.mark() is None
        # a write while there is no connection: seen, because every ask reads
        client.set_catalogue("k")
        store.calls.clear()
        assert (await reader.get())["catalogue"] == "k"
        assert (await reader.get())["catalogue"] == "k"
        assert store.calls == ["meta_versions", "meta_versions"]
        await back(watch)
        await reader.get()  # read after the connection came back, if not yet
        store.calls.clear()
        assert (await reader.get())["catalogue"] == "k"
        assert store.calls == []
        client.set_catalogue("l")  # and writes are told again
        assert (await reader.get())["catalogue"] == "l"
        assert (await reader.get())["catalogue"] == "l"
        assert store.calls == ["meta_versions"]


async def test_only_the_embedded_store_is_watched() -> None:
    remote = FalkorStore.remote(Settings(graph_url="redis://127.0.0.1:1", graph_name="x"))
    try:
        assert remote.watch is None
    finally:
        await remote.close()


async def test_a_write_made_while_the_watch_had_no_connection_is_read_once_it_is_back(
    pair: tuple[FalkorStore, FalkorStore],
) -> None:
    one, _ = pair
    watch = watched(one)
    reader = VersionTokens(one)
    before = (await reader.get())["catalogue"]
    with Raw(one) as client:
        client.cut(watch)
        client.set_catalogue("m")  # nobody asks while the connection is down
        await back(watch)
    assert before != "m"
    assert (await reader.get())["catalogue"] == "m"


async def test_the_watch_can_be_turned_off(data_root: Path) -> None:
    settings = Settings(
        graph_url="embedded", data_dir=data_root / "store", graph_name="w_off", embedded_watch=False
    )
    store = await open_store(settings)
    try:
        assert store.watch is None
    finally:
        await store.close()


async def test_tokens_are_read_again_once_trusted_for_trust_s(
    pair: tuple[FalkorStore, FalkorStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _ = pair
    store = CountingStore(one)
    reader = VersionTokens(store)  # type: ignore[arg-type]
    await reader.get()
    await reader.get()
    assert store.calls.count("meta_versions") <= 1
    monkeypatch.setattr(meta, "TRUST_S", 0.0)
    store.calls.clear()
    await reader.get()
    await reader.get()
    assert store.calls == ["meta_versions", "meta_versions"]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[-1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


async def test_the_end_of_the_stores_process_is_noticed_while_a_child_holds_the_connection(
    tmp_path: Path,
) -> None:
    """A child the server forked (here: rewriting its log, slowed down) holds a copy of every
    connection, so killing the server does not close the watch's: the server's own end must
    be noticed, or a process would trust tokens of a store that another one starts again."""
    store = await open_store(Settings(graph_url="embedded", data_dir=tmp_path, graph_name="g"))
    assert isinstance(store, FalkorStore) and store.server is not None
    await bump_catalogue_version(store)
    client = Raw(store)
    pid = store.server.pid()
    assert pid is not None and marked(store) is not None
    children: list[int] = []
    try:
        client.config("rdb-key-save-delay", "10000000")  # 10 s a key
        client.command("BGREWRITEAOF")
        for _ in range(200):
            children = _children(pid)
            if children:
                break
            await asyncio.sleep(0.02)
        assert children, "the log rewrite forked"
        os.kill(pid, signal.SIGKILL)
        for _ in range(200):
            if store.watch is not None and store.watch.mark() is None:
                break
            await asyncio.sleep(0.02)
        assert store.watch is not None and store.watch.mark() is None
        assert all(_alive(child) for child in children)  # it held on to the connection
    finally:
        client.close()
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        await store.close()


async def test_a_forked_child_does_not_read_its_parents_connection(
    pair: tuple[FalkorStore, FalkorStore],
) -> None:
    """Messages on a shared socket reach whichever process reads first: a child forked with
    the watch open must not take them from its parent, nor trust what it holds."""
    one, other = pair
    watch = one.watch
    assert watch is not None
    before = marked(one)
    with warnings.catch_warnings():  # the child only looks, then leaves at once
        warnings.simplefilter("ignore", DeprecationWarning)
        child = os.fork()
    if child == 0:  # the child: no connection of its own yet
        os._exit(0 if watch.mark() is None else 1)
    _, status = await asyncio.to_thread(os.waitpid, child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert marked(one) == before  # the parent's connection is untouched
    await bump_catalogue_version(other)
    assert marked(one) != before
