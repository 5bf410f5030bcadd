"""Fuzzing every argument of every query and mutation, generated from the schema itself.

Each root field is called with arguments drawn for its argument types — injection strings
(Cypher, CSV formulas, control characters), huge and negative integers, long lists, values
of the wrong type — as an admin, so that every resolver's own checks are reached. Whatever
comes in, the answer is a result or errors that each carry a known code: never a 5xx, never
INTERNAL. The examples are derandomized so CI is repeatable; ``ZHEPAI_FUZZ_EXAMPLES=200``
runs a deeper, random search (``--hypothesis-seed=N`` repeats one).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import app_settings, token
from tests.schema_walk import RootField, document, root_fields
from zhepai.graph.store import GraphStore
from zhepai.schema.root import schema
from zhepai.server import create_app
from zhepai.web.roles import Role

KNOWN_CODES = {
    "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "UNAUTHENTICATED", "FORBIDDEN",
    "BAD_USER_INPUT", "NOT_FOUND", "QUERY_TOO_COMPLEX", "STORE_UNAVAILABLE",
}  # fmt: skip  # INTERNAL is the one code a caller must never be able to cause

EXAMPLES = int(os.environ.get("ZHEPAI_FUZZ_EXAMPLES", "6"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize="ZHEPAI_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_STRINGS = [
    "' }) MATCH (n) DETACH DELETE n //",
    '" }) MATCH (n) DETACH DELETE n //',
    "x'}) WITH 1 AS a CALL db.labels() YIELD label RETURN label //",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-2+3+cmd|' /C calc'!A0",
    "\x00",
    "\x07\x08\x1b[31m\x7f",
    "line\r\nbreak\ttab",
    "\u202e\u200b\ufeff",
    "😀𠀀",
    "a" * 5000,
    "",
    " ",
    "null",
    "${jndi:ldap://127.0.0.1/a}",
    "{{7*7}}",
    "%s%s%n",
    "../../../etc/passwd",
    "$where",
    # real values, so that some calls get past the format checks into the store
    "330824",
    "330800",
    "06",
    "OCC-0461",
    "MOUNTAIN_26",
    "JUNIOR",
    "COUNTY",
    "TRAINING_BASE",
]
STRINGS = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=8),
)
INTS = st.one_of(
    st.sampled_from([0, 1, -1, 20, 100, 101, 500, 501, 2**31 - 1, -(2**31)]),
    st.integers(min_value=-(2**31), max_value=2**31 - 1),
    st.sampled_from([2**31, 2**53, -(2**63), 10**30]),  # not a GraphQL Int
)
FLOATS = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([1e308, -0.0]))
WRONG = st.sampled_from([None, 1, 1.5, True, "x", [], {}, [None], {"a": 1}])
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "String": STRINGS,
    "ID": STRINGS,
    "Int": INTS,
    "Float": FLOATS,
    "Boolean": st.booleans(),
    "Date": st.one_of(st.dates().map(str), STRINGS),
}


def values(kind: GraphQLInputType) -> st.SearchStrategy[Any]:
    """Values for an input type: mostly of the type, now and then of another one."""
    return st.one_of(_typed(kind), _typed(kind), _typed(kind), WRONG)


def _typed(kind: GraphQLInputType) -> st.SearchStrategy[Any]:
    if isinstance(kind, GraphQLNonNull):
        return _of(kind.of_type)
    return st.one_of(st.none(), _of(kind))


def _of(kind: GraphQLInputType) -> st.SearchStrategy[Any]:
    if isinstance(kind, GraphQLList):
        inner = _typed(kind.of_type)
        return st.one_of(st.lists(inner, max_size=4), st.lists(inner, min_size=300, max_size=300))
    if isinstance(kind, GraphQLInputObjectType):
        required = {n: _typed(f.type) for n, f in kind.fields.items() if _required(f.type)}
        optional = {n: _typed(f.type) for n, f in kind.fields.items() if not _required(f.type)}
        return st.fixed_dictionaries(required, optional=optional)
    if isinstance(kind, GraphQLEnumType):
        return st.one_of(st.sampled_from(list(kind.values)), STRINGS)
    assert isinstance(kind, GraphQLScalarType)
    return SCALARS[kind.name]


def _required(kind: GraphQLInputType) -> bool:
    return isinstance(kind, GraphQLNonNull)


def arguments(root: RootField) -> st.SearchStrategy[dict[str, Any]]:
    args = root.field.args
    return st.fixed_dictionaries(
        {n: values(a.type) for n, a in args.items() if _required(a.type)},
        optional={n: values(a.type) for n, a in args.items() if not _required(a.type)},
    )


ROOTS = root_fields(schema._schema)


@pytest.fixture(scope="module")
async def http(fuzzed_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(app_settings(), store=fuzzed_store)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://test",
            headers={"authorization": f"Bearer {token(Role.ADMIN, 'fuzzer')}"},
        ) as client,
    ):
        yield client


def check(response: httpx.Response, sent: object) -> None:
    assert response.status_code < 500, (response.status_code, sent)
    body = response.json()
    errors = body.get("errors") or []
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        assert code in KNOWN_CODES, (code, error, sent)
    if not errors:
        assert body.get("data") is not None, (body, sent)


@pytest.mark.parametrize("root", ROOTS, ids=lambda r: r.key)
@FUZZ
@given(data=st.data())
async def test_every_argument_of_every_field(
    http: httpx.AsyncClient, root: RootField, data: st.DataObject
) -> None:
    query, variables = document(root, data.draw(arguments(root), label="arguments"))
    response = await http.post("/graphql", json={"query": query, "variables": variables})
    check(response, (query, variables))


JSON = st.recursive(
    st.none() | st.booleans() | INTS | FLOATS | STRINGS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(STRINGS, children, max_size=3)
    ),
    max_leaves=10,
)


ENVELOPES = st.fixed_dictionaries(
    {}, optional={"query": JSON | STRINGS, "variables": JSON, "operationName": JSON}
)


@FUZZ
@given(body=ENVELOPES)
async def test_any_request_body(http: httpx.AsyncClient, body: dict[str, Any]) -> None:
    """The envelope itself: query, variables and operationName of any JSON type."""
    check(await http.post("/graphql", json=body), body)


RAW_BODIES = (
    JSON.map(lambda value: json.dumps(value).encode())
    | st.integers(min_value=1, max_value=5000).map(lambda n: b"[" * n + b"]" * n)
    | st.integers(min_value=1, max_value=5000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n)
    | st.binary(max_size=64)
    | st.sampled_from([b"1e999999", b"-" + b"9" * 400, b'{"query": "\xff\xfe"}', b"\xef\xbb\xbf{}"])
)


@pytest.mark.parametrize("body", [b"null", b"true", b"0", b"1.5", b'"x"', b"[]", b"[{}]"])
async def test_a_body_that_is_not_a_request_object_is_a_400_with_a_code(
    http: httpx.AsyncClient, body: bytes
) -> None:
    """Found by schemathesis: strawberry called .get on these and answered 500 in text."""
    response = await http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@FUZZ
@given(body=RAW_BODIES)
async def test_any_raw_body(http: httpx.AsyncClient, body: bytes) -> None:
    """Bytes of any kind as a JSON body: JSON of every type, deep nesting, invalid UTF-8,
    numbers no float holds."""
    response = await http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    check(response, body)


async def test_the_catalogue_is_intact_after_the_fuzzing(http: httpx.AsyncClient) -> None:
    """Last in this module: nothing the fuzzing sent deleted or changed the catalogue."""
    response = await http.post(
        "/graphql",
        json={"query": "{ industries { code } occupations { totalCount } regions { code } }"},
    )
    data = response.json()["data"]
    assert len(data["industries"]) == 3
    assert data["occupations"]["totalCount"] == 899
    assert len(data["regions"]) == 1 + 11 + 90
