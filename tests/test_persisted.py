"""Persisted queries (issue #26): Apollo's APQ protocol, bounded in memory, the limits and
GET rules still applied, and the trusted-documents mode (ZHEPAI_TRUSTED_DOCUMENTS)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import app_settings, serving, token
from zhepai.graph.store import GraphStore
from zhepai.server import create_app
from zhepai.web.persisted import (
    PERSISTED_QUERY_NOT_FOUND,
    PersistedQueries,
    PersistedQueryError,
    TrustedDocumentsError,
    document_hash,
)
from zhepai.web.roles import Role

LADDER = "query Ladder { skillLevels { code name } }"
SERIES = "query Series($code: String!) { series(code: $code) { code name } }"
ALIASES = "{ " + " ".join(f"a{i}: skillLevels {{ code }}" for i in range(20)) + " }"
AUDIT = "{ workerAudit(last: 1) { id } }"
OFFICER = {"authorization": f"Bearer {token(Role.OFFICER)}"}


def persisted(document: str, version: int = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": document_hash(document)}}


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_hash_only_then_hash_and_document_then_hash_only(client: httpx.AsyncClient) -> None:
    # given a document the server has not seen: its hash alone is not found
    unknown = await client.post("/graphql", json={"extensions": persisted(LADDER)})
    assert unknown.status_code == 200
    body = unknown.json()
    assert codes(body) == [PERSISTED_QUERY_NOT_FOUND] and "data" not in body
    assert body["errors"][0]["message"] == "PersistedQueryNotFound"
    # when the client sends it with its hash, it runs and is kept
    sent = await client.post("/graphql", json={"query": LADDER, "extensions": persisted(LADDER)})
    assert sent.status_code == 200 and sent.json()["data"]["skillLevels"]
    # then the hash alone runs it, over POST and over GET
    again = await client.post("/graphql", json={"extensions": persisted(LADDER)})
    assert again.json() == sent.json()
    got = await client.get("/graphql", params={"extensions": json.dumps(persisted(LADDER))})
    assert got.status_code == 200 and got.json() == sent.json()
    assert got.headers["cache-control"].startswith("public") and "etag" in got.headers


async def test_variables_and_the_operation_name_go_with_the_hash(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/graphql", json={"query": SERIES, "extensions": persisted(SERIES)})
    answer = await client.post(
        "/graphql",
        json={
            "extensions": persisted(SERIES),
            "variables": {"code": "16"},
            "operationName": "Series",
        },
    )
    assert answer.json()["data"]["series"]["code"] == "16"


async def test_a_hash_that_is_not_the_documents_is_refused(client: httpx.AsyncClient) -> None:
    wrong = await client.post("/graphql", json={"query": LADDER, "extensions": persisted(AUDIT)})
    assert wrong.status_code == 400 and codes(wrong.json()) == ["BAD_USER_INPUT"]
    # and nothing was kept under that hash
    after = await client.post("/graphql", json={"extensions": persisted(AUDIT)})
    assert codes(after.json()) == [PERSISTED_QUERY_NOT_FOUND]


@pytest.mark.parametrize(
    "extension",
    [
        {"persistedQuery": {"version": 2, "sha256Hash": document_hash(LADDER)}},
        {"persistedQuery": {"version": 1, "sha256Hash": "not-a-hash"}},
        {"persistedQuery": "x"},
    ],
)
async def test_a_malformed_persisted_query_is_bad_input(
    client: httpx.AsyncClient, extension: dict[str, Any]
) -> None:
    answer = await client.post("/graphql", json={"extensions": extension})
    assert answer.status_code == 400 and codes(answer.json()) == ["BAD_USER_INPUT"]


async def test_not_found_is_never_cached(client: httpx.AsyncClient) -> None:
    other = "{ evaluationKinds { code } }"
    answer = await client.get("/graphql", params={"extensions": json.dumps(persisted(other))})
    assert codes(answer.json()) == [PERSISTED_QUERY_NOT_FOUND]
    assert answer.headers["cache-control"] == "no-store" and "etag" not in answer.headers


async def test_the_limits_apply_to_persisted_documents(client: httpx.AsyncClient) -> None:
    sent = await client.post("/graphql", json={"query": ALIASES, "extensions": persisted(ALIASES)})
    assert codes(sent.json()) == ["QUERY_TOO_COMPLEX"]
    by_hash = await client.post("/graphql", json={"extensions": persisted(ALIASES)})
    assert codes(by_hash.json()) == ["QUERY_TOO_COMPLEX"]


async def test_worker_data_stays_off_urls_by_hash_too(client: httpx.AsyncClient) -> None:
    # given an officer's document kept by a POST
    kept = await client.post(
        "/graphql", json={"query": AUDIT, "extensions": persisted(AUDIT)}, headers=OFFICER
    )
    assert "errors" not in kept.json()
    # when its hash comes over GET, then it is refused as the document would be
    got = await client.get(
        "/graphql", params={"extensions": json.dumps(persisted(AUDIT))}, headers=OFFICER
    )
    assert got.status_code == 400 and "POST" in got.json()["errors"][0]["message"]
    # and permissions still hold by hash: anonymous callers are refused
    anonymous = await client.post("/graphql", json={"extensions": persisted(AUDIT)})
    assert codes(anonymous.json()) == ["UNAUTHENTICATED"]


def test_memory_is_bounded_least_recently_used_first_out() -> None:
    documents = ["{ a }", "{ b }", "{ c }"]
    queries = PersistedQueries(max_entries=2)
    queries.resolve(documents[0], persisted(documents[0]))
    queries.resolve(documents[1], persisted(documents[1]))
    assert queries.resolve(None, persisted(documents[0])) == documents[0]  # used: kept longer
    queries.resolve(documents[2], persisted(documents[2]))
    assert len(queries) == 2
    assert queries.resolve(None, persisted(documents[0])) == documents[0]
    with pytest.raises(PersistedQueryError) as gone:
        queries.resolve(None, persisted(documents[1]))
    assert gone.value.code == PERSISTED_QUERY_NOT_FOUND


def test_a_huge_document_runs_but_is_not_kept() -> None:
    huge = "{ skillLevels { code } }" + "#" * 20_000
    queries = PersistedQueries(max_entries=10)
    assert queries.resolve(huge, persisted(huge)) == huge
    assert len(queries) == 0


@pytest.fixture
def trusted_file(tmp_path: Path) -> Path:
    # the map graphql-codegen's client preset writes: hash -> document
    path = tmp_path / "persisted-documents.json"
    path.write_text(json.dumps({document_hash(LADDER): LADDER}), encoding="utf-8")
    return path


async def test_trusted_documents_mode_runs_only_the_listed_documents(
    seeded_store: GraphStore, trusted_file: Path
) -> None:
    app = create_app(app_settings(trusted_documents=trusted_file), store=seeded_store)
    async with serving(app) as gql:
        http = gql.http
        # a listed document runs by hash, with no earlier registration, and in full
        by_hash = await http.post("/graphql", json={"extensions": persisted(LADDER)})
        assert by_hash.status_code == 200 and by_hash.json()["data"]["skillLevels"]
        in_full = await http.post("/graphql", json={"query": LADDER})
        assert in_full.json() == by_hash.json()
        # any other document is refused, with or without its hash, and nothing is learnt
        other = "{ industries { code } }"
        for request in ({"query": other}, {"query": other, "extensions": persisted(other)}):
            refused = await http.post("/graphql", json=request)
            assert refused.status_code == 403 and codes(refused.json()) == ["FORBIDDEN"]
        unknown = await http.post("/graphql", json={"extensions": persisted(other)})
        assert codes(unknown.json()) == [PERSISTED_QUERY_NOT_FOUND]
        over_get = await http.get("/graphql", params={"query": other})
        assert over_get.status_code == 403


async def test_an_apollo_manifest_is_read_too(seeded_store: GraphStore, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    operation = {"id": document_hash(LADDER), "name": "Ladder", "type": "query", "body": LADDER}
    manifest.write_text(
        json.dumps(
            {"format": "apollo-persisted-query-manifest", "version": 1, "operations": [operation]}
        ),
        encoding="utf-8",
    )
    app = create_app(app_settings(trusted_documents=manifest), store=seeded_store)
    async with serving(app) as gql:
        answer = await gql.http.post("/graphql", json={"extensions": persisted(LADDER)})
    assert answer.json()["data"]["skillLevels"]


@pytest.mark.parametrize(
    "content",
    [
        json.dumps({document_hash("{ a }"): LADDER}),  # a hash that is not its document's
        json.dumps({}),
        "[]",
        "not json",
    ],
)
def test_a_trusted_documents_file_that_cannot_be_used_stops_the_start(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "trusted.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TrustedDocumentsError):
        create_app(app_settings(trusted_documents=path))
