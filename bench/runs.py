"""A run from start to end: build the data, run the chosen cases, gather one report.

The order matters for what each case sees. The graphs are built first (``bench/datasets.py``);
the import case loads the large graph while it is measured (otherwise the large file is
imported untimed); the servers start once the graphs hold their workers; the memory case
runs last, in its own graph, as subprocesses.
"""

from __future__ import annotations

import asyncio
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import cases_http, concurrency, imports, memory, processes, profile, province, scale
from bench.datasets import LARGE, RAW, SCRATCH, SMALL, WorkerFiles, Workspace, build_graphs
from bench.machine import StoreMemory, describe
from bench.report import Report, Result, RunKind
from bench.servers import serving
from zhepai.domain.careers.service import CareerService
from zhepai.loaders.bases_synthetic import PLAN
from zhepai.loaders.workers_import import import_workers

CASES = ("http", "scale", "import", "concurrency", "memory", "processes")
PROVINCE = "province"
BASES = sum(n for _, _, n in PLAN)
TRAINING_BASES = sum(n for kind, _, n in PLAN if kind == "TRAINING_BASE")


@dataclass(frozen=True, slots=True)
class Plan:
    """What to run and how hard."""

    counts: tuple[int, ...]  # worker counts, ascending
    cases: tuple[str, ...]
    rounds: int
    chunks: int  # import case: how many slices of the large file
    phases: int  # load case: phases per side
    phase_s: float
    keep: Path | None = None  # province run: the workspace to keep and resume from

    @property
    def small(self) -> int:
        return self.counts[0]

    @property
    def large(self) -> int:
        return self.counts[-1]

    @property
    def memory_small(self) -> int:
        """The memory case's smaller file: 100k rows, or a tenth of the large one."""
        return min(100_000, max(self.small, self.large // 10))

    def http_rounds(self) -> cases_http.Rounds:
        return cases_http.Rounds(self.rounds, self.heavy_rounds, 2 * self.rounds)

    @property
    def heavy_rounds(self) -> int:
        """For queries of tens or hundreds of milliseconds (and case 2)."""
        return max(8, self.rounds // 5)


FAILED = "**failed**"
_t0 = time.perf_counter()


def failed(case: str, name: str, exc: BaseException) -> Result:
    """A case that failed, as a line of the table: one failure must not lose the other
    cases' figures after half an hour of measuring. The traceback goes to stderr."""
    say(f"{name} failed: {exc!r}")
    traceback.print_exception(exc, file=sys.stderr)
    return Result(case, name, FAILED, f"{type(exc).__name__}: {exc}"[:300], None, "")


def say(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(f"[{time.perf_counter() - _t0:7.1f} s] {message}", file=sys.stderr, flush=True)


async def _import(workspace: Workspace, graph: str, files: WorkerFiles, rows: int) -> float:
    store = await workspace.open(graph)
    try:
        start = time.perf_counter()
        path = files.slice(0, rows)
        await import_workers(store, path, workspace.secret, workspace.files / "r.csv", "bench")
        return time.perf_counter() - start
    finally:
        await store.close()


async def _import_case(workspace: Workspace, files: WorkerFiles, plan: Plan
                       ) -> tuple[imports.Comparison, list[profile.Profile]]:  # fmt: skip
    large, raw = await workspace.open(LARGE), await workspace.open(RAW)
    try:
        rejects = workspace.files / "import-case.rejects.csv"
        comparison = await imports.run(
            large, raw, files.chunks(plan.chunks), workspace.secret, rejects, say
        )
    finally:
        await large.close()
        await raw.close()
    say(f"import case done: {comparison.import_rate:,.0f} vs {comparison.raw_rate:,.0f} rows/s")
    scratch = await workspace.open(SCRATCH)
    try:
        rows = min(plan.small, 20_000)
        profiles = await profile.run(
            scratch, files.slice(0, rows), rows, workspace.secret, workspace.files / "p.csv"
        )
    except Exception as exc:  # the comparison stands without it
        failed(imports.CASE, "profile", exc)
        profiles = []
    finally:
        await scratch.close()
    return comparison, profiles


async def _served(workspace: Workspace, plan: Plan, large_url: str, small_url: str | None
                  ) -> list[Result]:  # fmt: skip
    results: list[Result] = []
    store = await workspace.open(LARGE)
    try:
        async with httpx.AsyncClient(base_url=large_url, timeout=60) as large:
            if "http" in plan.cases:
                say("case 1: key queries vs { __typename }")
                try:
                    results += await cases_http.run(large, store, plan.http_rounds())
                except Exception as exc:  # recorded in the table
                    results.append(failed(cases_http.CASE, "key queries", exc))
            if small_url is not None:
                say("case 2: large vs small")
                try:
                    async with httpx.AsyncClient(base_url=small_url, timeout=60) as small:
                        results += await scale.run(
                            small, large, (plan.small, plan.large), plan.heavy_rounds
                        )
                except Exception as exc:  # recorded in the table
                    results.append(failed("2. Large vs small", "large vs small", exc))
    finally:
        await store.close()
    if "concurrency" in plan.cases:
        say("case 4: catalogue under load")
        try:
            results.append(await concurrency.run(large_url, plan.phases, plan.phase_s))
        except Exception as exc:  # recorded in the table
            results.append(failed(concurrency.CASE, "catalogue under load", exc))
    return results


def full(plan: Plan, kind: RunKind) -> Report:
    """Cases 1–5 (those in ``plan.cases``) on freshly built data."""
    with Workspace.temporary() as workspace:
        say(f"generating {plan.large:,} certificates")
        files = WorkerFiles.generate(workspace.files, plan.large)
        graphs = {LARGE: True}
        if "scale" in plan.cases:
            graphs[SMALL] = True
        if "import" in plan.cases:
            graphs[RAW] = False
        if "import" in plan.cases or "memory" in plan.cases:
            graphs[SCRATCH] = True
        say(f"building graphs {', '.join(graphs)}")
        asyncio.run(build_graphs(workspace, graphs))
        report = Report(kind, describe(workspace.data_dir), "")
        if "scale" in plan.cases:
            say(f"importing {plan.small:,} certificates into {SMALL}")
            asyncio.run(_import(workspace, SMALL, files, plan.small))
        if "import" in plan.cases:
            say(f"case 3: importing {plan.large:,} in {plan.chunks} chunks, raw in turns")
            comparison, profiles = asyncio.run(_import_case(workspace, files, plan))
            report.results.append(comparison.result())
            report.notes += [
                "Where the time goes (case 3; cProfile, shares of each profiled run):",
                "",
                *(p.line() for p in profiles),
                "",
            ]
        elif plan.cases != ("memory",):
            say(f"importing {plan.large:,} certificates into {LARGE} (untimed)")
            seconds = asyncio.run(_import(workspace, LARGE, files, plan.large))
            report.notes.append(f"The large graph was loaded in {seconds:,.0f} s (untimed).")
        loaded = StoreMemory.read(workspace.data_dir)
        report.notes.append(f"Store memory once loaded: {loaded.brief()}.")
        if "scale" in plan.cases:
            say("weighing the statistics counters")
            try:
                report.notes.append(asyncio.run(scale.counters_memory(workspace, loaded)))
            except Exception as exc:  # the cases stand without it
                failed("2. Large vs small", "counters' memory", exc)
                report.notes.append(f"Statistics counters: not weighed ({exc!r}).")
        if {"http", "scale", "concurrency"} & set(plan.cases):
            say("starting the servers")
            graphs_served = (LARGE, SMALL) if "scale" in plan.cases else (LARGE,)
            with serving(workspace, *graphs_served) as urls:
                small_url = urls[1] if len(urls) > 1 else None
                report.results += asyncio.run(_served(workspace, plan, urls[0], small_url))
        if "processes" in plan.cases:
            say("case 6: mixed workload, N server processes vs 1")
            try:
                lines, notes = processes.run(workspace, plan.phases, plan.phase_s)
            except Exception as exc:  # recorded in the table
                report.results.append(failed(processes.CASE, "N processes vs 1", exc))
            else:
                report.results += lines
                report.notes += notes
        if "memory" in plan.cases:
            say(f"case 5: import processes of {plan.memory_small:,} and {plan.large:,} rows")
            try:
                result, low, high = memory.run(
                    workspace,
                    (files.slice(0, plan.memory_small), plan.memory_small),
                    (files.full, plan.large),
                    lambda: workspace.reset(SCRATCH),
                )
            except Exception as exc:  # recorded in the table
                report.results.append(failed(memory.CASE, "import memory", exc))
            else:
                report.results.append(result)
                report.notes.append(
                    f"Import processes (case 5, wall time including start-up): "
                    f"{low.rate:,.0f} rows/s for {low.rows:,} rows, {high.rate:,.0f} rows/s "
                    f"for {high.rows:,}."
                )
        report.results.sort(key=lambda r: r.case)
        report.setup = (
            f"Data: the seeds, {BASES:,} synthetic bases ({TRAINING_BASES} training bases, "
            f"{BASES - TRAINING_BASES} others: `zhepai generate bases`) and "
            f"{files.rows:,} synthetic certificates of {files.persons:,} persons "
            f"(generated in {files.seconds:,.0f} s); the smaller set is its first "
            f"{plan.small:,} rows. Cases: {', '.join(plan.cases)}; {plan.rounds} rounds "
            "for light queries, a fifth of that for heavy ones, all interleaved."
        )
    return report


def whole_province(plan: Plan) -> Report:
    """``--only province``: see bench/province.py. With ``plan.keep`` the workspace stays in
    that directory and a run started again there goes on from the last step it finished: the
    generated file and the graph are reused, and an import cut short is run again: it goes
    on from its checkpoint (recorded first, for an import by a version that stored none)."""
    place = Workspace.kept(plan.keep) if plan.keep else Workspace.temporary()
    with place as workspace:
        done = workspace.progress()
        generated = done.get("generated")
        if generated and generated["rows"] != plan.large:
            raise SystemExit(
                f"{workspace.root} holds a run of {generated['rows']:,} certificates, not "
                f"{plan.large:,}: keep this run in another directory"
            )
        if generated and Path(generated["file"]).exists():
            files = WorkerFiles(
                Path(generated["file"]), generated["rows"], generated["persons"],
                generated["seconds"],
            )  # fmt: skip
            say(f"reusing the {files.rows:,} certificates generated in {workspace.root}")
        else:
            say(f"generating {plan.large:,} certificates")
            files = WorkerFiles.generate(workspace.files, plan.large)
            workspace.record(
                "generated",
                {
                    "rows": files.rows,
                    "persons": files.persons,
                    "seconds": files.seconds,
                    "file": str(files.full),
                },
            )
            say(f"generated in {files.seconds:,.0f} s")
        if not done.get("graph"):
            say("building the graph")
            asyncio.run(build_graphs(workspace, {LARGE: True}))
            workspace.record("graph", {"with_bases": True})
        imported_before = done.get("imported")
        if imported_before and imported_before["rows"] == files.rows:
            imported = memory.ImportRun(
                imported_before["rows"], imported_before["seconds"], imported_before["peak_rss"]
            )
            say("the import finished in an earlier run; its figures are reused")
        else:
            resumed = bool(done.get("import started"))
            if resumed:
                say("checking the rows an interrupted import stored")
                adopted = asyncio.run(province.adopt_stored_rows(workspace, files.full))
                say(
                    f"{adopted:,} stored rows recorded as the import's checkpoint"
                    if adopted
                    else "no checkpoint recorded: the import checks every stored row"
                )
            workspace.record("import started", {"rows": files.rows})
            say(f"importing {plan.large:,} rows with `zhepai import workers`"
                + (" (again, after an interrupted run)" if resumed else ""))  # fmt: skip
            imported = memory.import_process(workspace, LARGE, files.full, files.rows)
            workspace.record(
                "imported",
                {
                    "rows": imported.rows,
                    "seconds": imported.seconds,
                    "peak_rss": imported.peak_rss,
                    "resumed": resumed,
                },
            )
            say(f"imported in {imported.seconds:,.0f} s")
        loaded = StoreMemory.read(workspace.data_dir)
        report = Report(RunKind.PROVINCE, describe(workspace.data_dir), "")
        report.results += province.loading((files.rows, files.seconds), imported, loaded)
        report.notes.append(f"Store memory once loaded: {loaded.brief()}.")
        if workspace.progress()["imported"].get("resumed"):
            report.notes.append(
                "The import was started again after an interrupted run; its time is that of "
                "the last attempt, which went on from the rows stored before (checked, not "
                "written again)."
            )

        async def measure(url: str) -> list[Result]:
            store = await workspace.open(LARGE)
            try:
                ids = sorted((await CareerService(store).data()).names)
            finally:
                await store.close()
            async with httpx.AsyncClient(base_url=url, timeout=60) as http:
                return await province.latencies(http, plan.heavy_rounds, ids)

        say("measuring the queries")
        with serving(workspace, LARGE) as (url,):
            report.results += asyncio.run(measure(url))
        report.setup = (
            f"Data: the seeds, {BASES:,} synthetic bases and {files.rows:,} synthetic "
            f"certificates of {files.persons:,} persons."
        )
    return report
