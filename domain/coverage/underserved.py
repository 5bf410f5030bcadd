"""Covered pairs whose bases' capacity is far below their demand: under-served.

A base states its capacity in trainees a year; demand is a score (model.py), not persons, so
the two are compared only through their ratio, against the ratio of the typical covered pair.
The rule is ours (no document says how to judge it):

- A base's capacity is shared evenly among the county × series pairs it reaches (each series
  it covers in each county within its reach): 300 places for 2 series reaching 5 counties
  give each pair 30. Nothing says how a base splits its places; an even split is the
  assumption that favours no county.
- A covered pair's capacity is the sum of the shares of the counting bases that reach it. A
  pair that a base without a stated capacity reaches is not judged (its capacity is unknown).
- Its capacity per demand is the capacity over the demand; the *typical* value is the median
  over every judged covered pair of the province with some demand, whatever scope was asked,
  so that a pair's verdict does not depend on the region asked about.
- A pair is under-served when its capacity per demand is below ``share`` (default a quarter)
  of the typical value. Its shortfall is the capacity it would need to reach the typical
  value (typical × demand − capacity); the largest shortfall ranks first, ties by county and
  series code.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from zhepai.domain.coverage.geo import Reach
from zhepai.domain.coverage.model import CoverageModel, Filters, Terms

DEFAULT_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class UnderServed:
    county: str
    series: str
    demand: float
    capacity: float
    capacity_per_demand: float
    shortfall: float
    bases: tuple[str, ...]  # the counting bases that reach the pair, by id
    rank: int


@dataclass(frozen=True, slots=True)
class UnderServedReport:
    pairs: tuple[UnderServed, ...]
    typical: float | None  # None when no covered pair of the province can be judged
    judged: int  # covered pairs of the scope whose capacity is known
    unknown: int  # covered pairs of the scope that a base without a stated capacity reaches


@dataclass(slots=True)
class _Reached:
    capacity: float = 0.0
    known: bool = True
    bases: list[str] = field(default_factory=list)


def _capacities(
    model: CoverageModel, filters: Filters, reach: Reach
) -> dict[tuple[str, str], _Reached]:
    reached: dict[tuple[str, str], _Reached] = {}
    for b in sorted(model.bases, key=lambda b: b.id):
        if not filters.counts(b.kind, b.level):
            continue
        pairs = [(c, s) for c in model.reach(b.region_code, b.level, reach) for s in b.series_codes]
        for pair in pairs:
            entry = reached.setdefault(pair, _Reached())
            entry.bases.append(b.id)
            if b.capacity is None:
                entry.known = False
            else:
                entry.capacity += b.capacity / len(pairs)
    return reached


def under_served(
    model: CoverageModel,
    counties: Sequence[str],
    series: Sequence[str],
    terms: Terms,
    *,
    share: float = DEFAULT_SHARE,
) -> UnderServedReport:
    """The under-served pairs of the scope (``terms.as_of`` is not read: no ranking by
    designation here)."""
    reached = _capacities(model, terms.filters, terms.reach)
    weights = terms.weights
    ratios = [
        entry.capacity / demand
        for (county, code), entry in reached.items()
        if entry.known and (demand := model.demand(county, code, weights)) > 0
    ]
    typical = statistics.median(ratios) if ratios else None
    found: list[tuple[float, str, str, float, _Reached]] = []
    judged = unknown = 0
    for county in counties:
        for code in series:
            entry = reached.get((county, code))
            if entry is None:
                continue
            if not entry.known:
                unknown += 1
                continue
            judged += 1
            demand = model.demand(county, code, weights)
            if typical is None or demand <= 0:
                continue
            if entry.capacity / demand < share * typical:
                found.append((typical * demand - entry.capacity, county, code, demand, entry))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    pairs = tuple(
        UnderServed(
            county=county,
            series=code,
            demand=demand,
            capacity=entry.capacity,
            capacity_per_demand=entry.capacity / demand,
            shortfall=shortfall,
            bases=tuple(entry.bases),
            rank=i + 1,
        )
        for i, (shortfall, county, code, demand, entry) in enumerate(found)
    )
    return UnderServedReport(pairs=pairs, typical=typical, judged=judged, unknown=unknown)
