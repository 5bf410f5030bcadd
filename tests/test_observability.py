"""Operations: /metrics after a few queries, and log lines carrying the request id."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import httpx
import pytest

from tests.serving import zhepai_serve
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


def test_the_access_log_of_a_real_server_never_holds_a_query_string(
    data_dir: Path, tmp_path: Path
) -> None:
    """An ID number sent in a GET's query string must not reach the access log (a POST's body
    never did): the log keeps the path and the status."""
    id_number = "330824199001010837"
    log = tmp_path / "server.log"
    env = {**os.environ, "ZHEPAI_GRAPH_URL": "embedded"}
    with log.open("wb") as sink:
        serving = zhepai_serve(
            "--data-dir", str(data_dir), "--log-level", "info", cwd=tmp_path, env=env, output=sink
        )
        with serving as url:
            query = f'{{ worker(personId: "{id_number}") {{ maskedName }} }}'
            answered = httpx.get(f"{url}/graphql", params={"query": query}, timeout=30)
            assert answered.status_code < 500
    text = log.read_text("utf-8")
    assert "GET /graphql HTTP" in text, text  # the request was logged, by path
    assert id_number not in text
    assert "query=" not in text
