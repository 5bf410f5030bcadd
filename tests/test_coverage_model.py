"""The coverage model's rules, one by one, on a hand-made map of five counties.

Seats (degrees) and their great-circle distances, R = 6371.0088 km, d = 2R·asin(√a),
a = sin²(Δφ/2) + cos φ1·cos φ2·sin²(Δλ/2):

* A 330201 (30.0, 120.0) and B 330202 (30.0, 120.3), city 330200: Δλ = 0.3°, so
  a = cos²30°·sin²0.15° = 0.75 × 6.8539e-6 = 5.1404e-6, √a = 2.2673e-3, d = 28.89 km.
* C 330301 (30.5, 120.0), city 330300: A–C is along a meridian, d = R·0.5° = R·π/360 = 55.60 km;
  B–C: Δφ = 0.5°, Δλ = −0.3°, a = 1.9026e-5 + 0.75 × 6.8539e-6 ≈ 2.4156e-5, d = 62.62 km.
* D 330302 (29.0, 120.0), city 330300: A–D = R·1° = 111.20 km; C–D = R·1.5° = 166.79 km;
  B–D: a = sin²0.5° + cos 30°·cos 29°·sin²0.15° = 7.6152e-5 + 5.1914e-6 = 8.1343e-5,
  d = 2R·asin(9.0191e-3) = 114.92 km.
* E 330303, city 330300, seat not known.

So a COUNTY base (30 km) in A reaches A and B; a CITY base (60 km) in A reaches A, B, C; a
PROVINCE base (120 km) in A reaches A, B, C, D; none reaches E from elsewhere.

mutmut 3.8 on model.py with this module (tools/mutation/run) kills every mutant that changes
behaviour: of 556, 534 killed, and the 22 survivors, by mutant number per function, are
equivalent:

* Caches, speed only: ``_around`` 2 3 15 and ``demand`` 3 4 25 never hit or never fill theirs;
  ``_remember`` 11 (keeps 63 answers), 13 (drops the newest, not the oldest) change which
  answers are kept, not what they are; 12 (``last=None``) is falsy like ``False``; the tags
  of the answers' keys (``matrix`` 2 3, ``gaps`` 5 6) stay distinct.
* ``_remember`` 3 7 8: the type given to ``cast`` is not read at run time.
* ``_gaps`` 28 (2, not 1, for a county out of focus): the same order.
* ``nearest_base`` 16: ``float("INF")`` is infinity too; 20 21 22 (``<=``, or one side
  compared with its km again): candidates equal on (km, id) are the same base.
* ``nearest_bases`` 8 (look up a seat for no place): ``_seat(None)`` finds none.

On suggest.py: of 101, 97 killed, one loops forever (48, times out), and the 3 survivors
are equivalent: ``suggest`` 29 (versions start at 1) makes every first entry stale, re-scored
to the same gain and popped next; 79 80 (versions counting down, or by 2) still change with
every proposal.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

import pytest

from zhepai.domain.coverage.figures import RegionFigures
from zhepai.domain.coverage.geo import ADMINISTRATIVE, Reach, great_circle_km
from zhepai.domain.coverage.model import (
    County,
    CoverageModel,
    Filters,
    Proposed,
    SeriesInfo,
    Terms,
    Weights,
)
from zhepai.domain.coverage.suggest import suggest
from zhepai.graph.records import BaseRecord

A, B, C, D, E = "330201", "330202", "330301", "330302", "330303"
COUNTIES = [
    County(A, "甲县", "330200", frozenset(), 30.0, 120.0),
    County(B, "乙县", "330200", frozenset({"MOUNTAIN_26"}), 30.0, 120.3),
    County(C, "丙县", "330300", frozenset(), 30.5, 120.0),
    County(D, "丁县", "330300", frozenset(), 29.0, 120.0),
    County(E, "戊县", "330300", frozenset()),
]
SERIES = [SeriesInfo("01", "PRIMARY", "一"), SeriesInfo("02", "SECONDARY", "二")]
VALIDITY = {"MOUNTAIN_26": ("2021-01-01", "2025-12-31")}
DAY = "2024-01-01"
ADMIN = Reach(ADMINISTRATIVE)
EVERY_BASE, BY_DISTANCE = Filters(), Reach()


def base(id_: str, county: str, series: tuple[str, ...] = ("01",), level: str | None = "COUNTY",
         kind: str = "TRAINING_BASE", status: str = "ACTIVE") -> BaseRecord:  # fmt: skip
    return BaseRecord(id_, id_, kind, level, county, series, None, None, status)


def model(
    *bases: BaseRecord,
    specialties: dict[tuple[str, str], int] | None = None,
    workers: dict[tuple[str, str], int] | None = None,
    figures: RegionFigures | None = None,
) -> CoverageModel:
    return CoverageModel(COUNTIES, SERIES, bases, specialties or {}, workers, figures, VALIDITY)


def covered(
    m: CoverageModel, filters: Filters = EVERY_BASE, reach: Reach = BY_DISTANCE
) -> set[tuple[str, str]]:
    counties, series = m.scope(None, None)
    return {(c.county, c.series) for c in m.matrix(counties, series, Terms(filters, reach))
            if c.covered}  # fmt: skip


def test_great_circle_by_hand() -> None:
    r = 6371.0088
    assert great_circle_km(30, 120, 29, 120) == pytest.approx(math.pi * r / 180)  # 111.195
    # at 60° N one degree of longitude: 2R·asin(cos 60°·sin 0.5°) = 2R × 4.36331e-3 = 55.597
    assert great_circle_km(60, 0, 60, 1) == pytest.approx(55.597, abs=1e-3)
    assert great_circle_km(30, 120, 30, 120.3) == pytest.approx(28.889, abs=1e-3)
    assert great_circle_km(30, 120.3, 30.5, 120) == pytest.approx(62.62, abs=5e-3)
    assert great_circle_km(30, 120, 30, 120) == 0.0


def test_distance_reach_of_each_level() -> None:
    m = model()
    assert m.reach(A, "COUNTY") == [A, B]  # 28.89 ≤ 30
    assert m.reach(A, None) == [A, B]  # no level: as a county base
    assert m.reach(A, "CITY") == [A, B, C]  # 55.60 ≤ 60 < 111.20
    assert m.reach(A, "PROVINCE") == [A, B, C, D]  # 111.20 ≤ 120; E has no seat
    assert m.reach(C, "CITY") == [A, C]  # B is 62.62 away
    assert m.reach(A, "COUNTY", Reach(county_km=28.8)) == [A]
    assert m.reach(A, "CITY", Reach(city_km=55.7)) == [A, B, C]
    assert m.reach(A, "CITY", Reach(city_km=55.5)) == [A, B]
    assert m.reach(E, "PROVINCE") == [E]  # a base without a seat reaches its own county
    exactly = Reach(county_km=great_circle_km(30.0, 120.0, 30.0, 120.3))  # A–B, to the bit
    assert m.reach(A, "COUNTY", exactly) == [A, B]  # a seat on the radius is within it
    assert m.reach("339999", "COUNTY") == []


def test_administrative_reach_of_each_level() -> None:
    m = model()
    assert m.reach(A, "COUNTY", ADMIN) == [A]
    assert m.reach(A, None, ADMIN) == [A]
    assert sorted(m.reach(C, "CITY", ADMIN)) == [C, D, E]
    assert sorted(m.reach(A, "PROVINCE", ADMIN)) == [A, B, C, D, E]
    assert m.reach("339999", "CITY", ADMIN) == []


def test_a_filter_that_drops_one_base_keeps_counting_the_others() -> None:
    # the enterprise comes first and is dropped; the training base after it still counts
    m = model(base("E1", A, kind="LEAD_ENTERPRISE", level=None), base("T1", D))
    assert covered(m, Filters(kinds=frozenset({"TRAINING_BASE"}))) == {(D, "01")}
    assert covered(m, Filters(levels=frozenset({"COUNTY"}))) == {(D, "01")}  # levelless out
    assert covered(m) == {(A, "01"), (B, "01"), (D, "01")}
    assert covered(model(base("R1", A, status="RETIRED"))) == set()
    city_base = model(base("K1", C, level="CITY"))
    assert covered(city_base, Filters(levels=frozenset({"COUNTY"}))) == set()


def test_two_bases_on_one_pair_are_counted_twice() -> None:
    m = model(base("T1", A), base("T2", B))
    cells = {(c.county, c.series): c.base_count for c in m.matrix([A, B, C], ["01"], Terms())}
    assert cells == {(A, "01"): 2, (B, "01"): 2, (C, "01"): 0}


def test_matrix_gaps_and_what_if_reach_as_asked() -> None:
    # a CITY base in C reaches A and C by distance (B is 62.62 km away), C, D, E by its city
    m = model(base("K1", C, level="CITY"))
    assert covered(m) == {(A, "01"), (C, "01")}
    assert covered(m, reach=ADMIN) == {(C, "01"), (D, "01"), (E, "01")}
    counties, series = m.scope(None, None)
    open_01 = [g.county for g in m.gaps(counties, ["01"], Terms(reach=ADMIN, as_of=DAY))]
    assert open_01 == [B, A]
    # a COUNTY base in A closes A alone administratively (by distance it would close B too)
    added = [Proposed(A, ("01",), "COUNTY", "TRAINING_BASE")]
    result = m.what_if(added, counties, series, Terms(reach=ADMIN, as_of=DAY))
    assert [(g.county, g.series) for g in result.closed] == [(A, "01")]
    assert (result.gaps_before, result.gaps_after) == (7, 6)


def test_demand_counts_each_factor_with_its_weight() -> None:
    m = model(
        base("L1", A, kind="LEAD_ENTERPRISE", level=None),
        base("L2", A, kind="LEAD_ENTERPRISE", level=None),
        specialties={(A, "01"): 1, ("330200", "01"): 1},  # one named after A, one after its city
        workers={(A, "01"): 7},
        figures=RegionFigures(
            industry_share={(B, "02"): 0.25},
            working_age={C: 12.5},  # 12.5万 persons of working age
            new_skilled_target={C: 0.4, B: 0.1},  # 4,000 and 1,000 new skilled workers a year
        ),
    )
    # A × 01: 7 workers + 2 专项 × 50 + 2 enterprises × 20 + 1
    assert m.demand(A, "01") == 7 + 100 + 40 + 1
    assert m.demand(B, "01") == 50 + 0.1 * 50 + 1  # the city's 专项, B's target of 1,000
    assert m.demand(B, "02") == 25 + 0.1 * 50 + 1  # a quarter of B's employed × 100
    assert m.demand(C, "01") == 12.5 * 1 + 0.4 * 50 + 1  # 12.5万 working-age, 4,000 target
    for county, code in ((A, "01"), (B, "02"), (C, "01")):
        assert sum(f.contribution for f in m.factors(county, code)) == m.demand(county, code)
    w = Weights(
        workers=0, specialties=10, lead_enterprises=1, employment=4, working_age=2,
        new_skilled_target=3, base=0.5,
    )  # fmt: skip
    assert m.demand(A, "01", w) == 0 + 20 + 2 + 0.5
    assert m.demand(B, "02", w) == 1 + 0.3 + 0.5
    assert m.demand(C, "01", w) == 25 + 1.2 + 0.5
    assert [f.weight for f in m.factors(A, "01", w)] == [0, 10, 1, 4, 2, 3, 0.5]
    assert [f.value for f in m.factors(C, "01")] == [0, 0, 0, 0, 12.5, 0.4, 1]
    assert [f.name for f in m.factors(C, "01")] == [
        "WORKERS", "LOCAL_SPECIALTIES", "LEAD_ENTERPRISES", "INDUSTRY_SHARE", "WORKING_AGE",
        "NEW_SKILLED_TARGET", "BASELINE",
    ]  # fmt: skip
    # the documented defaults
    assert Weights() == Weights(1.0, 50.0, 20.0, 100.0, 1.0, 50.0, 1.0)
    cells = m.matrix([A, B], ["01", "02"], Terms(weights=w))
    assert [c.demand for c in cells] == [22.5, 0.5, 10.8, 1.8]


def test_each_factor_is_described_in_chinese() -> None:
    for f in model().factors(A, "01"):
        assert f.description and re.search("[A-Za-z]", f.description) is None, f.name


def test_scope_by_region_designation_industry_and_series() -> None:
    m = model()
    assert m.scope("330000", None) == ([A, B, C, D, E], ["01", "02"])
    assert m.scope("330200", None) == ([A, B], ["01", "02"])
    assert m.scope(C, None) == ([C], ["01", "02"])
    assert m.scope(None, "MOUNTAIN_26") == ([B], ["01", "02"])
    assert m.scope(None, None, "SECONDARY") == ([A, B, C, D, E], ["02"])
    assert m.scope(None, None, None, "01")[1] == ["01"]


def test_mountain_counties_first_while_the_designation_is_valid() -> None:
    m = model()

    def order(as_of: str) -> list[str]:
        return [g.county for g in m.gaps([A, B], ["01"], Terms(as_of=as_of))]

    assert order("2021-01-01") == [B, A]  # equal demand: B is MOUNTAIN_26
    assert order("2025-12-31") == [B, A]
    assert order("2020-12-31") == [A, B]  # before and after: by code
    assert order("2026-01-01") == [A, B]
    forever = CoverageModel(COUNTIES, SERIES, [], {})  # no validity known: always valid
    assert [g.county for g in forever.gaps([A, B], ["01"], Terms(as_of="2030-01-01"))] == [
        B,
        A,
    ]
    # demand first, then the tie-break
    heavier = model(specialties={(A, "01"): 1})
    assert [g.county for g in heavier.gaps([A, B], ["01"], Terms(as_of=DAY))] == [A, B]


def test_gaps_are_ranked_and_valued_by_the_asked_weights() -> None:
    m = model(specialties={(A, "01"): 1}, workers={(C, "01"): 30})
    # by default A × 01 is 50 + 1 = 51 and C × 01 30 + 1 = 31; at 10 a 专项, A is 10 + 1 = 11
    gaps = m.gaps([A, C, D], ["01"], Terms(as_of=DAY))
    assert [(g.county, g.demand, g.rank) for g in gaps] == [(A, 51, 1), (C, 31, 2), (D, 1, 3)]
    gaps = m.gaps([A, C, D], ["01"], Terms(weights=Weights(specialties=10), as_of=DAY))
    assert [(g.county, g.demand, g.rank) for g in gaps] == [(C, 31, 1), (A, 11, 2), (D, 1, 3)]


def km(found: tuple[str, float | None] | None) -> tuple[str, float | None] | None:
    """The nearest base with its distance rounded as the hand computations are."""
    if found is None or found[1] is None:
        return found
    return found[0], round(found[1], 3 if found[1] < 100 else 2)


def test_nearest_base_by_distance_then_id() -> None:
    m = model(base("Z9", B), base("B2", C), base("B1", C), base("Q1", E), base("P1", D, ("02",)))
    assert km(m.nearest_base(A, "01")) == ("Z9", 28.889)
    assert m.nearest_base(C, "01") == ("B1", 0.0)  # two in C: the lower id
    # from D: B 114.92, C 166.79, E unknown
    assert km(m.nearest_base(D, "01")) == ("Z9", 114.92)
    assert m.nearest_base(E, "01") == ("Q1", 0.0)
    assert m.nearest_base(D, "02") == ("P1", 0.0)
    assert model(base("Q1", E)).nearest_base(A, "01") == ("Q1", None)  # no seat: last, no km
    assert m.nearest_base(A, "07") is None


def test_nearest_bases_from_a_county_or_a_city_seat_then_by_id() -> None:
    f = "330304"  # only a longitude known: no seat
    counties = [*COUNTIES, County(f, "己县", "330300", frozenset(), None, 120.0)]
    bases = [
        base("Z9", B), base("B1", C), base("M1", A, ("01", "02")), base("P1", D, ("02",)),
        base("Q1", E), base("F1", f), base("C1", "330200", level="CITY"),
        base("Z1", "330300", level="CITY"),
    ]  # fmt: skip
    m = CoverageModel(counties, SERIES, bases, {}, seats={"330300": (30.5, 120.0)})  # C's seat

    def ids(series: list[str], near: str | None, limit: int = 10) -> list[str]:
        return [b.id for b in m.nearest_bases(series, near, limit)]

    unknown = ["C1", "F1", "Q1", "Z1"]  # in a city, in F, in E: no county seat, last by id
    # from A: M1 0, Z9 28.89, B1 55.60, P1 111.20 (M1 covers both series, listed once)
    assert ids(["01", "02"], A) == ["M1", "Z9", "B1", "P1", *unknown]
    # from the city 330300's seat: B1 0, M1 55.60, Z9 62.62, P1 166.79
    assert ids(["01", "02"], "330300") == ["B1", "M1", "Z9", "P1", *unknown]
    by_id = ["B1", "C1", "F1", "M1", "P1", "Q1", "Z1", "Z9"]
    assert ids(["01", "02"], None) == by_id
    assert ids(["01", "02"], E) == by_id  # a county without a seat
    assert ids(["01", "02"], "339999") == by_id  # a place not known
    assert ids(["01", "02"], A, 2) == ["M1", "Z9"]
    assert ids(["07", "02"], A) == ["M1", "P1"]  # a series without bases adds none


def test_what_if_with_bases_already_in_place() -> None:
    m = model(base("T1", A))  # covers A, B × 01
    counties, series = m.scope(None, None)
    additions = [
        Proposed(C, ("01",), "COUNTY", "TRAINING_BASE"),
        Proposed(A, ("01",), "CITY", "TRAINING_BASE"),
    ]
    result = m.what_if(additions, counties, series, Terms(as_of=DAY))
    # the city base in A reaches A, B (covered already) and C, which the county base in C
    # closes too: C × 01 once
    assert [(g.county, g.series) for g in result.closed] == [(C, "01")]
    assert (result.gaps_before, result.gaps_after) == (8, 7)
    assert result.demand_newly_covered == 1


def test_suggest_one_is_the_best_single_base() -> None:
    m = model(base("T1", D, ("02",)), specialties={(C, "02"): 1, (B, "01"): 2})
    counties, series = m.scope(None, None)
    for level in ("COUNTY", "CITY", "PROVINCE"):
        best = max(
            (m.what_if([Proposed(c, (s,), level, "TRAINING_BASE")], counties, series,
                       Terms(as_of=DAY)).demand_newly_covered, c, s)
            for c in counties for s in series
        )  # fmt: skip
        (one,) = suggest(m, 1, level, counties, series, Terms(as_of=DAY)).proposals
        assert one.closes_demand == best[0]
        # among equals the lowest county, then series code
        ties = sorted(
            (c, s) for c in counties for s in series
            if m.what_if([Proposed(c, (s,), level, "TRAINING_BASE")], counties, series,
                         Terms(as_of=DAY)).demand_newly_covered == best[0]
        )  # fmt: skip
        assert (one.county, one.series) == ties[0]


def test_suggest_closes_what_what_if_says_and_stops_when_nothing_is_left() -> None:
    w = Weights(workers=0.1, specialties=0.3, lead_enterprises=0.7, employment=0, base=0.1)
    m = model(base("T1", A), specialties={(C, "02"): 1, (D, "01"): 1}, workers={(E, "02"): 3})
    counties, series = m.scope(None, None)
    got = suggest(m, 20, "CITY", counties, series, Terms(weights=w, as_of=DAY))
    gains = [p.closes_demand for p in got.proposals]
    assert all(a >= b for a, b in pairwise(gains))
    assert got.gaps_after == 0 and len(got.proposals) < 20  # every gap closed, then it stops
    what_if = m.what_if(got.as_additions(), counties, series, Terms(weights=w, as_of=DAY))
    assert what_if.demand_newly_covered == got.total_demand_closed  # exactly, floats and all
    assert (what_if.gaps_before, what_if.gaps_after) == (got.gaps_before, got.gaps_after)
    assert all(p.closes and p.closes_demand > 0 for p in got.proposals)
    assert suggest(m, 3, "COUNTY", [A], ["01"], Terms(as_of=DAY)).proposals == ()
    # the proposals are training bases: a filter on kinds counts them in what-if too
    kinds = Terms(Filters(kinds=frozenset({"TRAINING_BASE"})), weights=w, as_of=DAY)
    got = suggest(m, 2, "CITY", counties, series, kinds)
    what_if = m.what_if(got.as_additions(), counties, series, kinds)
    assert what_if.demand_newly_covered == got.total_demand_closed > 0


def test_suggest_rescores_a_candidate_after_each_base_of_its_series() -> None:
    # five seats 0.2° apart on a meridian (22.24 km; 0.4° is 44.48 km): a county base reaches
    # its neighbours. Demands 11, 2, 11, 2, 11: P1 and P3 close 24 each, P1 first on code;
    # then P3 and P4 close 13 (P3 on code), P2 only P3's 2 and P0 nothing, re-scored
    chain = [County(f"33110{i}", f"链{i}县", "331100", frozenset(), 30.0 + 0.2 * i, 120.0)
             for i in range(5)]  # fmt: skip
    p0, p1, p2, p3, p4 = (c.code for c in chain)
    workers = {(p0, "01"): 10, (p2, "01"): 10, (p4, "01"): 10, (p1, "01"): 1, (p3, "01"): 1}
    m = CoverageModel(chain, SERIES, [], {}, workers)
    got = suggest(m, 5, "COUNTY", [p0, p1, p2, p3, p4], ["01"], Terms(as_of=DAY))
    assert [(p.county, p.closes, p.closes_demand) for p in got.proposals] == [
        (p1, (p0, p1, p2), 24),
        (p3, (p3, p4), 13),
    ]
    assert (got.total_demand_closed, got.gaps_before, got.gaps_after) == (37, 5, 0)


def test_suggest_proposes_no_base_for_gaps_without_demand() -> None:
    only_specialties = Weights(0, 1, 0, 0, 0, 0, 0)
    m = model(specialties={(C, "01"): 1})  # C × 01 is 1, every other gap 0
    counties, series = m.scope(None, None)
    got = suggest(m, 5, "COUNTY", counties, series,
                  Terms(weights=only_specialties, as_of=DAY))  # fmt: skip
    assert [(p.county, p.series, p.closes, p.closes_demand) for p in got.proposals] == [
        (C, "01", (C,), 1)
    ]
    assert (got.total_demand_closed, got.gaps_before, got.gaps_after) == (1, 10, 9)


def test_suggest_reaches_as_asked() -> None:
    m = model(specialties={(C, "01"): 1})
    # a CITY base in C reaches C, D, E administratively (51 + 1 + 1), by distance A and C
    got = suggest(m, 1, "CITY", [C, D, E], ["01"], Terms(reach=ADMIN, as_of=DAY))
    assert [(p.county, p.closes, p.closes_demand) for p in got.proposals] == [(C, (C, D, E), 53)]


def test_nearest_is_nearest_base_with_its_record_kept() -> None:
    m = model(base("T1", A), base("T2", C), base("T3", D, ("02",)))
    for county in (A, B, C, D, E):
        for code in ("01", "02"):
            found, plain = m.nearest(county, code), m.nearest_base(county, code)
            assert plain is not None and found is not None
            assert (found[0].id, found[1]) == plain
            assert found[0] is next(b for b in m.bases if b.id == plain[0])
    assert model(base("T1", A)).nearest(A, "02") is None
    assert m.nearest(B, "01") is m.nearest(B, "01")
