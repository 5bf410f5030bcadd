"""Case 4: a catalogue query under concurrent load, against the cheapest request there is.

``CONCURRENCY`` keep-alive connections on loopback send requests back to back to the large
graph's server for a bounded time (and at most ``MAX_REQUESTS`` per phase). Phases alternate
between the catalogue query of docs/api.md (industries with their series) and
``{ __typename }`` (no store, no resolver), so both meet the same moments of the machine.
The ratio is their throughputs: how much of a request's cost is the query rather than HTTP
and GraphQL themselves.

The clients run in this process, on the same two cores as the server and the store. They are
a few lines of HTTP/1.1 over asyncio streams (a prepared request, a read of the response by
its Content-Length) rather than httpx, whose own work per request is of the order of the
server's for ``{ __typename }`` and would hide the difference measured. Each response is
checked: status 200 and no ``errors``.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import orjson

from bench.queries import CATALOGUE, TRIVIAL
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


def request_bytes(url: str, document: str) -> bytes:
    parts = urlsplit(url)
    body = orjson.dumps({"query": document})
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> None:
    """One request on a keep-alive connection; raises unless it answered 200 without errors."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status, _, rest = head.partition(b"\r\n")
    length = 0
    for line in rest.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    body = await reader.readexactly(length)
    if b" 200 " not in status or b'"errors"' in body:
        raise RuntimeError(f"bad answer under load: {status!r} {body[:200]!r}")


async def phase(url: str, document: str, seconds: float) -> Phase:
    """Keep ``CONCURRENCY`` requests in flight for ``seconds`` (or ``MAX_REQUESTS``)."""
    parts = urlsplit(url)
    request = request_bytes(url, document)
    latencies: list[float] = []
    connections = [
        await asyncio.open_connection(parts.hostname, parts.port) for _ in range(CONCURRENCY)
    ]
    try:
        for reader, writer in connections:  # the first request of each outside the clock
            await exchange(reader, writer, request)
        start = time.perf_counter()
        deadline = start + seconds

        async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
                sent = time.perf_counter()
                await exchange(reader, writer, request)
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(client(r, w) for r, w in connections))
        elapsed = time.perf_counter() - start
    finally:
        for _, writer in connections:
            writer.close()
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
    "query adds one read of the version tokens (shared by the requests of the same turn of "
    "the event loop) and ~80 field values, on one server process."
)
