"""Cacheable GET reads (issue #26): an ETag from the version tokens, 304 for If-None-Match,
public caching only for anonymous catalogue reads, never for tokens or worker data."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import app_settings, serving, token
from tests.schema_walk import root_fields
from zhepai.graph.meta import bump_catalogue_version
from zhepai.graph.store import GraphStore
from zhepai.schema.root import schema
from zhepai.server import create_app
from zhepai.web.caching import CATALOGUE, ROOT_FIELDS, depends_on, fresh
from zhepai.web.roles import Role

LADDER = "{ skillLevels { code name } }"
SERIES = "query Series($code: String!) { series(code: $code) { code name } }"
BASES = "{ bases(first: 2) { totalCount } }"
STATS = '{ talentStats(regionCode: "330000") { skilled } }'
PLANNER = {"authorization": f"Bearer {token(Role.PLANNER)}"}
_ETAG = re.compile(r'^W/"[0-9a-f]{32}"$')


def test_every_root_field_is_classified() -> None:
    # given the schema's root query fields; then each has its entry, and no entry is stale
    names = {f.name for f in root_fields(schema._schema) if f.operation == "query"}
    assert names == set(ROOT_FIELDS) - {"__typename", "__schema", "__type"}


def test_what_a_document_depends_on_is_read_off_its_root_fields() -> None:
    assert depends_on(LADDER, None, 1000) == CATALOGUE
    assert depends_on(BASES + " ", None, 1000) == ("bases", "catalogue")
    # through fragments and inline fragments, and one uncacheable field spoils the rest
    spread = "query { ...F } fragment F on Query { skillLevels { code } ... on Query { %s } }"
    assert depends_on(spread % "industries { code }", None, 1000) == CATALOGUE
    assert depends_on(spread % 'talentStats(regionCode: "330000") { skilled }', None, 1000) is None
    # the operation named, and no mutation
    two = "query A { skillLevels { code } } query B { workerAudit { id } }"
    assert depends_on(two, "A", 1000) == CATALOGUE
    assert depends_on(two, "B", 1000) is None
    assert depends_on(two, None, 1000) is None
    assert depends_on("mutation { x }", None, 1000) is None
    assert depends_on("{ skillLevels {", None, 1000) is None


def test_if_none_match_compares_weakly_and_takes_lists() -> None:
    assert fresh('W/"abc"', 'W/"abc"') and fresh('"x", "abc"', 'W/"abc"') and fresh("*", 'W/"a"')
    assert not fresh(None, 'W/"abc"') and not fresh('W/"abd"', 'W/"abc"')


async def test_an_anonymous_catalogue_read_is_public_and_revalidates_with_304(
    client: httpx.AsyncClient,
) -> None:
    # given an anonymous GET of the catalogue
    first = await client.get("/graphql", params={"query": LADDER})
    assert first.status_code == 200 and first.json()["data"]["skillLevels"]
    etag = first.headers["etag"]
    assert _ETAG.match(etag)
    assert first.headers["cache-control"] == "public, max-age=300"
    assert "Authorization" in first.headers["vary"]
    # when asked again with that tag, then 304 with no body and the same headers
    again = await client.get("/graphql", params={"query": LADDER}, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "public, max-age=300"
    # a stale tag gets the answer
    stale = await client.get(
        "/graphql", params={"query": LADDER}, headers={"if-none-match": 'W/"0000"'}
    )
    assert stale.status_code == 200 and stale.headers["etag"] == etag


async def test_the_tag_names_the_variables(client: httpx.AsyncClient) -> None:
    one = await client.get("/graphql", params={"query": SERIES, "variables": '{"code": "01"}'})
    two = await client.get("/graphql", params={"query": SERIES, "variables": '{"code": "02"}'})
    assert one.status_code == two.status_code == 200
    assert one.headers["etag"] != two.headers["etag"]


async def test_a_token_makes_it_private_and_the_role_changes_the_tag(
    client: httpx.AsyncClient,
) -> None:
    anonymous = await client.get("/graphql", params={"query": LADDER})
    planner = await client.get("/graphql", params={"query": LADDER}, headers=PLANNER)
    assert planner.status_code == 200
    assert planner.headers["cache-control"] == "private, no-cache"
    assert planner.headers["etag"] != anonymous.headers["etag"]
    # and an anonymous tag does not answer 304 to a token
    crossed = await client.get(
        "/graphql",
        params={"query": LADDER},
        headers={**PLANNER, "if-none-match": anonymous.headers["etag"]},
    )
    assert crossed.status_code == 200


async def test_bases_are_tagged_but_never_kept_without_revalidation(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get("/graphql", params={"query": BASES})
    assert answer.status_code == 200 and _ETAG.match(answer.headers["etag"])
    assert answer.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("role", [Role.ANONYMOUS, Role.RESEARCHER])
async def test_worker_statistics_are_never_stored(client: httpx.AsyncClient, role: Role) -> None:
    headers = {} if role is Role.ANONYMOUS else {"authorization": f"Bearer {token(role)}"}
    answer = await client.get("/graphql", params={"query": STATS}, headers=headers)
    assert answer.status_code == 200 and "errors" not in answer.json()
    assert answer.headers["cache-control"] == "no-store"
    assert "etag" not in answer.headers
    # If-None-Match changes nothing for them
    star = await client.get(
        "/graphql", params={"query": STATS}, headers={**headers, "if-none-match": "*"}
    )
    assert star.status_code == 200


async def test_worker_data_refused_over_get_is_never_stored(client: httpx.AsyncClient) -> None:
    officer = {"authorization": f"Bearer {token(Role.OFFICER)}"}
    refused = await client.get(
        "/graphql", params={"query": "{ workerAudit { id } }"}, headers=officer
    )
    assert refused.status_code == 400
    assert refused.headers["cache-control"] == "no-store" and "etag" not in refused.headers


async def test_errors_and_post_are_not_tagged(client: httpx.AsyncClient) -> None:
    refused = await client.get("/graphql", params={"query": "{ skillLevels { nope } }"})
    assert refused.status_code in (200, 400) and "errors" in refused.json()
    assert refused.headers["cache-control"] == "no-store" and "etag" not in refused.headers
    posted = await client.post("/graphql", json={"query": LADDER})
    assert posted.status_code == 200 and "etag" not in posted.headers


async def test_a_new_catalogue_version_changes_the_tag(scratch_store: GraphStore) -> None:
    # given an app over a store of its own
    app = create_app(app_settings(), store=scratch_store)
    async with serving(app) as gql:
        before = await gql.http.get("/graphql", params={"query": LADDER})
        same = await gql.http.get("/graphql", params={"query": LADDER})
        # when the catalogue is written (a seed load bumps its token)
        await bump_catalogue_version(scratch_store)
        after = await gql.http.get(
            "/graphql", params={"query": LADDER}, headers={"if-none-match": before.headers["etag"]}
        )
    # then the old tag no longer answers 304
    assert before.headers["etag"] == same.headers["etag"]
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]


async def test_max_age_comes_from_the_settings(seeded_store: GraphStore) -> None:
    app = create_app(app_settings(cache_max_age_s=60), store=seeded_store)
    async with serving(app) as gql:
        answer = await gql.http.get("/graphql", params={"query": LADDER})
    assert answer.headers["cache-control"] == "public, max-age=60"
