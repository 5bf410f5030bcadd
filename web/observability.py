"""Metrics (Prometheus, at /metrics) and logs (JSON lines, each with its request id).

Metrics are process-wide, as Prometheus expects: request count and latency by GraphQL
operation, errors by code, store statement latency by statement name, and the progress of
imports run in the process (loaders/import_metrics.py).
"""

from __future__ import annotations

import contextvars
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pythonjsonlogger.json import JsonFormatter
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from zhepai.config import StoreKind
from zhepai.graph.cypher import Cypher
from zhepai.graph.store import Bound, GraphStore, Row, Step
from zhepai.loaders import import_metrics

# Imported for their registration: /metrics lists the import series from the start.
IMPORT_METRICS = (import_metrics.IMPORT_ROWS, import_metrics.IMPORTS_RUNNING)

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

REQUESTS = Counter(
    "zhepai_graphql_requests_total", "GraphQL operations served", ["operation", "outcome"]
)
LATENCY = Histogram(
    "zhepai_graphql_request_seconds",
    "GraphQL operation latency",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter("zhepai_graphql_errors_total", "GraphQL errors by code", ["code"])
STORE_LATENCY = Histogram(
    "zhepai_store_query_seconds",
    "Store statement latency",
    ["statement", "access"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5),
)


class GraphQLMetrics(SchemaExtension):
    """Counts and times every operation, and counts its errors by extensions.code."""

    def on_operation(self) -> Iterator[None]:
        start = time.perf_counter()
        yield
        context = self.execution_context
        operation = context.operation_name or "anonymous"
        errors = getattr(context.result, "errors", None) or []
        LATENCY.labels(operation).observe(time.perf_counter() - start)
        REQUESTS.labels(operation, "error" if errors else "ok").inc()
        for error in errors:
            ERRORS.labels((error.extensions or {}).get("code", "UNKNOWN")).inc()


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

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]:
        with STORE_LATENCY.labels(stmt.name, "read").time():
            return await self.inner.read(stmt, **params)

    async def write(self, stmt: Cypher, **params: Any) -> list[Row]:
        with STORE_LATENCY.labels(stmt.name, "write").time():
            return await self.inner.write(stmt, **params)

    def bind(self, stmt: Cypher, **params: Any) -> Bound:
        return self.inner.bind(stmt, **params)

    async def send(self, bound: Bound, **params: Any) -> list[Row]:
        with STORE_LATENCY.labels(bound.stmt.name, "write").time():
            return await self.inner.send(bound, **params)

    async def write_all(self, steps: Sequence[Step]) -> None:
        with STORE_LATENCY.labels("+".join(s.name for s, _ in steps)[:120], "write").time():
            await self.inner.write_all(steps)

    async def setup_schema(self) -> None:
        await self.inner.setup_schema()

    async def ping(self) -> None:
        await self.inner.ping()

    async def drop_all(self) -> None:
        await self.inner.drop_all()

    async def close(self) -> None:
        await self.inner.close()


async def metrics(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging(level: str = "info", json_lines: bool = True) -> None:
    """Root logging: JSON lines on stderr (or plain text), every record with its request id."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_RequestIdFilter())
    if json_lines:
        handler.setFormatter(
            JsonFormatter(
                "{asctime}{levelname}{name}{message}{request_id}",
                style="{",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
