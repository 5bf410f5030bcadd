"""The execution context: plain fields completed in one step.

graphql-core executes every field the same way: a path entry, a resolve-info object, the
resolver (strawberry's wrapper around ours, which converts arguments and builds its own
info), then completion by the field's type: a fixed cost for every field. Most fields here
are plain: an attribute holding a scalar or an enum (``covered``, ``baseCount``, ``demand`` of
the 3,240 cells of a coverage matrix), or an object built from the kept catalogue and
coverage model (a gap's county, series, factors and nearest base; a career step's
occupation and bases). A response of thousands of them spent nearly all its time in that
machinery (bench/RESULTS.md, case 1).

A field is plain when it takes no arguments and either has no resolver (strawberry marks it
basic: no permission class or other field extension; it reads the attribute) or has a
synchronous resolver that takes ``self`` alone (strawberry would call it with the object and
nothing else), and its type is a scalar, an enum, an object type that checks nothing of its
objects (no interface or union), or a list of one of them. A plain leaf is read and coerced
as graphql-core would; a plain object is completed by the plan of its selection, field by
field, in place, down to where a field is not plain (the plan is worked out once per
request and selection). Anything unusual (a null for a non-null field, a value the type
cannot coerce, an awaitable, a resolver that raises) and the field goes through graphql-core's
own path, which runs the resolvers again and raises the error it always did. So a
resolver of ``self`` alone must change nothing (those here read kept data): run twice, it
gives the same answer.
Every other field, and every field when an extension wraps the resolvers, is executed by
graphql-core unchanged. ``tests/test_execution.py`` runs documents over the whole schema
with and without this and compares the responses.

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
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
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
from strawberry.types.fields.resolver import StrawberryResolver

_PLAIN_VALUES = (str, int, float, bool, list, tuple)  # never awaitable

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
    (see ``plain_reader``; or a type that is not a scalar or an enum, or a list of them)."""
    found = plain_reader(parent_type, field_name)
    if found is None:
        return None
    read, return_type = found
    non_null = isinstance(return_type, GraphQLNonNull)
    named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    if isinstance(named, GraphQLList):
        each = _leaf_items(named.of_type)
        return None if each is None else (read, each, non_null, None)
    if not isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return None
    leaf: GraphQLLeafType = named
    unchanged = UNCHANGED.get(named) if isinstance(named, GraphQLScalarType) else None
    return read, leaf.coerce_output_value, non_null, unchanged


@lru_cache(maxsize=8192)
def plain_reader(
    parent_type: GraphQLObjectType, field_name: str
) -> tuple[Callable[[Any], Any], GraphQLOutputType] | None:
    """How to read ``parent_type.field_name`` off its object, and the field's type; None when
    graphql-core must call the field's resolver: arguments, a permission class or other field
    extension, an async resolver, one that asks for more than ``self`` (the info, the root),
    or a default resolver other than ``getattr``. A resolver that takes ``self`` alone reads
    the object as an attribute would: strawberry would call it with the object and nothing
    else."""
    field_def: GraphQLField | None = parent_type.fields.get(field_name)
    if field_def is None or field_def.args or field_def.resolve is None:
        return None
    definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or definition.extensions:
        return None
    resolver = definition.base_resolver
    if resolver is None:
        if definition.default_resolver is not getattr:  # a configured resolver: strawberry's
            return None
        return attrgetter(definition.python_name), field_def.type
    function = resolver.wrapped_func
    if isinstance(function, staticmethod | classmethod) or not _reads_self_only(resolver):
        return None
    return _calling(function), field_def.type


def _reads_self_only(resolver: StrawberryResolver[Any]) -> bool:
    return (
        not resolver.is_async
        and resolver.self_parameter is not None
        and resolver.info_parameter is None
        and resolver.root_parameter is None
        and resolver.parent_parameter is None
        and not resolver.arguments
    )


class _Unplain(Exception):
    """A resolver's value the fast path will not complete."""


def _calling(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def call(source: Any) -> Any:
        value = function(source)
        if type(value) is CoroutineType:  # a plain function that returned a coroutine
            value.close()  # graphql-core calls it again and awaits its own
            raise _Unplain
        return value

    return call


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
        """graphql-core's ``execute_fields`` with plain fields completed in place."""
        if _wraps_resolvers(self.middleware_manager):
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                entry = self._entry_of(parent_type, field_details_list)
                if entry is not None:
                    value = _complete_entry(entry, source_value)
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
        """A list of objects whose selected fields are all plain, completed in one loop; any
        other list, graphql-core's way."""
        if isinstance(items, list | tuple) and not _wraps_resolvers(self.middleware_manager):
            # (an iterator could not be read a second time, on the way back)
            named = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
            plan = self._plan_of(named, field_details_list)
            if plan is not None:
                completed = _complete_objects(plan, items, isinstance(item_type, GraphQLNonNull))
                if completed is not None:
                    return completed
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    def _entry_of(
        self, parent_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> Entry | None:
        """How to complete a selected field in place, or None for graphql-core's way."""
        node = field_details_list[0].node
        if node.arguments:
            return None
        leaf = plain_leaf(parent_type, node.name.value)
        if leaf is not None:
            return leaf
        found = plain_reader(parent_type, node.name.value)
        if found is None:
            return None
        read, return_type = found
        non_null = isinstance(return_type, GraphQLNonNull)
        named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        items: bool | None = None
        if isinstance(named, GraphQLList):
            items = isinstance(named.of_type, GraphQLNonNull)
            named = named.of_type.of_type if items else named.of_type
        plan = self._plan_of(named, field_details_list)
        return None if plan is None else Nested(read, plan, non_null, items)

    def _plan_of(self, named: Any, field_details_list: FieldDetailsList) -> Plan | None:
        """``_object_plan``, worked out once per request for each selection (the 90 rows of a
        coverage matrix share the selection of their cells)."""
        plans: dict[tuple[object, ...], Plan | None] = self.__dict__.setdefault("_plans", {})
        # the selection's nodes live as long as the request's document, so their ids hold
        key = (named, *(id(details.node) for details in field_details_list))
        if key not in plans:
            plans[key] = self._object_plan(named, field_details_list)
        return plans[key]

    def _object_plan(self, named: Any, field_details_list: FieldDetailsList) -> Plan | None:
        """(response name, how to complete it) for each field selected of an object of type
        ``named`` (``__typename`` included), or None when it must go graphql-core's way: an
        abstract type, a type that checks its objects (``is_type_of``), ``@defer`` or
        ``@stream``, or a field that is not plain."""
        if not isinstance(named, GraphQLObjectType) or named.is_type_of is not None:
            return None
        if any(details.node.directives for details in field_details_list):
            return None  # @stream and the like
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(named, field_details_list)
        if new_defer_usages:
            return None
        plan: Plan = []
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            if node.name.value == "__typename" and not node.arguments:
                plan.append((response_name, _constant(named.name)))
                continue
            entry = self._entry_of(named, details)
            if entry is None:
                return None
            plan.append((response_name, entry))
        return plan


@dataclass(frozen=True, slots=True)
class Nested:
    """An object field, or a list of objects, completed in place by the plan of its
    selection."""

    read: Callable[[Any], Any]
    plan: Plan
    non_null: bool
    items: bool | None  # None: one object; else a list, True when its items are non-null


Entry = Leaf | Nested
Plan = list[tuple[str, Entry]]


def _constant(text: str) -> Leaf:
    """A ``__typename``: the same text for every item."""
    return (lambda _: text), GraphQLString.serialize, True, str


def _wraps_resolvers(manager: MiddlewareManager | None) -> bool:
    """Whether middleware wraps the resolvers (strawberry passes a manager on every request;
    it holds resolvers only when an extension implements ``resolve``)."""
    return manager is not None and getattr(manager, "_middleware_resolvers", True) is not None


def _complete_entry(entry: Entry, source: Any) -> Any:
    """The completed value, or Undefined to leave the field to graphql-core."""
    if not isinstance(entry, Nested):
        return _complete(entry, source)
    try:
        value = entry.read(source)
    except Exception:  # graphql-core's own path raises it again, as a field error
        return Undefined
    if value is None:
        return Undefined if entry.non_null else None
    if entry.items is None:
        if isinstance(value, Awaitable):
            return Undefined
        return _complete_object(entry.plan, value)
    if not isinstance(value, list | tuple):
        return Undefined
    completed = _complete_objects(entry.plan, value, entry.items)
    return Undefined if completed is None else completed


def _complete_objects(
    plan: Sequence[tuple[str, Entry]], items: Iterable[Any], non_null: bool
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
        value = _complete_object(plan, item)
        if value is Undefined:
            return None
        completed.append(value)
    return completed


def _complete_object(plan: Sequence[tuple[str, Entry]], item: Any) -> Any:
    """The object's selected fields completed, or Undefined when one needs graphql-core."""
    value: dict[str, Any] = {}
    for response_name, entry in plan:
        if isinstance(entry, Nested):
            field = _complete_entry(entry, item)
            if field is Undefined:
                return Undefined
            value[response_name] = field
            continue
        # _complete's first case inlined: a value the scalar passes unchanged
        try:
            field = entry[0](item)
        except Exception:  # graphql-core's own path raises it again, as a field error
            return Undefined
        kind = type(field)
        if kind is not entry[3] or not (
            kind is str
            or kind is bool
            or (kind is int and MIN_INT <= field <= MAX_INT)
            or (kind is float and isfinite(field))
        ):
            field = _coerced(entry, field)
            if field is Undefined:
                return Undefined
        value[response_name] = field
    return value


def _complete(leaf: Leaf, source: Any) -> Any:
    """The completed value, or Undefined to leave the field to graphql-core."""
    try:
        value = leaf[0](source)
    except Exception:  # graphql-core's own path raises it again, as a field error
        return Undefined
    return _coerced(leaf, value)


def _coerced(leaf: Leaf, value: Any) -> Any:
    """The value read, completed by the leaf's type, or Undefined for graphql-core's way."""
    _, coerce, non_null, unchanged = leaf
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
    if kind not in _PLAIN_VALUES and isinstance(value, Awaitable):
        return Undefined
    try:
        coerced = coerce(value)
    except Exception:  # graphql-core's own path raises it again, as a field error
        return Undefined
    return Undefined if coerced is None else coerced


async def _gathered(results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
    if len(awaitable_fields) == 1:
        field = awaitable_fields[0]
        results[field] = await results[field]
    else:
        values = await gather_with_cancel(*(results[f] for f in awaitable_fields))
        results.update(zip(awaitable_fields, values, strict=True))
    return results
