"""CORS (issue #26): ZHEPAI_CORS_ORIGINS lets listed origins call the API from a browser;
others get no Access-Control-Allow-Origin, and '*' never lets a token through."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from pydantic import ValidationError

from tests.conftest import app_settings, serving, token
from zhepai.config import Settings
from zhepai.graph.store import GraphStore
from zhepai.server import create_app
from zhepai.web.roles import Role

PORTAL = "https://jobs.example.cn"
OTHER = "https://evil.example.com"
LADDER = "{ skillLevels { code } }"


def preflight(origin: str, headers: str = "content-type") -> dict[str, str]:
    return {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": headers,
    }


@asynccontextmanager
async def app_with(store: GraphStore, origins: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(app_settings(cors_origins=origins), store=store)
    async with serving(app) as gql:
        yield gql.http


async def test_without_origins_a_preflight_is_not_answered(client: httpx.AsyncClient) -> None:
    answer = await client.options("/graphql", headers=preflight(PORTAL))
    assert answer.status_code == 405
    assert "access-control-allow-origin" not in answer.headers
    posted = await client.post("/graphql", json={"query": LADDER}, headers={"origin": PORTAL})
    assert posted.status_code == 200
    assert "access-control-allow-origin" not in posted.headers


async def test_a_listed_origin_is_allowed_with_a_token(seeded_store: GraphStore) -> None:
    async with app_with(seeded_store, f"{PORTAL}, http://localhost:5173") as http:
        # given a preflight from a listed origin asking to send a token
        answer = await http.options(
            "/graphql", headers=preflight(PORTAL, "content-type, authorization")
        )
        assert answer.status_code == 200
        assert answer.headers["access-control-allow-origin"] == PORTAL
        assert "POST" in answer.headers["access-control-allow-methods"]
        assert "authorization" in answer.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in answer.headers
        # then the request itself carries the origin back, and exposes the ETag
        bearer = {"origin": PORTAL, "authorization": f"Bearer {token(Role.PLANNER)}"}
        posted = await http.post("/graphql", json={"query": LADDER}, headers=bearer)
        assert posted.status_code == 200 and "errors" not in posted.json()
        assert posted.headers["access-control-allow-origin"] == PORTAL
        assert "etag" in posted.headers["access-control-expose-headers"].lower()
        assert "Origin" in posted.headers["vary"]
        # and a refused token is readable by the page too
        refused = await http.post(
            "/graphql",
            json={"query": LADDER},
            headers={"origin": PORTAL, "authorization": "Bearer x"},
        )
        assert refused.status_code == 401
        assert refused.headers["access-control-allow-origin"] == PORTAL


async def test_an_unlisted_origin_is_refused(seeded_store: GraphStore) -> None:
    async with app_with(seeded_store, PORTAL) as http:
        answer = await http.options("/graphql", headers=preflight(OTHER))
        assert answer.status_code == 400
        assert "access-control-allow-origin" not in answer.headers
        posted = await http.post("/graphql", json={"query": LADDER}, headers={"origin": OTHER})
        assert "access-control-allow-origin" not in posted.headers


async def test_any_origin_reads_anonymously_but_never_sends_a_token(
    seeded_store: GraphStore,
) -> None:
    async with app_with(seeded_store, "*") as http:
        anonymous = await http.options("/graphql", headers=preflight(OTHER))
        assert anonymous.status_code == 200
        assert anonymous.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in anonymous.headers
        # a token needs a preflight allowing Authorization, which '*' never gives
        with_token = await http.options("/graphql", headers=preflight(OTHER, "authorization"))
        assert with_token.status_code == 400
        allowed = with_token.headers.get("access-control-allow-headers", "").lower()
        assert "authorization" not in allowed
        read = await http.get("/graphql", params={"query": LADDER}, headers={"origin": OTHER})
        assert read.status_code == 200
        assert read.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in read.headers


@pytest.mark.parametrize(
    "origins", ["*, https://jobs.example.cn", "https://jobs.example.cn/", "jobs.example.cn"]
)
def test_origins_that_cannot_be_meant_stop_the_start(origins: str) -> None:
    with pytest.raises(ValidationError):
        Settings(cors_origins=origins)


def test_origins_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHEPAI_CORS_ORIGINS", f"{PORTAL},http://localhost:5173")
    assert Settings().cors_origins == [PORTAL, "http://localhost:5173"]
    monkeypatch.setenv("ZHEPAI_CORS_ORIGINS", "")
    assert Settings().cors_origins == []
