"""The list sizes the cost estimate multiplies by (schema/sizes.py): one for every list field,
true on the seeded store, and an estimate no answer exceeds."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from graphql import (
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    OperationDefinitionNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
    parse,
)

from tests.conftest import GraphQLClient, app_settings
from tests.schema_walk import object_fields
from zhepai.domain.careers.engine import Position
from zhepai.domain.careers.service import CareerService
from zhepai.domain.talent import trend
from zhepai.graph.store import GraphStore
from zhepai.schema import context, sizes
from zhepai.schema.complexity import measure
from zhepai.schema.root import schema
from zhepai.server import create_app
from zhepai.web.roles import Role

SCHEMA = schema._schema
POSITION = {"occupationId": "OCC-0461", "level": "JUNIOR"}
# Arguments for the root fields that need some, naming things the seeds hold.
ROOT_ARGUMENTS: dict[str, dict[str, Any]] = {
    "series": {"code": "16"},
    "occupation": {"id": "OCC-0461"},
    "specialty": {"id": "SPC-001"},
    "region": {"code": "330000"},
    "base": {"id": "B-1"},
    "careerPath": {"from": {"occupationId": "OCC-0461"}, "to": {**POSITION, "level": "TECHNICIAN"}},
    "nextSteps": {"position": POSITION},
    "eligibility": {"position": POSITION, "targetLevel": "SENIOR"},
    "coverageWhatIf": {
        "additions": [{"regionCode": "330824", "seriesCodes": ["01", "16"], "level": "PROVINCE"}]
    },
    "coverageSuggest": {"count": 20, "level": "PROVINCE"},
    "talentStats": {"regionCode": "330000", "groupBy": ["COUNTY", "LEVEL"]},
    "talentTrend": {"regionCode": "330000", "fromYear": 2020, "toYear": 2024, "groupBy": ["CITY"]},
    "worker": {"personId": "330824199001010836"},
    "verifyCredential": {"code": "x"},
}


def _is_connection(named: object) -> bool:
    return isinstance(named, GraphQLObjectType) and {"edges", "pageInfo"} <= named.fields.keys()


def _sized(field: GraphQLField) -> bool:
    """A list of objects, or a connection: what the estimate must multiply."""
    named = get_named_type(field.type)
    objects = isinstance(named, GraphQLObjectType | GraphQLInterfaceType)
    return objects and (is_list_type(get_nullable_type(field.type)) or _is_connection(named))


def test_every_list_field_has_a_size_and_every_size_a_field() -> None:
    fields = dict(object_fields(SCHEMA))
    missing = sorted(k for k, f in fields.items() if _sized(f) and k not in sizes.SIZES)
    assert missing == [], "give these list fields a size in schema/sizes.py"
    assert sorted(k for k in sizes.SIZES if k not in fields) == []


def test_the_stated_bounds_match_the_code() -> None:
    assert sizes.BASES_PER_STEP == context.BASES_PER_STEP
    assert sizes.TREND_YEARS == trend.MAX_YEARS


def _paths() -> dict[str, list[tuple[str, str]]]:
    """The shortest way from Query to each object type, as (type, field) steps, through root
    fields called with ROOT_ARGUMENTS and other fields that need no argument."""
    query = SCHEMA.query_type
    assert query is not None
    found: dict[str, list[tuple[str, str]]] = {"Query": []}
    queue = deque([query])
    while queue:
        here = queue.popleft()
        for name, field in here.fields.items():
            required = [a for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull)]
            given = ROOT_ARGUMENTS.get(name, {}) if here is query else {}
            if any(a not in given for a in required):
                continue
            named = get_named_type(field.type)
            if isinstance(named, GraphQLObjectType) and named.name not in found:
                found[named.name] = [*found[here.name], (here.name, name)]
                queue.append(named)
    return found


def _document(path: list[tuple[str, str]]) -> tuple[str, dict[str, Any]]:
    """``{ a(…) { b { c { __typename } } } }`` along ``path``, the root's arguments passed as
    variables."""
    root_type, root = path[0]
    assert root_type == "Query"
    arguments = ROOT_ARGUMENTS.get(root, {})
    definition = SCHEMA.query_type.fields[root] if SCHEMA.query_type else None
    assert definition is not None
    declared = ", ".join(f"${n}: {definition.args[n].type}" for n in arguments)
    call = root + ("(" + ", ".join(f"{n}: ${n}" for n in arguments) + ")" if arguments else "")
    body = "__typename"
    for _, name in reversed(path[1:]):
        body = f"{name} {{ {body} }}"
    head = f"query Walk({declared})" if arguments else "query Walk"
    return f"{head} {{ {call} {{ {body} }} }}", dict(arguments)


def _documents() -> Iterator[tuple[str, str, dict[str, Any]]]:
    paths = _paths()
    for key, field in object_fields(SCHEMA):
        if not _sized(field):
            continue
        type_name, name = key.split(".")
        if type_name not in paths:
            continue  # only under a mutation's payload
        document, variables = _document([*paths[type_name], (type_name, name)])
        yield key, document, variables


def _objects(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(_objects(v) for v in value)
    return 0


def _lists(value: Any, path: list[str]) -> Iterator[list[list[Any]]]:
    """The lists at the end of ``path`` (response names), grouped by the list their parents
    belong to: what ``each`` and ``together`` bound."""
    level: list[list[Any]] = [[value]]
    for name in path:
        groups: list[list[Any]] = []
        for group in level:
            found = [item[name] for item in group if isinstance(item, dict) and name in item]
            groups.append([x for x in found if x is not None])
        level = [
            [item for x in group for item in x]
            if group and all(isinstance(x, list) for x in group)
            else group
            for group in groups
        ]
    yield from (group for group in groups if group and all(isinstance(x, list) for x in group))


@pytest.fixture
async def admin(seeded_store: GraphStore) -> AsyncIterator[GraphQLClient]:
    app = create_app(app_settings(max_cost=10**9, max_depth=20), store=seeded_store)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as http,
    ):
        yield GraphQLClient(http).as_role(Role.ADMIN)


async def test_each_list_on_the_seeded_store_fits_its_size_and_the_estimate(
    admin: GraphQLClient,
) -> None:
    """A document per list field of the schema: the answer holds no more objects than the
    estimate, and no list more items than its size (a parent list's lists together no more
    than ``together``)."""
    seen = set()
    for key, document, variables in _documents():
        body = await admin.raw(document, **variables)
        assert "errors" not in body, (key, body["errors"])
        parsed = parse(document)
        (operation,) = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
        fragments: dict[str, FragmentDefinitionNode] = {}
        estimate = measure(SCHEMA, operation, fragments, variables, 20).cost
        assert _objects(body["data"]) - 1 <= estimate, key  # the data object itself is free
        size = sizes.SIZES[key]
        if not isinstance(size, sizes.Most):
            continue  # sized by an argument: the estimate above holds it
        path = [name for _, name in _paths()[key.split(".")[0]]] + [key.split(".")[1]]
        for group in _lists(body["data"], path):
            seen.add(key)
            assert max(len(x) for x in group) <= size.each, (key, document)
            if size.together is not None:
                assert sum(len(x) for x in group) <= size.together, (key, document)
    # the catalogue's, the regions' and the coverage's sizes were all put to the test
    unseen = {k for k, s in sizes.SIZES.items() if isinstance(s, sizes.Most)} - seen
    assert unseen <= {
        "Base.series",  # the seeds hold no bases
        "CareerStep.trainingBases",
        "UnderServedPair.bases",
        "Worker.certificates",  # nor workers
        "Worker.counties",
        "CredentialVerification.certificates",
        "BasePayload.errors",  # mutations
        "RevokePayload.errors",
    }, sorted(unseen)


async def test_next_steps_fit_their_size(seeded_store: GraphStore) -> None:
    """Every occupation at every level held (and none): no more next steps than the size."""
    data = await CareerService(seeded_store).data()
    levels: list[str | None] = [None, *data.level_codes]
    most = max(
        len(data.graph.next_steps(Position(occupation, level)))
        for occupation in data.names
        for level in levels
    )
    assert 0 < most <= sizes.NEXT_STEPS
