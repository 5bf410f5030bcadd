"""The execution context: plain leaf fields completed in one step.

graphql-core executes every field the same way: a path entry, a resolve-info object, the
resolver, then completion by the field's type: a fixed cost for every field. Most
fields here are plain attributes holding a scalar or an enum (``covered``, ``baseCount``,
``demand`` of the 3,240 cells of a coverage matrix), and a response of thousands of them
spent nearly all its time in that machinery (bench/RESULTS.md, case 1).

A field is completed directly when strawberry marks it basic (no resolver, no permission
class or other field extension: it reads the attribute), it takes no arguments and its type
is a scalar or an enum, or a list of them, nullable or not: the value is read as strawberry
would read it and coerced by the type as graphql-core would. Anything unusual (a null for a
non-null field, a value the type cannot coerce, an awaitable) and the field goes through
graphql-core's own path, which raises the error it always did. Every other field, and every
field when an extension wraps the resolvers, is executed by graphql-core unchanged.
``tests/test_execution.py`` runs documents over the whole schema with and without this and
compares the responses.

No coroutine is left un-awaited. graphql-core creates a field's coroutine, then wraps it in
another (``await_completed``, ``get_results``…) that a task runs; when a field error cancels
its siblings, a task cancelled before its first step never awaits what its wrapper holds, and
Python warns of each such coroutine when it is collected (a hundred and more per request
mixing a list with a failing field, issue #23). The context notes the coroutines it is shown
and, once a request with errors has settled (its background work too), closes those that
never started.
"""

from __future__ import annotations

from asyncio import all_tasks, ensure_future, wait
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from functools import lru_cache
from inspect import CORO_CREATED, getcoroutinestate
from math import isfinite
from operator import attrgetter
from types import CoroutineType
from typing import Any, TypeGuard

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.execution import MiddlewareManager
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from graphql.type.scalars import GRAPHQL_MAX_INT as MAX_INT
from graphql.type.scalars import GRAPHQL_MIN_INT as MIN_INT
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

_PLAIN_VALUES = (str, int, float, bool)

# (read the value from the source, coerce it, whether null is an error, the Python type the
# scalar passes through unchanged: str for String and ID, bool for Boolean, int for Int
# within 32 bits, float for Float when finite — graphql-core's own rules)
Leaf = tuple[Callable[[Any], Any], Callable[[Any], Any], bool, type | None]
UNCHANGED: dict[GraphQLScalarType, type] = {
    GraphQLString: str,
    GraphQLID: str,
    GraphQLBoolean: bool,
    GraphQLInt: int,
    GraphQLFloat: float,
}


@lru_cache(maxsize=8192)
def plain_leaf(parent_type: GraphQLObjectType, field_name: str) -> Leaf | None:
    """How to complete ``parent_type.field_name`` directly, or None when graphql-core must
    (a resolver, a field extension such as a permission class, arguments, or a type that
    is not a scalar or an enum, or a default resolver other than ``getattr``)."""
    field_def: GraphQLField | None = parent_type.fields.get(field_name)
    if field_def is None or field_def.args or field_def.resolve is None:
        return None
    definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if definition.default_resolver is not getattr:  # a configured resolver: strawberry's way
        return None
    return_type = field_def.type
    non_null = isinstance(return_type, GraphQLNonNull)
    named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    read = attrgetter(definition.python_name)
    if isinstance(named, GraphQLList):
        each = _leaf_items(named.of_type)
        return None if each is None else (read, each, non_null, None)
    if not isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return None
    leaf: GraphQLLeafType = named
    unchanged = UNCHANGED.get(named) if isinstance(named, GraphQLScalarType) else None
    return read, leaf.coerce_output_value, non_null, unchanged


def _leaf_items(item_type: GraphQLOutputType) -> Callable[[Any], list[Any] | None] | None:
    """How to complete a list of scalars or enums (a group's ``key`` and ``label``) in one
    loop; None for lists of anything else. The completion gives None, and so graphql-core's
    own path, for a value that is not a list or an item the type cannot take."""
    non_null = isinstance(item_type, GraphQLNonNull)
    named = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
    if not isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return None
    coerce = named.coerce_output_value
    unchanged = UNCHANGED.get(named) if isinstance(named, GraphQLScalarType) else None

    def each(values: Any) -> list[Any] | None:
        if not isinstance(values, list | tuple):
            return None
        out: list[Any] = []
        for value in values:
            kind = type(value)
            if kind is unchanged and (
                kind is str
                or kind is bool
                or (kind is int and MIN_INT <= value <= MAX_INT)
                or (kind is float and isfinite(value))
            ):
                out.append(value)
            elif value is None:
                if non_null:
                    return None
                out.append(None)
            else:
                coerced = coerce(value)
                if coerced is None:
                    return None
                out.append(coerced)
        return out

    return each


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._coroutines: list[Coroutine[Any, Any, Any]] = []
        self._disposal: Awaitable[None] | None = None
        note = self._coroutines.append
        is_awaitable = self.is_awaitable

        def noting(value: Any) -> TypeGuard[Awaitable[Any]]:
            if type(value) is CoroutineType:
                note(value)
                return True
            return is_awaitable(value)

        self.is_awaitable = noting

    def execute_collected_root_fields(self, *args: Any, **kwargs: Any) -> Any:
        result = super().execute_collected_root_fields(*args, **kwargs)
        if not self.is_awaitable(result):
            return result
        return self._settled(result)

    async def _settled(self, result: Awaitable[Any]) -> Any:
        failed = True
        try:
            data = await result
            failed = False
            return data
        finally:
            # without errors nothing was cancelled, and every coroutine was awaited
            if failed or self.collected_errors.errors:
                self._dispose()
            else:
                self._coroutines.clear()

    def _dispose(self) -> None:
        if not self.background_futures:
            self._close_unstarted()
            return

        async def later() -> None:
            while self.background_futures:
                await wait(list(self.background_futures))
            self._close_unstarted()

        self._disposal = ensure_future(later())

    def _close_unstarted(self) -> None:
        """Close the coroutines that never started: the request is over, nothing will
        await them (a task's own coroutine is left to its task)."""
        unstarted = [c for c in self._coroutines if getcoroutinestate(c) == CORO_CREATED]
        self._coroutines.clear()
        if unstarted:
            owned = {task.get_coro() for task in all_tasks()}
            for coroutine in unstarted:
                if coroutine not in owned:
                    coroutine.close()

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """graphql-core's ``execute_fields`` with plain leaves completed in place."""
        if _wraps_resolvers(self.middleware_manager):
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                node = field_details_list[0].node
                leaf = None if node.arguments else plain_leaf(parent_type, node.name.value)
                if leaf is not None:
                    value = _complete(leaf, source_value)
                    if value is not Undefined:
                        results[response_name] = value
                        continue
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[f] for f in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return _gathered(results, awaitable_fields)

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        """A list of objects whose selected fields are all plain leaves, completed in one
        loop; any other list, graphql-core's way."""
        plan = self._plan_of(item_type, field_details_list, items)
        if plan is not None:
            completed = _complete_objects(plan, items, isinstance(item_type, GraphQLNonNull))
            if completed is not None:
                return completed
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    def _plan_of(
        self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList, items: object
    ) -> list[tuple[str, Leaf]] | None:
        """``_plain_object_plan``, worked out once per request for each selection (the 90
        rows of a coverage matrix share the selection of their cells)."""
        if not isinstance(items, list | tuple):
            return None  # an iterator could not be read a second time, on the way back
        plans: dict[tuple[object, ...], list[tuple[str, Leaf]] | None]
        plans = self.__dict__.setdefault("_plans", {})
        # the selection's nodes live as long as the request's document, so their ids hold
        key = (item_type, *(id(details.node) for details in field_details_list))
        if key not in plans:
            plans[key] = self._plain_object_plan(item_type, field_details_list)
        return plans[key]

    def _plain_object_plan(
        self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList
    ) -> list[tuple[str, Leaf]] | None:
        """(response name, how to complete it) for each selected field of the list's items
        (``__typename`` included), or None when the list must go graphql-core's way."""
        if _wraps_resolvers(self.middleware_manager):
            return None
        named = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if not isinstance(named, GraphQLObjectType) or named.is_type_of is not None:
            return None
        if any(details.node.directives for details in field_details_list):
            return None  # @stream and the like
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(named, field_details_list)
        if new_defer_usages:
            return None
        plan: list[tuple[str, Leaf]] = []
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            if node.name.value == "__typename" and not node.arguments:
                plan.append((response_name, _constant(named.name)))
                continue
            leaf = None if node.arguments else plain_leaf(named, node.name.value)
            if leaf is None:
                return None
            plan.append((response_name, leaf))
        return plan


def _constant(text: str) -> Leaf:
    """A ``__typename``: the same text for every item."""
    return (lambda _: text), GraphQLString.serialize, True, str


def _wraps_resolvers(manager: MiddlewareManager | None) -> bool:
    """Whether middleware wraps the resolvers (strawberry passes a manager on every request;
    it holds resolvers only when an extension implements ``resolve``)."""
    return manager is not None and getattr(manager, "_middleware_resolvers", True) is not None


def _complete_objects(
    plan: list[tuple[str, Leaf]], items: Iterable[Any], non_null: bool
) -> list[Any] | None:
    """The completed items, or None when one of them needs graphql-core (which then
    completes the whole list and reports the error where it belongs)."""
    completed: list[Any] = []
    for item in items:
        if item is None:
            if non_null:
                return None
            completed.append(None)
            continue
        value: dict[str, Any] = {}
        for response_name, leaf in plan:
            # _complete's first case inlined: a value the scalar passes unchanged
            try:
                field = leaf[0](item)
            except Exception:  # graphql-core's own path raises it again, as a field error
                return None
            kind = type(field)
            if kind is not leaf[3] or not (
                kind is str
                or kind is bool
                or (kind is int and MIN_INT <= field <= MAX_INT)
                or (kind is float and isfinite(field))
            ):
                field = _complete(leaf, item)
                if field is Undefined:
                    return None
            value[response_name] = field
        completed.append(value)
    return completed


def _complete(leaf: Leaf, source: Any) -> Any:
    """The completed value, or Undefined to leave the field to graphql-core."""
    read, coerce, non_null, unchanged = leaf
    try:
        value = read(source)
        kind = type(value)
        if kind is unchanged and (
            (kind is int and MIN_INT <= value <= MAX_INT)
            or (kind is float and isfinite(value))
            or kind is str
            or kind is bool
        ):
            return value
        if value is None:
            return Undefined if non_null else None
        if kind in _PLAIN_VALUES or not isinstance(value, Awaitable):
            coerced = coerce(value)
            return Undefined if coerced is None else coerced
    except Exception:  # graphql-core's own path raises it again, as a field error
        return Undefined
    return Undefined


async def _gathered(results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
    if len(awaitable_fields) == 1:
        field = awaitable_fields[0]
        results[field] = await results[field]
    else:
        values = await gather_with_cancel(*(results[f] for f in awaitable_fields))
        results.update(zip(awaitable_fields, values, strict=True))
    return results
