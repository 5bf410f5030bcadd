"""The store wrapper that times every statement, for /metrics (web/observability.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from prometheus_client import Histogram

from zhepai.graph.cypher import Cypher
from zhepai.graph.meta import forget_request_tokens
from zhepai.graph.store import Bound, Changes, GraphStore, Row, Step

if TYPE_CHECKING:
    from zhepai.config import StoreKind

# Process-wide, as Prometheus expects.
STORE_LATENCY = Histogram(
    "zhepai_store_query_seconds",
    "Store statement latency",
    ["statement", "access"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5),
)


class InstrumentedStore:
    """A store that times each statement it passes on (the metrics decorator of GraphStore)."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner

    @property
    def kind(self) -> StoreKind:
        return self.inner.kind

    @property
    def description(self) -> str:
        return self.inner.description

    @property
    def watch(self) -> Changes | None:
        return self.inner.watch

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]:
        with STORE_LATENCY.labels(stmt.name, "read").time():
            return await self.inner.read(stmt, **params)

    async def write(self, stmt: Cypher, **params: Any) -> list[Row]:
        try:
            with STORE_LATENCY.labels(stmt.name, "write").time():
                return await self.inner.write(stmt, **params)
        finally:
            forget_request_tokens()  # what the request reads next sees its own write

    def bind(self, stmt: Cypher, **params: Any) -> Bound:
        return self.inner.bind(stmt, **params)

    async def send(self, bound: Bound, **params: Any) -> list[Row]:
        try:
            with STORE_LATENCY.labels(bound.stmt.name, "write").time():
                return await self.inner.send(bound, **params)
        finally:
            forget_request_tokens()

    async def write_all(self, steps: Sequence[Step]) -> None:
        try:
            with STORE_LATENCY.labels("+".join(s.name for s, _ in steps)[:120], "write").time():
                await self.inner.write_all(steps)
        finally:
            forget_request_tokens()

    async def setup_schema(self) -> None:
        await self.inner.setup_schema()

    async def ping(self) -> None:
        await self.inner.ping()

    async def drop_all(self) -> None:
        await self.inner.drop_all()

    async def close(self) -> None:
        await self.inner.close()
