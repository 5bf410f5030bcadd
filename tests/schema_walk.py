"""The schema as data for the generic tests: every field, and documents that call a root field
with arguments of the right types (the permission walk and the fuzzing build on these)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
)
from graphql.pyutils import Undefined


@dataclass(frozen=True)
class RootField:
    operation: str  # "query" or "mutation"
    name: str
    field: GraphQLField

    @property
    def key(self) -> str:
        return f"{'Query' if self.operation == 'query' else 'Mutation'}.{self.name}"


def object_fields(schema: GraphQLSchema) -> Iterator[tuple[str, GraphQLField]]:
    """``("Type.field", field)`` for every field of every object and interface type."""
    for type_name, named in sorted(schema.type_map.items()):
        if type_name.startswith("__"):
            continue
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in sorted(named.fields.items()):
                yield f"{type_name}.{field_name}", field


def root_fields(schema: GraphQLSchema) -> list[RootField]:
    found = []
    for operation, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        if root is not None:
            found += [RootField(operation, n, f) for n, f in sorted(root.fields.items())]
    return found


def document(root: RootField, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A document calling ``root`` with ``arguments`` passed as variables, selecting only
    ``__typename`` below it (so nothing under the field runs)."""
    declared = ", ".join(f"${n}: {root.field.args[n].type}" for n in arguments)
    passed = ", ".join(f"{n}: ${n}" for n in arguments)
    call = f"{root.name}({passed})" if arguments else root.name
    selection = "" if is_leaf_type(get_named_type(root.field.type)) else " { __typename }"
    head = f"{root.operation} Walk({declared})" if arguments else f"{root.operation} Walk"
    return f"{head} {{ {call}{selection} }}", dict(arguments)


def sample(kind: GraphQLInputType) -> Any:
    """A value of the type that coerces: for calling a field, not for a sensible answer."""
    if isinstance(kind, GraphQLNonNull):
        return sample(kind.of_type)
    if isinstance(kind, GraphQLList):
        return [sample(kind.of_type)]
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: sample(field.type)
            for name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull)
        }
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    assert isinstance(kind, GraphQLScalarType)
    return SCALAR_SAMPLES[kind.name]


def required_arguments(root: RootField) -> dict[str, Any]:
    return {
        name: sample(argument.type)
        for name, argument in root.field.args.items()
        if isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
    }


SCALAR_SAMPLES: dict[str, Any] = {
    "String": "x",
    "ID": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2024-01-01",
}
