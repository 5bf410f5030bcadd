"""GraphQL over HTTP: the response media type a client asks for, and the status it implies.

With ``Accept: application/graphql-response+json`` a request that fails before execution
(a parse or validation error, a document over the limits) is a 4xx without ``data``; one
that ran is 200, errors or not. With ``application/json`` (what most clients send) every
GraphQL result is 200, as the spec keeps for that type.
"""

from __future__ import annotations

import httpx
import pytest

GRAPHQL_RESPONSE = "application/graphql-response+json"
OK = "{ skillLevels { code } }"
PARSE_ERROR = "{ skillLevels { code }"
VALIDATION_ERROR = "{ skillLevels { nope } }"
EXECUTION_ERROR = '{ series(code: "99") { code } }'  # runs, and the resolver refuses it


@pytest.mark.parametrize(
    ("query", "status", "ran"),
    [(OK, 200, True), (PARSE_ERROR, 400, False), (VALIDATION_ERROR, 400, False),
     (EXECUTION_ERROR, 200, True)],
)  # fmt: skip
async def test_the_graphql_response_type_says_with_its_status_whether_it_ran(
    client: httpx.AsyncClient, query: str, status: int, ran: bool
) -> None:
    response = await client.post(
        "/graphql", json={"query": query}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert response.status_code == status, response.text
    assert ("data" in response.json()) is ran
    assert "accept" in response.headers["vary"].lower()


@pytest.mark.parametrize("query", [OK, PARSE_ERROR, VALIDATION_ERROR, EXECUTION_ERROR])
async def test_application_json_keeps_200_for_every_graphql_result(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.post(
        "/graphql", json={"query": query}, headers={"accept": "application/json"}
    )
    assert response.headers["content-type"].startswith("application/json")
    assert response.status_code == 200
