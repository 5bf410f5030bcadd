"""Parameters reach FalkorDB exactly as given: the backend spells them as Cypher literals
itself (graph/backends/falkordb.py), so every kind of value must survive the round trip."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhepai.graph.backends.falkordb import FalkorStore
from zhepai.graph.cypher import Access, Cypher
from zhepai.graph.store import Bound, GraphStore
from zhepai.graph.workers import Batch, WorkerRepository

ECHO = Cypher(name="echo", text="RETURN $v AS v", access=Access.WRITE, params={"v": None})
PAIR = Cypher(
    name="pair", text="RETURN $a AS a, $b AS b", access=Access.WRITE, params={"a": 1, "b": 2}
)

# text without NUL (which FalkorDB's header parser ends strings at) or lone surrogates
TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))
SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | TEXT
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.from_regex(r"[A-Za-z_][A-Za-z0-9_ .-]{0,10}", fullmatch=True), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=VALUES)
async def test_any_value_comes_back_unchanged(scratch_store: GraphStore, value: Any) -> None:
    assert isinstance(scratch_store, FalkorStore)
    (row,) = await scratch_store.write(ECHO, v=value)
    assert row["v"] == value


async def test_every_control_character_and_escape_comes_back(scratch_store: GraphStore) -> None:
    # both ways of spelling: JSON's short escapes (\n \t \r \b \f) take the fast one, the
    # other control characters the plain one
    texts = [chr(c) for c in range(1, 32)] + ['"', "\\", "\\n", "\\u0041", "`k`:", '"k":', "浙😀"]
    value = [{"t": t, "n": i, "none": None, "inner": [t, {"u": t}]} for i, t in enumerate(texts)]
    (row,) = await scratch_store.write(ECHO, v=value)
    assert row["v"] == value
    for single in value:
        (row,) = await scratch_store.write(ECHO, v=[single])
        assert row["v"] == [single]


async def test_a_statement_bound_ahead_is_sent_with_the_rest(scratch_store: GraphStore) -> None:
    bound = scratch_store.bind(PAIR, a=[{"no": "C-1", "n": 7}])
    assert await scratch_store.send(bound, b="x") == [{"a": [{"no": "C-1", "n": 7}], "b": "x"}]
    # as another store would make it, its parameters unspelled
    unspelled = Bound(PAIR, {"a": "y"})
    assert await scratch_store.send(unspelled, b=None) == [{"a": "y", "b": None}]
    with pytest.raises(TypeError, match="missing parameters"):
        await scratch_store.send(bound)
    with pytest.raises(TypeError, match="unexpected"):
        scratch_store.bind(PAIR, c=3)


META_KEYS = Cypher(name="meta_keys", text="MATCH (m:Meta) RETURN m.key AS key, keys(m) AS keys")


async def test_the_write_lock_idiom_runs_and_leaves_nothing_behind(
    scratch_store: GraphStore,
) -> None:
    """``SET m._lock = true REMOVE m._lock``, which takes the node's write lock on Neo4j
    before a guard reads it, is common Cypher: FalkorDB runs it, whether the guard then
    passes or not, and no ``_lock`` stays on the node."""
    repo = WorkerRepository(scratch_store)
    version = await repo.apply(Batch(), expected="")
    assert version is not None
    assert await repo.apply(Batch(), expected="") is None  # the guard holds
    assert await repo.apply(Batch(), expected=version) is not None
    for row in await scratch_store.read(META_KEYS):
        assert "_lock" not in row["keys"], row
