"""The one table a run prints, and its place in bench/RESULTS.md.

RESULTS.md holds one section per kind of run — the full run, the whole-province run and the
last quick run — between ``<!-- bench:KIND -->`` markers; a run replaces its own section and
leaves the others, and any text outside the markers, as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

HEADER = """# Benchmark results

Written by `python -m bench` (`./dev bench`); what each case measures is in the docstrings
of `bench/`. Every ratio compares two things timed in the same run, in turns; the raw figures
stand beside it. Each kind of run keeps its own section below.
"""


class RunKind(StrEnum):
    FULL = "full"
    PROVINCE = "province"
    QUICK = "quick"


TITLES = {
    RunKind.FULL: "Full run",
    RunKind.PROVINCE: "Whole province",
    RunKind.QUICK: "Last quick run (a smoke run: small counts, few rounds — not figures to quote)",
}


@dataclass(frozen=True, slots=True)
class Goal:
    op: str  # "<=" or ">="
    value: float

    def met(self, ratio: float) -> bool:
        return ratio <= self.value if self.op == "<=" else ratio >= self.value

    def miss(self, ratio: float) -> str:
        """By how much a ratio misses the goal, in the goal's own direction."""
        factor = ratio / self.value if self.op == "<=" else self.value / ratio
        return f"{factor:.2f}× {'over' if self.op == '<=' else 'under'} the goal"

    def __str__(self) -> str:
        return f"{'≤' if self.op == '<=' else '≥'} {self.value:g}"


@dataclass(frozen=True, slots=True)
class Result:
    """One line of the table: A and B as measured, and A / B against the goal."""

    case: str  # the group, e.g. "1. HTTP vs direct"
    name: str
    a: str
    b: str
    ratio: float | None
    meaning: str  # what A and B are
    goal: Goal | None = None
    why: str = ""  # said when the goal is missed

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.ratio is None:
            return None
        return self.goal.met(self.ratio)

    def cells(self) -> list[str]:
        ratio = "–" if self.ratio is None else f"{self.ratio:.2f}"
        goal = "" if self.goal is None else str(self.goal)
        verdict = {None: "", True: "yes", False: "**no**"}[self.met]
        return [self.name, self.a, self.b, ratio, self.meaning, goal, verdict]


@dataclass(slots=True)
class Report:
    kind: RunKind
    machine: str
    setup: str  # what data the run built, and how many rounds
    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # profiles, store memory, …
    started: datetime = field(default_factory=lambda: datetime.now(UTC))

    def table(self) -> str:
        header = ["case", "A", "B", "A / B", "A / B means", "goal", "met"]
        lines = [
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(header),
        ]
        group = None
        for r in self.results:
            if r.case != group:
                group = r.case
                lines.append(f"| **{group}** |" + " |" * (len(header) - 1))
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |")
        return "\n".join(lines)

    def missed(self) -> list[str]:
        out = []
        for r in self.results:
            if r.met is False and r.goal is not None and r.ratio is not None:
                out.append(f"- **{r.name}**: {r.ratio:.2f} against {r.goal}, "
                           f"{r.goal.miss(r.ratio)}. {r.why}".rstrip())  # fmt: skip
        return out

    def render(self) -> str:
        lines = [
            f"Run {self.started:%Y-%m-%d %H:%M} UTC. {self.setup}",
            "",
            f"Machine: {self.machine}.",
            "",
            self.table(),
        ]
        missed = self.missed()
        if missed:
            lines += ["", "Goals missed, by how much and why:", "", *missed]
        if self.notes:
            lines += ["", *self.notes]
        return "\n".join(lines)


def _marker(kind: RunKind) -> tuple[str, str]:
    return f"<!-- bench:{kind.value} -->", f"<!-- /bench:{kind.value} -->"


def merge(existing: str, kind: RunKind, body: str) -> str:
    """``existing`` with the section of ``kind`` replaced by ``body`` (or added in the order
    of RunKind); everything else is kept."""
    text = existing if existing.strip() else HEADER
    start, end = _marker(kind)
    section = f"{start}\n## {TITLES[kind]}\n\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: section, text, count=1)
    later = [k for k in RunKind if list(RunKind).index(k) > list(RunKind).index(kind)]
    for other in later:
        position = text.find(_marker(other)[0])
        if position >= 0:
            return text[:position] + section + "\n\n" + text[position:]
    return text.rstrip() + "\n\n" + section + "\n"


def write(report: Report, path: Path = RESULTS) -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(merge(existing, report.kind, report.render()), encoding="utf-8")
