"""Under-served pairs (domain/coverage/underserved.py) on the hand-made map of
tests/test_coverage_model.py, by distance:

* P1, a COUNTY base in A for 01 with 200 places, reaches A and B (28.89 km): 100 to each pair.
* P2, a CITY base in C for 01 and 02 with 400 places, reaches C and A (55.60 km; B is
  62.62 km away): 100 to each of (C,01), (C,02), (A,01), (A,02).
* P3, a COUNTY base in D for 02 without a stated capacity, reaches D only: (D,02) unknown.

Certified workers set the demand (default weights, nothing else loaded: demand = workers + 1):
(A,01) 100, (B,01) 400, (C,01) 1, (C,02) 10, (A,02) 50. Capacity per demand: (A,01) 200/100
= 2, (B,01) 100/400 = 0.25, (C,01) 100, (C,02) 10, (A,02) 100/50 = 2; the median is 2.

mutmut 3.8 on underserved.py with this module's unit tests (tools/mutation/run, the two over
HTTP left out) kills every mutant that changes behaviour: of 124, 123 killed, and the one
survivor is equivalent: ``_capacities`` 27 (``known = None``) is falsy like ``False``.
"""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.test_api_coverage import KAIHUA, KECHENG, base, create
from tests.test_api_coverage import planner as planner  # the fixture
from tests.test_api_coverage_distance import JIANGSHAN, LONGYOU, QUJIANG
from tests.test_coverage_model import COUNTIES, SERIES, VALIDITY, A, B, C, D
from zhepai.domain.coverage.geo import ADMINISTRATIVE, Reach
from zhepai.domain.coverage.model import CoverageModel, Filters, Terms, Weights
from zhepai.domain.coverage.underserved import UnderServed, under_served
from zhepai.graph.records import BaseRecord

EVERY = Terms()
COUNTIES_ALL = [A, B, C, D, "330303"]


def placed(id_: str, county: str, series: tuple[str, ...], level: str, capacity: int | None,
           status: str = "ACTIVE") -> BaseRecord:  # fmt: skip
    return BaseRecord(id_, id_, "TRAINING_BASE", level, county, series, 2024, capacity, status)


BASES = [
    placed("P1", A, ("01",), "COUNTY", 200),
    placed("P2", C, ("01", "02"), "CITY", 400),
    placed("P3", D, ("02",), "COUNTY", None),
    placed("P4", B, ("01", "02"), "PROVINCE", 10_000, status="RETIRED"),  # counts for nothing
]
WORKERS = {(A, "01"): 99, (B, "01"): 399, (C, "01"): 0, (C, "02"): 9, (A, "02"): 49}


def model(*bases: BaseRecord) -> CoverageModel:
    return CoverageModel(COUNTIES, SERIES, bases or BASES, {}, WORKERS, None, VALIDITY)


def test_the_pair_far_below_the_typical_ratio_is_under_served() -> None:
    report = under_served(model(), COUNTIES_ALL, ["01", "02"], EVERY)
    assert report.typical == 2
    assert (report.judged, report.unknown) == (5, 1)
    assert report.pairs == (
        UnderServed(B, "01", 400, 100, 0.25, 2 * 400 - 100, ("P1",), 1),
    )  # fmt: skip


def test_share_sets_how_far_below_and_ties_rank_by_county_then_series() -> None:
    at_par = under_served(model(), COUNTIES_ALL, ["01", "02"], EVERY, share=1.0)
    assert [(p.county, p.series) for p in at_par.pairs] == [(B, "01")]  # 2 is not below 2
    above = under_served(model(), COUNTIES_ALL, ["01", "02"], EVERY, share=1.5)
    assert [(p.county, p.series, p.shortfall, p.rank) for p in above.pairs] == [
        (B, "01", 700, 1),
        (A, "01", 0, 2),
        (A, "02", 0, 3),
    ]
    assert above.pairs[1].bases == ("P1", "P2") and above.pairs[1].capacity == 200


def test_the_typical_ratio_is_the_provinces_whatever_the_scope() -> None:
    city = under_served(model(), [C, D, "330303"], ["01", "02"], EVERY, share=1.5)
    assert city.typical == 2 and (city.judged, city.unknown) == (2, 1)
    assert city.pairs == ()  # C's pairs have 100 and 10 per point of demand
    one = under_served(model(), COUNTIES_ALL, ["02"], EVERY, share=1.5)
    assert [(p.county, p.series) for p in one.pairs] == [(A, "02")]
    assert (one.judged, one.unknown) == (2, 1)


def test_only_counting_bases_share_capacity() -> None:
    county_only = Terms(Filters(levels=frozenset({"COUNTY"})))  # P2 drops out
    report = under_served(model(), COUNTIES_ALL, ["01", "02"], county_only, share=0.5)
    # (A,01) 100/100 = 1 and (B,01) 0.25: median 0.625, threshold 0.3125
    assert report.typical == 0.625 and (report.judged, report.unknown) == (2, 1)
    assert [(p.county, p.shortfall) for p in report.pairs] == [(B, 0.625 * 400 - 100)]
    assert under_served(model(), COUNTIES_ALL, ["01"], county_only).pairs == ()


def test_reach_decides_which_pairs_a_base_shares_its_places_with() -> None:
    # administratively P1 reaches A only (200 to one pair), P2 the counties of its city, C, D
    # and 330303 (400 over six pairs)
    report = under_served(model(), COUNTIES_ALL, ["01", "02"], Terms(reach=Reach(ADMINISTRATIVE)))
    by_pair = {(p.county, p.series): p for p in under_served(
        model(), COUNTIES_ALL, ["01", "02"], Terms(reach=Reach(ADMINISTRATIVE)), share=100.0
    ).pairs}  # fmt: skip
    assert by_pair[(A, "01")].capacity == 200
    assert by_pair[(C, "01")].capacity == pytest.approx(400 / 6)
    assert (D, "02") not in by_pair and (B, "01") not in by_pair  # unknown; not covered
    assert (report.judged, report.unknown) == (6, 1)  # A01, C01, C02, D01, E01, E02; D02 not


def test_demand_weights_change_the_verdict() -> None:
    flat = Weights(workers=0)  # every pair's demand is 1: capacities 200, 100, 100, 100, 100
    report = under_served(model(), COUNTIES_ALL, ["01", "02"], Terms(weights=flat))
    assert report.typical == 100 and report.pairs == ()
    nothing = Weights(0, 0, 0, 0, 0, 0, 0)  # no pair has demand: nothing can be judged
    empty = under_served(model(), COUNTIES_ALL, ["01", "02"], Terms(weights=nothing))
    assert (empty.typical, empty.pairs, empty.judged) == (None, (), 5)


def test_a_stated_capacity_of_zero_is_known() -> None:
    report = under_served(
        model(placed("Z", A, ("01",), "COUNTY", 0), placed("Y", C, ("01",), "COUNTY", 50)),
        COUNTIES_ALL, ["01"], EVERY,
    )  # fmt: skip
    # (A,01) 0/100 and (B,01) 0/400 against (C,01) 50/1: median 0, nothing is below it
    assert report.typical == 0 and (report.judged, report.unknown) == (3, 0)
    assert report.pairs == ()


def test_every_unknown_pair_counts_and_none_hides_the_next_series() -> None:
    # U, a county base in A for 01 without a stated capacity, makes (A,01) and (B,01) unknown;
    # (A,02) 100/50 = 2, (C,01) 100 and (C,02) 10 are judged: median 10, threshold 2.5
    u = placed("U", A, ("01",), "COUNTY", None)
    report = under_served(model(BASES[0], BASES[1], u), COUNTIES_ALL, ["01", "02"], EVERY)
    assert report.typical == 10 and (report.judged, report.unknown) == (3, 2)
    assert report.pairs == (UnderServed(A, "02", 50, 100, 2, 10 * 50 - 100, ("P2",), 1),)


def test_a_covered_pair_without_demand_is_judged_but_never_listed() -> None:
    no_base = Weights(base=0)  # demand = workers: (C,01) has none
    report = under_served(model(), COUNTIES_ALL, ["01", "02"], Terms(weights=no_base), share=100)
    # ratios 200/99, 100/399, 100/9, 100/49: the median is the middle two's mean
    assert report.typical == pytest.approx((200 / 99 + 100 / 49) / 2)
    assert (report.judged, report.unknown) == (5, 1)
    assert {(p.county, p.series) for p in report.pairs} == {
        (A, "01"), (B, "01"), (C, "02"), (A, "02"),
    }  # fmt: skip


def test_ties_rank_by_county_then_series_whatever_order_the_counties_come_in() -> None:
    flat = Weights(workers=0)  # demand 1: capacities 200, 100, 100, 100, 100; median 100
    backwards = list(reversed(COUNTIES_ALL))
    report = under_served(model(), backwards, ["02", "01"], Terms(weights=flat), share=1.5)
    assert [(p.county, p.series, p.shortfall, p.rank) for p in report.pairs] == [
        (A, "02", 0, 1),
        (B, "01", 0, 2),
        (C, "01", 0, 3),
        (C, "02", 0, 4),
    ]


def test_a_kind_filter_keeps_the_capacity_of_the_kinds_it_names() -> None:
    # V, a technical college in B (no level: it reaches as a county base, B and A) with 4,000
    # places, gives 2,000 to (A,01) and (B,01) when it counts (and, unlike a lead enterprise,
    # adds nothing to demand)
    v = BaseRecord("V", "V", "TECHNICAL_COLLEGE", None, B, ("01",), 2024, 4000, "ACTIVE")
    training = Terms(Filters(kinds=frozenset({"TRAINING_BASE"})))
    assert under_served(model(*BASES, v), COUNTIES_ALL, ["01", "02"], training) == under_served(
        model(), COUNTIES_ALL, ["01", "02"], EVERY
    )
    colleges = Terms(Filters(kinds=frozenset({"TECHNICAL_COLLEGE"})))
    report = under_served(model(*BASES, v), COUNTIES_ALL, ["01", "02"], colleges, share=1.0)
    # (A,01) 2000/100 = 20 and (B,01) 2000/400 = 5: median 12.5
    assert report.typical == 12.5 and (report.judged, report.unknown) == (2, 0)
    assert [(p.county, p.shortfall, p.bases) for p in report.pairs] == [
        (B, 12.5 * 400 - 2000, ("V",))
    ]


UNDER_SERVED = """
query($region: String, $series: String, $share: Float, $weights: DemandWeightsInput,
      $first: Int) {
  coverageUnderServed(regionCode: $region, seriesCode: $series, share: $share,
                      demandWeights: $weights, first: $first) {
    typicalCapacityPerDemand share judgedPairs unknownCapacityPairs totalCount
    pairs { rank county { code } series { code } demand capacity capacityPerDemand shortfall
            baseCount bases { id capacity } } } }
"""
# every pair's demand is 1, so capacity per demand is the capacity itself
FLAT = {"workers": 0, "specialties": 0, "leadEnterprises": 0, "employment": 0,
        "workingAge": 0, "newSkilledTarget": 0, "base": 1}  # fmt: skip


async def test_under_served_over_http(planner: GraphQLClient) -> None:
    """County bases for 16 in 衢州 (30 km; distances in tests/test_api_coverage_distance.py):
    开化 (300 places) reaches 开化 and 常山 (27.83 km): 150 each; 江山 (600) reaches 江山 and
    常山 (21.45 km): 300 each; 柯城 (20) reaches 柯城, 衢江 (8.64 km) and 龙游 (29.99 km):
    20/3 each. Capacities 150, 450, 300, 20/3 × 3: the median is (20/3 + 150) / 2."""
    for id_, county, capacity in (("K", KAIHUA, 300), ("J", JIANGSHAN, 600), ("C", KECHENG, 20)):
        assert not (await create(planner, **base(id_, county, ["16"], capacity=capacity)))["errors"]
    answer = (await planner(UNDER_SERVED, series="16", weights=FLAT))["coverageUnderServed"]
    typical = (20 / 3 + 150) / 2
    assert answer["typicalCapacityPerDemand"] == pytest.approx(typical)
    assert (answer["judgedPairs"], answer["unknownCapacityPairs"]) == (6, 0)
    assert answer["totalCount"] == 3 and answer["share"] == 0.25
    pairs = answer["pairs"]
    assert [p["county"]["code"] for p in pairs] == [KECHENG, QUJIANG, LONGYOU]  # ties: by code
    assert [p["rank"] for p in pairs] == [1, 2, 3]
    assert pairs[0]["capacity"] == pytest.approx(20 / 3)
    assert pairs[0]["shortfall"] == pytest.approx(typical - 20 / 3)
    assert pairs[0]["bases"] == [{"id": "C", "capacity": 20}] and pairs[0]["baseCount"] == 1
    first = (await planner(UNDER_SERVED, series="16", weights=FLAT, first=1))["coverageUnderServed"]
    assert first["totalCount"] == 3 and len(first["pairs"]) == 1
    # a scope narrows the pairs listed, not the typical ratio
    one = await planner(UNDER_SERVED, region=KAIHUA, series="16", weights=FLAT)
    assert one["coverageUnderServed"]["typicalCapacityPerDemand"] == pytest.approx(typical)
    assert one["coverageUnderServed"]["totalCount"] == 0
    # a base without a stated capacity makes the pairs it reaches unknown
    assert not (await create(planner, **base("U", KECHENG, ["16"], capacity=None)))["errors"]
    unknown = (await planner(UNDER_SERVED, series="16", weights=FLAT))["coverageUnderServed"]
    assert (unknown["judgedPairs"], unknown["unknownCapacityPairs"]) == (3, 3)
    assert unknown["totalCount"] == 0


async def test_under_served_refuses_a_share_outside_0_to_1(planner: GraphQLClient) -> None:
    for share in (0, 1.5, -0.1):
        error = (await planner.raw(UNDER_SERVED, share=share))["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert error["extensions"]["argument"] == "share", error
