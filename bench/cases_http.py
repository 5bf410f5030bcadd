"""Case 1: what GraphQL over HTTP adds to the work it stands for.

Each query is timed over HTTP against ``zhepai serve`` on the large graph, in turns with the
same work done directly in this process over the same graph:

- **series detail**: the store statements the resolvers send for it, in the same order and
  batches (the DataLoaders');
- **careerPath**: the path computation (careers.engine) on random (occupation, level) pairs
  of the real catalogue;
- **coverageGaps**, **coverageMatrix** (as 3,240 cell objects, and as compact rows),
  **coverageSuggest** (50 proposals), **talentStats**, **planProgress**: the services the
  server uses (a model kept behind the version tokens, so one read of the tokens per call)
  and the computation on it.

So the ratio is the cost of HTTP, GraphQL execution and serialisation over the work itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from bench.queries import (
    CAREER_NEAR,
    CAREER_NEAR_BASES,
    CAREER_PATH,
    COVERAGE_GAPS,
    COVERAGE_MATRIX,
    COVERAGE_MATRIX_COMPACT,
    COVERAGE_SUGGEST,
    PLAN_PROGRESS,
    PROVINCE,
    SERIES_CODES,
    SERIES_DETAIL,
    TALENT_STATS,
    post,
)
from bench.report import Goal, Result
from bench.samples import Samples, interleave
from zhepai.domain.careers.engine import Position
from zhepai.domain.careers.service import CareerService
from zhepai.domain.catalogue.service import CatalogueTop, catalogue_cache
from zhepai.domain.coverage.model import Filters
from zhepai.domain.coverage.service import CoverageService
from zhepai.domain.coverage.suggest import suggest
from zhepai.domain.talent.progress import progress
from zhepai.domain.talent.service import TalentService
from zhepai.domain.talent.stats import Dimension
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.meta import VersionedCache
from zhepai.graph.regions import RegionRepository
from zhepai.graph.store import GraphStore

CASE = "1. GraphQL over HTTP vs the same work in-process"
GOAL = Goal("<=", 1.2)
MEANING = "HTTP / direct"
SMALL_CELLS = 5  # the server's default threshold for callers without a role


@dataclass(frozen=True, slots=True)
class Rounds:
    light: int  # queries of a few milliseconds
    heavy: int  # queries of tens or hundreds
    career_pairs: int


async def direct_series_detail(
    store: GraphStore, top: VersionedCache[CatalogueTop], code: str
) -> None:
    """What the resolvers ask the store for SERIES_DETAIL, batch by batch. The series, its
    industry and the occupations' other series come from the kept catalogue top, checked
    against its version once."""
    catalogue, regions = CatalogueRepository(store), RegionRepository(store)
    assert (await top.get()).series_by_code(code) is not None
    await catalogue.occupations_by_series([code])
    specialties = await catalogue.specialties_by_series([code])
    origin_codes = sorted({o.region_code for s in specialties[0] for o in s.origins})
    if origin_codes:
        await regions.by_code(origin_codes)


def _result(name: str, http: Samples, direct: Samples, why: str) -> Result:
    return Result(CASE, name, http.ms(), direct.ms(), http.p50 / direct.p50, MEANING, GOAL, why)


async def run(http: httpx.AsyncClient, store: GraphStore, rounds: Rounds) -> list[Result]:
    """Every query of case 1, HTTP in turns with direct."""
    coverage, talent, top = CoverageService(store), TalentService(store), catalogue_cache(store)
    results = []

    async def series_http(i: int) -> None:
        await post(http, SERIES_DETAIL, {"code": SERIES_CODES[i % len(SERIES_CODES)]})

    async def series_direct(i: int) -> None:
        await direct_series_detail(store, top, SERIES_CODES[i % len(SERIES_CODES)])

    a, b = await interleave(series_http, series_direct, rounds.light)
    results.append(_result("series detail (5 series in turn)", a, b, WHY["series"]))

    results.append(await _career(http, store, rounds.career_pairs))
    results.append(await _career_bases(http, store, rounds.career_pairs))

    async def gaps_direct(_: int) -> None:
        model = await coverage.model()
        counties, series = model.scope(None, "MOUNTAIN_26")
        model.gaps(counties, series, Filters(levels=frozenset({"COUNTY"})))[:50]

    async def matrix_direct(_: int) -> None:
        model = await coverage.model()
        counties, series = model.scope(None, None)
        model.matrix(counties, series, Filters())

    async def suggest_direct(_: int) -> None:
        model = await coverage.model()
        counties, series = model.scope(None, None)
        suggest(model, 50, "COUNTY", counties, series, Filters())

    async def talent_direct(_: int) -> None:
        model = await talent.model()
        model.table(PROVINCE, [Dimension.CITY, Dimension.LEVEL], None, None, SMALL_CELLS)

    async def progress_direct(_: int) -> None:
        progress(await talent.inputs(), PROVINCE)

    for name, document, direct, count, why in (
        ("coverageGaps (26 mountain counties, first 50)", COVERAGE_GAPS, gaps_direct,
         rounds.heavy, WHY["coverage"]),
        ("coverageMatrix (province, 90 × 36 cells)", COVERAGE_MATRIX, matrix_direct,
         rounds.heavy, WHY["matrix"]),
        ("coverageMatrix, compact rows", COVERAGE_MATRIX_COMPACT, matrix_direct,
         rounds.heavy, WHY["coverage"]),
        ("coverageSuggest (province, count 50)", COVERAGE_SUGGEST, suggest_direct,
         rounds.heavy, WHY["suggest"]),
        ("talentStats (province by city × level)", TALENT_STATS, talent_direct,
         rounds.light, WHY["talent"]),
        ("planProgress (province)", PLAN_PROGRESS, progress_direct, rounds.light, WHY["talent"]),
    ):  # fmt: skip

        async def via_http(_: int, document: str = document) -> None:
            await post(http, document)

        a, b = await interleave(via_http, direct, count)
        results.append(_result(name, a, b, why))
    return results


async def _career(http: httpx.AsyncClient, store: GraphStore, pairs: int) -> Result:
    data = await CareerService(store).data()
    rng = random.Random(20251)  # noqa: S311 - reproducible samples, not secrets
    ids = sorted(data.names)
    levels = list(data.level_codes)
    samples = [
        (
            Position(rng.choice(ids), rng.choice([None, *levels])),
            Position(rng.choice(ids), rng.choice(levels)),
        )
        for _ in range(pairs)
    ]

    async def via_http(i: int) -> None:
        start, target = samples[i % pairs]
        variables = {
            "from": {"occupationId": start.occupation, "level": start.level},
            "to": {"occupationId": target.occupation, "level": target.level},
        }
        await post(http, CAREER_PATH, variables)

    async def pure(i: int) -> None:
        start, target = samples[i % pairs]
        data.graph.path(start, target)

    a, b = await interleave(via_http, pure, pairs, warmup=20)
    return _result(f"careerPath ({pairs:,} random pairs)", a, b, WHY["career"])


async def _career_bases(http: httpx.AsyncClient, store: GraphStore, pairs: int) -> Result:
    """careerPath with each step's training bases, in turns with the same query without them:
    both over HTTP, so the ratio is what the bases add for a caller."""
    data = await CareerService(store).data()
    rng = random.Random(20252)  # noqa: S311 - reproducible samples, not secrets
    ids = sorted(data.names)
    levels = list(data.level_codes)
    samples = [
        {
            "from": {"occupationId": rng.choice(ids), "level": rng.choice(levels[:3])},
            "to": {"occupationId": rng.choice(ids), "level": rng.choice(levels[3:])},
        }
        for _ in range(pairs)
    ]

    async def with_bases(i: int) -> None:
        await post(http, CAREER_NEAR_BASES, samples[i % pairs])

    async def without(i: int) -> None:
        await post(http, CAREER_NEAR, samples[i % pairs])

    a, b = await interleave(with_bases, without, pairs, warmup=20)
    return Result(
        CASE, f"careerPath with trainingBases / without ({pairs:,} random pairs)",
        a.ms(), b.ms(), a.p50 / b.p50, "with / without bases", BASES_GOAL, WHY["career_bases"],
    )  # fmt: skip


BASES_GOAL = Goal("<=", 1.5)

WHY = {
    "career_bases": (
        "The bases of every step come from the kept coverage model (bases by series, seats), "
        "nearest first, only the first ten built into answers; their regions from the kept "
        "catalogue top. What is left is the field values of up to ten bases a step."
    ),
    "series": (
        "The direct side is six batched store reads; GraphQL adds strawberry's execution of "
        "~800 field values and HTTP (parsing and validation are cached, plain leaf fields "
        "are completed in one step, responses go out through orjson). What is left is the "
        "work of the fields with resolvers and the loaders' rounds."
    ),
    "career": (
        "The path computation takes a fraction of a millisecond, so the ratio is HTTP, "
        "GraphQL, the version check (one store read) and the occupation loaders — not the "
        "algorithm. Its own goal is p50 ≤ 20 ms over HTTP."
    ),
    "coverage": (
        "The direct side answers from the kept model in about a millisecond; GraphQL pays for "
        "the field values and the batched loaders (counties, series, nearest bases). The "
        "absolute goal, p50 ≤ 50 ms, is the one a caller feels."
    ),
    "matrix": (
        "3,240 cell objects of four fields each, completed in one loop rather than field by "
        "field (schema/execution.py); what is left is building the cells and writing some "
        "13,000 values as JSON. The compact rows (one vector per county) are what a heatmap "
        "should ask for."
    ),
    "suggest": (
        "The direct side is the greedy placement itself (lazy re-scoring, no answer kept); "
        "GraphQL adds the proposals' gaps, counties and series. The issue's goal is an "
        "answer within 1 s at 1,000 bases and count 50."
    ),
    "talent": (
        "The table is summed from the counters in memory in well under a millisecond; the "
        "ratio is the cost of a GraphQL request itself (HTTP, one read of the version "
        "tokens, execution, JSON)."
    ),
}
