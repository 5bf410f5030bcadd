"""Authentication over HTTP: no token is anonymous, a bad token is 401, and the token's subject
is who the audit trail names."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from tests.conftest import TEST_SECRET, GraphQLClient, app_settings, token
from zhepai.cli import app as cli_app
from zhepai.config import Settings, get_settings
from zhepai.graph.maintenance import DROP_AUDIT, DROP_BASES, DROP_BASES_VERSION
from zhepai.graph.store import GraphStore, Step
from zhepai.server import create_app
from zhepai.web.roles import Role
from zhepai.web.tokens import TokenKeys, verify, with_local_secret

RETIRE = 'mutation { retireBase(id: "NO-SUCH-BASE") { base { id } errors { code } } }'


@pytest.fixture
async def http(scratch_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(app_settings(), store=scratch_store)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        yield c


def _single_code(response: httpx.Response) -> str:
    body: dict[str, Any] = response.json()
    (error,) = body["errors"]
    code: str = error["extensions"]["code"]
    return code


async def test_no_token_reads_as_anonymous(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "{ skillLevels { code } }"})
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        f"Bearer {token(Role.PLANNER, ttl=timedelta(seconds=-120))}",  # expired
    ],
    ids=["garbage", "basic", "empty", "expired"],
)
async def test_a_bad_token_is_401_in_the_graphql_shape(
    http: httpx.AsyncClient, header: str
) -> None:
    response = await http.post(
        "/graphql", json={"query": "{ skillLevels { code } }"}, headers={"authorization": header}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["x-request-id"]
    assert _single_code(response) == "UNAUTHENTICATED"
    assert "data" not in response.json()  # refused before execution


async def test_health_checks_ignore_tokens(http: httpx.AsyncClient) -> None:
    bad = {"authorization": "Bearer not-a-jwt"}
    assert (await http.get("/healthz", headers=bad)).status_code == 200
    assert (await http.get("/readyz", headers=bad)).status_code == 200


async def test_a_server_without_keys_refuses_every_token(scratch_store: GraphStore) -> None:
    app = create_app(Settings(load_seeds_if_empty=False), store=scratch_store)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
    ):
        response = await c.post(
            "/graphql",
            json={"query": "{ skillLevels { code } }"},
            headers={"authorization": f"Bearer {token(Role.ADMIN)}"},
        )
        assert response.status_code == 401
        assert "不接受任何令牌" in response.json()["errors"][0]["message"]


async def test_writes_need_the_planner_role(http: httpx.AsyncClient) -> None:
    gql = GraphQLClient(http)
    anonymous = await gql.raw(RETIRE)
    assert [e["extensions"]["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
    assert anonymous["data"] is None
    researcher = await gql.as_role(Role.RESEARCHER).raw(RETIRE)
    (error,) = researcher["errors"]
    assert error["extensions"] == {"code": "FORBIDDEN", "requiredRole": "planner"}
    assert error["path"] == ["retireBase"]
    for role in (Role.PLANNER, Role.OFFICER, Role.ADMIN):
        allowed = await gql.as_role(role)(RETIRE)
        assert allowed["retireBase"]["errors"] == [{"code": "NOT_FOUND"}]


async def test_the_audit_trail_names_the_token_subject(planner_http: GraphQLClient) -> None:
    base = {"id": "AUD-1", "name": "审计基地", "kind": "TRAINING_BASE", "level": "COUNTY",
            "regionCode": "330824", "seriesCodes": ["06"]}  # fmt: skip
    created = await planner_http(
        "mutation($input: BaseInput!) { createBase(input: $input) { errors { code } } }",
        input=base,
    )
    assert created["createBase"]["errors"] == []
    audit = await planner_http('{ baseAudit(id: "AUD-1") { actor action } }')
    assert audit["baseAudit"] == [{"actor": "李规划", "action": "CREATE"}]


@pytest.fixture
async def planner_http(seeded_store: GraphStore) -> AsyncIterator[GraphQLClient]:
    clear: list[Step] = [(DROP_BASES, {}), (DROP_AUDIT, {}), (DROP_BASES_VERSION, {})]
    app = create_app(app_settings(), store=seeded_store)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
        ):
            yield GraphQLClient(c).as_role(Role.PLANNER, "李规划")
    finally:
        await seeded_store.write_all(clear)


def test_cli_prints_a_token_the_server_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHEPAI_JWT_SECRET", TEST_SECRET)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            cli_app, ["token", "create", "--role", "officer", "--subject", "王科员", "--ttl", "5m"]
        )
        refused = CliRunner().invoke(cli_app, ["token", "create", "--role", "boss"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    keys = TokenKeys.from_settings(app_settings())
    principal = verify(keys, result.output.strip())
    assert (principal.subject, principal.role) == ("王科员", Role.OFFICER)
    assert refused.exit_code == 2 and "没有角色" in refused.output


def test_token_create_needs_no_secret_on_one_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZHEPAI_JWT_SECRET", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            cli_app, ["token", "create", "--role", "planner", "--data-dir", str(tmp_path)]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    # what `zhepai serve --data-dir` verifies with
    keys = TokenKeys.from_settings(with_local_secret(Settings(data_dir=tmp_path)))
    assert verify(keys, result.output.strip()).role is Role.PLANNER
