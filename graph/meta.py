"""The catalogue's version: a token the seed loader changes whenever it changes the graph.

Caches built from the catalogue (the career state graph) compare it, one cheap read per
request, so they are rebuilt after an edit made by any process and never served stale.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from weakref import WeakKeyDictionary

from strawberry.dataloader import DataLoader

from zhepai.graph.cypher import Access, statement
from zhepai.graph.store import GraphStore

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
    read (a DataLoader batch without a cache): it is sent after the last of them asked, and
    whoever asks once it has been sent waits for the next one, so each caller gets tokens at
    least as new as its own call. Under load, one read serves every request that reached
    this point together."""
    loader = _token_loaders.get(store)
    if loader is None:

        async def read(keys: list[None]) -> list[dict[str, str]]:
            rows = await store.read(READ_VERSIONS)
            tokens = {str(r["key"]): str(r["version"]) for r in rows}
            return [tokens for _ in keys]

        loader = _token_loaders[store] = DataLoader(load_fn=read, cache=False)
    return await loader.load(None)


_token_loaders: WeakKeyDictionary[GraphStore, DataLoader[None, dict[str, str]]] = (
    WeakKeyDictionary()
)


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
