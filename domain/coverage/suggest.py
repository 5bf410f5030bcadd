"""Where to put the next bases: greedy maximum-coverage placement.

Each proposal is one training base of the asked level for one series, standing in a county of
the scope. The next proposal is always the one that closes the most demand not yet closed
(ties: county code, then series code), so the first is the best single base (exact for a count
of 1) and the whole list is the classic greedy answer, within 1 − 1/e of the best set.
Marginal gains only shrink as gaps close, so a candidate whose gain was computed before the
last proposal of its series is re-scored only when it reaches the top (lazy greedy: the same
choices, far fewer re-scorings).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from zhepai.domain.coverage.model import CoverageModel, Proposed, Terms

KIND = "TRAINING_BASE"


@dataclass(frozen=True, slots=True)
class Proposal:
    county: str
    series: str
    level: str
    closes: tuple[str, ...]  # the counties whose gap in ``series`` it closes, by code
    closes_demand: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    proposals: tuple[Proposal, ...]
    total_demand_closed: float
    gaps_before: int
    gaps_after: int

    def as_additions(self) -> list[Proposed]:
        """The proposals as what-if additions (coverageWhatIf closes the same demand)."""
        return [Proposed(p.county, (p.series,), p.level, KIND) for p in self.proposals]


def suggest(
    model: CoverageModel,
    count: int,
    level: str,
    counties: Sequence[str],
    series: Sequence[str],
    terms: Terms,
) -> Suggestion:
    gaps = model.gaps(counties, series, terms)
    open_pairs: dict[str, dict[str, float]] = {}  # series -> county -> demand still open
    for g in gaps:
        open_pairs.setdefault(g.series, {})[g.county] = g.demand
    reaches = {c: model.reach(c, level, terms.reach) for c in counties}
    nothing = [0.0] * max((len(r) for r in reaches.values()), default=0)

    def gain(county: str, code: str) -> float:
        # the open demand of the counties reached, in their order; adding 0.0 for a county
        # with no open gap changes no sum, and the loop runs in C (scored 36 × 90 times)
        return sum(map(open_pairs[code].get, reaches[county], nothing))

    version = dict.fromkeys(open_pairs, 0)  # proposals made so far per series
    reached_by: dict[str, list[str]] = {}  # county -> the counties whose bases reach it
    for county in counties:
        for c in reaches[county]:
            reached_by.setdefault(c, []).append(county)
    heap: list[tuple[float, str, str, int]] = []
    for code, still in open_pairs.items():
        # only a county that reaches an open gap of the series gains anything
        candidates = {county for c in still for county in reached_by.get(c, ())}
        for county in candidates:
            value = gain(county, code)
            if value > 0:
                heap.append((-value, county, code, 0))
    heapq.heapify(heap)  # (value, county, series) orders every candidate, found in any order

    proposals: list[Proposal] = []
    while heap and len(proposals) < count:
        value, county, code, seen = heapq.heappop(heap)
        if seen != version[code]:
            fresh = gain(county, code)
            if fresh > 0:
                heapq.heappush(heap, (-fresh, county, code, version[code]))
            continue
        still = open_pairs[code]
        closes = tuple(c for c in reaches[county] if c in still)
        proposals.append(Proposal(county, code, level, closes, -value))
        for c in closes:
            del still[c]
        version[code] += 1

    closed = {(c, p.series) for p in proposals for c in p.closes}
    return Suggestion(
        proposals=tuple(proposals),
        # summed in rank order, as coverageWhatIf sums its closed gaps
        total_demand_closed=sum(g.demand for g in gaps if (g.county, g.series) in closed),
        gaps_before=len(gaps),
        gaps_after=len(gaps) - len(closed),
    )
