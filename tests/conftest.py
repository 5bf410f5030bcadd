"""Shared fixtures: a real store with the seeds loaded, and an HTTP client over the app.

Every integration test runs on the embedded FalkorDB. When ``NEO4J_URI`` is set (with
``NEO4J_USER`` / ``NEO4J_PASSWORD``, or ``ZHEPAI_NEO4J_*``), the same tests run a second time
on that Neo4j — whose database they empty first, so point them at a scratch instance
(``docker compose up neo4j``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from starlette.applications import Starlette

from tests.workers_data import CREDENTIAL_SECRET, SECRET
from zhepai.config import Settings
from zhepai.graph.cypher import Cypher
from zhepai.graph.open import open_store
from zhepai.graph.store import Bound, GraphStore, Row, Step
from zhepai.loaders.seed_loader import load_seeds
from zhepai.server import create_app
from zhepai.web.roles import Role
from zhepai.web.tokens import TokenKeys, issue

NEO4J_URI = os.environ.get("NEO4J_URI")


BACKENDS = [
    pytest.param("falkordb", id="falkordb"),
    pytest.param(
        "neo4j",
        id="neo4j",
        marks=[
            pytest.mark.neo4j,
            pytest.mark.skipif(NEO4J_URI is None, reason="live Neo4j suite: set NEO4J_URI"),
        ],
    ),
]


# The secret every test app verifies tokens with (tokens from token() below).
TEST_SECRET = "zhepai-tests-only-secret-0123456789abcdef"  # noqa: S105 - tests only


def app_settings(**overrides: Any) -> Settings:
    """Settings for an app over a test store: no seeding, tokens signed with TEST_SECRET,
    fixed worker secrets (so nothing is generated into the working directory's data/)."""
    values: dict[str, Any] = {
        "load_seeds_if_empty": False,
        "jwt_secret": SecretStr(TEST_SECRET),
        "person_key_secret": SecretStr(SECRET.decode()),
        "credential_secret": SecretStr(CREDENTIAL_SECRET),
    }
    return Settings(**(values | overrides))


def token(role: Role, subject: str | None = None, ttl: timedelta = timedelta(hours=1)) -> str:
    """A bearer token for ``role``, as ``zhepai token create`` would print it."""
    keys = TokenKeys.from_settings(app_settings())
    assert keys is not None
    return issue(keys, role, subject or f"test-{role.label}", ttl)


def backend_settings(backend: str, data_dir: Path) -> Settings:
    if backend == "neo4j":
        assert NEO4J_URI is not None
        return Settings(
            graph_url=NEO4J_URI,
            neo4j_user=os.environ.get("NEO4J_USER", os.environ.get("ZHEPAI_NEO4J_USER", "neo4j")),
            neo4j_password=SecretStr(
                os.environ.get("NEO4J_PASSWORD", os.environ.get("ZHEPAI_NEO4J_PASSWORD", ""))
            ),
            neo4j_database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
    return Settings(graph_url="embedded", data_dir=data_dir)


@pytest.fixture(scope="session")
def data_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stores")


@pytest.fixture(scope="session", params=BACKENDS)
async def seeded_store(
    request: pytest.FixtureRequest, data_root: Path
) -> AsyncIterator[GraphStore]:
    """A store holding exactly the seeds; tests must not change it (use ``scratch_store``)."""
    settings = backend_settings(request.param, data_root / "store")
    store = await open_store(settings)
    await store.drop_all()
    await load_seeds(store)
    yield store
    await store.close()


@pytest.fixture(scope="session")
async def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the seeds, its store stopped: copy it with ``data_dir``."""
    directory = tmp_path_factory.mktemp("seeded")
    store = await open_store(Settings(data_dir=directory, embedded_fsync="everysec"))
    try:
        await load_seeds(store)
    finally:
        await store.close()  # the last user: the server saves and stops
    return directory


@pytest.fixture(scope="module")
async def fuzzed_store(
    seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[GraphStore]:
    """A seeded store of the module's own, for fuzzing: its mutations may write, the
    session's store may not be touched."""
    directory = tmp_path_factory.mktemp("fuzzed") / "data"
    shutil.copytree(seeded_dir, directory, ignore=shutil.ignore_patterns("*.sock", "*.pid"))
    store = await open_store(Settings(data_dir=directory))
    yield store
    await store.close()


@pytest.fixture
def data_dir(seeded_dir: Path, tmp_path: Path) -> Path:
    """A data directory of the test's own, holding the seeds; no store runs on it yet."""
    target = tmp_path / "data"
    shutil.copytree(seeded_dir, target, ignore=shutil.ignore_patterns("*.sock", "*.pid"))
    return target


@pytest.fixture
async def scratch_store(
    data_root: Path, request: pytest.FixtureRequest
) -> AsyncIterator[GraphStore]:
    """An empty store of its own (a separate graph on the embedded server)."""
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50]
    settings = Settings(graph_url="embedded", data_dir=data_root / "store", graph_name=name)
    store = await open_store(settings)
    await store.drop_all()
    yield store
    await store.drop_all()
    await store.close()


class CountingStore:
    """A real store that counts the statements sent through it (for N+1 checks)."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def read(self, stmt: Cypher, **params: Any) -> list[Row]:
        self.calls.append(stmt.name)
        return await self.inner.read(stmt, **params)

    async def write(self, stmt: Cypher, **params: Any) -> list[Row]:
        self.calls.append(stmt.name)
        return await self.inner.write(stmt, **params)

    async def send(self, bound: Bound, **params: Any) -> list[Row]:
        self.calls.append(bound.stmt.name)
        return await self.inner.send(bound, **params)

    async def write_all(self, steps: list[Step]) -> None:
        self.calls.extend(s.name for s, _ in steps)
        await self.inner.write_all(steps)


@pytest.fixture
def counting_store(seeded_store: GraphStore) -> CountingStore:
    return CountingStore(seeded_store)


@pytest.fixture
async def client(seeded_store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(app_settings(), store=seeded_store)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield http


class GraphQLClient:
    """Posts GraphQL documents; with a ``bearer`` token, as the role that token names."""

    def __init__(self, http: httpx.AsyncClient, bearer: str | None = None) -> None:
        self.http = http
        self.headers = {"authorization": f"Bearer {bearer}"} if bearer else {}

    def as_role(self, role: Role, subject: str | None = None) -> GraphQLClient:
        return GraphQLClient(self.http, None if role is Role.ANONYMOUS else token(role, subject))

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        """Run a query that must succeed; returns ``data``."""
        body = await self.raw(query, **variables)
        assert "errors" not in body, body.get("errors")
        data: dict[str, Any] = body["data"]
        return data

    async def raw(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=self.headers
        )
        body: dict[str, Any] = response.json()
        return body


@asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[GraphQLClient]:
    """``app`` started (its lifespan run) and a client posting to it in-process."""
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield GraphQLClient(http)


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ that a test may edit."""
    import shutil

    from zhepai.loaders.seed_files import SEEDS_DIR

    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target, ignore=shutil.ignore_patterns("tools", "*.md"))
    return target


@dataclass(frozen=True, slots=True)
class Demo:
    home: Path  # the data directory `serve --demo` and `token create` are given
    settings: Settings  # the demo store's, beside it
    store: GraphStore
    app: Starlette  # started, over the demo store


@pytest.fixture(scope="session")
async def demo(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Demo]:
    """The demo store filled as ``zhepai serve --demo`` fills it, and an app over it that
    verifies tokens with the secret ``zhepai token create --data-dir home`` finds."""
    from zhepai.domain.talent.secrets import person_key_secret
    from zhepai.loaders.demo import demo_settings, load_demo
    from zhepai.web.tokens import with_local_secret

    home = tmp_path_factory.mktemp("demo-home")
    settings = demo_settings(with_local_secret(Settings(data_dir=home)))
    store = await open_store(settings)
    try:
        await load_demo(store, settings.data_dir, person_key_secret(settings))
        app = create_app(settings, store=store)
        async with app.router.lifespan_context(app):
            yield Demo(home=home, settings=settings, store=store, app=app)
    finally:
        await store.close()
