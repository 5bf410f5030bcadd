"""Operations: /metrics after a few queries, and log lines carrying the request id."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from zhepai.web.observability import configure_logging


async def test_metrics_count_operations_errors_and_store_time(client: httpx.AsyncClient) -> None:
    await client.post("/graphql", json={"query": "query Industries { industries { code } }"})
    await client.post("/graphql", json={"query": 'query Bad { series(code: "1") { code } }'})
    text = (await client.get("/metrics")).text
    assert 'zhepai_graphql_requests_total{operation="Industries",outcome="ok"}' in text
    assert 'zhepai_graphql_requests_total{operation="Bad",outcome="error"}' in text
    assert 'zhepai_graphql_errors_total{code="BAD_USER_INPUT"}' in text
    assert 'zhepai_store_query_seconds_count{access="read",statement="industries"}' in text
    assert 'zhepai_graphql_request_seconds_bucket{le="0.1",operation="Industries"}' in text
    assert 'zhepai_import_rows_total{kind="bases",outcome="rejected"}' in text


async def test_log_lines_are_json_with_the_request_id(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("info", json_lines=True)
        body = {"query": "{ industries { code } }"}
        await client.post("/graphql", json=body, headers={"x-request-id": "log-test-1"})
        logging.getLogger("zhepai.test").info("inside")  # outside a request: id "-"
        # a request that logs: a refused token, with the request's id
        await client.post(
            "/graphql",
            json={"query": "{ industries { code } }"},
            headers={"x-request-id": "log-test-2", "authorization": "Bearer forged"},
        )
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert lines, "no log lines"
    assert all({"time", "level", "logger", "message", "request_id"} <= set(r) for r in lines)
    assert any(r["message"] == "inside" and r["request_id"] == "-" for r in lines)
    assert any(r["request_id"] == "log-test-2" and r["logger"] == "zhepai.auth" for r in lines)
