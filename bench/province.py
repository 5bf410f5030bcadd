"""The whole province (``--only province``): one worker count, loaded as an operator would.

Generation time; the import as one ``zhepai import workers`` process (wall time, rows/s, peak
RSS); the store's memory once loaded; then the p50 of every query of the other cases over
HTTP. Goals: store memory ≤ 9 GB, every p50 ≤ 50 ms. Nothing is compared with a raw write
here (that would double the store), so the figures judged are absolute: this is the one
place where they are, and it is one run on one machine.

    python -m bench --workers 14000000 --only province
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.datasets import LARGE, Workspace
from bench.machine import MIB, StoreMemory
from bench.memory import ImportRun
from bench.queries import (
    CAREER_PATH,
    CATALOGUE,
    COVERAGE_GAPS,
    COVERAGE_MATRIX,
    COVERAGE_MATRIX_COMPACT,
    PLAN_PROGRESS,
    SERIES_CODES,
    SERIES_DETAIL,
    TALENT_STATS,
    TALENT_STATS_MID_YEAR,
    post,
)
from bench.report import Goal, Result
from bench.samples import Samples
from zhepai.graph.bench_writes import COUNT_CERTIFICATES
from zhepai.graph.maintenance import SET_WORKERS_CHECKPOINT
from zhepai.graph.workers import WorkerRepository
from zhepai.loaders.workers_import import prefix

CASE = "Whole province"
GB = 1000**3
MEMORY_GOAL = Goal("<=", 9.0)  # #24
LATENCY_GOAL = Goal("<=", 50.0)
WARMUP = 5


def loading(generated: tuple[int, float], imported: ImportRun, memory: StoreMemory) -> list[Result]:
    rows, seconds = generated
    return [
        Result(CASE, "generate workers", f"{rows:,} rows in {seconds:,.0f} s",
               f"{rows / seconds:,.0f} rows/s", None, ""),
        Result(CASE, "import (`zhepai import workers`, one process)",
               f"{imported.seconds / 60:,.1f} min, {imported.rate:,.0f} rows/s",
               f"peak RSS {imported.peak_rss / MIB:,.0f} MiB", None, ""),
        Result(CASE, "store memory once loaded",
               f"redis-server RSS {memory.rss / GB:,.2f} GB (peak {memory.peak_rss / GB:,.2f})",
               f"used_memory {memory.used / GB:,.2f} GB", memory.rss / GB, "RSS in GB",
               MEMORY_GOAL, "The graph does not fit the budget at this size."),
    ]  # fmt: skip


async def latencies(
    http: httpx.AsyncClient, rounds: int, occupation_ids: list[str]
) -> list[Result]:
    """p50 / p95 of each query over HTTP, ``rounds`` times each after a warm-up."""
    rng = random.Random(20251)  # noqa: S311 - reproducible samples, not secrets
    levels = ["JUNIOR", "INTERMEDIATE", "SENIOR", "TECHNICIAN", "SENIOR_TECHNICIAN"]

    def career(_: int) -> dict[str, Any]:
        return {
            "from": {"occupationId": rng.choice(occupation_ids), "level": rng.choice(levels)},
            "to": {"occupationId": rng.choice(occupation_ids), "level": rng.choice(levels)},
        }

    def series(i: int) -> dict[str, Any]:
        return {"code": SERIES_CODES[i % len(SERIES_CODES)]}

    queries: list[tuple[str, str, Callable[[int], dict[str, Any]] | None]] = [
        ("series detail", SERIES_DETAIL, series),
        ("careerPath (random pairs)", CAREER_PATH, career),
        ("coverageGaps (26 mountain counties)", COVERAGE_GAPS, None),
        ("coverageMatrix (90 × 36 cells)", COVERAGE_MATRIX, None),
        ("coverageMatrix, compact rows", COVERAGE_MATRIX_COMPACT, None),
        ("talentStats (province by city × level)", TALENT_STATS, None),
        ("talentStats asOf 2024-06-30 (province by city × level)", TALENT_STATS_MID_YEAR, None),
        ("planProgress (province)", PLAN_PROGRESS, None),
        ("catalogue (industries { series })", CATALOGUE, None),
    ]
    results = []
    for name, document, variables in queries:
        times = []
        for i in range(WARMUP + rounds):
            start = time.perf_counter()
            await post(http, document, variables(i) if variables is not None else None)
            if i >= WARMUP:
                times.append(time.perf_counter() - start)
        s = Samples(tuple(times))
        results.append(
            Result(CASE, name, s.ms(), "", s.p50 * 1000, "p50 in ms", LATENCY_GOAL,
                   "See case 1 for what the time is spent on.")
        )  # fmt: skip
    return results


async def adopt_stored_rows(workspace: Workspace, path: Path) -> int:
    """Before an interrupted import is run again: when its rows were written by a version
    that stored no checkpoint, record the one it would have stored, so that the rerun
    checks the stored rows instead of reading each back from the store (at 10M
    certificates that read takes longer than the import). This run built the store and
    imported only this file into it, in order, one certificate a row: the N certificates
    stored are the file's first N accepted rows. That is checked at the boundary (the
    N-th row's certificate is stored, the next one's is not) before anything is recorded.
    The rows recorded, or 0 when there was nothing to do or the check failed."""
    store = await workspace.open(LARGE)
    try:
        repo = WorkerRepository(store)
        if await repo.checkpoint() is not None:
            return 0
        stored = int((await store.read(COUNT_CERTIFICATES))[0]["n"])
        if stored == 0:
            return 0
        found = await prefix(store, path, workspace.secret, stored)
        held = await repo.certificates([found.last, *filter(None, [found.following])])
        if found.last not in held or found.following in held:
            return 0
        await store.write(SET_WORKERS_CHECKPOINT, checkpoint=found.checkpoint.encode())
        return stored
    finally:
        await store.close()
