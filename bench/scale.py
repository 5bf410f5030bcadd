"""Case 2: do the statistics and coverage queries cost the same with many more workers?

Two servers run side by side on two graphs that differ only in how many certificates they
hold (the smallest and the largest ``--workers`` count, the smaller a prefix of the larger);
each query goes to one and then the other, in turns, over HTTP. The counters are kept per
county × series × level as the import runs, so neither answer should scan the workers: the
goal is large / small ≤ 1.2 at p50.
"""

from __future__ import annotations

import httpx

from bench.queries import (
    COVERAGE_GAPS,
    COVERAGE_MATRIX_COMPACT,
    PLAN_PROGRESS,
    TALENT_STATS,
    post,
)
from bench.report import Goal, Result
from bench.samples import interleave

GOAL = Goal("<=", 1.2)
QUERIES = (
    ("coverageGaps (26 mountain counties)", COVERAGE_GAPS),
    ("coverageMatrix, compact rows", COVERAGE_MATRIX_COMPACT),
    ("talentStats (province by city × level)", TALENT_STATS),
    ("planProgress (province)", PLAN_PROGRESS),
)
WHY = (
    "The answer is summed from the counters kept in memory, whose number grows with the "
    "populated county × series × level cells (up to 90 × 36 × 9), not with the workers: a "
    "large set fills more cells, so the sum takes longer until every cell is populated."
)


async def run(small: httpx.AsyncClient, large: httpx.AsyncClient, counts: tuple[int, int],
              rounds: int) -> list[Result]:  # fmt: skip
    low, high = counts
    case = f"2. {high:,} workers vs {low:,} (HTTP, p50)"
    meaning = f"at {high:,} / at {low:,}"
    results = []
    for name, document in QUERIES:

        async def at_large(_: int, document: str = document) -> None:
            await post(large, document)

        async def at_small(_: int, document: str = document) -> None:
            await post(small, document)

        a, b = await interleave(at_large, at_small, rounds)
        results.append(Result(case, name, a.ms(), b.ms(), a.p50 / b.p50, meaning, GOAL, WHY))
    return results
