"""Version tokens, one per kind of data (catalogue, bases, workers, regionStats): whatever
writes that data changes its token.

Caches built from the store (the career state graph, coverage, statistics) compare them, one
cheap read per request, so they are rebuilt after an edit made by any process and never
served stale. Where the store tells of every write to the graph as it happens (the embedded
one: ``GraphStore.watch``), the tokens last read are used again for as long as it has told of
none, and not read at all.
"""

from __future__ import annotations

import asyncio
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from zhepai.graph.batch import Batch
from zhepai.graph.cypher import Access, statement
from zhepai.graph.store import Changes, GraphStore

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


# The version tokens a request has read, per store (``request_tokens``, which the server
# opens around each operation): the caches one request asks share one read and see one
# version of the data throughout. A write drops them (graph/instrumented.py), so whatever
# the request reads after its own write is current.
_REQUEST_TOKENS: ContextVar[dict[int, asyncio.Future[Mapping[str, str]]] | None] = ContextVar(
    "zhepai_request_tokens", default=None
)


@contextmanager
def request_tokens() -> Iterator[None]:
    """Within this block (one request), version tokens are read once per store."""
    reset = _REQUEST_TOKENS.set({})
    try:
        yield
    finally:
        _REQUEST_TOKENS.reset(reset)


def forget_request_tokens() -> None:
    """After a write: the request's next cache read reads the tokens again."""
    held = _REQUEST_TOKENS.get()
    if held:
        held.clear()


# The tokens last read from a store that tells of writes, with its count of writes and the
# time when the read was sent: shared by every reader of that store in the process.
_LAST_READ: weakref.WeakKeyDictionary[Changes, tuple[int, float, Mapping[str, str]]] = (
    weakref.WeakKeyDictionary()
)
# Whatever the store tells, tokens older than this are read again: a way of telling that
# failed without a sign could not keep a process stale for longer.
TRUST_S = 1.0


class VersionTokens:
    """Every version token of one store, read for whoever asks. Callers asking in the same
    turn of the event loop share one read; whoever asks once it has been sent waits for the
    next one, so each caller gets tokens at least as new as its own call. Under load, one
    read serves every caller of this object that reached this point together.

    A store with a ``watch`` is not read while it has seen no write since the last read
    (and for at most ``TRUST_S``): its count of writes is taken before a read is sent, so a
    write that lands while the read is on its way makes the count newer than the tokens and
    they are read again."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._batch = Batch(self._read)

    async def get(self) -> Mapping[str, str]:
        held = _REQUEST_TOKENS.get()
        pending = None if held is None else held.get(id(self._store))
        if pending is None:
            mark, kept = self._unchanged()
            if held is None:
                return kept if kept is not None else await self._read_after(mark)
            if kept is not None:
                pending = asyncio.get_running_loop().create_future()
                pending.set_result(kept)
            else:
                pending = asyncio.ensure_future(self._read_after(mark))
            held[id(self._store)] = pending
        return await asyncio.shield(pending)

    def _unchanged(self) -> tuple[int | None, Mapping[str, str] | None]:
        """The store's count of writes (None: not told), and the tokens last read if it has
        told of no write since."""
        watch = self._store.watch
        mark = None if watch is None else watch.mark()
        if watch is None or mark is None:
            return None, None
        last = _LAST_READ.get(watch)
        if last is None or last[0] != mark or time.monotonic() - last[1] >= TRUST_S:
            return mark, None
        return mark, last[2]

    async def _read_after(self, mark: int | None) -> Mapping[str, str]:
        sent = time.monotonic()
        tokens = await self._batch.get()
        watch = self._store.watch
        if watch is not None and mark is not None:
            _LAST_READ[watch] = (mark, sent, tokens)
        return tokens

    async def _read(self) -> Mapping[str, str]:
        rows = await self._store.read(READ_VERSIONS)
        return {str(r["key"]): str(r["version"]) for r in rows}


async def bump_catalogue_version(store: GraphStore) -> str:
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
        self._tokens = VersionTokens(store)
        self._keys = keys
        self._build = build
        self._kept: tuple[tuple[str | None, ...], T] | None = None
        self._lock = asyncio.Lock()
        self.builds = 0  # tests and benchmarks read it

    async def get(self) -> T:
        tokens = await self._tokens.get()
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
