"""Coverage of county × series pairs by training bases, the gaps, their demand, and what-ifs.

Coverage
--------
A county × series pair is *covered* when an active base that covers the series reaches the
county. A COUNTY base reaches its own county, a CITY base every county of its city, a
PROVINCE base every county; a base without a level (enterprises, villages, public training
centres, technical colleges) reaches its own county. The caller chooses which bases count
(by level and by kind): counting only county-level training bases gives the strict
"uncovered county-series gaps".

Demand
------
Gaps are ranked by a demand score, the sum of weighted factors (each reported with its value
and weight, so the ranking explains itself)::

    demand = 1.0  × skilled workers counted in the county and series (talent/cells.py)
           + 50.0 × local 专项 of the series whose name points at the county or its city
           + 20.0 × lead enterprises (培育引领企业) in the county covering the series
           + 100.0 × the series' share of the county's employment (0–1), where loaded
           + 1.0  (every pair: a county without a base for a series lacks one)

Workers come from the worker import (0 until loaded); the employment mix counts 0 until
such data is loaded. The weights make one local 专项 worth fifty certified workers and an
enterprise worth twenty:
a named local craft and an enterprise that trains are what the plan builds bases around.
Ties are broken by mountain counties first (the plan's focus), then county and series code.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from zhepai.graph.records import BaseRecord

W_WORKERS = 1.0
W_SPECIALTIES = 50.0
W_ENTERPRISES = 20.0
W_INDUSTRY_SHARE = 100.0
BASELINE = 1.0
FOCUS_DESIGNATION = "MOUNTAIN_26"
ANSWERS_KEPT = 64


@dataclass(frozen=True, slots=True)
class County:
    code: str
    name: str
    city_code: str
    designations: frozenset[str]


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    code: str
    industry_code: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Proposed:
    """A base that does not exist yet (what-if)."""

    region_code: str
    series_codes: tuple[str, ...]
    level: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Filters:
    """Which bases count; None counts every level or kind."""

    levels: frozenset[str] | None = None
    kinds: frozenset[str] | None = None

    def counts(self, kind: str, level: str | None) -> bool:
        if self.kinds is not None and kind not in self.kinds:
            return False
        # a level filter keeps only bases with one of those levels (levelless ones drop out)
        return self.levels is None or (level is not None and level in self.levels)


@dataclass(frozen=True, slots=True)
class DemandFactor:
    name: str
    value: float
    weight: float
    description: str

    @property
    def contribution(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True, slots=True)
class Cell:
    county: str
    series: str
    covered: bool
    base_count: int
    demand: float


@dataclass(frozen=True, slots=True)
class Gap:
    """A ranked gap; its factors and nearest base are asked of the model for the gaps shown
    (a page), not computed for all of them."""

    county: str
    series: str
    demand: float
    rank: int


@dataclass(frozen=True, slots=True)
class WhatIfResult:
    gaps_before: int
    gaps_after: int
    closed: tuple[Gap, ...]
    demand_newly_covered: float


class CoverageModel:
    """Counties, series, bases and demand inputs, with the coverage questions over them."""

    def __init__(
        self,
        counties: Iterable[County],
        series: Iterable[SeriesInfo],
        bases: Iterable[BaseRecord],
        specialties: Mapping[tuple[str, str], int],
        workers: Mapping[tuple[str, str], int] | None = None,
        industry_share: Mapping[tuple[str, str], float] | None = None,
    ) -> None:
        self.counties = {c.code: c for c in counties}
        self.series = {s.code: s for s in series}
        self.bases = [b for b in bases if b.status == "ACTIVE"]
        self._specialties = specialties  # (region code, series) -> count, region = county/city
        self._workers = workers or {}
        self._share = industry_share or {}
        self._by_city: dict[str, list[str]] = defaultdict(list)
        for c in self.counties.values():
            self._by_city[c.city_code].append(c.code)
        # indexes, so that a question over 90 × 36 pairs never scans every base per pair
        self._enterprises: dict[tuple[str, str], int] = defaultdict(int)
        self._by_series: dict[str, list[BaseRecord]] = defaultdict(list)
        for b in sorted(self.bases, key=lambda b: b.id):
            for code in b.series_codes:
                self._by_series[code].append(b)
                if b.kind == "LEAD_ENTERPRISE":
                    self._enterprises[(b.region_code, code)] += 1
        self._demand: dict[tuple[str, str], float] = {}
        # The model is immutable once built (a new one replaces it when data changes), so
        # answers can be kept: planners ask the same few scopes again and again.
        self._answers: OrderedDict[tuple[object, ...], Any] = OrderedDict()

    # --- reach --------------------------------------------------------------------------

    def reach(self, region_code: str, level: str | None) -> list[str]:
        """The counties a base standing in ``region_code`` with ``level`` reaches."""
        if level == "PROVINCE":
            return list(self.counties)
        county = self.counties.get(region_code)
        if county is None:
            return []
        if level == "CITY":
            return list(self._by_city[county.city_code])
        return [region_code]

    def _counts(
        self, filters: Filters, extra: Sequence[Proposed] = ()
    ) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        placed = [(b.region_code, b.level, b.kind, b.series_codes) for b in self.bases]
        placed += [(p.region_code, p.level, p.kind, p.series_codes) for p in extra]
        for region, level, kind, series in placed:
            if not filters.counts(kind, level):
                continue
            for county in self.reach(region, level):
                for code in series:
                    counts[(county, code)] += 1
        return counts

    # --- demand -------------------------------------------------------------------------

    def _inputs(self, county: str, series: str) -> tuple[float, float, float, float]:
        city = self.counties[county].city_code
        return (
            float(self._workers.get((county, series), 0)),
            float(self._specialties.get((county, series), 0)
                  + self._specialties.get((city, series), 0)),
            float(self._enterprises.get((county, series), 0)),
            float(self._share.get((county, series), 0.0)),
        )  # fmt: skip

    def factors(self, county: str, series: str) -> tuple[DemandFactor, ...]:
        workers, local, enterprises, share = self._inputs(county, series)
        return (
            DemandFactor("WORKERS", workers, W_WORKERS,
                         "certified skilled workers in the county and series"),
            DemandFactor("LOCAL_SPECIALTIES", local, W_SPECIALTIES,
                         "专项 of the series named after the county or its city"),
            DemandFactor("LEAD_ENTERPRISES", enterprises, W_ENTERPRISES,
                         "培育引领企业 in the county covering the series"),
            DemandFactor("INDUSTRY_SHARE", share, W_INDUSTRY_SHARE,
                         "the series' share of the county's employment"),
            DemandFactor("BASELINE", 1.0, BASELINE, "every county needs every series served"),
        )  # fmt: skip

    def demand(self, county: str, series: str) -> float:
        """The sum of ``factors`` (same terms, without building them: 3,240 pairs a matrix)."""
        key = (county, series)
        value = self._demand.get(key)
        if value is None:
            workers, local, enterprises, share = self._inputs(county, series)
            value = (W_WORKERS * workers + W_SPECIALTIES * local + W_ENTERPRISES * enterprises
                     + W_INDUSTRY_SHARE * share + BASELINE)  # fmt: skip
            self._demand[key] = value
        return value

    # --- questions ----------------------------------------------------------------------

    def scope(
        self,
        region_code: str | None,
        designation: str | None,
        industry_code: str | None = None,
        series_code: str | None = None,
    ) -> tuple[list[str], list[str]]:
        """Counties (by code) and series (by code) a question is about."""
        counties = [
            c.code
            for c in sorted(self.counties.values(), key=lambda c: c.code)
            if (region_code is None or region_code in (c.code, c.city_code, "330000"))
            and (designation is None or designation in c.designations)
        ]
        series = [
            s.code
            for s in sorted(self.series.values(), key=lambda s: s.code)
            if (industry_code is None or s.industry_code == industry_code)
            and (series_code is None or s.code == series_code)
        ]
        return counties, series

    def _remember[T](self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        if key in self._answers:
            self._answers.move_to_end(key)
            return cast("T", self._answers[key])
        value = compute()
        self._answers[key] = value
        if len(self._answers) > ANSWERS_KEPT:
            self._answers.popitem(last=False)
        return value

    def matrix(
        self, counties: Sequence[str], series: Sequence[str], filters: Filters
    ) -> Sequence[Cell]:
        key = ("matrix", tuple(counties), tuple(series), filters)
        return self._remember(key, lambda: tuple(self._matrix(counties, series, filters)))

    def _matrix(
        self, counties: Sequence[str], series: Sequence[str], filters: Filters
    ) -> list[Cell]:
        counts = self._counts(filters)
        return [
            Cell(c, s, counts[(c, s)] > 0, counts[(c, s)], self.demand(c, s))
            for c in counties
            for s in series
        ]

    def gaps(
        self,
        counties: Sequence[str],
        series: Sequence[str],
        filters: Filters,
        extra: Sequence[Proposed] = (),
    ) -> Sequence[Gap]:
        key = ("gaps", tuple(counties), tuple(series), filters, tuple(extra))
        return self._remember(key, lambda: tuple(self._gaps(counties, series, filters, extra)))

    def _gaps(
        self,
        counties: Sequence[str],
        series: Sequence[str],
        filters: Filters,
        extra: Sequence[Proposed],
    ) -> list[Gap]:
        counts = self._counts(filters, extra)
        open_pairs = [(c, s) for c in counties for s in series if counts[(c, s)] == 0]

        def order(pair: tuple[str, str]) -> tuple[float, int, str, str]:
            county, code = pair
            focus = 0 if FOCUS_DESIGNATION in self.counties[county].designations else 1
            return (-self.demand(county, code), focus, county, code)

        ranked = sorted(open_pairs, key=order)
        return [Gap(c, s, self.demand(c, s), i + 1) for i, (c, s) in enumerate(ranked)]

    def nearest_base(self, county: str, series: str) -> str | None:
        """The closest active base covering the series: same county, same city, province."""
        city = self.counties[county].city_code
        best: tuple[int, str] | None = None
        for b in self._by_series.get(series, ()):
            home = self.counties.get(b.region_code)
            distance = 0 if b.region_code == county else 1 if home and home.city_code == city else 2
            if best is None or (distance, b.id) < best:
                best = (distance, b.id)
        return best[1] if best else None

    def what_if(
        self,
        additions: Sequence[Proposed],
        counties: Sequence[str],
        series: Sequence[str],
        filters: Filters,
    ) -> WhatIfResult:
        before = self.gaps(counties, series, filters)
        after = {(g.county, g.series) for g in self.gaps(counties, series, filters, additions)}
        closed = tuple(g for g in before if (g.county, g.series) not in after)
        return WhatIfResult(
            gaps_before=len(before),
            gaps_after=len(after),
            closed=closed,
            demand_newly_covered=sum(g.demand for g in closed),
        )
