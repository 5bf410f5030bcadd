"""A load test on loopback: ``python -m bench.load [--duration 60] [--concurrency 8]``.

Without ``--url`` it builds its own data (the seeds and the plan's 1,000 synthetic bases) in a
temporary directory and starts ``zhepai serve`` on a free loopback port; with ``--url`` (and
``--pid`` for its memory) it loads a server already running on this machine. Only loopback
addresses are accepted. It stops at ``--duration`` seconds or ``--requests`` requests,
whichever comes first. ``--processes N`` starts the server with N worker processes (its memory
is then that of the supervising process alone).

The mix, drawn per request with a fixed seed: half catalogue (industries, a series with its
occupations and 专项, an occupation search, the regions of a designation), a quarter career
paths between random positions of the real catalogue, a quarter coverage (mountain-county
gaps, the compact province matrix, a what-if). It reports requests per second, p50 / p95 /
p99 latency per kind and overall, the errors (HTTP status other than 200, or GraphQL
errors), and the server's resident memory at the start, every 5 s, and at the end. Writes
bench/LOAD.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench.machine import summary as machine
from bench.servers import ROOT
from bench.servers import free_port as _free_port
from zhepai.config import Settings
from zhepai.graph.open import open_store
from zhepai.loaders.bases_import import import_bases
from zhepai.loaders.bases_synthetic import write_synthetic
from zhepai.loaders.seed_loader import load_seeds


async def _seed(data_dir: Path) -> None:
    """The seeds plus the plan's bases (synthetic)."""
    store = await open_store(Settings(data_dir=data_dir))
    try:
        await load_seeds(store)
        csv_path = data_dir / "bases.synthetic.csv"
        write_synthetic(2025, csv_path)
        await import_bases(store, csv_path, data_dir / "bases.rejects.csv", actor="bench")
    finally:
        await store.close()


Queries = dict[str, tuple[str, str | None]]  # name -> (document, kind of variables)

CATALOGUE: Queries = {
    "industries": ("{ industries { code name series { code name } } }", None),
    "series detail": (
        """query($code: String!) { series(code: $code) { code name definition
             industry { name } occupations { id name workTypes }
             specialties { id name originRegions { code name } } } }""",
        "series",
    ),
    "occupation search": (
        """query($q: String) { occupations(search: $q, first: 20) { totalCount
             edges { node { id name series { code } } } } }""",
        "search",
    ),
    "mountain regions": (
        '{ regions(designation: "MOUNTAIN_26") { code name parent { name } } }',
        None,
    ),
}
CAREER: Queries = {
    "careerPath": (
        """query($from: PositionInput!, $to: PositionInput!) { careerPath(from: $from, to: $to) {
             reachable totalMinYears steps { kind minYears to { occupation { name }
             level { name } } trainingBases { name } } } }""",
        "career",
    ),
}
COVERAGE: Queries = {
    "coverageGaps": (
        """{ coverageGaps(designation: "MOUNTAIN_26", first: 20) { totalCount
             edges { node { rank demand county { name } series { name } } } } }""",
        None,
    ),
    "coverageMatrix (compact)": (
        "{ coverageMatrix { seriesCodes rows { county { code name } baseCounts demands } } }",
        None,
    ),
    "coverageWhatIf": (
        """{ coverageWhatIf(additions: [{regionCode: "330824", seriesCodes: ["06", "16"],
             level: CITY}], designation: "MOUNTAIN_26") { gapsBefore gapsAfter } }""",
        None,
    ),
}
MIX: list[tuple[Queries, float]] = [(CATALOGUE, 0.5), (CAREER, 0.25), (COVERAGE, 0.25)]
SEARCHES = ["车工", "chegong", "焊", "电工", "茶", "jiaoshi", "木", "cg", "服装", "数控"]
LEVELS = [None, "JUNIOR", "INTERMEDIATE", "SENIOR", "TECHNICIAN", "SENIOR_TECHNICIAN"]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rss_kib: list[tuple[float, int]] = field(default_factory=list)


def _loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"refusing {url}: the load test only runs against loopback addresses")


def _rss_kib(pid: int | None) -> int | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _pct(samples: list[float], pct: int) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))] * 1000


async def _occupation_ids(http: httpx.AsyncClient) -> list[str]:
    body = (
        await http.post(
            "/graphql",
            json={"query": "{ occupations(first: 100) { edges { node { id } } } }"},
        )
    ).json()
    return [e["node"]["id"] for e in body["data"]["occupations"]["edges"]]


def _variables(kind: str | None, rng: random.Random, ids: list[str]) -> dict[str, Any]:
    if kind == "series":
        return {"code": f"{rng.randint(1, 36):02d}"}
    if kind == "search":
        return {"q": rng.choice(SEARCHES)}
    if kind == "career":
        return {
            "from": {"occupationId": rng.choice(ids), "level": rng.choice(LEVELS)},
            "to": {"occupationId": rng.choice(ids), "level": rng.choice(LEVELS[1:])},
        }
    return {}


def _pick(rng: random.Random) -> tuple[str, str, str | None]:
    group = rng.choices([g for g, _ in MIX], weights=[w for _, w in MIX])[0]
    name = rng.choice(sorted(group))
    query, kind = group[name]
    return name, query, kind


async def _worker(
    http: httpx.AsyncClient,
    rng: random.Random,
    ids: list[str],
    tally: Tally,
    more: Callable[[], bool],
) -> None:
    while more():
        name, query, kind = _pick(rng)
        start = time.perf_counter()
        try:
            response = await http.post(
                "/graphql", json={"query": query, "variables": _variables(kind, rng, ids)}
            )
            failed = response.status_code != 200 or bool(response.json().get("errors"))
        except httpx.HTTPError:
            failed = True
        tally.latencies[name].append(time.perf_counter() - start)
        if failed:
            tally.errors[name] += 1


async def load(
    url: str, pid: int | None, duration: float, requests: int, concurrency: int, seed: int
) -> tuple[Tally, float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        ids = await _occupation_ids(http)
        for _ in range(20):  # warm the server's caches before measuring
            await http.post("/graphql", json={"query": COVERAGE["coverageGaps"][0]})
        sent = 0
        start = time.perf_counter()
        deadline = start + duration

        def more() -> bool:
            nonlocal sent
            if sent >= requests or time.perf_counter() >= deadline:
                return False
            sent += 1
            return True

        async def sample_memory() -> None:
            while True:
                rss = _rss_kib(pid)
                if rss is not None:
                    tally.rss_kib.append((time.perf_counter() - start, rss))
                await asyncio.sleep(5)

        sampler = asyncio.create_task(sample_memory())
        rngs = [random.Random(seed + i) for i in range(concurrency)]  # noqa: S311 - a mix
        await asyncio.gather(*(_worker(http, r, ids, tally, more) for r in rngs))
        elapsed = time.perf_counter() - start
        sampler.cancel()
        rss = _rss_kib(pid)
        if rss is not None:
            tally.rss_kib.append((elapsed, rss))
    return tally, elapsed


def render(tally: Tally, elapsed: float, concurrency: int) -> str:
    every = [x for samples in tally.latencies.values() for x in samples]
    errors = sum(tally.errors.values())
    lines = [
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {len(every)} requests in {elapsed:.1f} s "
        f"from {concurrency} concurrent clients, **{len(every) / elapsed:.1f} req/s**, "
        f"**{errors} errors**.",
        f"Machine: {machine()}. The clients, the server and the store share its cores, so "
        "latencies include queueing behind the other clients.",
        "",
        "| query | requests | errors | p50 (ms) | p95 (ms) | p99 (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for name in sorted(tally.latencies):
        samples = tally.latencies[name]
        lines.append(
            f"| {name} | {len(samples)} | {tally.errors.get(name, 0)} | {_pct(samples, 50):.1f} "
            f"| {_pct(samples, 95):.1f} | {_pct(samples, 99):.1f} |"
        )
    lines.append(
        f"| **all** | {len(every)} | {errors} | {_pct(every, 50):.1f} | {_pct(every, 95):.1f} "
        f"| {_pct(every, 99):.1f} |"
    )
    if tally.rss_kib:
        memory = ", ".join(f"{t:.0f} s: {kib / 1024:.0f}" for t, kib in tally.rss_kib)
        lines += ["", f"Server resident memory (MiB) over the run: {memory}."]
    else:
        lines += ["", "Server memory not sampled (give --pid for a server started elsewhere)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="that server's process id, for its memory")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--requests", type=int, default=100_000, help="at most this many")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--processes", type=int, default=1, help="server processes (serve --workers; default 1)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="do not update LOAD.md")
    args = parser.parse_args()
    if args.url:
        _loopback(args.url)
        tally, elapsed = asyncio.run(
            load(args.url, args.pid, args.duration, args.requests, args.concurrency, args.seed)
        )
    else:
        with tempfile.TemporaryDirectory(prefix="zhepai-load-") as tmp:
            asyncio.run(_seed(Path(tmp)))
            port = _free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "zhepai.cli", "serve", "--port", str(port),
                 "--data-dir", tmp, "--log-level", "warning", "--workers", str(args.processes)],
                cwd=ROOT,
            )  # fmt: skip
            try:
                url = f"http://127.0.0.1:{port}"
                _wait_ready(url)
                tally, elapsed = asyncio.run(
                    load(url, server.pid, args.duration, args.requests, args.concurrency,
                         args.seed)
                )  # fmt: skip
            finally:
                server.terminate()
                server.wait(timeout=60)
    report = render(tally, elapsed, args.concurrency)
    print(report)
    if not args.no_write:
        (ROOT / "bench" / "LOAD.md").write_text(
            "# Load test\n\nWritten by `python -m bench.load` (see its docstring for the mix)."
            "\n\n" + report + "\n",
            encoding="utf-8",
        )


def _wait_ready(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready")


if __name__ == "__main__":
    main()
