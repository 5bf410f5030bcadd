"""Errors: every one carries extensions.code, and nothing internal reaches the client."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.conftest import GraphQLClient
from zhepai.config import Settings
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.open import open_store
from zhepai.graph.store import GraphStore
from zhepai.schema.limits import DocumentLimits
from zhepai.server import create_app


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body["errors"]]


@pytest.mark.parametrize(
    ("query", "variables", "code", "argument"),
    [
        (
            "query($s: String) { occupations(seriesCode: $s) { totalCount } }",
            {"s": "37"},
            "NOT_FOUND",
            "seriesCode",
        ),
        (
            "query($r: String) { specialties(regionCode: $r) { totalCount } }",
            {"r": "330999"},
            "NOT_FOUND",
            "regionCode",
        ),
        (
            "query($p: String) { regions(parentCode: $p) { code } }",
            {"p": "339900"},
            "NOT_FOUND",
            "parentCode",
        ),
        (
            "query($d: String) { regions(designation: $d) { code } }",
            {"d": "MOUNTAIN_99"},
            "NOT_FOUND",
            "designation",
        ),
        ("query($c: String!) { series(code: $c) { code } }", {"c": "1"}, "BAD_USER_INPUT", "code"),
        (
            "query($s: String) { occupations(seriesCode: $s) { totalCount } }",
            {"s": "abc"},
            "BAD_USER_INPUT",
            "seriesCode",
        ),
        (
            "query($r: String!) { region(code: $r) { code } }",
            {"r": "Hangzhou"},
            "BAD_USER_INPUT",
            "code",
        ),
        (
            "query($f: Int) { occupations(first: $f) { totalCount } }",
            {"f": -1},
            "BAD_USER_INPUT",
            "first",
        ),
        (
            "query($a: String) { occupations(after: $a) { totalCount } }",
            {"a": "bm9wZQ=="},
            "BAD_USER_INPUT",
            "after",
        ),
    ],
)
async def test_bad_arguments_name_the_argument(
    gql: GraphQLClient, query: str, variables: dict[str, Any], code: str, argument: str
) -> None:
    body = await gql.raw(query, **variables)
    assert codes(body) == [code]
    assert body["errors"][0]["extensions"]["argument"] == argument
    assert argument in body["errors"][0]["message"]


async def test_parse_error(gql: GraphQLClient) -> None:
    body = await gql.raw("{ industries { code ")
    assert codes(body) == ["GRAPHQL_PARSE_FAILED"]


async def test_validation_error(gql: GraphQLClient) -> None:
    body = await gql.raw("{ industries { nope } }")
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_bad_variable_value(gql: GraphQLClient) -> None:
    body = await gql.raw("query($l: RegionLevel) { regions(level: $l) { code } }", l="TOWN")
    assert codes(body) == ["BAD_USER_INPUT"]
    for industry in ("QUATERNARY", "primary"):
        query = "query($c: IndustryCode) { seriesList(industryCode: $c) { code } }"
        body = await gql.raw(query, c=industry)
        assert codes(body) == ["BAD_USER_INPUT"]
        assert "does not exist in 'IndustryCode' enum" in body["errors"][0]["message"]
    body = await gql.raw('{ seriesList(industryCode: "PRIMARY") { code } }')
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    body = await gql.raw("query($d: Date) { regions(asOf: $d) { code } }", d="2024-13-45")
    assert codes(body) == ["BAD_USER_INPUT"]


async def test_unexpected_errors_are_masked_with_a_request_id(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: CatalogueRepository) -> None:
        raise RuntimeError("secret detail MATCH (n) password=hunter2")

    monkeypatch.setattr(CatalogueRepository, "industries", broken)
    response = await client.post(
        "/graphql", json={"query": "{ industries { code } }"}, headers={"x-request-id": "req-42"}
    )
    body = response.json()
    assert codes(body) == ["INTERNAL"]
    error = body["errors"][0]
    assert error["extensions"]["requestId"] == "req-42"
    assert response.headers["x-request-id"] == "req-42"
    text = response.text
    assert "secret" not in text and "MATCH" not in text and "Traceback" not in text


async def test_store_unreachable_fails_fast_and_readyz_is_503(tmp_path: Any) -> None:
    # a FalkorDB URL where nothing listens: the app still starts
    settings = Settings(graph_url="redis://127.0.0.1:1", store_timeout_s=1.0)
    store: GraphStore = await open_store(settings)
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        assert (await http.get("/healthz")).status_code == 200
        ready = await http.get("/readyz")
        assert ready.status_code == 503
        body = (await http.post("/graphql", json={"query": "{ industries { code } }"})).json()
        assert codes(body) == ["STORE_UNAVAILABLE"]
        assert "127.0.0.1" not in body["errors"][0]["message"]
    await store.close()


async def test_readyz_when_the_store_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.headers["x-request-id"]


async def test_neo4j_unreachable_is_store_unavailable() -> None:
    """The Neo4j backend's failure path, runnable without a Neo4j server."""
    settings = Settings(graph_url="bolt://127.0.0.1:1", store_timeout_s=1.0)
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        assert (await http.get("/readyz")).status_code == 503
        body = (await http.post("/graphql", json={"query": "{ skillLevels { code } }"})).json()
        assert codes(body) == ["STORE_UNAVAILABLE"]


async def test_an_error_raised_outside_the_resolvers_is_masked_too(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An extension that fails is caught by strawberry outside the extensions that give codes;
    the HTTP layer masks it all the same."""

    def broken(self: DocumentLimits) -> None:
        raise RuntimeError("secret detail MATCH (n)")

    monkeypatch.setattr(DocumentLimits, "_refusal", broken)
    response = await client.post(
        "/graphql", json={"query": "{ skillLevels { code } }"}, headers={"x-request-id": "r-7"}
    )
    assert codes(response.json()) == ["INTERNAL"]
    assert response.json()["errors"][0]["extensions"]["requestId"] == "r-7"
    assert "secret" not in response.text and "MATCH" not in response.text


async def test_text_the_store_cannot_take_is_bad_input(gql: GraphQLClient) -> None:
    """Found by the fuzzing: FalkorDB reads parameters as C strings, so a NUL in an id was a
    store error (INTERNAL). Through a variable or a literal escape, it is the caller's."""
    body = await gql.raw("query($id: ID!) { occupation(id: $id) { id } }", id="OCC\x000461")
    assert codes(body) == ["BAD_USER_INPUT"]
    body = await gql.raw('{ occupations(search: "\\u0000") { totalCount } }')
    assert codes(body) == ["BAD_USER_INPUT"]


CHINESE = re.compile(r"[\u4e00-\u9fff]")
OUR_ERRORS = [
    '{ series(code: "1") { name } }',  # BAD_USER_INPUT: the format
    '{ coverageGaps(seriesCode: "99") { totalCount } }',  # NOT_FOUND
    '{ regions(parentCode: "339999") { code } }',
    '{ coverageGaps(regionCode: "33") { totalCount } }',
    "{ coverageGaps(first: -1) { totalCount } }",
    '{ coverageGaps(after: "nonsense") { totalCount } }',
    '{ coverageWhatIf(additions: [{regionCode: "330824", seriesCodes: []}]) { gapsAfter } }',
    "{ coverageUnderServed(share: 2) { totalCount } }",
    '{ talentStats(regionCode: "330000", groupBy: [CITY, CITY]) { skilled } }',
    '{ occupations(search: "\\u0000") { totalCount } }',
    '{ occupation(id: "OCC\\u00000461") { name } }',
    '{ careerPath(from: {occupationId: "OCC-0461", level: JUNIOR}, to: {occupationId: "OCC-0461"})'
    " { reachable } }",
    '{ careerPath(from: {occupationId: "OCC-9999", level: JUNIOR},'
    ' to: {occupationId: "OCC-0461", level: SENIOR}) { reachable } }',
    '{ nextSteps(position: {occupationId: "OCC-0461", level: JUNIOR, yearsWorked: -1})'
    " { minYears } }",
    '{ worker(personId: "330824199001010000") { birthYear } }',  # UNAUTHENTICATED
    '{ baseAudit(id: "X", last: 0) { action } }',
]


@pytest.mark.parametrize("document", OUR_ERRORS)
async def test_every_error_of_ours_speaks_chinese(gql: GraphQLClient, document: str) -> None:
    """Every text the API returns is Chinese: the errors it raises itself (graphql-core's own
    parse and validation messages are a developer's, and stay as graphql-core words them)."""
    body = await gql.raw(document)
    assert body.get("errors"), body
    for error in body["errors"]:
        assert error["extensions"]["code"] not in ("GRAPHQL_VALIDATION_FAILED", "INTERNAL"), error
        assert CHINESE.search(error["message"]), error
