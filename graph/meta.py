"""The catalogue's version: a token the seed loader changes whenever it changes the graph.

Caches built from the catalogue (the career state graph) compare it, one cheap read per
request, so they are rebuilt after an edit made by any process and never served stale.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from weakref import WeakKeyDictionary

from graph.cypher import Access, statement
from graph.store import GraphStore, Row

READ_VERSION = statement(
    "catalogue_version",
    "MATCH (m:Meta {key: 'catalogue'}) RETURN m.version AS version",
)

# Every version token at once (catalogue, bases, …): one read tells a cache whether any of
# the data it was built from has changed.
READ_VERSIONS = statement(
    "meta_versions",
    "MATCH (m:Meta) RETURN m.key AS key, m.version AS version",
)

WRITE_VERSION = statement(
    "catalogue_version_bump",
    "MERGE (m:Meta {key: 'catalogue'}) SET m.version = $version RETURN m.version AS version",
    access=Access.WRITE,
    version="token",
)


async def catalogue_version(store: GraphStore) -> str | None:
    rows = await store.read(READ_VERSION)
    return str(rows[0]["version"]) if rows else None


async def versions(store: GraphStore) -> dict[str, str]:
    """Every version token. Callers that ask in the same turn of the event loop share one
    read, sent after the last of them asked, so each gets tokens at least as new as its
    own call (under load, a read serves every request that reached this point together)."""
    batch = _batches.get(store)
    if batch is None:
        batch = _batches[store] = _TokenBatch(store)
    return await batch.read()


class _TokenBatch:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._waiting: asyncio.Future[dict[str, str]] | None = None

    async def read(self) -> dict[str, str]:
        loop = asyncio.get_running_loop()
        waiting = self._waiting
        # (a batch of another event loop, one that stopped before sending it, is dropped)
        if waiting is None or waiting.done() or waiting.get_loop() is not loop:
            waiting = self._waiting = loop.create_future()
            loop.call_soon(self._send, waiting)
        return await asyncio.shield(waiting)

    def _send(self, waiting: asyncio.Future[dict[str, str]]) -> None:
        if self._waiting is waiting:
            self._waiting = None  # whoever asks from now on waits for a read sent after it
        task = asyncio.ensure_future(self._store.read(READ_VERSIONS))
        _sending.add(task)

        def settle(done: asyncio.Future[list[Row]]) -> None:
            _sending.discard(task)
            if waiting.cancelled():
                return
            if done.cancelled():
                waiting.cancel()
            elif (error := done.exception()) is not None:
                waiting.set_exception(error)
            else:
                waiting.set_result({str(r["key"]): str(r["version"]) for r in done.result()})

        task.add_done_callback(settle)


_batches: WeakKeyDictionary[GraphStore, _TokenBatch] = WeakKeyDictionary()
_sending: set[asyncio.Future[list[Row]]] = set()  # reads in flight, kept from the collector


async def bump_catalogue_version(store: GraphStore) -> str:
    import uuid

    token = uuid.uuid4().hex
    await store.write(WRITE_VERSION, version=token)
    return token


class VersionedCache[T]:
    """A value built from the store, kept until one of the version tokens it depends on
    changes. One read of the tokens per ``get``; one build however many callers arrive while
    it runs. The tokens are read before the data, so a write landing during a build changes
    them again and the next ``get`` rebuilds: the value is never kept stale."""

    def __init__(
        self, store: GraphStore, keys: tuple[str, ...], build: Callable[[], Awaitable[T]]
    ) -> None:
        self._store = store
        self._keys = keys
        self._build = build
        self._kept: tuple[tuple[str | None, ...], T] | None = None
        self._lock = asyncio.Lock()
        self.builds = 0  # tests and benchmarks read it

    async def get(self) -> T:
        tokens = await versions(self._store)
        current = tuple(tokens.get(k) for k in self._keys)
        kept = self._kept
        if kept is not None and kept[0] == current:
            return kept[1]
        async with self._lock:
            kept = self._kept
            if kept is None or kept[0] != current:
                kept = (current, await self._build())
                self._kept = kept
                self.builds += 1
        return kept[1]
