"""Benchmarks: ``python -m bench [--workers 10000,1000000] [--quick] [--rounds N] [--no-write]
[--only CASES]``.

Builds its own data in a temporary directory (the seeds, the synthetic bases of ``zhepai
generate bases`` and synthetic workers), runs every case, prints one table and writes it to
bench/RESULTS.md (its own section there) with the machine and the date. Each case compares
two things timed in the same run, in turns:

1. ``http``: each key query (series detail, careerPath and nextSteps with bases,
   coverageGaps, coverageMatrix, coverageSuggest, talentStats, talentTrend, planProgress)
   vs ``{ __typename }`` on the same server (bench/cases_http.py; goal ≤ 3);
2. ``scale``: coverage and statistics queries with the largest vs the smallest worker count
   loaded (bench/scale.py; goal ≤ 1.2; the province trend by city also p50 ≤ 50 ms), and
   the statistics counters' store memory against the workers';
3. ``import``: the worker import vs a raw ``UNWIND … CREATE`` of the same rows
   (bench/imports.py; goal ≥ 0.8), with a profile of both (bench/profile.py);
4. ``concurrency``: a catalogue query vs ``{ __typename }`` under concurrent load
   (bench/concurrency.py; goal ≥ 0.6);
5. ``memory``: peak RSS of ``zhepai import workers`` at the large vs a small file
   (bench/memory.py; goal ≤ 1.2).
6. ``processes``: a mixed workload of the key queries on ``zhepai serve --workers N`` (N: the
   cores) vs one process, and each query's p99 under it (bench/processes.py; goal ≥ 1.6).

``--only province`` is the whole-province run instead (bench/province.py), at one count:

    python -m bench --workers 14000000 --only province [--keep DIR]

It takes hours; with ``--keep DIR`` its files and store stay in DIR, and the same command
run again goes on from the last step it finished.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench import report
from bench.runs import CASES, FAILED, PROVINCE, Plan, full, say, whole_province

DEFAULT_WORKERS = "10000,1000000"
QUICK_WORKERS = "2000,20000"


def _counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(sorted({int(part.replace("_", "")) for part in text.split(",")}))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from exc
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError("worker counts must be positive")
    return counts


def _cases(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    known = (*CASES, PROVINCE)
    unknown = [c for c in chosen if c not in known]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"cases are {', '.join(known)}; not {unknown}")
    if PROVINCE in chosen and len(chosen) > 1:
        raise argparse.ArgumentTypeError("province is a run of its own: --only province")
    return tuple(c for c in known if c in chosen)


def parse(argv: list[str] | None = None) -> tuple[Plan, report.RunKind, bool]:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--workers",
        type=_counts,
        help=f"worker counts, smallest and largest (default {DEFAULT_WORKERS}; "
        f"--quick: {QUICK_WORKERS})",
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: under two minutes")
    parser.add_argument(
        "--rounds", type=int, help="rounds of light queries (default 500; quick 20)"
    )
    parser.add_argument(
        "--only", type=_cases, help=f"comma-separated: {', '.join(CASES)}; or province"
    )
    parser.add_argument(
        "--chunks", type=int, help="import case: slices of the file (default 10; quick 2)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="province run: keep its workspace (files, store) in DIR; run again with the "
        "same DIR to go on from the last finished step",
    )
    args = parser.parse_args(argv)
    counts = args.workers or _counts(QUICK_WORKERS if args.quick else DEFAULT_WORKERS)
    cases = args.only or CASES
    if args.keep is not None and cases != (PROVINCE,):
        parser.error("--keep is for the whole-province run (--only province)")
    if len(counts) < 2 and "scale" in cases:
        parser.error("the scale case needs two worker counts (e.g. --workers 10000,1000000)")
    plan = Plan(
        counts=counts,
        cases=cases,
        rounds=args.rounds or (20 if args.quick else 500),
        chunks=args.chunks or (2 if args.quick else 10),
        phases=2 if args.quick else 3,
        phase_s=1.5 if args.quick else 5.0,
        keep=args.keep,
    )
    kind = (
        report.RunKind.PROVINCE if cases == (PROVINCE,)
        else report.RunKind.QUICK if args.quick
        else report.RunKind.FULL
    )  # fmt: skip
    return plan, kind, not args.no_write


def main(argv: list[str] | None = None) -> None:
    plan, kind, write = parse(argv)
    result = whole_province(plan) if kind is report.RunKind.PROVINCE else full(plan, kind)
    print(result.render())
    if write:
        report.write(result)
        say(f"written to {report.RESULTS}")
    if any(r.a == FAILED for r in result.results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
