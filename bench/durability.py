"""What durable writes cost on the embedded store: ``python -m bench.durability [--writes N]``.

Three ways to make an acknowledged write durable, each on a server of its own over a copy of
one seeded data directory:

* ``everysec``: the log is written before the answer and fsynced once a second (a power cut
  may lose the last second; ``kill -9`` loses nothing, the data is in the page cache);
* ``everysec + WAITAOF``: after each write, ``WAITAOF 1 0`` on the same connection waits
  until the log holding it is fsynced;
* ``always``: the server fsyncs before it answers a write (what zhepai uses).

Measured: one base write (graph/bases.py's upsert with its audit entry, what createBase
sends), sequentially; a catalogue read alone and while another task writes without pause; and the
import of the synthetic bases file (1,000 rows in batches) through ``import_bases``.
Writes results to bench/DURABILITY.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from falkordb.asyncio.graph import AsyncGraph
from redis.asyncio import Redis

from zhepai.config import Settings
from zhepai.graph.backends.embedded import EmbeddedServer
from zhepai.graph.bases import UPSERT
from zhepai.graph.ladder import LadderRepository
from zhepai.graph.open import open_store
from zhepai.loaders.bases_import import import_bases
from zhepai.loaders.bases_synthetic import write_synthetic
from zhepai.loaders.seed_loader import load_seeds

ROOT = Path(__file__).resolve().parent.parent
MODES = ("everysec", "everysec + WAITAOF", "always")


def _p(samples: list[float], pct: int) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


async def _seeded(template: Path) -> None:
    store = await open_store(Settings(data_dir=template, embedded_fsync="everysec"))
    try:
        await load_seeds(store)
    finally:
        await store.close()


async def _timed(call: Callable[[], Awaitable[object]]) -> float:
    start = time.perf_counter()
    await call()
    return (time.perf_counter() - start) * 1000


async def _mode(mode: str, template: Path, work: Path, writes: int) -> dict[str, float]:
    data_dir = work / mode.replace(" ", "").replace("+", "-")
    shutil.copytree(template, data_dir, ignore=shutil.ignore_patterns("*.sock", "*.pid"))
    fsync = "always" if mode == "always" else "everysec"
    settings = Settings(data_dir=data_dir, embedded_fsync=fsync)
    store = await open_store(settings)
    server = EmbeddedServer(data_dir)
    connection = Redis(unix_socket_path=str(server.socket_path), decode_responses=True)
    graph = AsyncGraph(connection, settings.graph_name)
    ladder = LadderRepository(store)
    results: dict[str, float] = {}
    try:

        async def write(i: int) -> None:
            # the statement's own sample row (a county base in 330824), under a new id; sent
            # on one connection of ours, so that WAITAOF waits for exactly this write
            row = {**UPSERT.params["rows"][0], "id": f"BENCH-{i}", "auditId": f"bench-{i}"}
            bound = UPSERT.bind(rows=[row], onlyNew=False, version=f"v{i}")
            await graph.query(UPSERT.text, dict(bound))
            if mode == "everysec + WAITAOF":
                waited = connection.execute_command("WAITAOF", 1, 0, 5000)  # type: ignore[no-untyped-call]
                local, _ = await waited
                assert local == 1, "WAITAOF timed out"

        samples = [await _timed(partial(write, i)) for i in range(writes)]
        results["write p50"], results["write p95"] = _p(samples, 50), _p(samples, 95)

        reads = [await _timed(ladder.levels) for _ in range(writes)]
        results["read p50"], results["read p95"] = _p(reads, 50), _p(reads, 95)

        stop = asyncio.Event()

        async def keep_writing() -> None:
            i = writes
            while not stop.is_set():
                i += 1
                await write(i)

        writer = asyncio.create_task(keep_writing())
        busy = [await _timed(ladder.levels) for _ in range(writes)]
        stop.set()
        await writer
        results["read p50 (writing)"] = _p(busy, 50)
        results["read p95 (writing)"] = _p(busy, 95)

        if mode != "everysec + WAITAOF":  # imports go through the store, not this connection
            csv = work / "bases.csv"
            if not csv.exists():
                write_synthetic(2025, csv)
            start = time.perf_counter()
            await import_bases(store, csv, work / f"{mode}.rejects.csv", actor="bench")
            results["import 1,000 bases (s)"] = time.perf_counter() - start
    finally:
        await connection.aclose()
        await store.close()
    return results


async def run(writes: int) -> str:
    with tempfile.TemporaryDirectory(prefix="zhepai-durability-") as tmp:
        work = Path(tmp)
        template = work / "template"
        await _seeded(template)
        measured = {mode: await _mode(mode, template, work, writes) for mode in MODES}
    columns = list(measured["everysec"])
    lines = [
        "| mode | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for mode, values in measured.items():
        cells = [f"{values[c]:.2f}" if c in values else "–" for c in columns]
        lines.append(f"| {mode} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.durability", description=__doc__)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--no-write", action="store_true", help="do not update DURABILITY.md")
    args = parser.parse_args()
    table = asyncio.run(run(args.writes))
    print(table)
    if not args.no_write:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        machine = f"{os.cpu_count()} cores, Python {platform.python_version()}"
        (ROOT / "bench" / "DURABILITY.md").write_text(
            "# What durable writes cost (embedded store)\n\n"
            f"Written by `python -m bench.durability` (see its docstring). Run {stamp}, "
            f"{args.writes} writes and reads per mode; {machine}; times in ms unless marked.\n\n"
            f"{table}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
