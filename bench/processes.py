"""Case 6: a mixed workload on ``zhepai serve --workers N`` (N: the cores) against one process.

Two servers run on the large graph at once, one with N worker processes and one with a single
process; phases alternate between them (N first, then 1, then the other way round), so both
meet the same moments of the machine. In each phase ``CONCURRENCY`` keep-alive connections
send requests back to back for a bounded time, each request drawn with a fixed seed from the
key queries (bench/queries.py): the catalogue, series detail, careerPath with and without the
bases to train at, coverageGaps, the compact coverage matrix, talentStats and planProgress.
The ratio is the throughputs; beside it, each query's p99 under that load with N processes
and with one (#24, points 2 and 4).

The clients are those of case 4 (bench/concurrency.py: a few lines of HTTP/1.1 over asyncio
streams), in this process, on the same cores as the servers and the store: the servers get
what the clients leave. A connection stays with the worker process that accepted it, so the
notes say how the N-process server's requests spread over its processes (from its /metrics),
and the CPU seconds the servers, the store and the clients used per second of each side: on a
machine shared with other work the servers get only what that work leaves, and requests per
server CPU second tell the cost of a request apart from the cores it got.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from bench.concurrency import exchange
from bench.datasets import LARGE, Workspace
from bench.queries import (
    CAREER_NEAR_BASES,
    CAREER_PATH,
    CATALOGUE,
    COVERAGE_GAPS,
    COVERAGE_MATRIX_COMPACT,
    PLAN_PROGRESS,
    SERIES_CODES,
    SERIES_DETAIL,
    TALENT_STATS,
)
from bench.report import Goal, Result
from bench.samples import percentile
from bench.servers import serving
from zhepai.domain.careers.service import CareerService
from zhepai.graph.backends.embedded import EmbeddedServer

CASE = "6. Mixed workload: N server processes vs 1 (loopback)"
P99_CASE = "7. p99 of each query in the mixed workload, 16 concurrent clients"
GOAL = Goal(">=", 1.6)
CONCURRENCY = 16
MAX_REQUESTS = 20_000
SEED = 2024

Variables = Callable[[random.Random], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Positions:
    """Occupations and level codes of the real catalogue, for careerPath's variables."""

    ids: tuple[str, ...]
    levels: tuple[str, ...]

    def any_pair(self, rng: random.Random) -> dict[str, Any]:
        return {
            "from": {"occupationId": rng.choice(self.ids), "level": rng.choice(self.levels)},
            "to": {"occupationId": rng.choice(self.ids), "level": rng.choice(self.levels)},
        }

    def upward_pair(self, rng: random.Random) -> dict[str, Any]:
        return {
            "from": {"occupationId": rng.choice(self.ids), "level": rng.choice(self.levels[:3])},
            "to": {"occupationId": rng.choice(self.ids), "level": rng.choice(self.levels[3:])},
        }


def mix(positions: Positions) -> list[tuple[str, str, Variables, int]]:
    """(name, document, variables, weight): browsing twice as often as any other query."""
    return [
        ("industries", CATALOGUE, lambda _: {}, 2),
        ("series detail", SERIES_DETAIL, lambda rng: {"code": rng.choice(SERIES_CODES)}, 2),
        ("careerPath", CAREER_PATH, positions.any_pair, 1),
        ("careerPath with trainingBases", CAREER_NEAR_BASES, positions.upward_pair, 1),
        ("coverageGaps (first 50)", COVERAGE_GAPS, lambda _: {}, 1),
        ("coverageMatrix (compact)", COVERAGE_MATRIX_COMPACT, lambda _: {}, 1),
        ("talentStats (city × level)", TALENT_STATS, lambda _: {}, 1),
        ("planProgress", PLAN_PROGRESS, lambda _: {}, 1),
    ]


@dataclass(slots=True)
class Side:
    """What one server answered over its phases, and the CPU seconds spent meanwhile."""

    requests: int = 0
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def request_bytes(host: str, document: str, variables: dict[str, Any]) -> bytes:
    body = orjson.dumps({"query": document, "variables": variables})
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {host}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def phase(
    url: str, queries: list[tuple[str, str, Variables, int]], seconds: float, seed: int, side: Side
) -> None:
    """``CONCURRENCY`` connections sending the mix for ``seconds`` (or ``MAX_REQUESTS``)."""
    parts = urlsplit(url)
    weights = [w for *_, w in queries]
    connections = [
        await asyncio.open_connection(parts.hostname, parts.port) for _ in range(CONCURRENCY)
    ]
    done = 0
    try:
        start = time.perf_counter()
        deadline = start + seconds

        async def client(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter, rng: random.Random
        ) -> None:
            nonlocal done
            while time.perf_counter() < deadline and done < MAX_REQUESTS:
                name, document, variables, _ = rng.choices(queries, weights)[0]
                request = request_bytes(parts.netloc, document, variables(rng))
                sent = time.perf_counter()
                await exchange(reader, writer, request)
                side.latencies[name].append(time.perf_counter() - sent)
                done += 1

        rngs = [random.Random(seed + i) for i in range(CONCURRENCY)]  # noqa: S311 - a mix
        await asyncio.gather(
            *(client(r, w, g) for (r, w), g in zip(connections, rngs, strict=True))
        )
        side.seconds += time.perf_counter() - start
        side.requests += done
    finally:
        for _, writer in connections:
            writer.close()


async def warm(url: str, queries: list[tuple[str, str, Variables, int]]) -> None:
    """Every query on every one of ``CONCURRENCY`` connections, untimed, so that each worker
    process has built its caches (a connection stays with the process that accepted it)."""
    parts = urlsplit(url)
    rng = random.Random(SEED)  # noqa: S311 - a mix
    for _ in range(2):
        connections = [
            await asyncio.open_connection(parts.hostname, parts.port) for _ in range(CONCURRENCY)
        ]
        try:
            for _, document, variables, _weight in queries:
                await asyncio.gather(
                    *(exchange(r, w, request_bytes(parts.netloc, document, variables(rng)))
                      for r, w in connections)
                )  # fmt: skip
        finally:
            for _, writer in connections:
                writer.close()


PER_PROCESS = re.compile(r'^zhepai_process_graphql_requests\{pid="(\d+)"\} (\S+)$', re.MULTILINE)


def spread(url: str) -> dict[str, int]:
    """The GraphQL operations each worker process has served, by pid."""
    text = httpx.get(f"{url}/metrics", timeout=30).text
    return {pid: int(float(n)) for pid, n in PER_PROCESS.findall(text)}


def cpu_seconds(url: str, workspace: Workspace) -> dict[str, float]:
    """CPU seconds used so far by the server listening at ``url`` (its processes together),
    by the store, and by this process (the clients)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
    port = f"--port\0{urlsplit(url).port}\0".encode()
    roots = set()
    for pid in stats:
        with contextlib.suppress(OSError):
            if port in Path(f"/proc/{pid}/cmdline").read_bytes():
                roots.add(pid)
    # the fields after the command: state, ppid, … utime (12th), stime (13th)
    server = [f for pid, f in stats.items() if pid in roots or int(f[1]) in roots]
    store = stats.get(EmbeddedServer(workspace.data_dir).pid() or -1)
    return {
        "server": sum(int(f[11]) + int(f[12]) for f in server) / tick,
        "store": (int(store[11]) + int(store[12])) / tick if store else 0.0,
        "clients": time.process_time(),
    }


def positions(workspace: Workspace) -> Positions:
    async def read() -> Positions:
        store = await workspace.open(LARGE)
        try:
            data = await CareerService(store).data()
        finally:
            await store.close()
        return Positions(tuple(sorted(data.names)), tuple(data.level_codes))

    return asyncio.run(read())


def run(
    workspace: Workspace, phases: int, seconds: float, processes: int | None = None
) -> tuple[list[Result], list[str]]:
    """The case's lines of the table, and its notes."""
    many = processes or max(2, len(os.sched_getaffinity(0)))
    queries = mix(positions(workspace))
    sides = {many: Side(), 1: Side()}
    loads: list[float] = []
    with (
        serving(workspace, LARGE, workers=many) as (many_url,),
        serving(workspace, LARGE, workers=1) as (one_url,),
    ):
        urls = {many: many_url, 1: one_url}
        for url in urls.values():
            asyncio.run(warm(url, queries))
        warmed = spread(many_url)
        for i in range(phases):
            for count in (many, 1) if i % 2 == 0 else (1, many):
                loads.append(os.getloadavg()[0])
                before = cpu_seconds(urls[count], workspace)
                asyncio.run(phase(urls[count], queries, seconds, SEED + 100 * i, sides[count]))
                after = cpu_seconds(urls[count], workspace)
                for part, used in after.items():
                    sides[count].cpu[part] += used - before[part]
        served = sorted(
            (n - warmed.get(pid, 0) for pid, n in spread(many_url).items()), reverse=True
        )
    a, b = sides[many], sides[1]
    results = [
        Result(
            CASE,
            f"the key queries mixed, {CONCURRENCY} concurrent, {phases} × {seconds:g} s each",
            f"{a.rate:,.0f} req/s ({processes_label(many)})",
            f"{b.rate:,.0f} req/s (1 process)",
            a.rate / b.rate,
            f"req/s with {many} processes / with 1",
            GOAL,
            WHY,
        )
    ]
    for name, *_ in queries:
        many_p99 = percentile(a.latencies[name], 99) * 1000
        one_p99 = percentile(b.latencies[name], 99) * 1000
        results.append(
            Result(
                P99_CASE,
                f"{name} ({len(a.latencies[name])} / {len(b.latencies[name])} requests)",
                f"{many_p99:,.1f} ms",
                f"{one_p99:,.1f} ms",
                many_p99 / one_p99,
                f"p99 with {many} processes / with 1",
            )
        )
    notes = [
        f"Case 6: the {many}-process server's measured requests by process: "
        f"{' / '.join(f'{n:,}' for n in served)} (a connection stays with the process that "
        f"accepted it). Load average (1 min) at the start of each phase: "
        f"{', '.join(f'{x:.1f}' for x in loads)}. CPU seconds per second of measuring "
        f"({os.cpu_count()} cores in all): "
        + "; ".join(
            f"{processes_label(count)}: "
            + ", ".join(f"{part} {used / side.seconds:.2f}" for part, used in side.cpu.items())
            + f" ({side.requests / side.cpu['server']:,.0f} requests per server CPU second)"
            for count, side in sides.items()
        )
        + ". The rest of the cores went to other work on the machine.",
    ]
    return results, notes


def processes_label(count: int) -> str:
    return f"{count} processes" if count > 1 else "1 process"


WHY = (
    "The clients, the store and the server processes share the machine's cores: with N "
    "processes the servers' share grows only by what the clients and the store leave, and "
    "the connections split between the processes as the kernel hands them out."
)
