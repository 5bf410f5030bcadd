"""Neo4j 5 through the official async driver, with managed (retried) transactions.

Every session of the process shares one bookmark manager: on a cluster (``neo4j://``, Aura)
each call then sees every write this process made before it, wherever it is routed. Every
failure the driver can raise is translated by one table (``FAILURES``) into the store error
the API reports. Once a call finds the server unreachable, later calls fail at once instead
of each waiting through the driver's retries, and one of them, at most once a second, tries
the server again (``ping``, the readiness probe, always does).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConnectionAcquisitionTimeoutError,
    DatabaseError,
    DriverError,
    Forbidden,
    GqlError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from zhepai.config import Settings, StoreKind
from zhepai.graph.backends.schema_neo4j import DROP_ALL_BATCHED, SCHEMA_STATEMENTS
from zhepai.graph.cypher import Access, Cypher, Dialect
from zhepai.graph.errors import (
    UNSTORABLE_TEXT,
    StoreError,
    StoreInputError,
    StoreTimeout,
    StoreUnavailable,
    refuse_unstorable,
)
from zhepai.graph.store import Bound

if TYPE_CHECKING:
    from zhepai.graph.store import Row, Step

RECHECK_INTERVAL_S = 1.0  # while the server is unreachable, one call a second tries it again

# Neo4j status codes (their category and title: Neo4j 4 and 5 classify some differently) whose
# class alone says too little. The transaction ran past its timeout: while running, or while
# waiting for a lock (the server then stops the lock client or terminates the transaction).
TIMED_OUT_CODES = frozenset(
    {
        "Transaction.TransactionTimedOut",
        "Transaction.TransactionTimedOutClientConfiguration",
        "Transaction.LockClientStopped",
        "Transaction.Terminated",
        "Transaction.LockAcquisitionTimeout",
    }
)
UNAVAILABLE_CODES = frozenset({"Database.DatabaseNotFound"})

# Every failure the driver raises, in order (a subclass before its base), with the store error
# it is reported as. What a transient error still is after the driver's retries (a deadlock,
# a database starting, a leader being elected) is the store being unavailable for now.
FAILURES: tuple[tuple[type[Exception], type[StoreError]], ...] = (
    (IncompleteCommit, StoreUnavailable),  # the commit's outcome is unknown: a replay decides
    (ServiceUnavailable, StoreUnavailable),  # no server, no route, no writer
    (SessionExpired, StoreUnavailable),  # the server went away under the transaction
    (ConnectionAcquisitionTimeoutError, StoreTimeout),  # every pooled connection busy
    (ConfigurationError, StoreUnavailable),  # TLS or auth settings the server refuses
    (AuthError, StoreUnavailable),  # wrong or expired credentials: the operator's to fix
    (Forbidden, StoreUnavailable),  # a read-only database or missing privileges: likewise
    (TransientError, StoreUnavailable),
    (ClientError, StoreError),  # a statement or parameters of ours that the server refused
    (DatabaseError, StoreError),
    (Neo4jError, StoreError),
    (DriverError, StoreError),  # a result or transaction used wrongly: ours
    (GqlError, StoreError),  # the base of both families above
    (UnicodeEncodeError, StoreInputError),  # text the packer cannot encode
    (OverflowError, StoreInputError),  # an integer beyond 64 bits
    (OSError, StoreUnavailable),
)
_CAUGHT = tuple(cls for cls, _ in FAILURES)


def translate(exc: Exception, what: str) -> StoreError:
    """``exc``, raised by the driver during ``what``, as the store error the API reports."""
    code = exc.code if isinstance(exc, Neo4jError) else None
    title = code.split(".", 2)[-1] if code else None
    if title in TIMED_OUT_CODES:
        return StoreTimeout(f"{what} timed out ({code})")
    if title in UNAVAILABLE_CODES:
        return StoreUnavailable(f"Neo4j: {what}: {code}")
    kind = next((k for cls, k in FAILURES if isinstance(exc, cls)), StoreError)
    if kind is StoreInputError:
        # shown to the caller, so it says what was refused and nothing else
        if isinstance(exc, OverflowError):
            return StoreInputError("超出 64 位的整数")
        return StoreInputError(UNSTORABLE_TEXT)
    if kind is StoreUnavailable:
        return StoreUnavailable(f"Neo4j unavailable: {what}: {type(exc).__name__}: {exc}")
    if kind is StoreTimeout:
        return StoreTimeout(f"{what}: {type(exc).__name__}: {exc}")
    return StoreError(f"{what} failed: {code or type(exc).__name__}: {exc}")


def _unreachable(exc: Exception) -> bool:
    """Whether ``exc`` says the server could not be reached at all (not a commit cut off)."""
    return isinstance(exc, ServiceUnavailable | OSError) and not isinstance(exc, IncompleteCommit)


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
        self._bookmarks = AsyncGraphDatabase.bookmark_manager()
        self._down: str | None = None  # why the server was last found unreachable
        self._last_try = float("-inf")

    @classmethod
    def connect(cls, settings: Settings) -> Neo4jStore:
        url, user, password = settings.neo4j_target()
        driver = AsyncGraphDatabase.driver(
            url,
            auth=(user, password),
            connection_timeout=settings.store_timeout_s,
            # a pool with no free connection fails as a timeout, not after the default minute
            connection_acquisition_timeout=settings.store_timeout_s,
            max_transaction_retry_time=settings.store_timeout_s,
        )
        return cls(driver, settings.neo4j_database, settings.store_timeout_s, url)

    @property
    def kind(self) -> StoreKind:
        return StoreKind.NEO4J

    @property
    def description(self) -> str:
        return f"Neo4j at {self._url} (database {self._database})"

    @property
    def watch(self) -> None:
        return None  # a cluster tells no one of writes: the tokens are read each time

    def _check(self, stmt: Cypher) -> Cypher:
        if stmt.dialect is Dialect.FALKORDB:
            raise StoreError(f"statement {stmt.name} is FalkorDB-only")
        return stmt

    def _session(self) -> neo4j.AsyncSession:
        return self._driver.session(database=self._database, bookmark_manager=self._bookmarks)

    async def _transact[T](
        self,
        what: str,
        work: Callable[[AsyncManagedTransaction], Awaitable[T]],
        access: Access,
    ) -> T:
        """``work`` in a managed transaction, its failures translated."""
        await self._refuse_if_down(what)
        try:
            async with self._session() as session:
                if access is Access.READ:
                    result = await session.execute_read(work)
                else:
                    result = await session.execute_write(work)
        except _CAUGHT as exc:
            raise self._failed(exc, what) from exc
        self._down = None
        return result

    def _failed(self, exc: Exception, what: str) -> StoreError:
        if _unreachable(exc):
            self._down = f"{type(exc).__name__}: {exc}"
            self._last_try = time.monotonic()
        return translate(exc, what)

    async def _refuse_if_down(self, what: str) -> None:
        """Fail at once while the server is known unreachable; once a second, try it again."""
        if self._down is None:
            return
        now = time.monotonic()
        if now - self._last_try < RECHECK_INTERVAL_S:
            raise StoreUnavailable(f"Neo4j unreachable ({self._down}); {what} not sent")
        self._last_try = now
        await self.ping()

    async def _run(self, stmt: Cypher, params: Mapping[str, Any], access: Access) -> list[Row]:
        text = self._check(stmt).neo4j_text
        values = dict(params)
        refuse_unstorable(values)

        @unit_of_work(timeout=self._timeout_s)
        async def work(tx: AsyncManagedTransaction) -> list[Row]:
            result = await tx.run(text, values)
            return [_values(record.data()) for record in await result.fetch(2**31 - 1)]

        return await self._transact(stmt.name, work, access)

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]:
        return await self._run(stmt, stmt.bind(**params), Access.READ)

    async def write(self, stmt: Cypher, **params: Any) -> list[Row]:
        return await self._run(stmt, stmt.bind(**params), Access.WRITE)

    def bind(self, stmt: Cypher, **params: Any) -> Bound:
        return Bound(stmt, stmt.bind_part(**params))

    async def send(self, bound: Bound, **params: Any) -> list[Row]:
        return await self._run(bound.stmt, bound.stmt.bind(**bound.params, **params), Access.WRITE)

    async def write_all(self, steps: Sequence[Step]) -> None:
        queries = [
            (self._check(stmt).neo4j_text, dict(stmt.bind(**params))) for stmt, params in steps
        ]
        for _, values in queries:
            refuse_unstorable(values)

        @unit_of_work(timeout=self._timeout_s * max(1, len(queries)))
        async def work(tx: AsyncManagedTransaction) -> None:
            for text, values in queries:
                result = await tx.run(text, values)
                await result.consume()

        names = ", ".join(stmt.name for stmt, _ in steps)
        await self._transact(f"write_all({names})", work, Access.WRITE)

    async def setup_schema(self) -> None:
        for stmt in SCHEMA_STATEMENTS:
            await self._run(stmt, {}, Access.WRITE)

    async def ping(self) -> None:
        try:
            await self._driver.verify_connectivity()
        except _CAUGHT as exc:
            raise self._failed(exc, "ping") from exc
        self._down = None

    async def drop_all(self) -> None:
        await self._refuse_if_down(DROP_ALL_BATCHED.name)
        try:
            async with self._session() as session:
                result = await session.run(DROP_ALL_BATCHED.neo4j_text)
                await result.consume()
        except _CAUGHT as exc:
            raise self._failed(exc, DROP_ALL_BATCHED.name) from exc

    async def close(self) -> None:
        await self._driver.close()
