"""Case 1: each key query against the floor of the stack, ``{ __typename }``.

Every query goes over HTTP to ``zhepai serve`` on the large graph, in turns with
``{ __typename }`` on the same server: the trivial query costs what uvicorn, Starlette,
strawberry and JSON cost for any request, so the ratio is what the query's own work adds
(goal ≤ 3 at p50, #24). The queries are what callers ask: series detail, careerPath with the
bases to train at near a county (random pairs of the real catalogue), nextSteps likewise,
the 26 mountain counties' first 50 gaps, the compact matrix, where the next five bases
should go, the province's statistics by city × level and its trend by city, and the plan's
progress. careerPath with bases is also timed against the same query without them (#19: the
bases may add at most half again).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bench.queries import (
    CAREER_NEAR,
    CAREER_NEAR_BASES,
    COVERAGE_GAPS,
    COVERAGE_MATRIX_COMPACT,
    COVERAGE_SUGGEST_5,
    NEXT_STEPS,
    PLAN_PROGRESS,
    SERIES_CODES,
    SERIES_DETAIL,
    TALENT_STATS,
    TALENT_TREND,
    TRIVIAL,
    post,
)
from bench.report import Goal, Result
from bench.samples import interleave
from zhepai.domain.careers.service import CareerService
from zhepai.graph.store import GraphStore

CASE = "1. Key queries against { __typename } (same server, HTTP)"
GOAL = Goal("<=", 3.0)
MEANING = "query p50 / {__typename} p50"
BASES_GOAL = Goal("<=", 1.5)

Variables = Callable[[int], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Rounds:
    light: int  # queries of a few milliseconds
    heavy: int  # queries of tens or hundreds
    career_pairs: int


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    document: str
    variables: Variables
    heavy: bool = False


def _none(_: int) -> dict[str, Any]:
    return {}


async def _positions(store: GraphStore, count: int) -> list[tuple[dict[str, str], dict[str, str]]]:
    """Random (from, to) positions of the real catalogue, low to high levels."""
    data = await CareerService(store).data()
    rng = random.Random(20252)  # noqa: S311 - reproducible samples, not secrets
    ids = sorted(data.names)
    levels = list(data.level_codes)
    return [
        (
            {"occupationId": rng.choice(ids), "level": rng.choice(levels[:3])},
            {"occupationId": rng.choice(ids), "level": rng.choice(levels[3:])},
        )
        for _ in range(count)
    ]


async def run(http: httpx.AsyncClient, store: GraphStore, rounds: Rounds) -> list[Result]:
    """Every key query in turns with ``{ __typename }``; then careerPath with and without
    its bases."""
    pairs = await _positions(store, rounds.career_pairs)

    def path(i: int) -> dict[str, Any]:
        start, target = pairs[i % len(pairs)]
        return {"from": start, "to": target}

    def position(i: int) -> dict[str, Any]:
        return {"position": pairs[i % len(pairs)][0]}

    def series(i: int) -> dict[str, Any]:
        return {"code": SERIES_CODES[i % len(SERIES_CODES)]}

    keys = (
        Key("series detail (5 series in turn)", SERIES_DETAIL, series),
        Key("careerPath with trainingBases (random pairs)", CAREER_NEAR_BASES, path),
        Key("nextSteps with trainingBases (random positions)", NEXT_STEPS, position),
        Key("coverageGaps (26 mountain counties, first 50)", COVERAGE_GAPS, _none, True),
        Key("coverageMatrix, compact rows", COVERAGE_MATRIX_COMPACT, _none, True),
        Key("coverageSuggest (count 5)", COVERAGE_SUGGEST_5, _none, True),
        Key("talentStats (province by city × level)", TALENT_STATS, _none),
        Key("talentTrend (province by city, 2014–2025)", TALENT_TREND, _none),
        Key("planProgress (province)", PLAN_PROGRESS, _none),
    )

    async def floor(_: int) -> None:
        await post(http, TRIVIAL)

    results = []
    for key in keys:

        async def query(i: int, key: Key = key) -> None:
            await post(http, key.document, key.variables(i))

        a, b = await interleave(query, floor, rounds.heavy if key.heavy else rounds.light)
        results.append(
            Result(CASE, key.name, a.ms(), b.ms(), a.p50 / b.p50, MEANING, GOAL, WHY[key.name])
        )

    async def with_bases(i: int) -> None:
        await post(http, CAREER_NEAR_BASES, path(i))

    async def without(i: int) -> None:
        await post(http, CAREER_NEAR, path(i))

    a, b = await interleave(with_bases, without, rounds.career_pairs, warmup=20)
    name = "careerPath with trainingBases / without (random pairs)"
    ratio, meaning = a.p50 / b.p50, "with / without bases"
    results.append(Result(CASE, name, a.ms(), b.ms(), ratio, meaning, BASES_GOAL, WHY["bases"]))
    return results


# Why a goal may be missed, printed under the table only when it is (bench/report.py).
_REQUEST = (
    "The answer itself comes from models kept in memory behind the version tokens; what the "
    "query adds to the floor is one read of the tokens, strawberry's execution of its field "
    "values and their JSON."
)
WHY = {
    "series detail (5 series in turn)": (
        "Up to 102 occupations with their series and 24 专项 with their regions: some 800 "
        "field values, and the loaders' rounds to the store. " + _REQUEST
    ),
    "careerPath with trainingBases (random pairs)": (
        "The path takes a fraction of a millisecond; up to ten bases a step, each with its "
        "region, are field values. " + _REQUEST
    ),
    "nextSteps with trainingBases (random positions)": (
        "Every move up from the position, each with up to ten bases. " + _REQUEST
    ),
    "coverageGaps (26 mountain counties, first 50)": (
        "Fifty gaps with seven demand factors, a county, a series and the nearest base each. "
        + _REQUEST
    ),
    "coverageMatrix, compact rows": (
        "90 rows of two vectors each, the 3,240 pairs' counts and demands. " + _REQUEST
    ),
    "coverageSuggest (count 5)": (
        "The greedy placement and the closed gaps of five proposals. " + _REQUEST
    ),
    "talentStats (province by city × level)": _REQUEST,
    "talentTrend (province by city, 2014–2025)": (
        "Twelve points with eleven groups each, and the suppression pass. " + _REQUEST
    ),
    "planProgress (province)": _REQUEST,
    "bases": (
        "The bases of every step come from the kept coverage model (bases by series, seats), "
        "nearest first, only the first ten built into answers; their regions from the kept "
        "catalogue top. What is left is the field values of up to ten bases a step."
    ),
}
