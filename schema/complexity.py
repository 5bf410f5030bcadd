"""How big a query is before it runs: nesting depth, aliases, and an estimated cost.

The cost estimates how many objects an answer holds, the way GitHub and Shopify price
queries: every object-valued field costs 1 per object, scalars cost nothing, and a field
that returns many objects multiplies what is selected under it by how many it may return —

* a connection by its ``first`` as asked (default 20), before the server caps it at 100, so
  that ``first: 1000000`` is priced as asked and refused rather than quietly served;
* its ``edges`` by 1 (the page is already counted by ``first``);
* any other list by its ``first``/``last`` argument when it has one, else by 10.

``{ occupations(first: 50) { edges { node { series { code } } } } }`` costs
50 × (1 + 1 × (1 + 1 × (1 + 10 × 1))) = 650: per occupation its edge, the occupation, and
its list of series estimated at 10.

Each fragment is measured once and its measure reused wherever it is spread, so a document
whose fragments spread each other many times is measured in time linear in its size
(strawberry's QueryDepthLimiter and MaxAliasesLimiter walk every spread again, which takes
exponential time: twenty fragments that each spread the next twice take seconds). Fields
nested past ``max_depth`` stop the walk at once. Introspection fields (``__schema``,
``__type``) are left to graphql-core's MaxIntrospectionDepthRule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

from zhepai.schema.pagination import DEFAULT_PAGE

LIST_ESTIMATE = 10  # objects assumed in a list that has no first/last argument
_COUNT_ARGUMENTS = ("first", "last")


@dataclass(frozen=True, slots=True)
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0


class TooDeep(Exception):
    """Fields nested past the limit: the walk stops there."""


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        max_depth: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.max_depth = max_depth
        self.measured: dict[str, Measure] = {}
        self.entered: set[str] = set()

    def selection_set(
        self, selections: SelectionSetNode, parent: GraphQLNamedType | None, level: int
    ) -> Measure:
        depth = aliases = cost = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                part = self.field(node, parent, level)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                part = self.selection_set(node.selection_set, inner, level)
            elif isinstance(node, FragmentSpreadNode):
                part = self.fragment(node.name.value, level)
            else:  # pragma: no cover - graphql-core has no other selection kinds
                continue
            depth = max(depth, part.depth)
            aliases += part.aliases
            cost += part.cost
        return Measure(depth, aliases, cost)

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, level: int) -> Measure:
        aliases = 1 if node.alias else 0
        name = node.name.value
        if name.startswith("__"):
            return Measure(0, aliases, 0)
        if level + 1 > self.max_depth:
            raise TooDeep
        definition = (
            parent.fields.get(name)
            if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
            else None
        )
        if node.selection_set is None:
            return Measure(1, aliases, 0)
        if definition is None:  # refused by name in validation; its depth still counts
            inner = self.selection_set(node.selection_set, None, level + 1)
            return Measure(1 + inner.depth, aliases + inner.aliases, 0)
        child_type = get_named_type(definition.type)
        inner = self.selection_set(node.selection_set, child_type, level + 1)
        times = self.multiplier(node, definition, parent)
        return Measure(1 + inner.depth, aliases + inner.aliases, times * (1 + inner.cost))

    def fragment(self, name: str, level: int) -> Measure:
        known = self.measured.get(name)
        if known is not None:
            if level + known.depth > self.max_depth:
                raise TooDeep
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.entered:
            return Measure()  # unknown or cyclic: graphql-core's validation refuses it
        self.entered.add(name)
        condition = self.schema.get_type(definition.type_condition.name.value)
        measure = self.selection_set(definition.selection_set, condition, level)
        self.entered.discard(name)
        self.measured[name] = measure
        return measure

    def multiplier(
        self, node: FieldNode, definition: GraphQLField, parent: GraphQLNamedType | None
    ) -> int:
        if _is_connection(parent) and node.name.value == "edges":
            return 1
        if _is_connection(get_named_type(definition.type)):
            return self.count(node, definition, "first", DEFAULT_PAGE)
        if is_list_type(get_nullable_type(definition.type)):
            for argument in _COUNT_ARGUMENTS:
                if argument in definition.args:
                    return self.count(node, definition, argument, LIST_ESTIMATE)
            return LIST_ESTIMATE
        return 1

    def count(self, node: FieldNode, definition: GraphQLField, argument: str, default: int) -> int:
        """The value the caller gave ``argument`` (a literal or a variable), else its default."""
        value: Any = None
        for given in node.arguments or ():
            if given.name.value != argument:
                continue
            if isinstance(given.value, IntValueNode):
                value = int(given.value.value)
            elif isinstance(given.value, VariableNode):
                value = self.variables.get(given.value.name.value)
        if value is None:
            value = definition.args[argument].default_value
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return default  # absent, or refused later as bad input
        return value


def _is_connection(named: GraphQLNamedType | None) -> bool:
    return isinstance(named, GraphQLObjectType) and {"edges", "pageInfo"} <= named.fields.keys()


def operation_of(
    definitions: list[OperationDefinitionNode], name: str | None
) -> OperationDefinitionNode | None:
    """The operation a request runs; None when it names none that exists (refused later)."""
    if name is None:
        return definitions[0] if len(definitions) == 1 else None
    return next((d for d in definitions if d.name and d.name.value == name), None)


def measure(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    max_depth: int,
) -> Measure:
    """The operation's measure; raises ``TooDeep`` past ``max_depth`` nested fields."""
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    walk = _Walk(schema, fragments, variables, max_depth)
    return walk.selection_set(operation.selection_set, root, 0)
