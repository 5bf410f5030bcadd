"""Case 4: a catalogue query under concurrent load, against the cheapest request there is.

``CONCURRENCY`` clients (one httpx AsyncClient, keep-alive connections on loopback) send
requests back to back to the large graph's server for a bounded time (and at most
``MAX_REQUESTS`` per phase). Phases alternate between the catalogue query of the README's curl
example (industries with their series: two store reads) and ``{ __typename }`` (no store, no
resolver), so both meet the same moments of the machine. The ratio is their throughputs; it
tells how much of a request's cost is the query rather than HTTP and GraphQL themselves.

The clients run in this process, on the same two cores as the server and the store, and
cost the same per request whatever the query; that narrows the gap between the two sides, so
the ratio is an upper bound of what separate client machines would see.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from bench.queries import CATALOGUE, TRIVIAL, post
from bench.report import Goal, Result
from bench.samples import Samples

CASE = "4. Catalogue query under concurrent load (loopback)"
GOAL = Goal(">=", 0.6)
CONCURRENCY = 16
MAX_REQUESTS = 20_000


@dataclass(frozen=True, slots=True)
class Phase:
    requests: int
    seconds: float
    latencies: tuple[float, ...]


async def phase(url: str, document: str, seconds: float) -> Phase:
    """Keep ``CONCURRENCY`` requests in flight for ``seconds`` (or ``MAX_REQUESTS``)."""
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as http:
        for _ in range(CONCURRENCY):  # open the connections outside the clock
            await post(http, document)
        start = time.perf_counter()
        deadline = start + seconds

        async def client() -> None:
            while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
                sent = time.perf_counter()
                await post(http, document)
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - start
    return Phase(len(latencies), elapsed, tuple(latencies))


async def run(url: str, phases: int, seconds: float) -> Result:
    catalogue: list[Phase] = []
    trivial: list[Phase] = []
    for i in range(phases):
        order = ((CATALOGUE, catalogue), (TRIVIAL, trivial))
        for document, kept in order if i % 2 == 0 else reversed(order):
            kept.append(await phase(url, document, seconds))

    def figure(kept: list[Phase]) -> tuple[float, str]:
        rate = sum(p.requests for p in kept) / sum(p.seconds for p in kept)
        latency = Samples(tuple(t for p in kept for t in p.latencies))
        return rate, f"{rate:,.0f} req/s (latency {latency.ms()})"

    rate_a, a = figure(catalogue)
    rate_b, b = figure(trivial)
    return Result(
        CASE,
        f"industries {{ series }}, {CONCURRENCY} concurrent, {phases} × {seconds:g} s each",
        a,
        b,
        rate_a / rate_b,
        "catalogue req/s / {__typename} req/s",
        GOAL,
        WHY,
    )


WHY = (
    "A trivial request already costs the whole HTTP and GraphQL path (uvicorn, Starlette, "
    "the request-id middleware, metrics, strawberry's execution and orjson); the catalogue "
    "query adds two store round trips and ~80 field values on one server process."
)
