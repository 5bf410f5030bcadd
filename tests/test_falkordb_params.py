"""Parameters are spelled for FalkorDB's CYPHER header exactly as the falkordb client spells
them (graph.backends.falkordb writes the header itself, for speed)."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import pytest
from falkordb.helpers import stringify_param_value

from graph.backends.falkordb import _header, _literal


class Kind(enum.StrEnum):
    SKILL = "SKILL_LEVEL"


VALUES: list[Any] = [
    "", "plain", 'a "quoted" \\ back\\slash', "浙派工匠\n换行\t", "`tick`", 0, -7, 2**62,
    1.5, 1e-7, None, True, False, [], {}, ["a", 1, None, [2, {"k": "v"}]],
    {"no": "SYN-000000000001", "level": None, "birthYear": 1990, "nested": {"a": [1, "b"]}},
    ("a", "b"),
]  # fmt: skip


@pytest.mark.parametrize("value", VALUES)
def test_a_literal_is_spelled_as_the_client_spells_it(value: Any) -> None:
    assert _literal(value) == stringify_param_value(value)


def test_dates_and_str_subclasses_go_as_plain_strings() -> None:
    assert _literal(date(2024, 1, 31)) == '"2024-01-31"'
    assert _literal(datetime(2024, 1, 31, 8, 0, tzinfo=UTC)) == '"2024-01-31T08:00:00+00:00"'
    assert _literal(Kind.SKILL) == '"SKILL_LEVEL"'
    assert _literal([{"kind": Kind.SKILL}]) == '[{`kind`:"SKILL_LEVEL"}]'


def test_a_key_that_cannot_be_spelled_is_refused() -> None:
    with pytest.raises(ValueError, match="key"):
        _literal({"a`b": 1})
    with pytest.raises(ValueError, match="key"):
        _header({"": 1})
    with pytest.raises(TypeError):
        _literal(object())


def test_the_header_names_every_parameter() -> None:
    assert _header({}) == ""
    assert _header({"rows": [{"a": 1}], "limit": 5}) == "CYPHER `rows`=[{`a`:1}] `limit`=5 "
