"""Metrics (Prometheus, at /metrics) and logs (JSON lines, each with its request id).

Metrics are process-wide, as Prometheus expects: request count and latency by GraphQL
operation, errors by code, store statement latency by statement name (graph/instrumented.py),
and the progress of imports run in the process (loaders/import_metrics.py).
"""

from __future__ import annotations

import contextvars
import logging
import sys
import time
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pythonjsonlogger.json import JsonFormatter
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

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


async def metrics(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class _PathOnly(logging.Filter):
    """The access log names the path, never the query string: a GET's query string holds the
    GraphQL document and its variables, which may carry an ID number."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn's access records: (client, method, path with query, http version, status)
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
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
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, _PathOnly) for f in access.filters):
        access.addFilter(_PathOnly())
