"""Hostile documents, sent to the app over the seeded store: each is refused with its code and
never costs the server an error of its own. How fast is not asserted here (machines are
noisy; speed is the benchmarks' business): a guard only stops a case that would hang."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.conftest import app_settings
from zhepai.graph.store import GraphStore
from zhepai.server import create_app

HANG_S = 60.0  # a refusal that takes this long has hung


def _fragment_chain(n: int) -> str:
    """A region's parents, 50 deep, one fragment per level."""
    fragments = " ".join(
        f"fragment F{i} on Region {{ parent {{ ...F{i + 1} }} }}" for i in range(n)
    )
    last = f"fragment F{n} on Region {{ code }}"
    return f'query {{ region(code: "330824") {{ ...F0 }} }} {fragments} {last}'


def _fragment_fan_out(n: int) -> str:
    """Each fragment spreads the next twice: 2^n spreads in a few hundred tokens."""
    fragments = " ".join(
        f"fragment F{i} on Query {{ industries {{ code }} ...F{i + 1} ...F{i + 1} }}"
        for i in range(n)
    )
    return f"query {{ ...F0 }} {fragments} fragment F{n} on Query {{ industries {{ code }} }}"


@dataclass(frozen=True)
class Hostile:
    name: str
    query: str
    variables: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    code: str = "QUERY_TOO_COMPLEX"
    limit: str | None = None


HOSTILE = [
    Hostile(
        "depth 50",
        '{ region(code: "330824") { ' + "parent { " * 49 + "code" + " }" * 50 + " }",
        limit="DEPTH",
    ),
    Hostile(
        "1,000 aliases",  # the token limit stops it first; see the next test for aliases alone
        "{ " + " ".join(f"a{i}: skillLevels {{ code }}" for i in range(1000)) + " }",
        limit="TOKENS",
    ),
    Hostile("100k tokens", "{ skillLevels { " + "code " * 100_000 + "} }", limit="TOKENS"),
    Hostile(
        "first: 1000000",
        "{ occupations(first: 1000000) { edges { node { id name } } } }",
        limit="COST",
    ),
    Hostile(
        "first: 1000000 as a variable",
        "query($n: Int) { specialties(first: $n) { edges { node { id } } } }",
        {"n": 1_000_000},
        limit="COST",
    ),
    Hostile("fragments nested 50 deep", _fragment_chain(50), limit="DEPTH"),
    Hostile("fragments spread 2^40 times", _fragment_fan_out(40), limit="COST"),
    Hostile(
        "a fragment cycle",
        "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        code="GRAPHQL_VALIDATION_FAILED",
    ),
    Hostile(
        "one field 900 times",
        "{ skillLevels { " + "code " * 900 + "} }",
        limit="VALIDATION",
    ),
    Hostile(
        "lists nested 400 deep in an argument",
        "{ regions(designation: " + "[" * 400 + "]" * 400 + ") { code } }",
        limit="DEPTH",
    ),
]


@pytest.fixture
async def http(seeded_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(app_settings(), store=seeded_store)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        yield c


def _only_error(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert "data" not in body, body
    codes = {e["extensions"]["code"] for e in body["errors"]}
    assert len(codes) == 1, body["errors"]
    first: dict[str, Any] = body["errors"][0]
    return first


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
async def test_hostile_documents_are_refused(http: httpx.AsyncClient, case: Hostile) -> None:
    response = await asyncio.wait_for(
        http.post("/graphql", json={"query": case.query, "variables": case.variables}), HANG_S
    )
    assert response.status_code == case.status
    error = _only_error(response)
    assert error["extensions"]["code"] == case.code, error
    if case.limit is not None:
        assert error["extensions"]["limit"] == case.limit, error


async def test_1000_aliases_within_the_token_limit_are_refused_as_aliases(
    seeded_store: GraphStore,
) -> None:
    app = create_app(app_settings(max_tokens=100_000), store=seeded_store)
    query = "{ " + " ".join(f"a{i}: skillLevels {{ code }}" for i in range(1000)) + " }"
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        error = _only_error(
            await asyncio.wait_for(c.post("/graphql", json={"query": query}), HANG_S)
        )
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX", "limit": "ALIASES", "max": 15, "actual": 1000,
    }  # fmt: skip


async def test_a_10_mb_body_is_413(http: httpx.AsyncClient) -> None:
    body = json.dumps({"query": "{ skillLevels { code } }", "pad": "x" * 10_000_000})
    response = await asyncio.wait_for(
        http.post("/graphql", content=body, headers={"content-type": "application/json"}),
        HANG_S,
    )
    assert response.status_code == 413
    assert _only_error(response)["extensions"]["limit"] == "BODY_BYTES"


async def test_json_nested_100000_deep_is_400(http: httpx.AsyncClient) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    response = await http.post(
        "/graphql",
        content=b'{"query": "{ skillLevels { code } }", "variables": {"x": ' + nested + b"}}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert _only_error(response)["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_server_still_answers_after_all_of_them(http: httpx.AsyncClient) -> None:
    for case in HOSTILE:
        await http.post("/graphql", json={"query": case.query, "variables": case.variables})
    response = await http.post("/graphql", json={"query": "{ skillLevels { code } }"})
    assert len(response.json()["data"]["skillLevels"]) == 8
