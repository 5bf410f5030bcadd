"""An import killed at any point and run again ends exactly where an uninterrupted run does.

The reference is an uninterrupted import into one graph; the same file then goes into a
second graph through the real command in a subprocess, killed with SIGKILL at random
moments (in process: stopped after a random number of batches), and run again to the end.
"""

from __future__ import annotations

import asyncio
import csv
import os
import random
import signal
import sys
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from subprocess import DEVNULL, PIPE
from typing import Any

import pytest

from tests.workers_data import SECRET, write_csv
from zhepai.config import Settings
from zhepai.domain.problems import Problem
from zhepai.graph.maintenance import SET_WORKERS_CHECKPOINT
from zhepai.graph.open import open_store
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import TalentRepository
from zhepai.graph.workers import Checkpoint, WorkerRepository
from zhepai.loaders.seed_loader import load_seeds
from zhepai.loaders.worker_rows import FIELDS, Accepted
from zhepai.loaders.workers_import import Record, _Validator, import_workers
from zhepai.loaders.workers_synthetic import write_synthetic_workers

ROWS = 1500
TODAY = date(2026, 11, 28)


async def snapshot(store: GraphStore) -> dict[str, Any]:
    talent = TalentRepository(store)
    persons = {
        p.person.key: (p.person, sorted(p.certificates, key=lambda c: c.no))
        async for p in talent.persons()
    }
    cells = sorted((c.county, c.series, c.level, c.persons, c.certificates)
                   for c in await talent.cells())  # fmt: skip
    entries = sorted((e.county, e.year, e.persons) for e in await talent.entries())
    return {"persons": persons, "cells": cells, "entries": entries}


@pytest.fixture(scope="module")
def workers_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "workers.csv"
    write_synthetic_workers(ROWS, 11, path, today=TODAY)
    return path


@pytest.fixture(scope="module")
async def reference(data_root: Path, workers_file: Path) -> AsyncIterator[dict[str, Any]]:
    store = await open_store(Settings(data_dir=data_root / "store", graph_name="kill_reference"))
    await store.drop_all()
    await load_seeds(store)
    # every row looked up: the runs below read the keys first (talent/known_keys.py)
    await import_workers(store, workers_file, SECRET, today=TODAY, known_keys=False)
    yield await snapshot(store)
    await store.drop_all()
    await store.close()


def graph_name(request: pytest.FixtureRequest) -> str:
    return "kill_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:40]


@pytest.fixture
async def target(data_root: Path, request: pytest.FixtureRequest) -> AsyncIterator[GraphStore]:
    store = await open_store(Settings(data_dir=data_root / "store", graph_name=graph_name(request)))
    await store.drop_all()
    await load_seeds(store)
    yield store
    await store.drop_all()
    await store.close()


async def stored(store: GraphStore) -> int:
    return sum(c.certificates for c in await TalentRepository(store).cells())


class Stop(Exception):
    pass


async def test_stopped_after_any_batch_and_rerun_equals_uninterrupted(
    target: GraphStore, workers_file: Path, reference: dict[str, Any]
) -> None:
    rng = random.Random(5)  # noqa: S311 - reproducible kill points, not secrets
    for _ in range(6):
        calls = 0

        def progress(rows: int, done: int, total: int, stop: int = rng.randint(1, 14)) -> None:
            nonlocal calls
            calls += 1
            if calls == stop:
                raise Stop

        with pytest.raises(Stop):
            await import_workers(target, workers_file, SECRET, today=TODAY, progress=progress,
                                 batch_size=100, known_keys=True)  # fmt: skip
    report = await import_workers(
        target, workers_file, SECRET, today=TODAY, batch_size=100, known_keys=True
    )
    assert report.resumed > 0  # it went on from the last batch written, not from the start
    assert report.keys_known  # and wrote on knowing the store's keys, unlike the reference
    assert await snapshot(target) == reference


def file_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


async def stop_after(store: GraphStore, path: Path, batches: int) -> None:
    calls = 0

    def progress(rows: int, done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == batches:
            raise Stop

    with pytest.raises(Stop):
        await import_workers(store, path, SECRET, today=TODAY, progress=progress, batch_size=100)


async def test_a_write_after_the_cut_means_the_rerun_starts_from_the_beginning(
    target: GraphStore, workers_file: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    """After a cut, another import corrects a row the cut import had written. Resuming would
    keep that correction; an uninterrupted run of the file would have written over it, and so
    does the rerun, which starts from the first row."""
    await stop_after(target, workers_file, 5)
    first = file_rows(workers_file)[0]
    first[FIELDS.index("employer")] = "另一家企业"
    corrected = write_csv(tmp_path / "corrected.csv", [first], FIELDS)
    assert (await import_workers(target, corrected, SECRET, today=TODAY)).updated == 1

    report = await import_workers(target, workers_file, SECRET, today=TODAY, batch_size=100)
    assert report.resumed == 0
    assert await snapshot(target) == reference


async def test_a_file_changed_after_the_cut_is_read_again_from_the_start(
    target: GraphStore, workers_file: Path, tmp_path: Path
) -> None:
    """The checkpoint names the rows written, not the file: once a written row is edited, the
    rerun does not skip it."""
    await stop_after(target, workers_file, 5)
    rows = file_rows(workers_file)
    rows[0][FIELDS.index("employer")] = "另一家企业"
    edited = write_csv(tmp_path / "edited.csv", rows, FIELDS)

    report = await import_workers(target, edited, SECRET, today=TODAY, batch_size=100)
    assert report.resumed == 0
    assert report.updated == 1
    repo = WorkerRepository(target)
    stored = await repo.certificates([rows[0][FIELDS.index("certificate_no")]])
    assert [c.employer for c in stored.values()] == ["另一家企业"]


async def test_a_finished_import_run_again_is_checked_without_reading_the_store(
    target: GraphStore, workers_file: Path
) -> None:
    first = await import_workers(target, workers_file, SECRET, today=TODAY, batch_size=100)
    again = await import_workers(target, workers_file, SECRET, today=TODAY, batch_size=100)
    written = first.created + first.updated
    assert (again.created, again.updated, again.unchanged) == (0, 0, written)
    # every row up to the last batch that wrote anything was resumed past
    assert 0 < again.resumed <= written
    assert written - again.resumed < 100


@pytest.mark.skipif(sys.platform != "linux", reason="kills processes the Linux way")
async def test_killed_with_sigkill_and_rerun_equals_uninterrupted(
    target: GraphStore,
    workers_file: Path,
    reference: dict[str, Any],
    data_root: Path,
    request: pytest.FixtureRequest,
) -> None:
    env = {
        **os.environ,
        "ZHEPAI_DATA_DIR": str(data_root / "store"),
        "ZHEPAI_GRAPH_NAME": graph_name(request),
        "ZHEPAI_PERSON_KEY_SECRET": SECRET.decode(),
    }
    command = ["-m", "zhepai.cli", "import", "workers", str(workers_file), "--batch-size", "10"]
    rng = random.Random(7)  # noqa: S311 - reproducible kill points, not secrets
    stored_after_kill = []
    for _ in range(3):
        process = await asyncio.create_subprocess_exec(
            sys.executable, *command, env=env, stdout=DEVNULL, stderr=DEVNULL
        )
        # wait until it writes, then kill it a random moment later
        before = await stored(target)
        while await stored(target) == before and process.returncode is None:
            await asyncio.sleep(0.02)
        await asyncio.sleep(rng.uniform(0.0, 0.5))
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(process.wait(), timeout=30)
        stored_after_kill.append(await stored(target))
    # the kills landed mid-import (not all before the first batch or after the last)
    assert any(0 < n < ROWS for n in stored_after_kill), stored_after_kill
    finished = await asyncio.create_subprocess_exec(
        sys.executable, *command, env=env, stdout=DEVNULL, stderr=PIPE
    )
    _, errors = await asyncio.wait_for(finished.communicate(), timeout=300)
    assert finished.returncode == 0, errors.decode()
    assert await snapshot(target) == reference


async def test_another_file_is_told_at_its_first_row_that_it_cannot_resume(
    target: GraphStore, workers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checkpoint left by one file tells the import of another at its first row that
    there is nothing to resume, instead of after as many rows as the first file had: each
    row of the second file is checked once (its first row twice), not twice."""
    await import_workers(target, workers_file, SECRET, today=TODAY, batch_size=100)
    other = tmp_path / "other.csv"
    write_synthetic_workers(ROWS, 12, other, today=TODAY)
    checked = 0
    check = _Validator.check

    def counting(self: _Validator, record: Record) -> Accepted | list[Problem]:
        nonlocal checked
        checked += 1
        return check(self, record)

    monkeypatch.setattr(_Validator, "check", counting)
    report = await import_workers(target, other, SECRET, today=TODAY, batch_size=100)
    assert report.resumed == 0
    assert report.created + report.updated > 0
    assert checked == report.read + 1


def test_a_checkpoint_from_before_the_first_rows_digest_still_reads() -> None:
    assert Checkpoint.decode('{"rows": 5, "digest": "ab"}') == Checkpoint(5, "ab", None)
    both = Checkpoint(5, "ab", "cd")
    assert Checkpoint.decode(both.encode()) == both
    assert Checkpoint.decode("[1]") is None


async def test_a_checkpoint_without_the_first_rows_digest_is_still_resumed_from(
    target: GraphStore, workers_file: Path
) -> None:
    await stop_after(target, workers_file, 5)
    repo = WorkerRepository(target)
    written = await repo.checkpoint()
    assert written is not None and written.first is not None
    older = Checkpoint(written.rows, written.digest).encode()  # as written before 2ccc826
    await target.write(SET_WORKERS_CHECKPOINT, checkpoint=older)
    report = await import_workers(target, workers_file, SECRET, today=TODAY, batch_size=100)
    assert report.resumed == written.rows
