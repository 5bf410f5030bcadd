"""Imports killed midway, then run again: ``python -m bench.import_kills [--kills 20]``.

The plan's synthetic bases, five times over under distinct ids (5,000 rows, ten batches), are
imported once without interruption into a copy of a seeded data directory: that is the
reference. Then, for each of ``--kills`` random moments between the start of ``zhepai import
bases`` and the time the reference took, a fresh copy is imported by a process killed with
SIGKILL at that moment, the import is run again to its end, and the stored bases (every
field, their county and series) are compared with the reference. The table tells, for each
kill, how many bases the killed run had left behind: kills before the first batch, between
batches and after the last all occur. Writes bench/IMPORT_KILLS.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import shutil
import sys
import tempfile
import time
from dataclasses import astuple, replace
from datetime import UTC, datetime
from pathlib import Path

from bench.machine import summary as machine
from bench.servers import ROOT
from zhepai.config import Settings
from zhepai.graph.bases import BaseRepository
from zhepai.graph.open import open_store
from zhepai.loaders.bases_synthetic import write_synthetic
from zhepai.loaders.seed_loader import load_seeds

COPIES = 5


def _rows_file(work: Path) -> tuple[Path, list[str]]:
    one = work / "one.csv"
    write_synthetic(2025, one)
    with one.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    many = work / "bases.csv"
    ids = []
    with many.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for copy in range(COPIES):
            for row in rows:
                ids.append(f"{row[0]}-{copy}")
                writer.writerow([ids[-1], *row[1:]])
    return many, ids


async def _snapshot(data_dir: Path, ids: list[str]) -> list[tuple[object, ...]]:
    """Every stored base; closing stops the store (a killed import leaves it running)."""
    store = await open_store(Settings(data_dir=data_dir))
    try:
        records = await BaseRepository(store).by_id(ids)
    finally:
        await store.close()
    # every field, the series in a fixed order (the store returns them in any)
    return [
        astuple(replace(r, series_codes=tuple(sorted(r.series_codes))))
        for r in records
        if r is not None
    ]


async def _import(data_dir: Path, rows: Path, kill_after: float | None) -> float:
    start = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "zhepai.cli", "import", "bases", str(rows),
        "--data-dir", str(data_dir),
        "--rejects", str(data_dir / "rejects.csv"),
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    if kill_after is None:
        assert await process.wait() == 0, "the import failed"
    else:
        try:
            await asyncio.wait_for(process.wait(), timeout=kill_after)
        except TimeoutError:
            process.kill()
            await process.wait()
    return time.perf_counter() - start


async def run(kills: int, seed: int) -> str:
    rng = random.Random(seed)  # noqa: S311 - kill moments, not secrets
    with tempfile.TemporaryDirectory(prefix="zhepai-kills-") as tmp:
        work = Path(tmp)
        template = work / "template"
        store = await open_store(Settings(data_dir=template, embedded_fsync="everysec"))
        try:
            await load_seeds(store)
        finally:
            await store.close()
        rows, ids = _rows_file(work)

        def fresh(name: str) -> Path:
            target = work / name
            shutil.copytree(template, target, ignore=shutil.ignore_patterns("*.sock", "*.pid"))
            return target

        reference_dir = fresh("reference")
        full = await _import(reference_dir, rows, None)
        reference = await _snapshot(reference_dir, ids)
        assert len(reference) == len(ids)
        lines = [
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {len(ids)} rows; an uninterrupted "
            f"import took {full:.2f} s (process start to exit). Machine: {machine()}.",
            "",
            "| kill at (s) | bases the killed run left | after the rerun | as the reference |",
            "|---|---|---|---|",
        ]
        same_count = 0
        for i in range(kills):
            data_dir = fresh(f"kill-{i}")
            moment = rng.uniform(0.2, full)
            await _import(data_dir, rows, moment)
            left = len(await _snapshot(data_dir, ids))
            await _import(data_dir, rows, None)
            after = await _snapshot(data_dir, ids)
            same = after == reference
            same_count += same
            lines.append(
                f"| {moment:.2f} | {left} | {len(after)} | {'yes' if same else '**no**'} |"
            )
            shutil.rmtree(data_dir)
    lines += ["", f"**{same_count} of {kills}** reruns ended in the reference state."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.import_kills", description=__doc__)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-write", action="store_true", help="do not update IMPORT_KILLS.md")
    args = parser.parse_args()
    report = asyncio.run(run(args.kills, args.seed))
    print(report)
    if not args.no_write:
        (ROOT / "bench" / "IMPORT_KILLS.md").write_text(
            "# Imports killed midway\n\nWritten by `python -m bench.import_kills` (see its "
            "docstring).\n\n" + report + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
