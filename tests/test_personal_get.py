"""Worker data never travels in a URL (issue #23): a document that reads it is refused over GET
with a code pointing to POST, and answered over POST."""

from __future__ import annotations

import httpx
import pytest
from graphql import (
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    get_named_type,
)

from tests.conftest import token
from tests.schema_walk import root_fields
from zhepai.schema.root import schema
from zhepai.schema.workers.access import PERSONAL_FIELDS
from zhepai.web.roles import Role

OFFICER = {"authorization": f"Bearer {token(Role.OFFICER)}"}
PERSON_ID = "330824199001010836"  # a well-formed ID number, on nobody's record
PERSONAL = [
    f'{{ worker(personId: "{PERSON_ID}") {{ name certificates {{ certificateNo }} }} }}',
    "{ workerAudit { actor entityId } }",
    '{ verifyCredential(code: "x") { valid maskedName } }',
    # however it is spelled: in a fragment, an inline fragment, beside public fields
    f'query {{ ...W }} fragment W on Query {{ worker(personId: "{PERSON_ID}") {{ name }} }}',
    "{ skillLevels { code } ... on Query { workerAudit(last: 1) { id } } }",
]
# the types that hold a worker's data, and the arguments that carry it
WORKER_TYPES = {"Worker", "Certificate", "CredentialVerification", "CredentialCode"}
WORKER_TYPES |= {"WorkerAuditEntry"}
WORKER_ARGUMENTS = {"personId", "certificateNo"}


@pytest.mark.parametrize("query", PERSONAL)
async def test_worker_data_is_refused_over_get(client: httpx.AsyncClient, query: str) -> None:
    refused = await client.get("/graphql", params={"query": query}, headers=OFFICER)
    assert refused.status_code == 400
    (error,) = refused.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "POST" in error["message"] and "人员数据" in error["message"]
    answered = await client.post("/graphql", json={"query": query}, headers=OFFICER)
    assert answered.status_code == 200 and "errors" not in answered.json()


async def test_other_queries_are_still_answered_over_get(client: httpx.AsyncClient) -> None:
    for query in ("{ skillLevels { code } }", '{ talentStats(regionCode: "330000") { skilled } }'):
        answered = await client.get("/graphql", params={"query": query}, headers=OFFICER)
        assert answered.status_code == 200 and "errors" not in answered.json(), query


def _types_under(named: GraphQLNamedType) -> set[str]:
    seen: set[str] = set()
    todo = [named]
    while todo:
        here = todo.pop()
        if here.name in seen:
            continue
        seen.add(here.name)
        if isinstance(here, GraphQLObjectType | GraphQLInterfaceType):
            todo += [get_named_type(f.type) for f in here.fields.values()]
    return seen


def test_every_field_that_reads_worker_data_is_marked() -> None:
    """A root field that returns a worker type (a credential's verification too), or takes
    an ID number or a certificate number, is in PERSONAL_FIELDS; and each entry is a field."""
    marked = set()
    for root in root_fields(schema._schema):
        returns = _types_under(get_named_type(root.field.type)) & WORKER_TYPES
        takes = root.field.args.keys() & WORKER_ARGUMENTS
        if returns or takes:
            marked.add(root.key)
    assert marked == PERSONAL_FIELDS
