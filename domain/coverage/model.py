"""Coverage of county × series pairs by training bases, the gaps, their demand, and what-ifs.

Coverage
--------
A county × series pair is *covered* when an active base that covers the series reaches the
county. Reach is by distance (the default: a base reaches the counties whose seats lie within
its level's radius of its own seat, geo.py) or administrative (a COUNTY base its own county,
a CITY base every county of its city, a PROVINCE base every county). A base without a level
(enterprises, villages, public training centres, technical colleges) reaches as a county base.
The caller chooses which bases count (by level and by kind): counting only county-level
training bases gives the strict "uncovered county-series gaps".

Demand
------
Gaps are ranked by a demand score, the sum of weighted factors (each reported with its value
and weight, so the ranking explains itself); the weights are the caller's (``Weights``), by
default::

    demand = 1.0  × skilled workers counted in the county and series (talent/cells.py)
           + 50.0 × local 专项 of the series whose name points at the county or its city
           + 20.0 × lead enterprises (培育引领企业) in the county covering the series
           + 100.0 × the series' share of the county's employed persons (0–1)
           + 1.0  × the county's working-age population, in 万人
           + 50.0 × the county's yearly target of new skilled workers, in 万人
           + 1.0  (every pair: a county without a base for a series lacks one)

Workers come from the worker import, the last three from ``zhepai import region-stats``
(figures.py); each counts 0 until loaded. The weights make one local 专项 worth fifty
certified workers and an enterprise worth twenty: a named local craft and an enterprise that
trains are what the plan builds bases around. A county of 50万 working-age persons, or one
asked to train 1万 new skilled workers a year, weighs like one local 专项 in every series
(our choice of scale). Certified workers are partly circular: a county with no base trains
fewer, so it shows fewer and looks as if it needed less; set ``workers`` to 0 to rank
without them. Population, targets and the employment mix are not circular.

Ties are broken by mountain counties first (MOUNTAIN_26 while it is valid on the question's
date), then county and series code.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from zhepai.domain.answers import KeptAnswers
from zhepai.domain.coverage.figures import RegionFigures
from zhepai.domain.coverage.geo import ADMINISTRATIVE, DEFAULT_REACH, Reach, great_circle_km
from zhepai.graph.records import BaseRecord

FOCUS_DESIGNATION = "MOUNTAIN_26"
ANSWERS_KEPT = 64


@dataclass(frozen=True, slots=True)
class Weights:
    """The weight of each demand factor (the defaults are the module docstring's)."""

    workers: float = 1.0
    specialties: float = 50.0
    lead_enterprises: float = 20.0
    employment: float = 100.0
    working_age: float = 1.0
    new_skilled_target: float = 50.0
    base: float = 1.0


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class County:
    code: str
    name: str
    city_code: str
    designations: frozenset[str]
    latitude: float | None = None  # the seat's
    longitude: float | None = None


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
class Terms:
    """How a coverage question is asked: which bases count, how far they reach, how demand is
    weighed, the day designations are read on (None: today)."""

    filters: Filters = Filters()
    reach: Reach = DEFAULT_REACH
    weights: Weights = DEFAULT_WEIGHTS
    as_of: str | None = None


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
        figures: RegionFigures | None = None,
        validity: Mapping[str, tuple[str, str | None]] | None = None,
        seats: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        self.counties = {c.code: c for c in counties}
        # every region's seat (cities and the province too), for distances from a place
        # that is not a county; a county's own comes from its County
        self._seats = dict(seats or {})
        self.series = {s.code: s for s in series}
        self.bases = [b for b in bases if b.status == "ACTIVE"]
        self._specialties = specialties  # (region code, series) -> count, region = county/city
        self._workers = workers or {}
        self._figures = figures or RegionFigures()
        # designation code -> (validFrom, validTo) as ISO dates; unknown: always valid
        self._validity = validity or {}
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
        # seat-to-seat distances of every pair of counties (8,100 at most)
        placed = [c for c in self.counties.values() if c.latitude is not None]
        self._km: dict[str, dict[str, float]] = {
            a.code: {
                b.code: great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
                for b in placed
            }
            for a in placed
        }
        self._within: dict[tuple[str, float], tuple[str, ...]] = {}
        self._seat_km: dict[str, dict[str, float]] = {}  # a city's or the province's seat
        self._by_id = {b.id: b for b in self.bases}
        self._nearest: dict[tuple[str, str], tuple[BaseRecord, float | None] | None] = {}
        self._demand: dict[Weights, dict[tuple[str, str], float]] = defaultdict(dict)
        self._factors: dict[Weights, dict[tuple[str, str], tuple[DemandFactor, ...]]]
        self._factors = defaultdict(dict)
        # The model is immutable once built (a new one replaces it when data changes), so
        # answers can be kept: planners ask the same few scopes again and again.
        self._answers = KeptAnswers(ANSWERS_KEPT)

    # --- distance and reach -------------------------------------------------------------

    def km(self, a: str, b: str) -> float | None:
        """Great-circle km between two counties' seats; None when a seat is not known."""
        if a == b:
            return 0.0
        return self._km.get(a, {}).get(b)

    def reach(self, region_code: str, level: str | None, reach: Reach = DEFAULT_REACH) -> list[str]:
        """The counties a base standing in ``region_code`` with ``level`` reaches."""
        county = self.counties.get(region_code)
        if reach.mode == ADMINISTRATIVE:
            if level == "PROVINCE":
                return list(self.counties)
            if county is None:
                return []
            if level == "CITY":
                return list(self._by_city[county.city_code])
            return [region_code]
        if county is None:
            return []
        return list(self._around(region_code, reach.radius(level)))

    def _around(self, county: str, radius: float) -> tuple[str, ...]:
        key = (county, radius)
        found = self._within.get(key)
        if found is None:
            row = self._km.get(county, {})
            found = tuple(sorted({county} | {c for c, d in row.items() if d <= radius}))
            self._within[key] = found
        return found

    def _counts(
        self, filters: Filters, reach: Reach, extra: Sequence[Proposed] = ()
    ) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        placed = [(b.region_code, b.level, b.kind, b.series_codes) for b in self.bases]
        placed += [(p.region_code, p.level, p.kind, p.series_codes) for p in extra]
        for region, level, kind, series in placed:
            if not filters.counts(kind, level):
                continue
            for county in self.reach(region, level, reach):
                for code in series:
                    counts[(county, code)] += 1
        return counts

    def is_focus(self, county: str, as_of: str) -> bool:
        """A county of the plan's focus designation, valid on ``as_of`` (ISO date)."""
        if FOCUS_DESIGNATION not in self.counties[county].designations:
            return False
        valid_from, valid_to = self._validity.get(FOCUS_DESIGNATION, ("", None))
        return valid_from <= as_of and (valid_to is None or as_of <= valid_to)

    # --- demand -------------------------------------------------------------------------

    def _inputs(self, county: str, series: str) -> tuple[float, float, float, float, float, float]:
        city = self.counties[county].city_code
        figures = self._figures
        return (
            float(self._workers.get((county, series), 0)),
            float(self._specialties.get((county, series), 0)
                  + self._specialties.get((city, series), 0)),
            float(self._enterprises.get((county, series), 0)),
            figures.industry_share.get((county, series), 0.0),
            figures.working_age.get(county, 0.0),
            figures.new_skilled_target.get(county, 0.0),
        )  # fmt: skip

    def factors(
        self, county: str, series: str, weights: Weights = DEFAULT_WEIGHTS
    ) -> tuple[DemandFactor, ...]:
        """The terms of a pair's demand, kept: a page of gaps asks them per gap."""
        known = self._factors[weights]
        key = (county, series)
        if key not in known:
            known[key] = self._factors_of(county, series, weights)
        return known[key]

    def _factors_of(self, county: str, series: str, weights: Weights) -> tuple[DemandFactor, ...]:
        workers, local, enterprises, share, people, target = self._inputs(county, series)
        w = weights
        return (
            DemandFactor("WORKERS", workers, w.workers,
                         "该区县该系列的持证技能人员数（有基地处培养更多，带有循环性）"),
            DemandFactor("LOCAL_SPECIALTIES", local, w.specialties,
                         "以该区县或所属设区市命名的本系列专项数"),
            DemandFactor("LEAD_ENTERPRISES", enterprises, w.lead_enterprises,
                         "该区县覆盖本系列的培育引领企业数"),
            DemandFactor("INDUSTRY_SHARE", share, w.employment,
                         "本系列从业人员在该区县从业人员中的占比（未导入时为 0）"),
            DemandFactor("WORKING_AGE", people, w.working_age,
                         "该区县劳动年龄人口（万人，未导入时为 0）"),
            DemandFactor("NEW_SKILLED_TARGET", target, w.new_skilled_target,
                         "该区县年度新增技能人才目标（万人，未导入时为 0）"),
            DemandFactor("BASELINE", 1.0, w.base, "每个区县的每个系列都需要有基地服务"),
        )  # fmt: skip

    def demand(self, county: str, series: str, weights: Weights = DEFAULT_WEIGHTS) -> float:
        """The sum of ``factors`` (same terms, without building them: 3,240 pairs a matrix)."""
        known = self._demand[weights]
        key = (county, series)
        value = known.get(key)
        if value is None:
            workers, local, enterprises, share, people, target = self._inputs(county, series)
            w = weights
            value = (
                w.workers * workers
                + w.specialties * local
                + w.lead_enterprises * enterprises
                + w.employment * share
                + w.working_age * people
                + w.new_skilled_target * target
                + w.base
            )
            known[key] = value
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

    def kept[T](self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per model for ``key`` (``domain/answers.py``). The
        API keeps a page of gaps this way, objects and all."""
        return self._answers.get(key, compute)

    def matrix(
        self, counties: Sequence[str], series: Sequence[str], terms: Terms
    ) -> Sequence[Cell]:
        # the day is not keyed: a matrix does not read designations
        key = ("matrix", tuple(counties), tuple(series), terms.filters, terms.reach, terms.weights)
        return self.kept(key, lambda: tuple(self._matrix(counties, series, terms)))

    def _matrix(self, counties: Sequence[str], series: Sequence[str], terms: Terms) -> list[Cell]:
        counts = self._counts(terms.filters, terms.reach)
        weights = terms.weights
        return [
            Cell(c, s, counts[(c, s)] > 0, counts[(c, s)], self.demand(c, s, weights))
            for c in counties
            for s in series
        ]

    def gaps(
        self,
        counties: Sequence[str],
        series: Sequence[str],
        terms: Terms,
        extra: Sequence[Proposed] = (),
    ) -> Sequence[Gap]:
        day = terms.as_of or date.today().isoformat()
        asked = (terms.filters, terms.reach, terms.weights, day)
        key = ("gaps", tuple(counties), tuple(series), tuple(extra), *asked)
        return self.kept(key, lambda: tuple(self._gaps(counties, series, terms, extra, day)))

    def _gaps(
        self,
        counties: Sequence[str],
        series: Sequence[str],
        terms: Terms,
        extra: Sequence[Proposed],
        as_of: str,
    ) -> list[Gap]:
        counts = self._counts(terms.filters, terms.reach, extra)
        weights = terms.weights
        open_pairs = [(c, s) for c in counties for s in series if counts[(c, s)] == 0]
        focus = {c: self.is_focus(c, as_of) for c in counties}

        def order(pair: tuple[str, str]) -> tuple[float, int, str, str]:
            county, code = pair
            return (-self.demand(county, code, weights), 0 if focus[county] else 1, county, code)

        ranked = sorted(open_pairs, key=order)
        return [Gap(c, s, self.demand(c, s, weights), i + 1) for i, (c, s) in enumerate(ranked)]

    def nearest_base(self, county: str, series: str) -> tuple[str, float | None] | None:
        """The closest active base covering the series, by distance between seats, and how
        far it is (km); ties by base id. Bases whose seat is not known come last."""
        best: tuple[float, str, float | None] | None = None
        for b in self._by_series.get(series, ()):
            km = self.km(county, b.region_code)
            candidate = (float("inf") if km is None else km, b.id, km)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        return (best[1], best[2]) if best else None

    def active_base(self, base_id: str) -> BaseRecord:
        """An active base of the model, by id."""
        return self._by_id[base_id]

    def nearest(self, county: str, series: str) -> tuple[BaseRecord, float | None] | None:
        """``nearest_base`` with the base's record, kept: a page of gaps asks it per gap."""
        key = (county, series)
        if key not in self._nearest:
            found = self.nearest_base(county, series)
            self._nearest[key] = (self.active_base(found[0]), found[1]) if found else None
        return self._nearest[key]

    def nearest_bases(
        self, series_codes: Iterable[str], near: str | None, limit: int
    ) -> list[BaseRecord]:
        """The ``limit`` active bases covering any of ``series_codes`` closest to ``near``'s
        seat (a county, a city or the province), ties by id; without a known seat, by id."""
        candidates = {b.id: b for code in series_codes for b in self._by_series.get(code, ())}
        far = self._from_seat(near) if near else {}

        def order(b: BaseRecord) -> tuple[bool, float, str]:
            km = far.get(b.region_code)
            return (True, 0.0, b.id) if km is None else (False, km, b.id)

        return heapq.nsmallest(limit, candidates.values(), key=order)

    def _from_seat(self, code: str) -> dict[str, float]:
        """The km from ``code``'s seat to each county's with a known seat (none without a
        seat of its own), worked out once per region: a career path asks it for each step."""
        if code in self._km:
            return self._km[code]
        if code not in self._seat_km:
            seat = self._seat(code)
            self._seat_km[code] = (
                {}
                if seat is None
                else {
                    c.code: great_circle_km(seat[0], seat[1], c.latitude, c.longitude)
                    for c in self.counties.values()
                    if c.latitude is not None and c.longitude is not None
                }
            )
        return self._seat_km[code]

    def _seat(self, code: str) -> tuple[float, float] | None:
        county = self.counties.get(code)
        if county is not None and county.latitude is not None and county.longitude is not None:
            return (county.latitude, county.longitude)
        return self._seats.get(code)

    def what_if(
        self,
        additions: Sequence[Proposed],
        counties: Sequence[str],
        series: Sequence[str],
        terms: Terms,
    ) -> WhatIfResult:
        before = self.gaps(counties, series, terms)
        after = {(g.county, g.series) for g in self.gaps(counties, series, terms, additions)}
        closed = tuple(g for g in before if (g.county, g.series) not in after)
        return WhatIfResult(
            gaps_before=len(before),
            gaps_after=len(after),
            closed=closed,
            demand_newly_covered=sum(g.demand for g in closed),
        )
