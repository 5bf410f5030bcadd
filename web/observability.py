"""Metrics (Prometheus, at /metrics) and logs (JSON lines, each with its request id).

Metrics are process-wide, as Prometheus expects: request count and latency by GraphQL
operation, errors by code, store statement latency by statement name (graph/instrumented.py),
and the progress of imports run in the process (loaders/import_metrics.py). Under
``zhepai serve --workers N`` the processes share them through prometheus-client's multiprocess
mode (``PROMETHEUS_MULTIPROC_DIR``, which the command sets): any worker's /metrics adds up
every worker's counts, and ``zhepai_process_graphql_requests`` names each worker by pid.
"""

from __future__ import annotations

import atexit
import contextvars
import logging
import logging.config
import os
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
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
# One series per live worker process (labelled pid) in multiprocess mode: how the requests
# spread over the workers. A gauge, because a counter's series are summed over processes.
PROCESS_REQUESTS = Gauge(
    "zhepai_process_graphql_requests",
    "GraphQL operations served by this server process since it started",
    multiprocess_mode="liveall",
)
MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"


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
        PROCESS_REQUESTS.inc()


async def metrics(_: Request) -> Response:
    if not os.environ.get(MULTIPROC_DIR):
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
    registry = CollectorRegistry()
    # every worker's files, those of exited workers too (their counts stay in the sums)
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def worker_process_started() -> None:
    """In a worker process of ``zhepai serve --workers N``: its live gauges (imports running,
    its request count) leave /metrics when it exits; its counters stay in the sums."""
    if os.environ.get(MULTIPROC_DIR):
        atexit.register(multiprocess.mark_process_dead, os.getpid())


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


def logging_config(level: str = "info", json_lines: bool = True) -> dict[str, Any]:
    """Root logging as a ``dictConfig``: JSON lines on stderr (or plain text), every record
    with its request id. uvicorn applies it in each worker process it starts (spawned
    processes inherit no logging setup), as ``log_config``."""
    formatter: dict[str, Any] = (
        {
            "()": JsonFormatter,
            "fmt": "{asctime}{levelname}{name}{message}{request_id}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if json_lines
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": _RequestIdFilter}, "path_only": {"()": _PathOnly}},
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "filters": ["request_id"],
                "formatter": "default",
            }
        },
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {"uvicorn.access": {"filters": ["path_only"]}},
    }


def configure_logging(level: str = "info", json_lines: bool = True) -> None:
    """Root logging of this process, as ``logging_config`` describes it."""
    logging.config.dictConfig(logging_config(level, json_lines))
