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
from strawberry.permission import BasePermission
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from tests.conftest import GraphQLClient
from tests.schema_walk import RootField, root_fields
from zhepai.schema.coverage.types import CoverageCell
from zhepai.schema.execution import (
    ExecutionContext,
    Leaf,
    _complete_objects,
    plain_leaf,
    plain_reader,
)
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


async def _word() -> str:
    return "later"


CALLS: list[str] = []


class Anyone(BasePermission):
    message = "never refused"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return True


@strawberry.type
class Owner:
    """Fields the fast path reads itself (an attribute, a resolver of ``self`` alone) beside
    fields it must leave to graphql-core."""

    name: str

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def fails(self) -> str:
        raise ValueError("no owner here")

    @strawberry.field
    def nothing(self) -> str:
        return None  # type: ignore[return-value]

    @strawberry.field
    def sneaky(self) -> str:
        """A plain function that returns a coroutine: graphql-core awaits it."""
        return _word()  # type: ignore[return-value]

    @strawberry.field
    async def later(self) -> str:
        return "later"

    @strawberry.field
    def asked(self, info: strawberry.Info) -> str:
        return info.field_name

    @strawberry.field
    def times(self, n: int = 2) -> int:
        return n * len(self.name)

    @strawberry.field
    def pets(self) -> list[Pet]:
        return [Pet(name=self.name + "'s cat"), Pet(name=self.name + "'s dog")]

    @strawberry.field
    def maybe_pets(self) -> list[Pet | None] | None:
        return [None, Pet(name="stray")] if self.name != "nobody" else None

    @strawberry.field
    def counted(self) -> int:
        CALLS.append(self.name)
        return len(CALLS)

    @strawberry.field(permission_classes=[Anyone])  # type: ignore[untyped-decorator]
    def guarded(self) -> str:
        return self.name

    @strawberry.field
    def best_pet(self) -> Pet:
        return Pet(name=None) if self.name == "broken" else Pet(name="rex")  # type: ignore[arg-type]


@strawberry.type
class Pet:
    name: str


@strawberry.type
class Item:
    label: str
    count: int | None
    colour: Colour
    share: float = 0.5
    owner: Owner | None = None
    keeper: Owner = strawberry.field(default_factory=lambda: Owner(name="keeper"))


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

    @strawberry.field
    def owned(self) -> list[Item]:
        """Items with owners, one of them missing, one whose fields break."""
        return [
            Item(label="o", count=1, colour=Colour.RED, owner=Owner(name="ann")),
            Item(label="p", count=2, colour=Colour.GREEN),
            Item(label="q", count=3, colour=Colour.RED, owner=Owner(name="broken")),
            Item(label="r", count=4, colour=Colour.RED, owner=Owner(name="nobody")),
        ]

    @strawberry.field
    def owner(self) -> Owner:
        return Owner(name="bob")


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
        "{ owned { label owner { name shout } keeper { name } } }",
        "{ owned { owner { pets { name } maybePets { name } } } }",
        "{ owned { owner { bestPet { name } } } }",
        "{ owned { keeper { fails } } }",
        "{ owned { owner { nothing } } }",
        "{ owned { owner { sneaky name } } }",
        "{ owned { owner { later shout } } }",
        "{ owned { owner { asked times t3: times(n: 3) } } }",
        "{ owned { owner { __typename ... on Owner { name } pets { __typename } } } }",
        "{ owner { name pets { name } bestPet { name } } }",
        "{ owner { fails pets { name } } }",
        "{ owned { keeper @include(if: false) { name } label } }",
        "{ owned { owner { guarded shout } } }",
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


def test_a_resolver_of_self_alone_is_read_in_place_and_others_are_not() -> None:
    owner = strawberry.Schema(query=Query)._schema.type_map["Owner"]
    assert isinstance(owner, GraphQLObjectType)
    for name in ("name", "shout", "pets", "bestPet", "counted"):
        assert plain_reader(owner, name) is not None, name
    # the info, an argument, async, a permission class: strawberry's own way
    for name in ("asked", "times", "later", "guarded"):
        assert plain_reader(owner, name) is None, name


async def test_nested_objects_are_completed_in_one_pass() -> None:
    """Each owner's resolver runs once: the objects below a list are completed in place,
    not read a first time and then left to graphql-core."""
    fast = strawberry.Schema(query=Query, execution_context_class=ExecutionContext)
    CALLS.clear()
    result = await fast.execute("{ owned { owner { counted pets { name } } } }")
    assert result.errors is None
    assert CALLS == ["ann", "broken", "nobody"]
