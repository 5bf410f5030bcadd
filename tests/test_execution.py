"""schema/execution.py completes plain leaf fields itself: every response must be exactly what
graphql-core's own execution gives, data and errors alike."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from tests.conftest import GraphQLClient
from tests.schema_walk import RootField, root_fields
from zhepai.schema.coverage.types import CoverageCell
from zhepai.schema.execution import ExecutionContext, Leaf, _complete_objects, plain_leaf
from zhepai.schema.root import schema
from zhepai.web.roles import Role

DEPTH = 3


def selection(field: GraphQLField, depth: int) -> str | None:
    """Every field below ``field`` that takes no required argument, ``depth`` levels down
    (unions and interfaces: their ``__typename``); None for a leaf."""
    named = get_named_type(field.type)
    if is_leaf_type(named):
        return None
    if isinstance(named, GraphQLUnionType | GraphQLInterfaceType) or depth == 0:
        return "{ __typename }"
    assert isinstance(named, GraphQLObjectType)
    parts = ["__typename"]
    for name, sub in sorted(named.fields.items()):
        if any(isinstance(a.type, GraphQLNonNull) for a in sub.args.values()):
            continue
        below = selection(sub, depth - 1)
        parts.append(name if below is None else f"{name} {below}")
    return "{ " + " ".join(parts) + " }"


def documents(depth: int) -> Iterator[tuple[str, str]]:
    """(root field, a query selecting everything ``depth`` levels under it) for the query
    fields that take no required argument."""
    for root in root_fields(schema._schema):
        if root.operation != "query" or _required(root):
            continue
        below = selection(root.field, depth)
        yield root.name, f"query {{ {root.name} {below or ''} }}"


def _required(root: RootField) -> bool:
    return any(isinstance(a.type, GraphQLNonNull) for a in root.field.args.values())


async def run_all(gql: GraphQLClient) -> dict[str, dict[str, Any]]:
    """Each document as deep as the cost limit lets it be."""
    admin = gql.as_role(Role.ADMIN)
    bodies: dict[str, dict[str, Any]] = {}
    for depth in (DEPTH, DEPTH - 1, DEPTH - 2):
        for name, query in documents(depth):
            if name not in bodies or _too_complex(bodies[name]):
                bodies[name] = await admin.raw(query)
    return bodies


def _too_complex(body: dict[str, Any]) -> bool:
    return any(e["extensions"]["code"] == "QUERY_TOO_COMPLEX" for e in body.get("errors", []))


async def test_the_whole_schema_answers_the_same_with_and_without_the_fast_path(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert schema.execution_context_class is ExecutionContext
    fast = await run_all(gql)
    monkeypatch.setattr(schema, "execution_context_class", StrawberryGraphQLCoreExecutionContext)
    slow = await run_all(gql)
    assert fast == slow
    refused = {name: body["errors"] for name, body in fast.items() if "errors" in body}
    assert not refused
    assert len(fast) >= 15


async def test_the_coverage_matrix_cells_take_the_fast_path(gql: GraphQLClient) -> None:
    plain_leaf.cache_clear()
    data = await gql("{ coverageMatrix { rows { cells { seriesCode covered baseCount } } } }")
    assert len(data["coverageMatrix"]["rows"]) == 90
    cell = schema._schema.type_map["CoverageCell"]
    assert isinstance(cell, GraphQLObjectType)
    assert plain_leaf(cell, "baseCount") is not None
    assert plain_leaf.cache_info().hits > 0  # looked up again after the first cell
    names = ("seriesCode", "covered", "baseCount", "demand")
    plan: list[tuple[str, Leaf]] = []
    for name in names:
        leaf = plain_leaf(cell, name)
        assert leaf is not None
        plan.append((name, leaf))
    row = [CoverageCell(series_code="01", covered=True, base_count=2, demand=1.5)]
    expected = {"seriesCode": "01", "covered": True, "baseCount": 2, "demand": 1.5}
    assert _complete_objects(plan, row, non_null=True) == [expected]


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Item:
    label: str
    count: int | None
    colour: Colour
    share: float = 0.5


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [
            Item(label="a", count=1, colour=Colour.RED),
            Item(label="b", count=None, colour=Colour.GREEN),
        ]

    @strawberry.field
    def broken(self) -> list[Item]:
        """A null where the type forbids it, and a value no enum holds."""
        return [
            Item(label=None, count=2, colour=Colour.RED),  # type: ignore[arg-type]
            Item(label="c", count=3, colour="purple"),  # type: ignore[arg-type]
        ]

    @strawberry.field
    def strange(self) -> list[Item]:
        """Values graphql-core coerces or refuses: past 32 bits, not finite, a bool for an
        Int, an int for a Float."""
        return [
            Item(label="e", count=2**40, colour=Colour.RED, share=float("nan")),
            Item(label="f", count=True, colour=Colour.RED, share=3),
        ]

    @strawberry.field
    def mixed(self) -> list[Item]:
        """Items that pass whole beside items that need coercing field by field."""
        return [
            Item(label="g", count=7, colour=Colour.RED, share=0.25),
            Item(label="h", count=True, colour=Colour.RED, share=3),
            Item(label="i", count=None, colour=Colour.GREEN),
            Item(label="j", count=-(2**31), colour=Colour.GREEN, share=-1.5),
        ]

    @strawberry.field
    def wide(self) -> list[Item]:
        """Values of the right Python type that the scalar still refuses."""
        return [
            Item(label="k", count=1, colour=Colour.RED, share=1.0),
            Item(label="l", count=2**40, colour=Colour.RED, share=1.0),
            Item(label="m", count=1, colour=Colour.RED, share=float("inf")),
        ]

    @strawberry.field
    def odd(self) -> list[Item]:
        """An item that is not an Item at all: reading its fields fails."""
        return [Item(label="n", count=1, colour=Colour.RED), object()]  # type: ignore[list-item]

    @strawberry.field
    def optional(self) -> list[Item | None]:
        return [None, Item(label="d", count=None, colour=Colour.GREEN)]


@pytest.mark.parametrize(
    "document",
    [
        "{ items { label count colour __typename } }",
        "{ items { l: label l2: label count } }",
        "{ broken { label count } }",
        "{ broken { colour } }",
        "{ optional { label colour } }",
        "{ strange { count } }",
        "{ strange { share } }",
        "{ items { share } strange { label } }",
        "{ items { ... on Item { label } count } }",
        "{ items { label @include(if: false) count } }",
        "{ mixed { label count share } }",
        "{ mixed { share c: count label l: label } }",
        "{ mixed { label colour count } }",
        "{ strange { label count share } }",
        "{ optional { label count share } }",
        "{ wide { label count } }",
        "{ wide { label share } }",
        "{ odd { label count } }",
    ],
)
async def test_values_errors_and_paths_are_graphql_cores(document: str) -> None:
    fast = strawberry.Schema(query=Query, execution_context_class=ExecutionContext)
    slow = strawberry.Schema(query=Query)
    got, expected = await fast.execute(document), await slow.execute(document)
    assert json.dumps(got.data) == json.dumps(expected.data)  # the same values, in order
    assert [(e.message, e.path) for e in got.errors or []] == [
        (e.message, e.path) for e in expected.errors or []
    ]
