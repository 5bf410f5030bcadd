"""schemathesis in GraphQL mode against the app on a seeded store, anonymous and as an officer.

A tool nobody here wrote reads the schema from the running app by introspection and, with
hypothesis-graphql, writes the documents: every query and mutation, arguments and selections
drawn from the schema, valid documents and documents made invalid on purpose. Whatever it
sends, the answer is never a 5xx and never an error with the code INTERNAL. Bounded (a few
examples per operation, role and mode) and derandomized so CI is repeatable;
``ZHEPAI_FUZZ_EXAMPLES=200`` searches deeper and at random, as in tests/test_fuzz.py.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import httpx
import pytest
import schemathesis.graphql
from graphql import get_introspection_query
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.specs.graphql.schemas import GraphQLSchema

from tests.conftest import app_settings, token
from tests.schema_walk import RootField, root_fields
from zhepai.graph.store import GraphStore
from zhepai.schema.root import schema
from zhepai.server import create_app
from zhepai.web.roles import Role

EXAMPLES = int(os.environ.get("ZHEPAI_FUZZ_EXAMPLES", "5"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize="ZHEPAI_FUZZ_EXAMPLES" not in os.environ,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)

ROOTS = root_fields(schema._schema)
ROLES = [Role.ANONYMOUS, Role.OFFICER]


def bearer(role: Role) -> dict[str, str]:
    return {} if role is Role.ANONYMOUS else {"authorization": f"Bearer {token(role)}"}


@pytest.fixture(scope="module")
async def http(fuzzed_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    # Requests go through httpx on the session's event loop, where the store's connections
    # live: schemathesis' own ASGI client (case.call) would run the app on a loop of its own.
    app = create_app(app_settings(), store=fuzzed_store)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client,
    ):
        yield client


@pytest.fixture(scope="module")
async def api(http: httpx.AsyncClient) -> GraphQLSchema:
    """The schema as the running app introspects it (as an officer, who may introspect
    wherever anonymous callers may not), loaded into schemathesis without any config file."""
    response = await http.post(
        "/graphql", json={"query": get_introspection_query()}, headers=bearer(Role.OFFICER)
    )
    assert response.status_code == 200, response.text
    return schemathesis.graphql.from_dict(response.json(), config=SchemathesisConfig())


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.label)
@pytest.mark.parametrize("root", ROOTS, ids=lambda r: r.key)
@BOUNDED
@given(data=st.data())
async def test_no_document_schemathesis_writes_gets_a_5xx_or_internal(
    http: httpx.AsyncClient,
    api: GraphQLSchema,
    root: RootField,
    role: Role,
    mode: GenerationMode,
    data: st.DataObject,
) -> None:
    operation = api["Query" if root.operation == "query" else "Mutation"][root.name]
    case = data.draw(operation.as_strategy(generation_mode=mode), label="case")

    response = await http.post("/graphql", json={"query": case.body}, headers=bearer(role))

    assert response.status_code < 500, (response.status_code, response.text, case.body)
    for error in response.json().get("errors") or []:
        assert (error.get("extensions") or {}).get("code") != "INTERNAL", (error, case.body)
