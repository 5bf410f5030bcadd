"""Case 3: the worker import against the plainest write of the same rows.

The largest file is cut into consecutive chunks. Chunk by chunk, in turns (and in alternating
order), the chunk is

- **imported** into ``bench_large`` by ``loaders.workers_import.import_workers`` — reading,
  validating, keying the ID numbers, reading the stored state, working out the counters, one
  guarded statement per batch with the counters and the audit entry — timed whole; and
- **written raw** into ``bench_raw`` (seeds only) with ``graph.bench_writes.RAW_CERTIFICATES``
  in batches of the same size: persons deduplicated beforehand and ``CREATE``d, certificates
  ``CREATE``d with their four edges to ends matched by indexed key. Only the writes are
  timed; the rows are prepared (by the import's own validation) before the clock starts.

Afterwards both graphs must hold the same persons, certificates and edges by type, or the
run fails. The goal: import rows/s ≥ 0.8 × raw rows/s.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.report import Goal, Result
from bench.samples import percentile
from zhepai.graph.bench_writes import COUNT_CERTIFICATES, RAW_CERTIFICATES, WORKER_EDGES
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import COUNT_PERSONS
from zhepai.graph.workers import (
    Batch,
    CertificateRecord,
    PersonWrite,
    certificate_lists,
    employer_params,
)
from zhepai.loaders.worker_rows import FIELDS, Accepted, WorkerRow, WorkerRules
from zhepai.loaders.workers_import import BATCH, beijing_today, import_workers

CASE = "3. Worker import vs raw UNWIND … CREATE"
GOAL = Goal(">=", 0.8)


@dataclass(slots=True)
class RawBatch:
    persons: list[PersonWrite] = field(default_factory=list)  # new ones
    certificates: list[CertificateRecord] = field(default_factory=list)
    params: dict[str, object] = field(default_factory=dict)  # spelled once all are in

    def __len__(self) -> int:
        return len(self.certificates)


def raw_batches(path: Path, rules: WorkerRules, seen: set[str]) -> list[RawBatch]:
    """The rows of ``path`` validated as the import does, in batches of its size; persons
    already in ``seen`` (written by an earlier batch) are not created again."""
    today = beijing_today()
    batches = [RawBatch()]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for fields in reader:
            data = {n: v for n, v in zip(FIELDS, fields, strict=True) if v}
            accepted = rules.check(WorkerRow.model_validate(data), today)
            if not isinstance(accepted, Accepted):
                raise ValueError(f"{path}: a generated row was rejected: {accepted}")
            batch = batches[-1]
            if len(batch) >= BATCH:
                batch = RawBatch()
                batches.append(batch)
            p, c = accepted.person, accepted.certificate
            if p.key not in seen:
                seen.add(p.key)
                batch.persons.append(p)
            batch.certificates.append(c)
    for b in batches:  # as the apply statement spells new persons and their certificates
        written = Batch(persons=b.persons, certificates=b.certificates)
        b.params = {"employers": employer_params(b.certificates), **certificate_lists(written)}
    return [b for b in batches if len(b)]


async def write_raw(store: GraphStore, batches: list[RawBatch]) -> None:
    for b in batches:
        await store.write(RAW_CERTIFICATES, **b.params)


async def shape(store: GraphStore) -> dict[str, int]:
    """Persons, certificates and the certificates' edges by type."""
    out = {str(r["kind"]): int(r["n"]) for r in await store.read(WORKER_EDGES)}
    out["Certificate"] = int((await store.read(COUNT_CERTIFICATES))[0]["n"])
    out["Person"] = int((await store.read(COUNT_PERSONS))[0]["n"])
    return out


@dataclass(frozen=True, slots=True)
class Chunk:
    rows: int
    import_s: float
    raw_s: float


@dataclass(frozen=True, slots=True)
class Comparison:
    chunks: tuple[Chunk, ...]
    shape: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(c.rows for c in self.chunks)

    @property
    def import_rate(self) -> float:
        return self.rows / sum(c.import_s for c in self.chunks)

    @property
    def raw_rate(self) -> float:
        return self.rows / sum(c.raw_s for c in self.chunks)

    def result(self) -> Result:
        imported = [c.rows / c.import_s for c in self.chunks]
        raw = [c.rows / c.raw_s for c in self.chunks]

        def figure(total: float, rates: list[float]) -> str:
            return (f"{total:,.0f} rows/s (chunks p50 {percentile(rates, 50):,.0f}, "
                    f"p5 {percentile(rates, 5):,.0f})")  # fmt: skip

        return Result(
            CASE,
            f"{self.rows:,} rows, {len(self.chunks)} chunks in turns",
            figure(self.import_rate, imported),
            figure(self.raw_rate, raw),
            self.import_rate / self.raw_rate,
            "import rows/s / raw rows/s",
            GOAL,
            WHY,
        )


async def run(large: GraphStore, raw: GraphStore, chunks: list[Path], secret: bytes,
              rejects: Path, say: Callable[[str], None] = print) -> Comparison:  # fmt: skip
    """Import and raw-write ``chunks`` in turns; see the module docstring."""
    rules = await WorkerRules.load(raw, secret)
    seen: set[str] = set()
    done: list[Chunk] = []
    for i, path in enumerate(chunks):
        batches = raw_batches(path, rules, seen)
        rows = sum(len(b) for b in batches)

        async def imported(path: Path = path, rows: int = rows) -> float:
            start = time.perf_counter()
            report = await import_workers(large, path, secret, rejects, actor="bench")
            seconds = time.perf_counter() - start
            if report.created != rows or report.rejected:
                raise RuntimeError(f"{path}: import created {report.created} of {rows} rows")
            return seconds

        async def written(batches: list[RawBatch] = batches) -> float:
            start = time.perf_counter()
            await write_raw(raw, batches)
            return time.perf_counter() - start

        if i % 2 == 0:
            import_s = await imported()
            raw_s = await written()
        else:
            raw_s = await written()
            import_s = await imported()
        done.append(Chunk(rows, import_s, raw_s))
        say(f"chunk {i + 1}/{len(chunks)}: import {rows / import_s:,.0f} rows/s, "
            f"raw {rows / raw_s:,.0f} rows/s")  # fmt: skip
    imported_shape, raw_shape = await shape(large), await shape(raw)
    if imported_shape != raw_shape:
        raise RuntimeError(f"import and raw write differ: {imported_shape} vs {raw_shape}")
    return Comparison(tuple(done), imported_shape)


WHY = (
    "Per row the import does what the raw write does plus: csv parsing and pydantic "
    "validation, the GB 11643 check and an HMAC of the ID number, the counter changes worked "
    "out in Python and written in the same statement (a MERGE on about 0.9 counter cells and "
    "0.45 year entries a row), the checkpoint and the version guard, and a read of the stored "
    "state of those of the batch's persons and certificates the store may hold (its keys are "
    "known, read or kept from the last import, and the rows they prove new are left out). "
    "Python checks, works out and spells the next batch while the store writes the one "
    "before (its rows of new persons; the few others are read and written after them), so "
    "the import goes at the pace of the slower of the two, and they are close: over the "
    "first 100,000 certificates Python spends about 124 µs a row and the store about 115, "
    "where the raw write costs about 116 in all, 104 of them the store's (measured by hand "
    "from both processes' CPU times; bench/RESULTS.md, 'A batch in two statements'). On two "
    "cores the import keeps both busy, the raw write one. The store's "
    "append-only log is rewritten as it grows (4-9 s of fork and copying at this size), "
    "slowing whichever side is writing then. The profile below says where the import's "
    "Python time goes."
)
