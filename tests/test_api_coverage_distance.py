"""Coverage by distance over HTTP: reach radii, suggestions, demand weights, the mountain
tie-break's dates, and careers' bases ordered by distance.

Every distance below is the haversine between seats (seeds/region_seats.yaml), R = 6371.0088 km:
d = 2R·asin(√a), a = sin²(Δφ/2) + cos φ1·cos φ2·sin²(Δλ/2), worked out by hand as stated:

=====================================  ==========  ==========  ==========  =========
from → to (lat, lon)                   Δφ (°)      Δλ (°)      a           d (km)
=====================================  ==========  ==========  ==========  =========
开化 (29.137336, 118.415495) → 常山      −0.235874    0.095740   4.7707e-6     27.83
  (28.901462, 118.511235)
开化 → 柯城 (28.96862, 118.871516)      −0.168716    0.456021   1.4270e-5     48.13
开化 → 江山 (28.737331, 118.626991)     −0.400005    0.211496   1.4794e-5     49.01
开化 → 衢江 (28.97978, 118.95946)       −0.157556    0.543965   1.9108e-5     55.70
开化 → 秀洲 (30.765188, 120.710082)      1.627852    2.294587   5.0268e-4    285.71
开化 → 萧山 (30.183806, 120.264253)      1.046470    1.848758   2.7990e-4    213.19
柯城 → 衢江                               0.011160    0.087944   4.6026e-7      8.64
柯城 → 龙游 (29.028439, 119.172189)      0.059819    0.300673   5.5391e-6     29.99
柯城 → 江山                              −0.231289   −0.244525   7.5669e-6     35.05
柯城 → 常山                              −0.067158   −0.360281   7.9146e-6     35.85
柯城 → 遂昌 (28.592148, 119.276103)     −0.376472    0.404587   2.0369e-5     57.51
衢江 → 龙游                               0.048659    0.212729   2.8163e-6     21.38
江山 → 常山                               0.164131   −0.115756   2.8348e-6     21.45
萧山 → 富阳 (30.048692, 119.960076)    −0.135114   −0.304177   6.6624e-6     32.89
萧山 → 淳安 (29.608886, 119.042037)     −0.574920   −1.222216   1.1066e-4    134.04
衢州市 (28.970079, 118.859457) → 柯城    −0.001459    0.012059   8.6385e-9      1.18
衢州市 → 常山                            −0.068617   −0.348222   7.4312e-6     34.74
衢州市 → 开化                             0.167257   −0.443962   1.3601e-5     46.99
衢州市 → 萧山                             1.213727    1.404796   2.2583e-4    191.49
=====================================  ==========  ==========  ==========  =========
"""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient
from tests.test_api_coverage import (
    ADMIN,
    CHANGSHAN,
    GAPS,
    KAIHUA,
    KECHENG,
    MATRIX,
    QUZHOU,
    WHAT_IF,
    XIAOSHAN,
    base,
    create,
)
from tests.test_api_coverage import planner as planner  # the fixture

QUJIANG, LONGYOU, JIANGSHAN = "330803", "330825", "330881"
SUICHANG, XIUZHOU, FUYANG, CHUNAN = "331123", "330411", "330111", "330127"
QUZHOU_COUNTIES = {KECHENG, QUJIANG, CHANGSHAN, KAIHUA, LONGYOU, JIANGSHAN}

SUGGEST = """
query($count: Int!, $level: BaseLevel! = COUNTY, $region: String, $series: String,
      $reach: CoverageReach = DISTANCE, $reachKm: ReachKmInput, $levels: [BaseLevel!],
      $weights: DemandWeightsInput) {
  coverageSuggest(count: $count, level: $level, regionCode: $region, seriesCode: $series,
                  reach: $reach, reachKm: $reachKm, baseLevels: $levels,
                  demandWeights: $weights) {
    proposals { county { code } series { code } level closesDemand reason
                closes { county { code } series { code } demand } }
    totalDemandClosed gapsBefore gapsAfter } }
"""
SUGGEST_COUNT_ONLY = """
query($count: Int!) { coverageSuggest(count: $count) { totalDemandClosed } }
"""


def covered(matrix: dict[str, Any], series: str) -> set[str]:
    return {
        r["county"]["code"]
        for r in matrix["rows"]
        for c in r["cells"]
        if c["seriesCode"] == series and c["covered"]
    }


async def province(gql: GraphQLClient, **variables: Any) -> dict[str, Any]:
    matrix: dict[str, Any] = (await gql(MATRIX, **variables))["coverageMatrix"]
    return matrix


async def test_distance_reach_of_each_level(planner: GraphQLClient) -> None:
    await create(planner, **base("C1", KAIHUA, ["06"], level="COUNTY"))
    await create(planner, **base("T1", KECHENG, ["16"], level="CITY"))
    await create(planner, **base("P1", XIAOSHAN, ["09"], level="PROVINCE"))
    await create(planner, **base("E1", CHANGSHAN, ["13"], kind="LEAD_ENTERPRISE", level=None))
    matrix = await province(planner)
    # county base, 30 km: 常山 (27.83) in, 柯城 (48.13) out
    assert covered(matrix, "06") == {KAIHUA, CHANGSHAN}
    # city base, 60 km: all of 衢州 (farthest 开化, 48.13) and 遂昌 in 丽水 (57.51)
    assert covered(matrix, "16") == QUZHOU_COUNTIES | {SUICHANG}
    # province base, 120 km: 富阳 (32.89) in; 淳安 (134.04) and 开化 (213.19) out
    reached = covered(matrix, "09")
    assert {XIAOSHAN, FUYANG} <= reached and not {CHUNAN, KAIHUA} & reached
    # no level: as a county base, 常山 → 开化 27.83 km, → 江山 21.45 km
    assert covered(matrix, "13") == {CHANGSHAN, KAIHUA, JIANGSHAN}

    # radii are the caller's: 20 km keeps 开化 alone, 50 km adds 柯城 (48.13) and 江山
    # (49.01) but not 衢江 (55.70)
    narrow = await province(planner, reachKm={"county": 20})
    assert covered(narrow, "06") == {KAIHUA}
    wide = await province(planner, reachKm={"county": 50})
    assert covered(wide, "06") == {KAIHUA, CHANGSHAN, KECHENG, JIANGSHAN}
    assert covered(wide, "16") == covered(matrix, "16")  # other levels keep their default


async def test_a_base_in_jiaxing_no_longer_covers_kaihua(planner: GraphQLClient) -> None:
    await create(planner, **base("P1", XIUZHOU, ["07"], level="PROVINCE"))
    by_rule = await planner(GAPS, region=KAIHUA, series="07", reach=ADMIN)
    assert by_rule["coverageGaps"]["totalCount"] == 0  # "covered" from 285.71 km away
    by_distance = (await planner(GAPS, region=KAIHUA, series="07"))["coverageGaps"]
    assert by_distance["totalCount"] == 1
    explicit_null = await planner(GAPS, region=KAIHUA, series="07", reach=None)
    assert explicit_null["coverageGaps"]["totalCount"] == 1  # null: the default, DISTANCE
    node = by_distance["edges"][0]["node"]
    assert (node["nearestBase"], node["nearestBaseKm"]) == ({"id": "P1"}, 285.7)


async def test_what_if_by_distance(planner: GraphQLClient) -> None:
    proposal = [{"regionCode": KAIHUA, "seriesCodes": ["06"], "level": "COUNTY"}]
    result = (await planner(WHAT_IF, additions=proposal, region=QUZHOU))["coverageWhatIf"]
    assert {(c["county"]["code"], c["series"]["code"]) for c in result["closed"]} == {
        (KAIHUA, "06"),
        (CHANGSHAN, "06"),
    }
    # 开化 × 06: its 专项 开化龙顶茶制作 (50) + 1; 常山 × 06: 1
    assert result["demandNewlyCovered"] == 52
    assert result["gapsBefore"] - result["gapsAfter"] == 2


async def test_suggest_places_greedily_and_agrees_with_what_if(planner: GraphQLClient) -> None:
    # 衢州 × 06 at 28 km (so 柯城–龙游, 29.99 km, is out): what each county base would close
    #   常山: 常山, 开化 (27.83), 江山 (21.45)  = 1 + 51 + 1 = 53
    #   开化: 开化, 常山                         = 52
    #   衢江: 衢江, 柯城 (8.64), 龙游 (21.38)    = 3
    #   柯城: 柯城, 衢江; 龙游: 龙游, 衢江; 江山: 江山, 常山 = 2 each
    # greedy: 常山 (53), then 衢江 (3): every gap closed, so a third is not proposed.
    km = {"county": 28}
    asked = {"region": QUZHOU, "series": "06", "reachKm": km}
    one = (await planner(SUGGEST, count=1, **asked))["coverageSuggest"]
    assert [(p["county"]["code"], p["closesDemand"]) for p in one["proposals"]] == [(CHANGSHAN, 53)]
    # exact for one: no single county base closes more (what-if for each in turn)
    for county in QUZHOU_COUNTIES:
        single = [{"regionCode": county, "seriesCodes": ["06"], "level": "COUNTY"}]
        what_if = await planner(WHAT_IF, additions=single, region=QUZHOU, reachKm=km)
        assert what_if["coverageWhatIf"]["demandNewlyCovered"] <= 53

    three = (await planner(SUGGEST, count=3, **asked))["coverageSuggest"]
    assert [p["county"]["code"] for p in three["proposals"]] == [CHANGSHAN, QUJIANG]
    assert {c["county"]["code"] for c in three["proposals"][1]["closes"]} == {
        QUJIANG,
        KECHENG,
        LONGYOU,
    }
    assert three["proposals"][0]["reason"].startswith("在常山县新设区县级蚕桑茶业基地")
    assert (three["totalDemandClosed"], three["gapsBefore"], three["gapsAfter"]) == (56, 6, 0)
    additions = [
        {"regionCode": p["county"]["code"], "seriesCodes": ["06"], "level": p["level"]}
        for p in three["proposals"]
    ]
    what_if = (await planner(WHAT_IF, additions=additions, region=QUZHOU, reachKm=km))[
        "coverageWhatIf"
    ]
    assert what_if["demandNewlyCovered"] == three["totalDemandClosed"]


async def test_suggest_across_the_province_with_bases_in_place(planner: GraphQLClient) -> None:
    await create(planner, **base("C1", KAIHUA, ["06", "07"]))
    await create(planner, **base("T1", KECHENG, ["10"], level="CITY"))
    for level in ("COUNTY", "CITY"):
        got = (await planner(SUGGEST, count=8, level=level))["coverageSuggest"]
        assert len(got["proposals"]) == 8
        gains = [p["closesDemand"] for p in got["proposals"]]
        assert gains == sorted(gains, reverse=True)  # each closes at most what the last did
        closed = [(c["county"]["code"], c["series"]["code"]) for p in got["proposals"]
                  for c in p["closes"]]  # fmt: skip
        assert len(closed) == len(set(closed))  # no gap closed twice
        assert got["gapsBefore"] - got["gapsAfter"] == len(closed)
        assert (KAIHUA, "06") not in closed  # already covered
        additions = [
            {"regionCode": p["county"]["code"], "seriesCodes": [p["series"]["code"]],
             "level": level} for p in got["proposals"]
        ]  # fmt: skip
        what_if = (await planner(WHAT_IF, additions=additions))["coverageWhatIf"]
        assert what_if["demandNewlyCovered"] == got["totalDemandClosed"]
        assert what_if["gapsAfter"] == got["gapsAfter"]


async def test_suggest_refuses_what_it_cannot_answer(planner: GraphQLClient) -> None:
    for variables, argument in (
        ({"count": 0}, "count"),
        ({"count": 101}, "count"),
        ({"count": 1, "level": "CITY", "levels": ["COUNTY"]}, "level"),  # would not count
        ({"count": 1, "reach": ADMIN, "reachKm": {"city": 50}}, "reachKm"),
        ({"count": 1, "reachKm": {"province": -5}}, "reachKm.province"),
        ({"count": 1, "weights": {"workers": 1e9}}, "demandWeights.workers"),
    ):
        # count 101 with `closes` selected is refused as too large before it is read
        document = SUGGEST if variables["count"] != 101 else SUGGEST_COUNT_ONLY
        body = await planner.raw(document, **variables)
        assert body["errors"][0]["extensions"]["argument"] == argument, variables
    error = (await planner.raw(SUGGEST, count=1, level="TOWN"))["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert "does not exist in 'BaseLevel' enum" in error["message"], error


async def test_demand_weights_are_the_callers(planner: GraphQLClient) -> None:
    asked = {"designation": "MOUNTAIN_26", "levels": ["COUNTY"], "first": 1}
    default = (await planner(GAPS, **asked))["coverageGaps"]["edges"][0]["node"]
    assert (default["county"]["code"], default["demand"]) == ("331181", 101.0)  # 龙泉 × 10
    weights = {"specialties": 10, "base": 3}
    weighed = (await planner(GAPS, weights=weights, **asked))["coverageGaps"]["edges"][0]["node"]
    assert (weighed["county"]["code"], weighed["demand"]) == ("331181", 2 * 10 + 3)
    factors = {f["name"]: (f["weight"], f["contribution"]) for f in weighed["demandFactors"]}
    assert factors["LOCAL_SPECIALTIES"] == (10, 20) and factors["BASELINE"] == (3, 3)
    assert factors["WORKERS"][0] == 1 and factors["LEAD_ENTERPRISES"][0] == 20  # defaults
    flat = {"workers": 0, "specialties": 0, "leadEnterprises": 0, "employment": 0, "base": 2}
    everything = (await planner(GAPS, weights=flat, designation="MOUNTAIN_26", first=100))[
        "coverageGaps"
    ]
    assert {e["node"]["demand"] for e in everything["edges"]} == {2.0}


async def test_mountain_tie_break_honours_the_designation_dates(planner: GraphQLClient) -> None:
    # 杭州 × 09 (no 专项 named after a place): every pair's demand is 1; 淳安 is the only
    # MOUNTAIN_26 county of 杭州, a designation valid 2021-01-01 to 2025-12-31
    async def first(as_of: str | None) -> str:
        gaps = (await planner(GAPS, region="330100", series="09", asOf=as_of))["coverageGaps"]
        assert {e["node"]["demand"] for e in gaps["edges"]} == {1.0}
        code: str = gaps["edges"][0]["node"]["county"]["code"]
        return code

    assert await first("2021-01-01") == CHUNAN
    assert await first("2025-12-31") == CHUNAN
    assert await first("2020-12-31") == "330102"  # not yet valid: by county code
    assert await first("2026-01-01") == "330102"  # no longer valid
    assert await first(None) == "330102"  # today, after 2025


async def test_career_bases_nearest_first(planner: GraphQLClient) -> None:
    for id_, county in (("A-FAR", XIAOSHAN), ("B-MID", KECHENG), ("C-NEAR", CHANGSHAN),
                        ("D-HOME", KAIHUA)):  # fmt: skip
        await create(planner, **base(id_, county, ["06"]))

    async def order(near: str | None) -> list[str]:
        # 园艺工 (OCC-0002, in series 06 among others), one step up
        data = await planner(
            """query($near: String) { careerPath(
                 from: {occupationId: "OCC-0002", level: JUNIOR},
                 to: {occupationId: "OCC-0002", level: INTERMEDIATE}, nearRegionCode: $near) {
               steps { trainingBases { id } } } }""",
            near=near,
        )
        (step,) = data["careerPath"]["steps"]
        return [b["id"] for b in step["trainingBases"]]

    # from 开化: itself 0, 常山 27.83, 柯城 48.13, 萧山 213.19
    assert await order(KAIHUA) == ["D-HOME", "C-NEAR", "B-MID", "A-FAR"]
    # from 衢州市's seat: 柯城 1.18, 常山 34.74, 开化 46.99, 萧山 191.49
    assert await order(QUZHOU) == ["B-MID", "C-NEAR", "D-HOME", "A-FAR"]
    assert await order(None) == ["A-FAR", "B-MID", "C-NEAR", "D-HOME"]  # by id
