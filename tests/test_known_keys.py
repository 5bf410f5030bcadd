"""The keys an import knows the store holds: never one missed, read at one version, dropped
when another writer gets in, and kept across a write whose answer was lost."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_workers_import import StallingStore, assert_counters_match_recount
from tests.workers_data import GOOD, LI, SECRET, TODAY, ZHANG, write_csv
from zhepai.domain.talent.id_numbers import person_key
from zhepai.domain.talent.known_keys import BITS, KnownKeys, load, worth_scanning
from zhepai.domain.talent.writer import CertificateWriter, Prepared, Row, WriteReport
from zhepai.graph.bench_writes import COUNT_CERTIFICATES
from zhepai.graph.errors import StoreError, StoreTimeout
from zhepai.graph.maintenance import DROP_WORKERS
from zhepai.graph.store import Bound, GraphStore
from zhepai.graph.worker_keys import kept_keys_file, key_pages, scan_helps
from zhepai.graph.workers import (
    Checkpoint,
    PersonState,
    WorkerRepository,
    number_index,
    person_index,
)
from zhepai.loaders.worker_rows import Accepted, WorkerRules
from zhepai.loaders.workers_import import Record, _Validator, import_workers

KEYS = st.integers(min_value=0, max_value=(1 << 60) - 1)


@given(st.lists(KEYS, max_size=200), st.lists(KEYS, max_size=200))
def test_a_key_added_is_never_taken_for_absent(persons: list[int], others: list[int]) -> None:
    known = KnownKeys("v")
    known.add(np.array(persons, dtype=np.uint64), np.array([], dtype=np.uint64))
    assert not known._persons.absent(np.array(persons, dtype=np.uint64)).any()
    low = {k & ((1 << BITS) - 1) for k in persons}
    absent = known._persons.absent(np.array(others, dtype=np.uint64))
    # a key whose low bits no added key shares is always found absent
    assert all(
        gone for k, gone in zip(others, absent, strict=True) if k & ((1 << BITS) - 1) not in low
    )


def test_the_bits_follow_the_version_of_the_writes() -> None:
    known = KnownKeys("v1")
    known.writing("v2", ["a" * 32], ["C-1"])  # sent; its answer is lost
    assert known.settle("v1")  # it did not land (yet): the bits still describe the store
    assert known.settle("v2") and known.version == "v2"  # it landed: they are at v2 now
    assert not known.settle("v3")  # someone else wrote

    again = KnownKeys("v1")
    again.writing("v2", ["a" * 32], ["C-1"])  # lost
    again.writing("v3", ["b" * 32], ["C-2"])  # lost too, but it was the one that landed
    assert again.settle("v3") and again.version == "v3"
    assert again.stored(["a" * 32, "b" * 32], ["C-1", "C-2"]) == (
        ["a" * 32, "b" * 32],
        ["C-1", "C-2"],
    )


def test_a_write_marked_behind_another_stays_pending_when_that_one_lands() -> None:
    known = KnownKeys("v1")
    known.writing("v2", ["a" * 32], ["C-1"])  # being written
    known.writing("v3", ["b" * 32], ["C-2"])  # the next batch, marked while v2 is written
    assert known.settle("v2") and known.version == "v2"
    assert known.settle("v3") and known.version == "v3"  # it may land after v2 did
    assert not known.settle("v2")  # the store does not go back

    split = KnownKeys("v1")
    split.writing("v2", ["a" * 32, "b" * 32], ["C-1", "C-2"])  # a batch's first statement
    split.then("v3")  # its second, of keys already marked
    split.writing("v4", ["c" * 32], ["C-3"])  # the next batch, marked while v2 is written
    assert split.settle("v2") and split.settle("v3")
    assert split.settle("v4") and split.version == "v4"


def test_only_a_file_big_enough_against_the_store_pays_for_the_scan() -> None:
    assert worth_scanning(128 * 1000, 20_000)
    assert not worth_scanning(128 * 1000, 20_001)


@pytest.fixture
async def store(seeded_store: GraphStore) -> AsyncIterator[GraphStore]:
    if not scan_helps(seeded_store):
        pytest.skip("keys are scanned on FalkorDB only")
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


async def test_every_stored_key_is_known_and_a_new_one_is_not(
    store: GraphStore, tmp_path: Path
) -> None:
    await import_workers(store, write_csv(tmp_path / "a.csv", GOOD), SECRET, today=TODAY)
    known = await load(store)
    assert known is not None and known.version == await WorkerRepository(store).version()

    keys = sorted({person_key(r[1], SECRET) for r in GOOD})
    nos = [r[0] for r in GOOD]
    assert known.stored(keys, nos) == (keys, nos)
    new_key, new_no = _unlike(keys, nos)
    assert known.stored([new_key], [new_no]) == ([], [])


async def test_the_scan_is_skipped_when_the_file_is_small_against_the_store(
    store: GraphStore,
) -> None:
    assert await load(store, file_bytes=128) is None
    assert await load(store, file_bytes=None) is not None


async def test_an_import_keeps_its_keys_for_the_next_one(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await import_workers(store, write_csv(tmp_path / "a.csv", GOOD[:3]), SECRET, today=TODAY,
                         known_keys=True)  # fmt: skip
    kept = kept_keys_file(store)
    assert kept is not None and kept.is_file()
    monkeypatch.setattr("zhepai.domain.talent.known_keys.key_pages", _no_scan)

    # 张三 (C-0001, C-0002) and 李四 (C-0003) are stored: the kept keys must know them
    report = await import_workers(store, write_csv(tmp_path / "b.csv", GOOD), SECRET,
                                  today=TODAY, known_keys=True)  # fmt: skip

    assert report.keys_known and (report.created, report.unchanged) == (len(GOOD) - 3, 3)
    zhang = await WorkerRepository(store).person(person_key(ZHANG, SECRET))
    assert zhang is not None and [c.no for c in zhang.certificates][:2] == ["C-0001", "C-0002"]
    await assert_counters_match_recount(store)


async def test_kept_keys_are_not_taken_once_another_writer_has_written(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await import_workers(store, write_csv(tmp_path / "a.csv", GOOD[2:3]), SECRET, today=TODAY,
                         known_keys=True)  # fmt: skip
    # 张三 and C-0001 come in through another writer: the kept keys do not know them
    await CertificateWriter(WorkerRepository(store)).write(
        await _rows(store, GOOD[:1]), "other", "IMPORT", "x.csv"
    )
    scans = []

    async def counted(inner: GraphStore) -> AsyncIterator[Any]:
        scans.append(1)
        async for page in key_pages(inner):
            yield page

    monkeypatch.setattr("zhepai.domain.talent.known_keys.key_pages", counted)
    report = await import_workers(store, write_csv(tmp_path / "b.csv", GOOD[:2]), SECRET,
                                  today=TODAY, known_keys=True)  # fmt: skip

    assert scans == [1]  # read from the store instead
    assert (report.created, report.unchanged) == (1, 1)
    zhang = await WorkerRepository(store).person(person_key(ZHANG, SECRET))
    assert zhang is not None and [c.no for c in zhang.certificates] == ["C-0001", "C-0002"]
    await assert_counters_match_recount(store)


async def test_kept_keys_that_cannot_be_read_are_read_from_the_store(
    store: GraphStore, tmp_path: Path
) -> None:
    kept, version = await _kept_after_import(store, tmp_path)
    assert KnownKeys.kept(kept, version) is not None
    assert KnownKeys.kept(kept, "another version") is None
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short
    assert KnownKeys.kept(kept, version) is None
    known = await load(store)  # read from the store
    assert known is not None and known.stored([person_key(ZHANG, SECRET)], ["C-0001"]) == (
        [person_key(ZHANG, SECRET)],
        ["C-0001"],
    )


async def test_kept_keys_are_written_again_only_once_they_have_moved_on(
    store: GraphStore, tmp_path: Path
) -> None:
    kept, version = await _kept_after_import(store, tmp_path)
    written = kept.stat().st_mtime_ns
    unchanged = KnownKeys.kept(kept, version)
    assert unchanged is not None
    unchanged.keep(kept)  # read from there at this version: nothing to write
    assert kept.stat().st_mtime_ns == written
    unchanged.writing("a later version", [person_key(ZHANG, SECRET)], ["C-0002"])
    assert unchanged.settle("a later version")
    unchanged.keep(kept)  # the bits moved on: written
    assert KnownKeys.kept(kept, "a later version") is not None
    assert KnownKeys.kept(kept, version) is None


async def _kept_after_import(store: GraphStore, tmp_path: Path) -> tuple[Path, str]:
    """The kept keys file an import of 张三's C-0001 leaves, and the version it describes."""
    await import_workers(store, write_csv(tmp_path / "a.csv", GOOD[:1]), SECRET, today=TODAY,
                         known_keys=True)  # fmt: skip
    kept = kept_keys_file(store)
    assert kept is not None
    return kept, await WorkerRepository(store).version()


async def _no_scan(_: GraphStore) -> AsyncIterator[Any]:
    raise AssertionError("the keys were read from the store")
    yield  # an async generator


class WritingDuringScan:
    """The real store, but while the keys are read another writer stores a row: the next of
    ``rows`` each time, as long as there are any."""

    def __init__(self, inner: GraphStore, rows: list[Row]) -> None:
        self.inner, self.rows = inner, list(rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def read(self, stmt: Any, **params: Any) -> list[Any]:
        if stmt.name == "worker_keys_persons" and self.rows:
            writer = CertificateWriter(WorkerRepository(self.inner))
            await writer.write([self.rows.pop(0)], "other", "IMPORT", "x.csv")
        return await self.inner.read(stmt, **params)


async def test_a_write_during_the_scan_makes_it_read_again(store: GraphStore) -> None:
    rows = await _rows(store, GOOD[:1])
    known = await load(WritingDuringScan(store, rows))

    assert known is not None and known.version == await WorkerRepository(store).version()
    assert known.stored([rows[0].person.key], ["C-0001"]) == ([rows[0].person.key], ["C-0001"])


async def test_writes_during_every_scan_leave_the_import_reading_everything(
    store: GraphStore,
) -> None:
    rows = await _rows(store, GOOD[:3])
    assert await load(WritingDuringScan(store, rows)) is None  # three scans, three writes


class NoStringJoin:
    """The real store, but it answers the key scan as a FalkorDB without string.join would."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def read(self, stmt: Any, **params: Any) -> list[Any]:
        if stmt.name == "worker_keys_persons":
            raise StoreError("worker_keys_persons failed: Unknown function 'string.join'")
        return await self.inner.read(stmt, **params)


async def test_a_store_that_cannot_scan_imports_without_the_keys(
    store: GraphStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    old = NoStringJoin(store)
    path = write_csv(tmp_path / "a.csv", GOOD)

    report = await import_workers(old, path, SECRET, today=TODAY, known_keys=True)

    assert (report.created, report.rejected) == (6, 0)
    assert not report.keys_known
    assert "every row is looked up" in caplog.text
    await assert_counters_match_recount(store)


class Spy:
    """The real repository, remembering what each state read asked for."""

    def __init__(self, inner: WorkerRepository) -> None:
        self.inner = inner
        self.asked: list[tuple[list[str], list[str]]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def state(self, keys: Sequence[str], nos: Sequence[str]) -> dict[str, PersonState]:
        self.asked.append((list(keys), list(nos)))
        return await self.inner.state(keys, nos)


async def test_new_persons_and_certificates_are_not_looked_up(
    store: GraphStore, tmp_path: Path
) -> None:
    await import_workers(store, write_csv(tmp_path / "a.csv", GOOD[:3]), SECRET, today=TODAY)
    spy = Spy(WorkerRepository(store))
    known = await load(store)
    assert known is not None
    writer = CertificateWriter(spy, known)  # type: ignore[arg-type]

    report = await writer.write(await _rows(store, GOOD[2:]), "test", "IMPORT", "b.csv")

    assert (report.created, report.unchanged) == (3, 1)
    li_key = person_key(GOOD[2][1], SECRET)
    # only 李四 and her C-0003 were stored: the rest were known to be new
    assert spy.asked == [([li_key], ["C-0003"])]
    await assert_counters_match_recount(store)


async def test_a_batch_prepared_while_the_one_before_is_written_sees_its_persons(
    store: GraphStore,
) -> None:
    spy = Spy(WorkerRepository(store))
    known = await load(store)
    assert known is not None
    writer = CertificateWriter(spy, known)  # type: ignore[arg-type]
    rows = await _rows(store, GOOD[:4])
    zhang = person_key(ZHANG, SECRET)
    # as the import does it: each batch prepared before the one ahead of it has landed
    first = writer.prepare(rows[:1])  # 张三's C-0001
    writing = asyncio.create_task(writer.write(rows[:1], "test", "IMPORT", "a.csv", None, first))
    second = writer.prepare(rows[1:2])  # 张三's C-0002: he is being written
    assert second.ahead is None and second.rest == rows[1:2]
    assert second.stored == ([zhang], [])
    assert (await writing).created == 1
    assert (await writer.write(rows[1:2], "test", "IMPORT", "a.csv", None, second)).created == 1
    third = writer.prepare(rows[2:])  # nothing of it is stored: worked out at once
    assert third.ahead is not None and not third.rest
    assert (await writer.write(rows[2:], "test", "IMPORT", "a.csv", None, third)).created == 2

    assert spy.asked == [([zhang], [])]  # the one read: 张三, once his first batch had landed
    stored = await WorkerRepository(store).person(zhang)
    assert stored is not None and [c.no for c in stored.certificates] == ["C-0001", "C-0002"]
    assert writer._known is known
    await assert_counters_match_recount(store)


async def test_a_batch_is_worked_out_ahead_but_for_the_persons_the_store_may_hold(
    store: GraphStore,
) -> None:
    """张三 is stored with C-0001, and 李四 with C-0003. The next batch gives 张三 C-0002,
    moves C-0003 to 王五 (new), and brings 赵六 (new): only 张三 and 王五 wait for the
    store, and the one read asks for 张三 and C-0003; 李四 is left holding nothing."""
    repo = WorkerRepository(store)
    rows = await _rows(store, GOOD)
    await CertificateWriter(repo).write([rows[0], rows[2]], "test", "IMPORT", "a.csv")
    spy = Spy(repo)
    known = await load(store)
    assert known is not None
    writer = CertificateWriter(spy, known)  # type: ignore[arg-type]
    wang, zhao = rows[3].person, rows[4].person
    moved = Row(wang, dataclasses.replace(rows[2].certificate, person=wang.key))
    batch = [rows[1], moved, rows[3], rows[4], rows[5]]

    prepared = writer.prepare(batch)

    assert prepared.rest == [rows[1], moved, rows[3]]  # 张三's and 王五's rows
    assert prepared.ahead is not None
    assert [p.key for p in prepared.ahead.batch.persons] == [zhao.key]
    report = await writer.write(batch, "test", "IMPORT", "b.csv", None, prepared)

    assert (report.created, report.updated) == (4, 1)
    assert spy.asked == [([person_key(ZHANG, SECRET)], ["C-0003"])]
    assert await repo.person(person_key(LI, SECRET)) is None  # an orphan, deleted
    held = await repo.certificates([r.certificate.no for r in rows])
    assert {no: c.person for no, c in held.items()} == {
        "C-0001": person_key(ZHANG, SECRET), "C-0002": person_key(ZHANG, SECRET),
        "C-0003": wang.key, "C-0004": wang.key, "C-0005": zhao.key, "C-0006": zhao.key,
    }  # fmt: skip
    await assert_counters_match_recount(store)


async def test_split_batches_prepared_while_the_one_before_is_written_keep_the_keys(
    store: GraphStore,
) -> None:
    """Each batch is prepared while the one before is written, as the import does; the
    second is split (张三's C-0002 waits for the first batch, 王五 is new), and the third is
    prepared before the second's rest is written. The keys stay in use throughout."""
    spy = Spy(WorkerRepository(store))
    known = await load(store)
    assert known is not None
    writer = CertificateWriter(spy, known)  # type: ignore[arg-type]
    rows = await _rows(store, GOOD)
    batches = [[rows[0], rows[2]], [rows[1], rows[3]], [rows[4], rows[5]]]
    writing: asyncio.Task[WriteReport] | None = None
    created = 0
    for batch in batches:
        prepared = writer.prepare(batch)
        if writing is not None:
            created += (await writing).created
        writing = asyncio.create_task(
            writer.write(batch, "test", "IMPORT", "a.csv", None, prepared)
        )
    assert writing is not None
    created += (await writing).created

    assert created == 6
    assert writer.known is known  # no write was taken for another writer's
    assert spy.asked == [([person_key(ZHANG, SECRET)], [])]
    await assert_counters_match_recount(store)


class FailingApply:
    """The real store, but the ``at``-th apply statement fails: with ``landed``, its answer
    is lost after it was written (a timeout); without, it fails before it is sent (with
    ``error``)."""

    def __init__(self, inner: GraphStore, at: int, landed: bool, error: Exception) -> None:
        self.inner, self.at, self.landed, self.error = inner, at, landed, error
        self.applies = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def send(self, bound: Bound, **params: Any) -> list[Any]:
        self.applies += 1
        if self.applies == self.at and not self.landed:
            raise self.error
        rows = await self.inner.send(bound, **params)
        if self.applies == self.at:
            raise self.error
        return rows


async def _split_batch(
    store: GraphStore, failing: FailingApply
) -> tuple[CertificateWriter, list[Row], Prepared]:
    """张三 stored (C-0001, with a checkpoint); the next batch gives him C-0002 (to wait for
    the store) and brings 王五 (ahead): prepared, to be written through ``failing``."""
    rows = await _rows(store, GOOD[:4])
    known = await load(store)
    assert known is not None
    writer = CertificateWriter(WorkerRepository(failing), known)
    await writer.write(rows[:1], "test", "IMPORT", "a.csv", Checkpoint(1, "d1"))
    batch = [rows[1], rows[3]]
    prepared = writer.prepare(batch)
    assert prepared.rest == [rows[1]] and prepared.ahead is not None
    return writer, batch, prepared


@pytest.mark.parametrize("landed", [True, False], ids=["answer-lost", "not-sent"])
@pytest.mark.parametrize("at", [2, 3], ids=["ahead", "rest"])
async def test_a_split_batch_whose_statement_times_out_is_written_once(
    store: GraphStore, at: int, landed: bool
) -> None:
    """Either statement of a batch split in two may time out, before it was sent or after it
    landed; the retry writes every row once and leaves the counters exact."""
    failing = FailingApply(store, at, landed, StoreTimeout("workers_apply: no answer in time"))
    writer, batch, prepared = await _split_batch(store, failing)

    report = await writer.write(batch, "test", "IMPORT", "b.csv", Checkpoint(3, "d3"), prepared,
                                Checkpoint(1, "d1"))  # fmt: skip

    assert failing.applies >= at  # the statement failed
    assert report.created + report.unchanged == 2
    held = await WorkerRepository(store).certificates(["C-0001", "C-0002", "C-0004"])
    assert sorted(held) == ["C-0001", "C-0002", "C-0004"]
    assert (await store.read(COUNT_CERTIFICATES))[0]["n"] == 3  # none of them twice
    assert await WorkerRepository(store).checkpoint() == Checkpoint(3, "d3")
    await assert_counters_match_recount(store)


async def test_a_batch_cut_between_its_statements_keeps_the_checkpoint_before_it(
    store: GraphStore,
) -> None:
    """The first statement of a split batch records the checkpoint reached before the batch,
    so an import cut before the second one resumes with the whole batch."""
    failing = FailingApply(store, 3, False, StoreError("workers_apply failed: cut"))
    writer, batch, prepared = await _split_batch(store, failing)

    with pytest.raises(StoreError):
        await writer.write(batch, "test", "IMPORT", "b.csv", Checkpoint(3, "d3"), prepared,
                           Checkpoint(1, "d1"))  # fmt: skip

    repo = WorkerRepository(store)
    assert sorted(await repo.certificates(["C-0001", "C-0002", "C-0004"])) == ["C-0001", "C-0004"]
    assert await repo.checkpoint() == Checkpoint(1, "d1")
    await assert_counters_match_recount(store)


async def test_a_write_by_another_writer_makes_the_import_read_everything(
    store: GraphStore, tmp_path: Path
) -> None:
    repo = WorkerRepository(store)
    known = await load(store)
    assert known is not None
    ours = CertificateWriter(repo, known)
    # Another writer stores 张三 with C-0001 after the keys were read: they do not know him.
    await CertificateWriter(repo).write(await _rows(store, GOOD[:1]), "other", "IMPORT", "x.csv")

    report = await ours.write(await _rows(store, GOOD[:2]), "test", "IMPORT", "a.csv")

    # had the keys been trusted, 张三 would have been created a second time
    assert (report.created, report.unchanged) == (1, 1)
    zhang = await repo.person(person_key(ZHANG, SECRET))
    assert zhang is not None and [c.no for c in zhang.certificates] == ["C-0001", "C-0002"]
    assert ours._known is None  # and reads everything from now on
    await assert_counters_match_recount(store)


async def test_a_write_whose_answer_was_lost_keeps_the_keys_in_use(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("zhepai.domain.talent.writer.asyncio.sleep", _no_wait)
    losing = StallingStore(store)
    known = await load(store)
    assert known is not None
    writer = CertificateWriter(WorkerRepository(losing), known)  # type: ignore[arg-type]

    first = await writer.write(await _rows(store, GOOD[:3]), "test", "IMPORT", "a.csv")
    second = await writer.write(await _rows(store, GOOD[3:]), "test", "IMPORT", "a.csv")

    assert losing.stalls == 1
    # the retry found the first batch stored (its keys were set before it was sent)
    assert (first.created, first.unchanged, second.created) == (0, 3, 3)
    assert writer._known is not None  # the store was at the lost write's version: still true
    await assert_counters_match_recount(store)


async def _no_wait(_: float) -> None:
    return None


async def _rows(store: GraphStore, rows: list[list[str]]) -> list[Row]:
    """The rows as the import checks and resolves them."""
    validator = _Validator(await WorkerRules.load(store, SECRET), TODAY)
    accepted = [validator.check(Record(n, fields, [])) for n, fields in enumerate(rows, 2)]
    assert all(isinstance(a, Accepted) for a in accepted), accepted
    return [Row(a.person, a.certificate) for a in accepted if isinstance(a, Accepted)]


def _unlike(keys: list[str], nos: list[str]) -> tuple[str, str]:
    """A person key and a certificate number whose bits no stored one shares."""
    mask_ = (1 << BITS) - 1
    taken_k = {person_index(k) & mask_ for k in keys}
    taken_n = {number_index(n) & mask_ for n in nos}
    key = next(k for i in range(100) if person_index(k := f"{i:032x}") & mask_ not in taken_k)
    no = next(n for i in range(100) if number_index(n := f"N-{i:04d}") & mask_ not in taken_n)
    return key, no
