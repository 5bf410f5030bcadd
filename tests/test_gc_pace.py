"""The import's collector thresholds are raised while it runs and restored after, also when
imports overlap or fail."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from zhepai.loaders.gc_pace import FIRST_THRESHOLD, fewer_collections


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_raised_while_running_and_restored_after(thresholds: tuple[int, int, int]) -> None:
    with fewer_collections():
        assert gc.get_threshold() == (FIRST_THRESHOLD, 10, 10)
    assert gc.get_threshold() == thresholds


def test_overlapping_imports_restore_the_thresholds_once_both_end(
    thresholds: tuple[int, int, int],
) -> None:
    first, second = fewer_collections(), fewer_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first ends while the second still runs
    assert gc.get_threshold()[0] == FIRST_THRESHOLD
    second.__exit__(None, None, None)
    assert gc.get_threshold() == thresholds


def test_restored_when_the_import_fails(thresholds: tuple[int, int, int]) -> None:
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a row could not be read")
    assert gc.get_threshold() == thresholds
