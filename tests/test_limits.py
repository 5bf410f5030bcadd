"""Limits: how documents are measured, that every limit refuses with its code, that the
settings move them, and that the documents this project shows its users fit them."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    get_introspection_query,
    parse,
)

import bench.queries as bench
from tests.conftest import app_settings, token
from zhepai.graph.store import GraphStore
from zhepai.schema.complexity import Measure, TooDeep, measure
from zhepai.schema.limits import DEFAULT_LIMITS
from zhepai.schema.root import schema
from zhepai.server import create_app
from zhepai.web.roles import Role

ROOT = Path(__file__).resolve().parent.parent
MakeClient = Callable[..., Awaitable[httpx.AsyncClient]]


def measured(document: str, max_depth: int = 10, **variables: Any) -> Measure:
    parsed = parse(document)
    (operation,) = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return measure(schema._schema, operation, fragments, variables, max_depth)


@pytest.mark.parametrize(
    ("document", "variables", "expected"),
    [
        ("{ industries { code } }", {}, Measure(depth=2, cost=3)),  # the three industries
        ("{ plan { targets { name } } }", {}, Measure(depth=3, cost=11)),
        # a connection: first × (edge + node + the node's series, at most 3)
        (
            "{ occupations(first: 50) { edges { node { series { code } } } } }",
            {},
            Measure(depth=5, cost=300),
        ),
        ("{ occupations { edges { node { id } } } }", {}, Measure(depth=4, cost=60)),  # 20
        (
            "query($n: Int) { occupations(first: $n) { edges { node { id } } } }",
            {"n": 100},
            Measure(depth=4, cost=300),
        ),
        ("{ baseAudit(last: 500) { actor } }", {}, Measure(depth=2, cost=500)),  # last
        ("{ baseAudit { actor } }", {}, Measure(depth=2, cost=50)),  # its default, 50
        ("{ a: industries { code } b: industries { c: code } }", {}, Measure(2, 3, 6)),
        # a fragment counts each time it is spread
        (
            "query { ...A ...A } fragment A on Query { x: industries { code } }",
            {},
            Measure(2, 2, 6),
        ),
        ("{ __schema { types { name } } skillLevels { code } }", {}, Measure(2, 0, 8)),
        # the matrix: 90 rows of 36 cells
        ("{ coverageMatrix { rows { cells { covered } } } }", {}, Measure(4, 0, 3331)),
        # the 36 series hold 901 occupations between them, though one holds 102
        ("{ seriesList { occupations { id } } }", {}, Measure(3, 0, 36 + 901)),
        ('{ series(code: "01") { occupations { id } } }', {}, Measure(3, 0, 1 + 102)),
        # the counties of the cities: 101 regions have a parent
        ("{ regions { children { code } } }", {}, Measure(3, 0, 102 + 101)),
        # proposals as `count` asks; their closed gaps are distinct (90 × 36 at most)
        (
            "query($n: Int!) { coverageSuggest(count: $n) { proposals { closes { rank } } } }",
            {"n": 2},
            Measure(4, 0, 1 + 2 + 2 * 90),
        ),
        (
            "query($n: Int!) { coverageSuggest(count: $n) { proposals { closes { rank } } } }",
            {"n": 100},
            Measure(4, 0, 1 + 100 + 90 * 36),
        ),
        # talent groups: one per combination; a county fixes its city
        (
            '{ talentStats(regionCode: "330000", groupBy: [CITY, LEVEL]) { groups { key } } }',
            {},
            Measure(3, 0, 1 + 11 * 9),
        ),
        (
            'query($g: [TalentGroupBy!]) { talentStats(regionCode: "330000", groupBy: $g) '
            "{ groups { key } } }",
            {"g": ["CITY", "COUNTY", "SERIES"]},
            Measure(3, 0, 1 + 90 * 36),
        ),
        # a trend: a point a year, each with its groups
        (
            '{ talentTrend(regionCode: "330000", fromYear: 2015, toYear: 2024, groupBy: [CITY])'
            " { groups { key } } }",
            {},
            Measure(3, 0, 10 * (1 + 11)),
        ),
    ],
)
def test_measures(document: str, variables: dict[str, Any], expected: Measure) -> None:
    assert measured(document, **variables) == expected


def test_fragments_spread_many_times_are_measured_once() -> None:
    """Forty fragments, each spreading the next twice: 2^40 spreads, measured in a moment."""
    n = 40
    document = "query { ...F0 }\n" + "\n".join(
        f"fragment F{i} on Query {{ a{i}: industries {{ code }} ...F{i + 1} ...F{i + 1} }}"
        for i in range(n)
    ) + f"\nfragment F{n} on Query {{ industries {{ code }} }}"  # fmt: skip
    start = time.perf_counter()
    found = measured(document)
    assert time.perf_counter() - start < 0.5
    assert found.aliases == 2**n - 1
    assert found.cost == 3 * (2 ** (n + 1) - 1)


def test_depth_stops_the_walk_past_the_limit() -> None:
    nested = '{ region(code: "330824") { ' + "parent { " * 8 + "code" + " }" * 9 + " }"
    assert measured(nested).depth == 10
    with pytest.raises(TooDeep):
        measured(nested, max_depth=9)
    via_fragments = (
        'query { region(code: "330824") { ...A } }'
        " fragment A on Region { parent { ...B } } fragment B on Region { parent { code } }"
    )
    assert measured(via_fragments).depth == 4
    with pytest.raises(TooDeep):
        measured(via_fragments, max_depth=3)


def _operations(text: str) -> list[str]:
    """The top-level ``{ … }`` operations of a README block (several per block)."""
    found, depth, start, in_string = [], 0, 0, False
    for i, char in enumerate(re.sub(r"#[^\n]*", "", text)):
        if char == '"':
            in_string = not in_string
        elif not in_string and char == "{":
            start = i if depth == 0 else start
            depth += 1
        elif not in_string and char == "}":
            depth -= 1
            if depth == 0:
                found.append(re.sub(r"#[^\n]*", "", text)[start : i + 1])
    return found


def _shown_documents() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```graphql\n(.*?)```", readme, re.S)
    documents = [op for block in blocks for op in _operations(block)]
    documents += [bench.SERIES_DETAIL, bench.CAREER_PATH, bench.COVERAGE_GAPS]
    documents += [bench.COVERAGE_MATRIX, bench.COVERAGE_MATRIX_COMPACT]
    documents.append(
        get_introspection_query(
            descriptions=True, specified_by_url=True, directive_is_repeatable=True,
            schema_description=True, input_value_deprecation=True, one_of=True,
        )
    )  # fmt: skip  # what GraphiQL sends
    return documents


def test_the_documents_we_show_fit_the_default_limits() -> None:
    documents = _shown_documents()
    assert len(documents) >= 15
    limits = DEFAULT_LIMITS
    for document in documents:
        parse(document, max_lexical_tokens=limits.max_tokens)  # raises past the limit
        found = measured(document, max_depth=limits.max_depth)
        assert found.aliases <= limits.max_aliases, document
        assert found.cost <= limits.max_cost, (found, document)


@pytest.fixture
async def make_http(scratch_store: GraphStore) -> AsyncIterator[MakeClient]:
    """Apps over an empty store with the given settings (limits are checked before any
    resolver runs)."""
    async with contextlib.AsyncExitStack() as stack:

        async def make(**settings: Any) -> httpx.AsyncClient:
            app = create_app(app_settings(**settings), store=scratch_store)
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://test")
            )

        yield make


async def _refusal(http: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    assert "data" not in body, body
    (error,) = body["errors"]
    extensions: dict[str, Any] = error["extensions"]
    return extensions


DEEP_11 = '{ region(code: "330824") { ' + "parent { " * 9 + "code" + " }" * 10 + " }"
ALIASES_16 = "{ " + " ".join(f"a{i}: skillLevels {{ code }}" for i in range(16)) + " }"
# 12 tokens around the list, one per value in it (distinct fields would need aliases)
TOKENS_1001 = "{ coverageGaps(baseLevels: [" + "COUNTY " * 989 + "]) { totalCount } }"
COSTLY = "query($n: Int) { occupations(first: $n) { edges { node { series { code } } } } }"


async def test_each_limit_refuses_with_its_code(make_http: MakeClient) -> None:
    http = await make_http()
    expected = {"code": "QUERY_TOO_COMPLEX", "limit": "DEPTH", "max": 10}
    assert await _refusal(http, DEEP_11) == expected
    assert await _refusal(http, ALIASES_16) == {
        "code": "QUERY_TOO_COMPLEX", "limit": "ALIASES", "max": 15, "actual": 16,
    }  # fmt: skip
    assert await _refusal(http, TOKENS_1001) == {"code": "QUERY_TOO_COMPLEX", "limit": "TOKENS"}
    assert await _refusal(http, COSTLY, n=2000) == {
        "code": "QUERY_TOO_COMPLEX", "limit": "COST", "max": 10_000, "actual": 12_000,
    }  # fmt: skip
    # just under each limit: answered
    for query, variables in (
        (DEEP_11.replace("parent { ", "", 1).replace(" }", "", 1), {}),
        (ALIASES_16.replace("a15: ", ""), {}),
        (TOKENS_1001.replace("COUNTY ", "", 1), {}),
        (COSTLY, {"n": 1666}),  # 1,666 × 6 = 9,996
    ):
        body = (await http.post("/graphql", json={"query": query, "variables": variables})).json()
        codes = [e["extensions"]["code"] for e in body.get("errors", [])]
        assert "QUERY_TOO_COMPLEX" not in codes, (query, codes)


# issue #23: fifteen matrices of 90 rows × 36 cells answered 49,965 objects
FIFTEEN_MATRICES = (
    "{ "
    + " ".join(
        f"m{i}: coverageMatrix {{ rows {{ cells {{ covered demand }} }} }}" for i in range(15)
    )
    + " }"
)


async def test_fifteen_coverage_matrices_are_refused(make_http: MakeClient) -> None:
    http = await make_http()
    assert await _refusal(http, FIFTEEN_MATRICES) == {
        "code": "QUERY_TOO_COMPLEX", "limit": "COST", "max": 10_000, "actual": 15 * 3331,
    }  # fmt: skip
    one = "{ coverageMatrix { rows { cells { covered demand } } } }"
    body = (await http.post("/graphql", json={"query": one})).json()
    codes = [e["extensions"]["code"] for e in body.get("errors", [])]
    assert "QUERY_TOO_COMPLEX" not in codes


async def test_limits_come_from_the_settings(make_http: MakeClient) -> None:
    tight = await make_http(max_depth=2, max_aliases=0, max_tokens=50, max_cost=5)
    assert (await _refusal(tight, "{ plan { targets { name } } }"))["limit"] == "DEPTH"
    assert (await _refusal(tight, "{ a: skillLevels { code } }"))["limit"] == "ALIASES"
    assert (await _refusal(tight, "{ skillLevels { " + "code " * 60 + "} }"))["limit"] == "TOKENS"
    assert (await _refusal(tight, "{ skillLevels { code } }"))["limit"] == "COST"
    loose = await make_http(max_depth=20, max_aliases=100, max_tokens=5000, max_cost=100_000)
    for query in (DEEP_11, ALIASES_16, TOKENS_1001):
        body = (await loose.post("/graphql", json={"query": query})).json()
        assert "errors" not in body or all(
            e["extensions"]["code"] != "QUERY_TOO_COMPLEX" for e in body["errors"]
        )


async def test_introspection_can_be_switched_off(make_http: MakeClient) -> None:
    query = get_introspection_query()
    on = await make_http()
    assert "errors" not in (await on.post("/graphql", json={"query": query})).json()
    off = await make_http(introspection=False)
    for refused in (query, '{ __type(name: "Query") { name } }'):
        body = (await off.post("/graphql", json={"query": refused})).json()
        assert "data" not in body  # refused before execution
        assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    answered = (await off.post("/graphql", json={"query": "{ skillLevels { code } }"})).json()
    assert "errors" not in answered
    # a caller with a token keeps it (a frontend's codegen, an officer's GraphiQL)
    bearer = {"authorization": f"Bearer {token(Role.OFFICER)}"}
    body = (await off.post("/graphql", json={"query": query}, headers=bearer)).json()
    assert "errors" not in body and body["data"]["__schema"]["queryType"]["name"] == "Query"
    # and GraphiQL follows introspection: the page is not served without it
    page = {"accept": "text/html"}
    assert (await on.get("/graphql", headers=page)).status_code == 200
    assert (await off.get("/graphql", headers=page)).status_code == 404


async def test_deep_introspection_is_refused_even_when_introspection_is_on(
    make_http: MakeClient,
) -> None:
    http = await make_http()
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    refused = await _refusal(http, query)
    assert refused["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_graphiql_can_be_switched_off(make_http: MakeClient) -> None:
    html = {"accept": "text/html"}
    on = await make_http()
    page = await on.get("/graphql", headers=html)
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    off = await make_http(graphiql=False)
    refused = await off.get("/graphql", headers=html)
    assert refused.status_code == 404
    assert refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_bodies_over_the_limit_are_413(make_http: MakeClient) -> None:
    http = await make_http(max_body_bytes=4096)
    padding = " " * 5000
    big = await http.post("/graphql", json={"query": "{ skillLevels { code } }" + padding})
    assert big.status_code == 413
    assert big.json()["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COMPLEX", "limit": "BODY_BYTES", "max": 4096,
    }  # fmt: skip

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: read up to the limit
        yield b'{"query": "{ skillLevels { code } }'
        for _ in range(10):
            yield b" " * 1000
        yield b'"}'

    chunked = await http.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert chunked.status_code == 413
    small = await http.post("/graphql", json={"query": "{ skillLevels { code } }"})
    assert small.status_code == 200 and "errors" not in small.json()


async def test_requests_strawberry_cannot_take_get_a_coded_error(make_http: MakeClient) -> None:
    http = await make_http()
    query = {"query": "{ skillLevels { code } }"}
    mutation = {"query": 'mutation { retireBase(id: "x") { base { id } } }'}
    as_json = {"content-type": "application/json"}
    cases = [
        (await http.post("/graphql", json={}), 400),  # no query
        (await http.post("/graphql", content=b"{nope", headers=as_json), 400),
        (await http.post("/graphql", json=[query]), 400),  # batches are off
        (await http.get("/graphql", params=mutation), 400),  # no writes over GET
        (await http.put("/graphql", json=query), 405),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
