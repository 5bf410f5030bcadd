"""The benchmark's own parts: its yardstick writes what the import writes, its report keeps
the other runs' sections, and its arithmetic. (The timings themselves are never asserted.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bench.imports import raw_batches, shape, write_raw
from bench.report import Goal, Report, Result, RunKind, merge
from bench.samples import Samples, interleave, percentile
from tests.workers_data import SECRET
from zhepai.config import Settings
from zhepai.graph.open import open_store
from zhepai.graph.store import GraphStore
from zhepai.loaders.seed_loader import load_seeds
from zhepai.loaders.worker_rows import WorkerRules
from zhepai.loaders.workers_import import beijing_today, import_workers
from zhepai.loaders.workers_synthetic import write_synthetic_workers


@pytest.fixture
async def raw_store(data_root: Path) -> AsyncIterator[GraphStore]:
    settings = Settings(graph_url="embedded", data_dir=data_root / "store", graph_name="t_raw")
    store = await open_store(settings)
    await store.drop_all()
    yield store
    await store.drop_all()
    await store.close()


async def test_the_raw_write_makes_the_graph_the_import_makes(
    scratch_store: GraphStore, raw_store: GraphStore, tmp_path: Path
) -> None:
    # given two graphs with the seeds, and synthetic certificates (some persons hold several,
    # some certificates are 专项)
    for store in (scratch_store, raw_store):
        await load_seeds(store)
    path = tmp_path / "workers.csv"
    report = write_synthetic_workers(600, 7, path, beijing_today())
    assert report.specialty_rows and report.persons < report.rows
    # when one imports them and the other takes the raw write, in two slices like the bench
    imported = await import_workers(scratch_store, path, SECRET, tmp_path / "r.csv")
    batches = raw_batches(path, await WorkerRules.load(raw_store, SECRET), set())
    await write_raw(raw_store, batches[:1])
    await write_raw(raw_store, batches[1:])
    # then both hold the same persons, certificates and edges
    assert imported.created == 600
    assert await shape(scratch_store) == await shape(raw_store)
    assert (await shape(raw_store))["Person"] == report.persons


def test_a_run_replaces_its_own_section_and_keeps_the_rest() -> None:
    existing = merge("", RunKind.PROVINCE, "14M: not yet")
    existing += "\n## Reading the figures\n\nhand-written\n"
    first = merge(existing, RunKind.FULL, "full one")
    assert first.index("full one") < first.index("14M: not yet") < first.index("hand-written")
    second = merge(first, RunKind.FULL, "full two")
    assert "full one" not in second
    assert "full two" in second and "14M: not yet" in second and "hand-written" in second
    assert second.count("<!-- bench:full -->") == 1


def test_goals_say_whether_and_by_how_much() -> None:
    at_most, at_least = Goal("<=", 1.2), Goal(">=", 0.8)
    assert at_most.met(1.2) and not at_most.met(1.5)
    assert at_most.miss(2.4) == "2.00× over the goal"
    assert at_least.met(0.8) and not at_least.met(0.4)
    assert at_least.miss(0.4) == "2.00× under the goal"
    missed = Result("1. x", "q", "2 ms", "1 ms", 2.0, "A / B", at_most, "because")
    kept = Result("1. x", "r", "1 ms", "1 ms", 1.0, "A / B", at_most)
    report = Report(RunKind.QUICK, "machine", "setup", [missed, kept])
    assert report.missed() == ["- **q**: 2.00 against ≤ 1.2, 1.67× over the goal. because"]
    assert "| **no** |" in report.render() and "| yes |" in report.render()


async def test_interleaving_alternates_the_order() -> None:
    order: list[str] = []

    async def a(i: int) -> None:
        order.append(f"a{i}")

    async def b(i: int) -> None:
        order.append(f"b{i}")

    timed_a, timed_b = await interleave(a, b, rounds=3, warmup=1)
    assert order == ["a0", "b0", "a0", "b0", "b1", "a1", "a2", "b2"]
    assert len(timed_a.seconds) == len(timed_b.seconds) == 3


def test_percentiles_are_measured_values() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == 4.0
    assert Samples((0.001, 0.002, 0.003)).ms() == "2.00 / 3.00 ms"
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 50)


def test_a_kept_workspace_remembers_its_finished_steps(tmp_path: Path) -> None:
    from bench.datasets import Workspace

    with Workspace.kept(tmp_path / "kept") as workspace:
        assert workspace.progress() == {}
        workspace.record("generated", {"rows": 10, "file": "w.csv"})
        workspace.record("graph", {"with_bases": True})
        workspace.record("generated", {"rows": 20, "file": "w.csv"})  # a step done again
    again = Workspace(tmp_path / "kept")
    assert again.progress() == {
        "generated": {"rows": 20, "file": "w.csv"},
        "graph": {"with_bases": True},
    }
    assert not (tmp_path / "kept" / "progress.partial").exists()


def test_keep_is_refused_outside_the_province_run() -> None:
    from bench.__main__ import parse

    with pytest.raises(SystemExit):
        parse(["--quick", "--keep", "/tmp/x"])
    plan, _, _ = parse(["--workers", "1000", "--only", "province", "--keep", "/tmp/x"])
    assert plan.keep == Path("/tmp/x")


async def test_rows_stored_without_a_checkpoint_are_adopted_when_they_are_the_files_first(
    tmp_path: Path,
) -> None:
    """The whole-province run, resumed after an import by a version that stored no
    checkpoint: the rows stored are recorded as the checkpoint that import would have
    stored, and the rerun goes on from there; rows that are not the file's first are not."""
    from bench.datasets import LARGE, Workspace
    from bench.province import adopt_stored_rows
    from zhepai.graph.maintenance import SET_WORKERS_CHECKPOINT
    from zhepai.graph.workers import WorkerRepository
    from zhepai.loaders.seed_loader import load_seeds
    from zhepai.loaders.workers_import import import_workers
    from zhepai.loaders.workers_synthetic import write_synthetic_workers

    full = tmp_path / "workers.csv"
    write_synthetic_workers(600, 3, full)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    first, middle = tmp_path / "first.csv", tmp_path / "middle.csv"
    first.write_text("".join(lines[:301]), encoding="utf-8")
    middle.write_text(lines[0] + "".join(lines[101:401]), encoding="utf-8")

    with Workspace.kept(tmp_path / "w") as workspace:
        store = await workspace.open(LARGE)
        try:
            await load_seeds(store)
            repo = WorkerRepository(store)
            await import_workers(store, first, workspace.secret, batch_size=100)
            written = await repo.checkpoint()
            await store.write(SET_WORKERS_CHECKPOINT, checkpoint=None)  # an older version
            assert await adopt_stored_rows(workspace, full) == 300
            assert await repo.checkpoint() == written
            rerun = await import_workers(store, full, workspace.secret, batch_size=100)
            assert (rerun.resumed, rerun.created, rerun.unchanged) == (300, 300, 300)

            await store.drop_all()
            await load_seeds(store)
            await import_workers(store, middle, workspace.secret, batch_size=100)
            await store.write(SET_WORKERS_CHECKPOINT, checkpoint=None)
            assert await adopt_stored_rows(workspace, full) == 0
            assert await repo.checkpoint() is None
        finally:
            await store.close()
