"""Case 5: does the import's memory stay flat as the file grows?

``zhepai import workers FILE`` runs as a process of its own, exactly as an operator runs it,
into ``bench_scratch`` (reset to the seeds and bases before each run), once with a file of
the smaller size and once with the largest file. Its peak resident set comes from the kernel
when the process is reaped (``os.wait4``: ``ru_maxrss``), so nothing samples it and nothing
is missed. The goal: peak RSS at the large file / at the small ≤ 1.2.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.datasets import SCRATCH, Workspace
from bench.machine import MIB
from bench.report import Goal, Result

CASE = "5. Import memory"
GOAL = Goal("<=", 1.2)
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class ImportRun:
    rows: int
    seconds: float  # wall, process start to exit
    peak_rss: int  # bytes

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


def import_process(workspace: Workspace, graph: str, path: Path, rows: int) -> ImportRun:
    """Run ``zhepai import workers path`` on ``graph``; its wall time and peak RSS."""
    log = workspace.root / f"import-{path.stem}.log"
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "zhepai.cli", "import", "workers", str(path),
             "--data-dir", str(workspace.data_dir), "--actor", "bench",
             "--rejects", str(workspace.files / "import.rejects.csv")],
            cwd=ROOT, env=workspace.env(graph), stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if process.returncode != 0:
        raise RuntimeError(f"zhepai import workers failed ({process.returncode}); see {log}")
    return ImportRun(rows, seconds, usage.ru_maxrss * 1024)  # ru_maxrss is in KiB on Linux


def run(workspace: Workspace, small: tuple[Path, int], large: tuple[Path, int],
        empty: Callable[[], None]) -> tuple[Result, ImportRun, ImportRun]:  # fmt: skip
    """Both imports into the scratch graph, emptied by ``empty`` before each."""
    empty()
    low = import_process(workspace, SCRATCH, *small)
    empty()
    high = import_process(workspace, SCRATCH, *large)
    empty()
    result = Result(
        CASE,
        f"peak RSS of `zhepai import workers`, {high.rows:,} vs {low.rows:,} rows",
        f"{high.peak_rss / MIB:,.0f} MiB ({high.rate:,.0f} rows/s)",
        f"{low.peak_rss / MIB:,.0f} MiB ({low.rate:,.0f} rows/s)",
        high.peak_rss / low.peak_rss,
        f"at {high.rows:,} / at {low.rows:,}",
        GOAL,
        WHY,
    )
    return result, low, high


WHY = (
    "The import streams the file; what it keeps for the whole file is the record of "
    "certificate numbers already seen (loaders/seen_numbers.py), which grows with the rows."
)
