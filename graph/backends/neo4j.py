"""Neo4j 5 through the official async driver, with managed (retried) transactions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction, unit_of_work
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from zhepai.config import Settings, StoreKind
from zhepai.graph.backends.schema_neo4j import SCHEMA_STATEMENTS
from zhepai.graph.cypher import Access, Cypher, Dialect
from zhepai.graph.errors import StoreError, StoreTimeout, StoreUnavailable
from zhepai.graph.maintenance import DROP_ALL
from zhepai.graph.store import Bound

if TYPE_CHECKING:
    from zhepai.graph.store import Row, Step


def _values(value: Any) -> Any:
    """Driver values into plain Python (temporal types to ISO strings)."""
    if isinstance(value, list):
        return [_values(v) for v in value]
    if isinstance(value, dict):
        return {k: _values(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


class Neo4jStore:
    """A Neo4j database; the statements sent are the common ones plus ``Dialect.NEO4J``."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str, timeout_s: float, url: str):
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s
        self._url = url

    @classmethod
    def connect(cls, settings: Settings) -> Neo4jStore:
        parts = urlsplit(settings.graph_url)
        user = parts.username or settings.neo4j_user
        password = parts.password or settings.neo4j_password.get_secret_value()
        host = parts.hostname or "localhost"
        netloc = f"{host}:{parts.port}" if parts.port else host
        url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        driver = AsyncGraphDatabase.driver(
            url,
            auth=(user, password),
            connection_timeout=settings.store_timeout_s,
            max_transaction_retry_time=max(settings.store_timeout_s, 5.0),
        )
        return cls(driver, settings.neo4j_database, settings.store_timeout_s, url)

    @property
    def kind(self) -> StoreKind:
        return StoreKind.NEO4J

    @property
    def description(self) -> str:
        return f"Neo4j at {self._url} (database {self._database})"

    def _check(self, stmt: Cypher) -> Cypher:
        if stmt.dialect is Dialect.FALKORDB:
            raise StoreError(f"statement {stmt.name} is FalkorDB-only")
        return stmt

    async def _run(self, stmt: Cypher, params: Mapping[str, Any], access: Access) -> list[Row]:
        text = self._check(stmt).text

        @unit_of_work(timeout=self._timeout_s)
        async def work(tx: AsyncManagedTransaction) -> list[Row]:
            result = await tx.run(text, dict(params))
            return [_values(record.data()) for record in await result.fetch(2**31 - 1)]

        try:
            async with self._driver.session(database=self._database) as session:
                if access is Access.READ:
                    return await session.execute_read(work)
                return await session.execute_write(work)
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"Neo4j unavailable: {exc}") from exc
        except Neo4jError as exc:
            if exc.code and "TransactionTimedOut" in exc.code:
                raise StoreTimeout(f"{stmt.name} timed out") from exc
            raise StoreError(f"{stmt.name} failed: {exc.code}") from exc
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j driver error: {exc}") from exc

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]:
        return await self._run(stmt, stmt.bind(**params), Access.READ)

    async def write(self, stmt: Cypher, **params: Any) -> list[Row]:
        return await self._run(stmt, stmt.bind(**params), Access.WRITE)

    def bind(self, stmt: Cypher, **params: Any) -> Bound:
        return Bound(stmt, stmt.bind_part(**params))

    async def send(self, bound: Bound, **params: Any) -> list[Row]:
        return await self._run(bound.stmt, bound.stmt.bind(**bound.params, **params), Access.WRITE)

    async def write_all(self, steps: Sequence[Step]) -> None:
        queries = [(self._check(stmt).text, dict(stmt.bind(**params))) for stmt, params in steps]

        @unit_of_work(timeout=self._timeout_s * max(1, len(queries)))
        async def work(tx: AsyncManagedTransaction) -> None:
            for text, params in queries:
                result = await tx.run(text, params)
                await result.consume()

        try:
            async with self._driver.session(database=self._database) as session:
                await session.execute_write(work)
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"Neo4j unavailable: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"write failed: {exc.code}") from exc

    async def setup_schema(self) -> None:
        for stmt in SCHEMA_STATEMENTS:
            await self._run(stmt, {}, Access.WRITE)

    async def ping(self) -> None:
        try:
            await self._driver.verify_connectivity()
        except (DriverError, Neo4jError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j unavailable: {exc}") from exc

    async def drop_all(self) -> None:
        await self._run(DROP_ALL, {}, Access.WRITE)

    async def close(self) -> None:
        await self._driver.close()
