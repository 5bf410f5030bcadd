"""Writers at once: the version guard lets exactly one of two writers through, and an import,
revocations and a counter rebuild racing each other leave the counters equal to a recount.

FalkorDB runs one write at a time, so there these hold by construction; on Neo4j (the live
suite, ``-m neo4j`` with ``NEO4J_URI`` set) transactions run side by side and read without
locks, and they hold because every guard takes its node's write lock before it reads.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from tests.test_workers_import import assert_counters_match_recount
from tests.workers_data import CHEGONG, GOOD, SECRET, TODAY, row, write_csv
from zhepai.domain.talent.id_numbers import make
from zhepai.domain.talent.rebuild import rebuild
from zhepai.domain.talent.writer import CertificateWriter, revocation
from zhepai.graph.errors import StoreError
from zhepai.graph.maintenance import DROP_WORKERS
from zhepai.graph.store import GraphStore
from zhepai.graph.workers import Batch, CertificateRecord, PersonWrite, WorkerRepository
from zhepai.loaders.workers_import import import_workers

ROUNDS = 20  # races run again and again, so that one that can go wrong gets its chances


@pytest.fixture
async def store(seeded_store: GraphStore) -> AsyncIterator[GraphStore]:
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


def _person(name: str) -> PersonWrite:
    key = hashlib.sha256(name.encode()).hexdigest()[:30]  # a person key's length
    return PersonWrite(key, "330824********0000", name, 1990, "M")


def _holding(person: PersonWrite) -> Batch:
    """A new person with one certificate (a stored person always holds one)."""
    held = CertificateRecord(f"C-{person.name}", person.key, "SKILL_LEVEL", "JUNIOR", CHEGONG,
                             None, "16", "330824", "2024-01-01", None, "VALID")  # fmt: skip
    return Batch(persons=[person], certificates=[held])


async def test_of_two_writers_on_one_version_exactly_one_writes(store: GraphStore) -> None:
    repo = WorkerRepository(store)
    for i in range(ROUNDS):
        expected = await repo.version()
        a, b = _person(f"race-{i}-a"), _person(f"race-{i}-b")
        won = await asyncio.gather(
            repo.apply(_holding(a), expected), repo.apply(_holding(b), expected)
        )
        assert sum(v is not None for v in won) == 1, won
        assert await repo.version() in won
        stored = set(await repo.state([a.key, b.key], []))
        assert stored == ({a.key} if won[0] is not None else {b.key})


async def test_revocations_and_a_rebuild_during_an_import_keep_the_counters_exact(
    store: GraphStore, tmp_path: Path
) -> None:
    await import_workers(store, write_csv(tmp_path / "first.csv", GOOD), SECRET, today=TODAY)
    more = [
        row(f"C-5{i:03d}", make(("330825", "330802", "330106")[i % 3],
            date(1970 + i % 30, 1 + i % 12, 1 + i % 27), i), f"工人{i}", CHEGONG,
            level=("JUNIOR", "SENIOR", "TECHNICIAN")[i % 3],
            region=("330825", "330802", "330106")[i % 3], issued_on=f"20{10 + i % 15}-02-01")
        for i in range(240)
    ]  # fmt: skip
    repo = WorkerRepository(store)

    async def revoke(no: str) -> None:
        await asyncio.sleep(0)  # let the import start first
        stored = (await repo.certificates([no]))[no]
        person = await repo.person(stored.person)
        assert person is not None
        await CertificateWriter(repo).write([revocation(person, stored)], "test", "REVOKE", no)

    async def rebuild_or_refusal() -> StoreError | None:
        """None once rebuilt; the refusal if a write landed during the recount."""
        try:
            await rebuild(store)
        except StoreError as exc:
            return exc
        return None

    report, refused, _ = await asyncio.gather(
        import_workers(
            store, write_csv(tmp_path / "more.csv", more), SECRET, today=TODAY, batch_size=16
        ),
        rebuild_or_refusal(),
        asyncio.gather(*(revoke(no) for no in ("C-0001", "C-0002", "C-0004", "C-0006"))),
    )
    assert (report.created, report.rejected) == (240, 0)
    assert refused is None or "run it again" in str(refused)
    revoked = await repo.certificates(["C-0001", "C-0002", "C-0004", "C-0006"])
    assert {c.status for c in revoked.values()} == {"REVOKED"}
    await assert_counters_match_recount(store)
