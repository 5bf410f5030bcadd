"""Case 2: do the statistics and coverage queries cost the same with many more workers?

Two servers run side by side on two graphs that differ only in how many certificates they
hold (the smallest and the largest ``--workers`` count, the smaller a prefix of the larger);
each query goes to one and then the other, in turns, over HTTP. The counters are kept per
county × series × level × year as the import runs, so no answer should scan the workers:
the goal is large / small ≤ 1.2 at p50, but for talentStats on a day that is not a year end,
which reads the persons whose certificates changed since (or until) the nearer one: its ratio
is shown against no goal. The province's trend by city, 2014–2025 (#21), has
a goal of its own beside the ratio: p50 ≤ 50 ms at the large count.

The counters' store memory is weighed by addition (``counters_memory``): the large graph's
``TalentCell`` nodes, zero ones included, are written as stored (key and five counts, under
the key index) into a copy of the template (the seeds and bases, no workers), and the copy's
``GRAPH.MEMORY USAGE`` is read before and after. Deleting them from a copy of the large graph
would not do: the total drops by far less than they took, as FalkorDB keeps freed slots and
its matrices and index grow with the deletions (RESULTS.md, "A province trend by city").
The workers' memory is the large graph's total less the template's.
"""

from __future__ import annotations

from typing import Any

import httpx

from bench.datasets import LARGE, TEMPLATE, Workspace
from bench.machine import StoreMemory, graph_usage
from bench.queries import (
    COVERAGE_GAPS,
    COVERAGE_MATRIX_COMPACT,
    PLAN_PROGRESS,
    TALENT_STATS,
    TALENT_STATS_MID_YEAR,
    TALENT_TREND,
    post,
)
from bench.report import Goal, Result
from bench.samples import interleave
from zhepai.graph.bench_writes import COUNT_TALENT_CELLS, RAW_TALENT_CELLS, TALENT_CELLS_STORED

GOAL = Goal("<=", 1.2)
TREND = "talentTrend (province 2014–2025 by city)"
# Reads the persons whose certificates changed in half a year: it grows with the workers, so
# its ratio is shown against no goal.
MID_YEAR = "talentStats asOf 2024-06-30 (province by city × level)"
QUERIES = (
    ("coverageGaps (26 mountain counties)", COVERAGE_GAPS),
    ("coverageMatrix, compact rows", COVERAGE_MATRIX_COMPACT),
    ("talentStats (province by city × level)", TALENT_STATS),
    (MID_YEAR, TALENT_STATS_MID_YEAR),
    (TREND, TALENT_TREND),
    ("planProgress (province)", PLAN_PROGRESS),
)
# What a researcher waits for at the large count, beside the ratio (#21).
LATENCY_GOALS = {TREND: Goal("<=", 50.0)}
PROBE = "bench_counters"  # the template plus the large graph's counters
BATCH = 5_000
WHY = (
    "The answer is summed from the counters kept in memory, whose number grows with the "
    "populated county × series × level × year cells (up to 90 × 36 × 9 a year), not with "
    "the workers: a large set fills more cells, so the sum takes longer until every cell is "
    "populated."
)
WHY_LATENCY = (
    "Each year's figures are summed from the counters kept in memory (county × series × "
    "level × year) and checked against differencing; the time is that sum and the request."
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
        goal = None if name == MID_YEAR else GOAL
        results.append(Result(case, name, a.ms(), b.ms(), a.p50 / b.p50, meaning, goal, WHY))
        if name in LATENCY_GOALS:
            results.append(Result(case, f"{name}: p50 at {high:,}", a.ms(), "", a.p50 * 1000,
                                  "p50 in ms", LATENCY_GOALS[name], WHY_LATENCY))  # fmt: skip
    return results


def _mib(usage: dict[str, object], field: str = "total_graph_sz_mb") -> float:
    return float(str(usage.get(field, 0)))


def _by_label(usage: dict[str, object], label: str) -> float:
    labels = usage.get("amortized_node_attributes_by_label_sz_mb")
    return float(str(labels.get(label, 0))) if isinstance(labels, dict) else 0.0


async def counters_memory(workspace: Workspace, loaded: StoreMemory) -> str:
    """The counters' store memory against the workers', as a line of the report's notes
    (weighed as the module's docstring says)."""
    store = await workspace.open(LARGE)
    try:
        cells: list[dict[str, Any]] = [dict(r) for r in await store.read(TALENT_CELLS_STORED)]
    finally:
        await store.close()
    zero = sum(1 for c in cells if not any(v for k, v in c.items() if k != "key"))
    workspace.copy_graph(TEMPLATE, PROBE)
    before = _mib(graph_usage(workspace.data_dir, PROBE))
    probe = await workspace.open(PROBE)
    try:
        for i in range(0, len(cells), BATCH):
            await probe.write(RAW_TALENT_CELLS, cells=cells[i : i + BATCH])
        written = (await probe.read(COUNT_TALENT_CELLS))[0]["n"]
    finally:
        await probe.close()
    if written != len(cells):
        raise RuntimeError(f"{written:,} counters written to {PROBE}, not {len(cells):,}")
    after = graph_usage(workspace.data_dir, PROBE)
    counters = _mib(after) - before
    workers = loaded.graphs[LARGE] - loaded.graphs[TEMPLATE]
    share = f"{counters / workers:.1%}" if workers > 0 else "–"
    large = graph_usage(workspace.data_dir, LARGE)
    return (
        f"Statistics counters (case 2): the large graph holds {len(cells):,} `TalentCell` "
        f"nodes ({zero:,} of them all zero). Written as stored into a copy of the template "
        f"they take {counters:,.0f} MiB (GRAPH.MEMORY USAGE {before:,.0f} → "
        f"{_mib(after):,.0f} MiB; their attributes {_by_label(after, 'TalentCell'):,.0f}), "
        f"against {workers:,.0f} MiB for all the import added to the large graph (its "
        f"{loaded.graphs[LARGE]:,.0f} MiB less the template's {loaded.graphs[TEMPLATE]:,.0f}): "
        f"{share}. In the large graph, attributes by label: TalentCell "
        f"{_by_label(large, 'TalentCell'):,.0f} MiB, Person {_by_label(large, 'Person'):,.0f}, "
        f"Certificate {_by_label(large, 'Certificate'):,.0f}."
    )
