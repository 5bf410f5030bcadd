"""How big a query is before it runs: nesting depth, aliases, and an estimated cost.

The cost bounds how many objects an answer holds, the way GitHub and Shopify price queries:
every object-valued field costs 1 per object, scalars cost nothing, and a list multiplies what
is selected under it by the most items it may hold, from one table (schema/sizes.py): a
connection by its ``first`` as asked (default 20, before the server caps it at 100), its
``edges`` by 1, the coverage matrix's rows by the 90 counties and their cells by the 36 series,
and so on. Where the table says the lists of one parent list's items hold fewer items together
than each may hold times their number (36 series, 901 occupations between them), the total
is used.

``{ occupations(first: 50) { edges { node { series { code } } } } }`` costs
50 × (1 + 1 × (1 + 1 × (1 + 3 × 1))) = 300: per occupation its edge, the occupation, and
its at most three series.

Each fragment is measured once and its measure reused wherever it is spread (once per set of
the parent's arguments the table reads), so a document whose fragments spread each other many
times is measured in time linear in its size (strawberry's QueryDepthLimiter and
MaxAliasesLimiter walk every spread again, which takes exponential time: twenty fragments
that each spread the next twice take seconds). Fields nested past ``max_depth`` stop the walk
at once. Introspection fields (``__schema``, ``__type``) are left to graphql-core's
MaxIntrospectionDepthRule.
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
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
    value_from_ast_untyped,
)
from graphql.pyutils import Undefined

from zhepai.schema.sizes import SIZES, UNKNOWN, Asked, Grouped, Years, items, reads_parent

# The types whose list fields size themselves by the arguments of the field above them.
_READ_BY_CHILDREN = frozenset(c.split(".")[0] for c, size in SIZES.items() if reads_parent(size))
# The lists whose items are counted together across the items of the parent list:
# (each, together) → (the cost of one item, the cost of one list); see ``_fold``.
Shared = tuple[tuple[tuple[int, int], tuple[int, int]], ...]


@dataclass(frozen=True, slots=True)
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0


@dataclass(frozen=True, slots=True)
class _Part:
    depth: int = 0
    aliases: int = 0
    cost: int = 0  # per object of the parent, the shared lists left out
    shared: Shared = ()


class TooDeep(Exception):
    """Fields nested past the limit: the walk stops there."""


def _merge(parts: list[Shared]) -> Shared:
    """Shared lists with the same bounds add up: min(n × each, together) factors out."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for shared in parts:
        for bounds, (unit, one_list) in shared:
            known = merged.get(bounds, (0, 0))
            merged[bounds] = (known[0] + unit, known[1] + one_list)
    return tuple(sorted(merged.items()))


def _fold(shared: Shared, parents: int) -> int:
    """The cost of the shared lists under ``parents`` objects of one list: their items
    together, or each list at its fullest, whichever is less."""
    return sum(
        min(min(parents * each, together) * unit, parents * one_list)
        for (each, together), (unit, one_list) in shared
    )


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
        self.variables = dict(variables)
        self.max_depth = max_depth
        self.measured: dict[tuple[str, object], _Part] = {}
        self.entered: set[str] = set()

    def selection_set(
        self,
        selections: SelectionSetNode,
        parent: GraphQLNamedType | None,
        level: int,
        above: tuple[tuple[str, Any], ...] = (),
    ) -> _Part:
        """``above``: the arguments of the field whose selection this is, when the table
        sizes a list under it by them (else empty, so that fragments are measured once)."""
        depth = aliases = cost = 0
        shared: list[Shared] = []
        for node in selections.selections:
            if isinstance(node, FieldNode):
                part = self.field(node, parent, level, above)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                part = self.selection_set(node.selection_set, inner, level, above)
            elif isinstance(node, FragmentSpreadNode):
                part = self.fragment(node.name.value, level, above)
            else:  # pragma: no cover - graphql-core has no other selection kinds
                continue
            depth = max(depth, part.depth)
            aliases += part.aliases
            cost += part.cost
            shared.append(part.shared)
        return _Part(depth, aliases, cost, _merge(shared))

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType | None,
        level: int,
        above: tuple[tuple[str, Any], ...],
    ) -> _Part:
        aliases = 1 if node.alias else 0
        name = node.name.value
        if name.startswith("__"):
            return _Part(0, aliases)
        if level + 1 > self.max_depth:
            raise TooDeep
        definition = (
            parent.fields.get(name)
            if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
            else None
        )
        if node.selection_set is None:
            return _Part(1, aliases)
        if definition is None or parent is None:  # refused by name in validation
            inner = self.selection_set(node.selection_set, None, level + 1)
            return _Part(1 + inner.depth, aliases + inner.aliases)
        child_type = get_named_type(definition.type)
        below: tuple[tuple[str, Any], ...] = ()
        if child_type.name in _READ_BY_CHILDREN:
            below = tuple(sorted(self.arguments(node, definition).items()))
        inner = self.selection_set(node.selection_set, child_type, level + 1, below)
        depth, aliases = 1 + inner.depth, aliases + inner.aliases
        size = SIZES.get(f"{parent.name}.{name}")
        if size is None and not is_list_type(get_nullable_type(definition.type)):
            # one object: its shared lists are counted under it
            return _Part(depth, aliases, 1 + inner.cost + _fold(inner.shared, 1))
        size = size or UNKNOWN
        own = self.arguments(node, definition) if isinstance(size, Asked | Grouped | Years) else {}
        most = items(size, own, dict(above))
        one_list = most.each * (1 + inner.cost) + _fold(inner.shared, most.each)
        if most.together is None:
            return _Part(depth, aliases, one_list)
        unit = 1 + inner.cost + _fold(inner.shared, 1)
        return _Part(depth, aliases, 0, (((most.each, most.together), (unit, one_list)),))

    def fragment(self, name: str, level: int, above: tuple[tuple[str, Any], ...]) -> _Part:
        key = (name, above)
        known = self.measured.get(key)
        if known is not None:
            if level + known.depth > self.max_depth:
                raise TooDeep
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.entered:
            return _Part()  # unknown or cyclic: graphql-core's validation refuses it
        self.entered.add(name)
        condition = self.schema.get_type(definition.type_condition.name.value)
        part = self.selection_set(definition.selection_set, condition, level, above)
        self.entered.discard(name)
        self.measured[key] = part
        return part

    def arguments(self, node: FieldNode, definition: GraphQLField) -> dict[str, Any]:
        """The field's arguments as given (literals or variables), else their defaults;
        hashable, so that they can key a fragment's measure."""
        given: dict[str, Any] = {
            name: argument.default_value
            for name, argument in definition.args.items()
            if argument.default_value is not Undefined
        }
        for argument in node.arguments or ():
            try:
                value = value_from_ast_untyped(argument.value, self.variables)
            except Exception:  # a bad value: validation refuses it later
                value = None
            if value is not Undefined:  # an unset variable leaves the default
                given[argument.name.value] = value
        return {name: _hashable(value) for name, value in given.items()}


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


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
    part = walk.selection_set(operation.selection_set, root, 0)
    return Measure(part.depth, part.aliases, part.cost + _fold(part.shared, 1))
