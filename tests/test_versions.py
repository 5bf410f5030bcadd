"""Version tokens: callers in the same turn of the event loop share one read, and a caller
never shares a read that was sent before it asked (so it sees every write that finished
before it asked).

These are the stores that are read every time (Neo4j, a remote FalkorDB): the embedded
store, which tells of writes without being asked, is wrapped here as one that does not
(``Unwatched``); tests/test_change_watch.py has what changes when it does."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import CountingStore
from zhepai.graph.cypher import Cypher
from zhepai.graph.instrumented import InstrumentedStore
from zhepai.graph.meta import VersionedCache, VersionTokens, bump_catalogue_version, request_tokens
from zhepai.graph.store import GraphStore, Row


class Unwatched(CountingStore):
    """The real store, as one that does not tell of writes: its tokens are read every time."""

    @property
    def watch(self) -> None:
        return None


async def test_callers_in_one_turn_share_one_read(seeded_store: GraphStore) -> None:
    store = Unwatched(seeded_store)
    reader = VersionTokens(store)  # type: ignore[arg-type]
    tokens = await asyncio.gather(*(reader.get() for _ in range(10)))
    assert store.calls == ["meta_versions"]
    assert all(t == tokens[0] for t in tokens)
    assert "catalogue" in tokens[0]


class HeldAnswers(CountingStore):
    """The real store, whose read answers are held back until ``release`` is set."""

    def __init__(self, inner: GraphStore) -> None:
        super().__init__(inner)
        self.answered = asyncio.Event()  # a read has had its answer from the store
        self.release = asyncio.Event()

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]:
        rows = await super().read(stmt, **params)
        self.answered.set()
        await self.release.wait()
        return rows


async def test_a_read_sent_before_a_caller_asked_is_not_shared(scratch_store: GraphStore) -> None:
    """The first read has been answered (with the old token) but its answer is held back;
    a write lands; a caller asking now must not get that answer."""
    store = HeldAnswers(Unwatched(scratch_store))  # type: ignore[arg-type]
    reader = VersionTokens(store)  # type: ignore[arg-type]
    old = await bump_catalogue_version(scratch_store)
    first = asyncio.ensure_future(reader.get())
    await store.answered.wait()
    new = await bump_catalogue_version(scratch_store)
    second = asyncio.ensure_future(reader.get())
    for _ in range(5):  # it asks (and, unless it shares the first read, sends its own)
        await asyncio.sleep(0)
    store.release.set()
    assert (await first)["catalogue"] == old
    assert (await second)["catalogue"] == new


async def test_one_request_reads_the_tokens_once_and_again_after_its_own_write(
    scratch_store: GraphStore,
) -> None:
    store = InstrumentedStore(Unwatched(scratch_store))  # type: ignore[arg-type]
    counted: CountingStore = store.inner  # type: ignore[assignment]
    built: list[str | None] = []

    async def build() -> str | None:
        built.append((await VersionTokens(store).get()).get("catalogue"))
        return built[-1]

    first = VersionedCache(store, ("catalogue",), build)
    second = VersionedCache(store, ("catalogue", "bases"), build)
    await bump_catalogue_version(store)
    with request_tokens():
        counted.calls.clear()
        one = await first.get()
        await asyncio.gather(first.get(), second.get())
        assert counted.calls.count("meta_versions") == 1  # the builds' reads included
        await bump_catalogue_version(store)
        again = await first.get()
        assert counted.calls.count("meta_versions") == 2
        assert again != one  # rebuilt: the request sees its own write
    counted.calls.clear()
    await first.get()
    await first.get()
    assert counted.calls.count("meta_versions") == 2  # outside a request, every get reads
