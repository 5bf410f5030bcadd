"""No coroutine is left un-awaited (issue #23): documents mixing lists of fields that load
asynchronously with a field that fails, sent with warnings recorded and a forced collection
(Python warns of a dropped coroutine only when it is collected, so a plain test misses it)."""

from __future__ import annotations

import gc
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.schema_walk import document, required_arguments, root_fields
from zhepai.schema.root import schema
from zhepai.web.roles import Role

# many fields that load through DataLoaders, beside the field that fails
LOADING = "loading: seriesList { industry { code } occupations { series { code } } }"
MIXED = [
    # the document of the issue: BAD_USER_INPUT beside 36 series' industries
    '{ seriesList { industry { code } } coverageMatrix(designation: "x") { gapCount } }',
    "{ " + LOADING + ' careerPath(from: {occupationId: "x"}, to: {occupationId: "y"}) '
    "{ reachable } }",
    "{ " + LOADING + ' nextSteps(position: {occupationId: "x"}) { kind } }',
    "{ " + LOADING + ' coverageWhatIf(additions: [{regionCode: "1", seriesCodes: []}]) '
    "{ gapsAfter } }",
]


def _beside_loading(text: str) -> str:
    """``text`` (a document of schema_walk) with LOADING as its first root field."""
    opening = text.index("{") + 1
    return text[:opening] + " " + LOADING + text[opening:]


def _walked() -> list[tuple[str, dict[str, Any]]]:
    """Every root query field, called with sample arguments (most of which fail)."""
    found = []
    for root in root_fields(schema._schema):
        if root.operation == "query":
            text, variables = document(root, required_arguments(root))
            found.append((_beside_loading(text), variables))
    return found


@contextmanager
def never_awaited() -> Iterator[list[str]]:
    """The "never awaited" warnings raised inside the block and at a collection after it."""
    found: list[str] = []
    hook = sys.unraisablehook
    sys.unraisablehook = lambda raised: found.append(f"{raised.exc_value!r} {raised.object!r}")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield found
            gc.collect()
    finally:
        sys.unraisablehook = hook
    found += [str(w.message) for w in caught]
    found[:] = [f for f in found if "never awaited" in f]


@pytest.mark.parametrize("role", [Role.ANONYMOUS, Role.ADMIN], ids=lambda r: r.label)
async def test_no_coroutine_is_left_unawaited(gql: GraphQLClient, role: Role) -> None:
    client = gql.as_role(role)
    with never_awaited() as found:
        for _ in range(2):  # the second time with the caches warm, as under load
            for text in MIXED:
                assert (await client.raw(text)).get("errors"), text  # each mixes in a failure
        for text, variables in _walked():
            await client.raw(text, **variables)
    assert found == []
