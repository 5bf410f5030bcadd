"""Parameters are spelled for FalkorDB's CYPHER header by graph.backends.falkor_params: the
plain way exactly as the falkordb client spells them, batches through orjson (which values
take which way is pinned here; tests/test_falkordb_roundtrip.py reads both back)."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import pytest
from falkordb.helpers import stringify_param_value

from zhepai.graph.backends.falkor_params import _plain, header, json_literal, literal
from zhepai.graph.errors import StoreInputError


class Kind(enum.StrEnum):
    SKILL = "SKILL_LEVEL"


VALUES: list[Any] = [
    "", "plain", 'a "quoted" \\ back\\slash', "浙派工匠\n换行\t", "`tick`", 0, -7, 2**62,
    1.5, 1e-7, None, True, False, [], {}, ["a", 1, None, [2, {"k": "v"}]],
    {"no": "SYN-000000000001", "level": None, "birthYear": 1990, "nested": {"a": [1, "b"]}},
    ("a", "b"),
]  # fmt: skip


@pytest.mark.parametrize("value", VALUES)
def test_the_plain_way_spells_a_literal_as_the_client_does(value: Any) -> None:
    assert _plain(value) == stringify_param_value(value)


def test_dates_and_str_subclasses_go_as_plain_strings() -> None:
    assert literal(date(2024, 1, 31)) == '"2024-01-31"'
    assert literal(datetime(2024, 1, 31, 8, 0, tzinfo=UTC)) == '"2024-01-31T08:00:00+00:00"'
    assert literal(Kind.SKILL) == '"SKILL_LEVEL"'
    assert literal([{"kind": Kind.SKILL}]) == '[{`kind`:"SKILL_LEVEL"}]'


def test_a_key_that_cannot_be_spelled_is_refused() -> None:
    with pytest.raises(ValueError, match="key"):
        literal({"a`b": 1})
    with pytest.raises(ValueError, match="key"):
        header({"": 1})
    with pytest.raises(TypeError):
        literal(object())


def test_the_header_names_every_parameter() -> None:
    assert header({}) == ""
    assert header({"rows": [{"a": 1}], "limit": 5}) == "CYPHER `rows`=[{`a`:1}] `limit`=5 "


BATCH: list[Any] = [
    {"no": f"SYN-{i:012d}", "nk": "3f2a9c01b4", "level": None, "birthYear": 1990 + i,
     "name": "张三 \"阿三\" \\ O'Neil", "occupational": [{"no": "C-1", "status": None}]}
    for i in range(3)
]  # fmt: skip


def test_batches_take_the_fast_way_and_spell_what_the_plain_way_does() -> None:
    assert json_literal(BATCH) is not None
    assert literal(BATCH) == _plain(BATCH)
    assert literal({"a": [1, "b", None]}) == _plain({"a": [1, "b", None]})


@pytest.mark.parametrize(
    "value",
    [
        [1.5], [True], [{"a b": 1}], [{"a-b": 1}], [{"é": 1}], [{1: "x"}], [2**63], [-(2**63) - 1],
        [date(2024, 1, 1)], [Kind.SKILL], [("a", "b")], ["\x01"], ["\x1f"], ["a\x00b"],
        ["\ud800"], ["a\\u0041"],
    ],
)  # fmt: skip
def test_anything_else_goes_the_plain_way(value: list[Any]) -> None:
    assert json_literal(value) is None


def test_short_escapes_go_the_fast_way() -> None:
    # FalkorDB reads \n \t \r \b \f (tests/test_falkordb_roundtrip.py reads them back)
    assert json_literal(["a\nb\tc\rd\be\ff"]) == '["a\\nb\\tc\\rd\\be\\ff"]'


def test_a_nul_is_refused_either_way() -> None:
    with pytest.raises(StoreInputError):
        literal([{"name": "a\x00b"}])
