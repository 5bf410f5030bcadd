"""The certificate numbers an import has seen: every answer equals that of a plain dict,
through the pending set, the sorted array after merges, and the bits in front of them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zhepai.loaders.seen_numbers as seen_numbers
from zhepai.loaders.seen_numbers import SeenNumbers


def first_lines(numbers: list[str]) -> list[int]:
    seen = SeenNumbers()
    return [seen.first_line(n, line) for line, n in enumerate(numbers, start=2)]


def expected(numbers: list[str]) -> list[int]:
    first: dict[str, int] = {}
    return [first.setdefault(n, line) for line, n in enumerate(numbers, start=2)]


@pytest.mark.parametrize("bits", [4, 27], ids=["bits-mostly-set", "bits-mostly-clear"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    numbers=st.lists(st.sampled_from([f"C-{i:04d}" for i in range(40)]) | st.text(), max_size=80)
)
def test_the_first_line_of_every_number(
    numbers: list[str], bits: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a pending set of 5 makes most numbers go through merges into sorted runs of at most
    # 12; 4 bits (16 values) make most new numbers find their bit set by another
    with monkeypatch.context() as m:
        m.setattr(seen_numbers, "_PENDING", 5)
        m.setattr(seen_numbers, "_RUN", 12)
        m.setattr(seen_numbers, "_BITS", bits)
        m.setattr(seen_numbers, "_MASK", (1 << bits) - 1)
        assert first_lines(numbers) == expected(numbers)


def test_a_number_seen_long_before_is_found_in_the_array(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seen_numbers, "_PENDING", 100)
    numbers = [f"SYN-{i:06d}" for i in range(1_000)]
    seen = SeenNumbers()
    for line, n in enumerate(numbers, start=2):
        assert seen.first_line(n, line) == line
    assert seen.first_line("SYN-000007", 5_000) == 9
    assert seen.first_line("SYN-000999", 5_001) == 1_001
    assert seen.first_line("SYN-001000", 5_002) == 5_002  # new


def test_numbers_in_every_run_are_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seen_numbers, "_PENDING", 5)
    monkeypatch.setattr(seen_numbers, "_RUN", 10)  # 40 numbers: four runs of ten
    seen = SeenNumbers()
    for line, n in enumerate((f"N-{i:03d}" for i in range(40)), start=2):
        assert seen.first_line(n, line) == line
    assert len(seen._runs) == 4
    assert [seen.first_line(f"N-{i:03d}", 100 + i) for i in range(0, 40, 7)] == [
        2 + i for i in range(0, 40, 7)
    ]
