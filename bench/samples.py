"""Timings and their percentiles, and timing two things in turns.

The machine is shared and noisy, so a figure on its own says little; every ratio in the
results compares two things timed in the same run, alternately, so that a slow moment hits
both sides alike. ``interleave`` runs round *i* as A then B, round *i + 1* as B then A, so
that neither side always runs second (on a warm cache, or after the other's garbage).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

Step = Callable[[int], Awaitable[object]]  # one call; the argument is the round number


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile (no interpolation: a value that was measured)."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


@dataclass(frozen=True, slots=True)
class Samples:
    """Durations in seconds."""

    seconds: tuple[float, ...]

    @property
    def p50(self) -> float:
        return percentile(self.seconds, 50)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)

    def ms(self) -> str:
        return f"{self.p50 * 1000:.2f} / {self.p95 * 1000:.2f} ms"


async def timed(call: Callable[[], Awaitable[object]]) -> float:
    start = time.perf_counter()
    await call()
    return time.perf_counter() - start


async def interleave(a: Step, b: Step, rounds: int, warmup: int = 5) -> tuple[Samples, Samples]:
    """Time ``a`` and ``b`` ``rounds`` times each, in turns, after ``warmup`` untimed rounds."""
    for i in range(warmup):
        await a(i)
        await b(i)
    a_times: list[float] = []
    b_times: list[float] = []
    for i in range(rounds):
        first, second = ((a, a_times), (b, b_times)) if i % 2 == 0 else ((b, b_times), (a, a_times))
        for step, times in (first, second):
            start = time.perf_counter()
            await step(i)
            times.append(time.perf_counter() - start)
    return Samples(tuple(a_times)), Samples(tuple(b_times))
