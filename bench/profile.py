"""Where the import's time goes: cProfile over one in-process import, and over the raw write
of the same rows, summed into a few plain areas.

cProfile slows Python down (about twice), so the figures are shares of the profiled run, not
times to quote; they say which part to make faster. "Waiting for the store" is the time the
event loop sat in ``epoll`` with nothing else to do.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bench.datasets import drop_workers
from bench.imports import raw_batches, write_raw
from zhepai.graph.store import GraphStore
from zhepai.loaders.worker_rows import WorkerRules
from zhepai.loaders.workers_import import import_workers

# area -> (file suffix, function name) whose cumulative time counts for it
AREAS: dict[str, tuple[tuple[str, str], ...]] = {
    "waiting for the store": (("~", "<method 'poll' of 'select.epoll' objects>"),),
    "reading and validating rows": (
        ("loaders/workers_import.py", "check"),
        ("loaders/csv_files.py", "_rows"),
    ),
    "working out counters and the batch": (("domain/talent/writer.py", "_plan"),),
    # every spelling goes through it: a query's header, and a statement bound ahead of time
    "encoding parameters as Cypher text": (("graph/backends/falkor_params.py", "assignments"),),
    "decoding results": (("falkordb/asyncio/query_result.py", "parse"),),
}


@dataclass(frozen=True, slots=True)
class Profile:
    what: str
    rows: int
    wall: float
    shares: dict[str, float]  # area -> share of wall time

    def line(self) -> str:
        parts = ", ".join(f"{area} {share:.0%}" for area, share in self.shares.items())
        rate = self.rows / self.wall
        return (
            f"- {self.what} ({self.rows:,} rows, {rate:,.0f} rows/s under the profiler): {parts}."
        )


def _shares(profiler: cProfile.Profile, wall: float) -> dict[str, float]:
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    shares: dict[str, float] = {}
    for area, functions in AREAS.items():
        total = 0.0
        for (filename, _, name), (_, _, _, cumulative, _) in stats.items():
            if any(filename.endswith(f) and name == n for f, n in functions):
                total += cumulative
        shares[area] = total / wall
    shares["everything else (asyncio, redis protocol, …)"] = max(0.0, 1 - sum(shares.values()))
    return shares


async def _profiled(what: str, rows: int, call: Callable[[], Awaitable[object]]) -> Profile:
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    try:
        await call()
    finally:
        profiler.disable()
    wall = time.perf_counter() - start
    return Profile(what, rows, wall, _shares(profiler, wall))


async def run(scratch: GraphStore, path: Path, rows: int, secret: bytes, rejects: Path
              ) -> list[Profile]:  # fmt: skip
    """Profile importing ``path`` into ``scratch``, then (emptied) raw-writing its rows."""
    await drop_workers(scratch)
    imported = await _profiled(
        "import", rows, lambda: import_workers(scratch, path, secret, rejects, actor="bench")
    )
    await drop_workers(scratch)
    batches = raw_batches(path, await WorkerRules.load(scratch, secret), set())
    raw = await _profiled("raw write", rows, lambda: write_raw(scratch, batches))
    await drop_workers(scratch)
    return [imported, raw]
