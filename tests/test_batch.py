"""graph/batch.py: one call per turn of the event loop, its answer or its error for every caller."""

from __future__ import annotations

import asyncio

import pytest

from zhepai.graph.batch import Batch


class Calls:
    def __init__(self, fail: bool = False) -> None:
        self.count = 0
        self.fail = fail
        self.release = asyncio.Event()

    async def __call__(self) -> int:
        self.count += 1
        await self.release.wait()
        if self.fail:
            raise RuntimeError(f"call {self.count} failed")
        return self.count


async def test_an_error_reaches_every_caller_and_the_next_turn_calls_again() -> None:
    calls = Calls(fail=True)
    batch = Batch(calls)
    calls.release.set()
    results = await asyncio.gather(*(batch.get() for _ in range(3)), return_exceptions=True)
    assert [str(r) for r in results] == ["call 1 failed"] * 3
    calls.fail = False
    assert await batch.get() == 2


async def test_a_cancelled_caller_leaves_the_others_their_answer() -> None:
    calls = Calls()
    batch = Batch(calls)
    first, second = (asyncio.ensure_future(batch.get()) for _ in range(2))
    while not calls.count:  # the call has been sent
        await asyncio.sleep(0)
    first.cancel()
    calls.release.set()
    assert await second == 1
    with pytest.raises(asyncio.CancelledError):
        await first
