"""Bases and coverage over HTTP, on hand-built base sets: reach, gaps, ranking, what-if, writes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import GraphQLClient, app_settings, token
from zhepai.graph.maintenance import DROP_AUDIT, DROP_BASES, DROP_BASES_VERSION
from zhepai.graph.store import GraphStore
from zhepai.server import create_app
from zhepai.web.roles import Role

KAIHUA, CHANGSHAN, KECHENG, QUZHOU = "330824", "330822", "330802", "330800"
CHUNAN, XIAOSHAN = "330127", "330109"  # 淳安县 (mountain county, 杭州), 萧山区 (杭州)

CREATE = """
mutation($input: BaseInput!) { createBase(input: $input) {
  base { id name kind level status region { code } series { code } }
  errors { field code message } } }
"""
UPDATE = """
mutation($id: ID!, $input: BaseInput!) { updateBase(id: $id, input: $input) {
  base { id capacity series { code } } errors { field code message } } }
"""
RETIRE = """
mutation($id: ID!) { retireBase(id: $id) { base { id status } errors { field code } } }
"""
GAPS = """
query($region: String, $designation: String, $series: String, $industry: IndustryCode,
      $levels: [BaseLevel!], $kinds: [BaseKind!], $first: Int, $reach: CoverageReach = DISTANCE,
      $reachKm: ReachKmInput, $weights: DemandWeightsInput, $asOf: Date) {
  coverageGaps(regionCode: $region, designation: $designation, seriesCode: $series,
               industryCode: $industry, baseLevels: $levels, baseKinds: $kinds, first: $first,
               reach: $reach, reachKm: $reachKm, demandWeights: $weights, asOf: $asOf) {
    totalCount
    edges { node { county { code name } series { code } demand rank
                   demandFactors { name value weight contribution }
                   nearestBase { id } nearestBaseKm } } } }
"""
MATRIX = """
query($region: String, $designation: String, $levels: [BaseLevel!], $kinds: [BaseKind!],
      $reach: CoverageReach = DISTANCE, $reachKm: ReachKmInput) {
  coverageMatrix(regionCode: $region, designation: $designation, baseLevels: $levels,
                 baseKinds: $kinds, reach: $reach, reachKm: $reachKm) {
    gapCount pairCount seriesCodes
    rows { county { code } gapCount cells { seriesCode covered baseCount demand } } } }
"""
WHAT_IF = """
query($additions: [ProposedBaseInput!]!, $region: String, $designation: String,
      $levels: [BaseLevel!], $reach: CoverageReach = DISTANCE, $reachKm: ReachKmInput,
      $weights: DemandWeightsInput) {
  coverageWhatIf(additions: $additions, regionCode: $region, designation: $designation,
                 baseLevels: $levels, reach: $reach, reachKm: $reachKm, demandWeights: $weights) {
    gapsBefore gapsAfter demandNewlyCovered closed { county { code } series { code } } } }
"""
ADMIN = "ADMINISTRATIVE"


def base(id_: str, region: str, series: list[str], kind: str = "TRAINING_BASE",
         level: str | None = "COUNTY", **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"id": id_, "name": f"基地 {id_}", "kind": kind, "level": level,
            "regionCode": region, "seriesCodes": series, "designatedYear": 2023,
            "capacity": 100, **extra}  # fmt: skip


@pytest.fixture
async def planner(seeded_store: GraphStore) -> AsyncIterator[GraphQLClient]:
    """The seeded store (each backend) with no bases, as a planner (subject ``planner-1``);
    whatever a test writes is removed."""

    async def clear() -> None:
        await seeded_store.write_all([(DROP_BASES, {}), (DROP_AUDIT, {}), (DROP_BASES_VERSION, {})])

    await clear()
    app = create_app(app_settings(), store=seeded_store)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://test"
            ) as http,
        ):
            yield GraphQLClient(http, token(Role.PLANNER, "planner-1"))
    finally:
        await clear()


async def create(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = (await gql(CREATE, input=fields))["createBase"]
    return payload


def pairs(gaps: dict[str, Any]) -> set[tuple[str, str]]:
    return {(e["node"]["county"]["code"], e["node"]["series"]["code"]) for e in gaps["edges"]}


async def test_no_bases_every_mountain_pair_is_a_gap(planner: GraphQLClient) -> None:
    gaps = (await planner(GAPS, designation="MOUNTAIN_26", first=5))["coverageGaps"]
    assert gaps["totalCount"] == 26 * 36 == 936
    matrix = (await planner(MATRIX, designation="MOUNTAIN_26"))["coverageMatrix"]
    assert (matrix["gapCount"], matrix["pairCount"]) == (936, 936)
    assert len(matrix["rows"]) == 26 and len(matrix["seriesCodes"]) == 36


async def test_administrative_reach_of_each_level(planner: GraphQLClient) -> None:
    assert (await create(planner, **base("C1", KAIHUA, ["06"], level="COUNTY")))["errors"] == []
    assert (await create(planner, **base("T1", KECHENG, ["16"], level="CITY")))["errors"] == []
    assert (await create(planner, **base("P1", XIAOSHAN, ["09"], level="PROVINCE")))["errors"] == []
    ent = base("E1", CHANGSHAN, ["13"], kind="LEAD_ENTERPRISE", level=None)
    assert (await create(planner, **ent))["errors"] == []

    def covered(matrix: dict[str, Any]) -> set[tuple[str, str]]:
        return {(r["county"]["code"], c["seriesCode"]) for r in matrix["rows"]
                for c in r["cells"] if c["covered"]}  # fmt: skip

    quzhou = (await planner(MATRIX, region=QUZHOU, reach=ADMIN))["coverageMatrix"]
    got = covered(quzhou)
    compact = await planner(
        "query($r: String) { coverageMatrix(regionCode: $r, reach: ADMINISTRATIVE) {"
        " rows { baseCounts demands } } }",
        r=QUZHOU,
    )
    assert [r["baseCounts"] for r in compact["coverageMatrix"]["rows"]] == [
        [c["baseCount"] for c in r["cells"]] for r in quzhou["rows"]
    ]
    assert (KAIHUA, "06") in got and (CHANGSHAN, "06") not in got  # county: itself only
    assert {(c, "16") for c in [r["county"]["code"] for r in quzhou["rows"]]} <= got  # city
    assert all((r["county"]["code"], "09") in got for r in quzhou["rows"])  # province
    assert (CHANGSHAN, "13") in got and (KAIHUA, "13") not in got  # enterprise: its county
    province = (await planner(MATRIX, reach=ADMIN))["coverageMatrix"]
    assert sum(1 for r in province["rows"] for c in r["cells"] if c["seriesCode"] == "09"
               and c["covered"]) == 90  # fmt: skip
    assert sum(1 for r in province["rows"] for c in r["cells"] if c["seriesCode"] == "16"
               and c["covered"]) == 6  # 衢州's six counties  # fmt: skip

    # only county-level training bases count: the strict sense
    strict = await planner(
        MATRIX, region=QUZHOU, levels=["COUNTY"], kinds=["TRAINING_BASE"], reach=ADMIN
    )
    assert covered(strict["coverageMatrix"]) == {(KAIHUA, "06")}


async def test_retired_bases_do_not_count_and_history_stays(planner: GraphQLClient) -> None:
    await create(planner, **base("C1", KAIHUA, ["06"]))
    before = (await planner(GAPS, region=KAIHUA, series="06"))["coverageGaps"]["totalCount"]
    retired = (await planner(RETIRE, id="C1"))["retireBase"]
    assert retired == {"base": {"id": "C1", "status": "RETIRED"}, "errors": []}
    after = (await planner(GAPS, region=KAIHUA, series="06"))["coverageGaps"]["totalCount"]
    assert (before, after) == (0, 1)
    again = (await planner(RETIRE, id="C1"))["retireBase"]
    assert again["errors"] == [{"field": "id", "code": "ALREADY_RETIRED"}]
    audit = (await planner('{ baseAudit(id: "C1") { action actor at } }'))["baseAudit"]
    assert [a["action"] for a in audit] == ["RETIRE", "CREATE"]
    assert all(a["actor"] == "planner-1" and a["at"] for a in audit)  # the token's subject
    listed = await planner("{ bases(status: RETIRED) { totalCount edges { node { id } } } }")
    assert listed["bases"]["totalCount"] == 1


async def test_gaps_rank_by_explained_demand(planner: GraphQLClient) -> None:
    # local 专项 weigh 50 each: 龙泉市 has two (青瓷 拉坯, 刻花 in 10 工艺美术), ten mountain
    # pairs have one; an enterprise in 开化 for series 16 adds 20; every pair has 1.
    await create(planner, **base("E1", KAIHUA, ["16"], kind="LEAD_ENTERPRISE", level=None))
    gaps = (await planner(GAPS, designation="MOUNTAIN_26", levels=["COUNTY"], first=15))[
        "coverageGaps"
    ]
    top = [(e["node"]["county"]["code"], e["node"]["series"]["code"]) for e in gaps["edges"]]
    demands = [e["node"]["demand"] for e in gaps["edges"]]
    assert top[0] == ("331181", "10") and demands[0] == 101.0
    assert demands[1:11] == [51.0] * 10
    assert top[1:11] == sorted(top[1:11])  # ties: by county, then series code
    assert {(KAIHUA, "02"), (KAIHUA, "06"), (KAIHUA, "33")} <= set(top[1:11])
    assert (top[11], demands[11]) == ((KAIHUA, "16"), 21.0)
    assert demands[12] == 1.0
    first = gaps["edges"][0]["node"]
    factors = {f["name"]: f for f in first["demandFactors"]}
    assert factors["LOCAL_SPECIALTIES"]["value"] == 2 and factors["WORKERS"]["value"] == 0
    assert sum(f["contribution"] for f in first["demandFactors"]) == first["demand"]
    assert [e["node"]["rank"] for e in gaps["edges"]] == list(range(1, 16))
    assert gaps["totalCount"] == 936  # the enterprise does not count as a county base


async def test_nearest_base_by_distance(planner: GraphQLClient) -> None:
    # Great-circle km by the haversine, R = 6371.0088 km, seats from seeds/region_seats.yaml:
    # d = 2R·asin(√(sin²(Δφ/2) + cos φ1·cos φ2·sin²(Δλ/2))).
    # 开化 (29.137336, 118.415495) → 常山 (28.901462, 118.511235): Δφ = −0.235874°,
    #   Δλ = 0.095740°, cos φ1·cos φ2 = 0.76467, a = 4.7707e-6, d = 27.83 km.
    # 开化 → 萧山 (30.183806, 120.264253): Δφ = 1.046470°, Δλ = 1.848758°, a = 2.7990e-4,
    #   d = 213.19 km.
    # 淳安 (29.608886, 119.042037) → 常山: Δφ = −0.707424°, Δλ = −0.530802°, a = 5.4442e-5,
    #   d = 94.02 km; 淳安 → 萧山: Δφ = 0.574920°, Δλ = 1.222216°, a = 1.1066e-4, d = 134.04 km.
    await create(planner, **base("FAR", XIAOSHAN, ["06"]))
    await create(planner, **base("NEAR", CHANGSHAN, ["06"]))
    # (administrative reach keeps both pairs gaps; nearest does not depend on reach)
    gap = (await planner(GAPS, region=KAIHUA, series="06", reach=ADMIN))["coverageGaps"]
    gap = gap["edges"][0]["node"]
    assert (gap["nearestBase"], gap["nearestBaseKm"]) == ({"id": "NEAR"}, 27.8)
    gap = (await planner(GAPS, region=CHUNAN, series="06", reach=ADMIN))["coverageGaps"]
    gap = gap["edges"][0]["node"]
    # 萧山 is in 淳安's city, 常山 is not, and 常山 is 40 km nearer: distance decides
    assert (gap["nearestBase"], gap["nearestBaseKm"]) == ({"id": "NEAR"}, 94.0)
    # a base in the county itself is 0 km away (a gap for county bases only, so it shows)
    await create(planner, **base("HOME", KAIHUA, ["06"], kind="LEAD_ENTERPRISE", level=None))
    gap = (
        await planner(GAPS, region=KAIHUA, series="06", kinds=["TRAINING_BASE"], levels=["CITY"])
    )["coverageGaps"]["edges"][0]["node"]
    assert (gap["nearestBase"], gap["nearestBaseKm"]) == ({"id": "HOME"}, 0.0)
    missing = (await planner(GAPS, region=KAIHUA, series="07"))["coverageGaps"]["edges"][0]
    assert (missing["node"]["nearestBase"], missing["node"]["nearestBaseKm"]) == (None, None)


async def test_what_if(planner: GraphQLClient) -> None:
    proposal = [{"regionCode": KAIHUA, "seriesCodes": ["06", "02"], "level": "CITY"}]
    result = (await planner(WHAT_IF, additions=proposal, designation="MOUNTAIN_26", reach=ADMIN))[
        "coverageWhatIf"
    ]
    # a city base in 开化 reaches 衢州's mountain counties: 柯城, 衢江, 常山, 开化, 龙游, 江山
    quzhou_mountain = 6
    assert result["gapsBefore"] == 936
    assert result["gapsAfter"] == 936 - 2 * quzhou_mountain
    assert len(result["closed"]) == 2 * quzhou_mountain
    assert result["demandNewlyCovered"] == 2 * quzhou_mountain + 2 * 50  # 开化's two 专项
    nothing = (await planner(GAPS, designation="MOUNTAIN_26"))["coverageGaps"]["totalCount"]
    assert nothing == 936  # a what-if writes nothing


async def test_write_errors_name_the_field(planner: GraphQLClient) -> None:
    cases = [
        (base("X1", QUZHOU, ["06"]), "regionCode", "NOT_FOUND"),  # a city, not a county
        (base("X2", KAIHUA, ["99"]), "seriesCodes", "NOT_FOUND"),
        (base("X3", KAIHUA, ["06"], level=None), "level", "INVALID"),
        (base("X4", KAIHUA, ["06"], kind="LEAD_ENTERPRISE", level="CITY"), "level", "INVALID"),
        (base("bad id!", KAIHUA, ["06"]), "id", "INVALID"),
        (base("X5", KAIHUA, ["06"], designatedYear=2999), "designatedYear", "INVALID"),
    ]
    for fields, field, code in cases:
        payload = await create(planner, **fields)
        assert payload["base"] is None
        assert (payload["errors"][0]["field"], payload["errors"][0]["code"]) == (field, code), (
            payload
        )
    await create(planner, **base("OK", KAIHUA, ["06"]))
    dup = await create(planner, **base("OK", KAIHUA, ["06"]))
    assert dup["errors"][0]["code"] == "DUPLICATE"
    moved = await planner(UPDATE, id="OK", input=base("OK", KAIHUA, ["06", "02"], capacity=7))
    assert moved["updateBase"]["base"]["capacity"] == 7
    missing = await planner(UPDATE, id="NOPE", input=base("NOPE", KAIHUA, ["06"]))
    assert missing["updateBase"]["errors"][0]["code"] == "NOT_FOUND"


async def test_bad_coverage_arguments(planner: GraphQLClient) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"designation": "MOUNTAIN_99"}, "designation"),
        ({"region": "339900"}, "regionCode"),
    ]
    for variables, argument in cases:
        body = await planner.raw(GAPS, **variables)
        assert body["errors"][0]["extensions"]["argument"] == argument
    # codes outside the enums are refused before anything runs, naming the enum
    for variables, enum in (
        ({"levels": ["STATE"]}, "BaseLevel"),
        ({"kinds": ["SCHOOL"]}, "BaseKind"),
    ):
        error = (await planner.raw(GAPS, **variables))["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert f"does not exist in '{enum}' enum" in error["message"], error


async def test_csv_exports(planner: GraphQLClient) -> None:
    await create(planner, **base("C1", KAIHUA, ["06"]))
    gaps = await planner.http.get(
        "/export/coverage.csv", params={"view": "gaps", "designation": "MOUNTAIN_26"}
    )
    assert gaps.status_code == 200
    assert gaps.headers["content-type"].startswith("text/csv")
    lines = gaps.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("rank,county_code,county_name,series_code,series_name,demand")
    # by distance the county base covers 开化 × 06 and 常山 × 06 (27.83 km ≤ 30, see
    # test_nearest_base_by_distance); administratively 开化 only
    assert len(lines) == 1 + 936 - 2
    assert lines[0].endswith(",nearest_base_id,nearest_base_km")
    assert lines[1].split(",")[:4] == ["1", "331181", "龙泉市", "10"]
    # 柯城 (28.96862, 118.871516) → 开化: Δφ = 0.168716°, Δλ = −0.456021°, a = 1.4270e-5,
    # d = 48.13 km
    kecheng = next(r for r in lines if f",{KECHENG},柯城区,06," in r).split(",")
    assert kecheng[-2:] == ["C1", "48.1"]
    admin = await planner.http.get(
        "/export/coverage.csv",
        params={"view": "gaps", "designation": "MOUNTAIN_26", "reach": ADMIN},
    )
    assert len(admin.text.splitlines()) == 1 + 936 - 1
    for params, wrong in (
        ({"reach": ADMIN, "reachKm": "county:40"}, "reachKm"),
        ({"reachKm": "county:-1"}, "reachKm"),
        ({"reachKm": "town:5"}, "reachKm"),
        ({"reach": "ROAD"}, "reach"),
        ({"demandWeights": "workers:x"}, "demandWeights"),
        ({"asOf": "2025-13-01"}, "month"),
    ):
        refused = await planner.http.get("/export/coverage.csv", params=params)
        assert refused.status_code == 400 and wrong in refused.json()["error"], params
    matrix = await planner.http.get(
        "/export/coverage.csv", params={"view": "matrix", "regionCode": QUZHOU}
    )
    rows = matrix.text.lstrip("\ufeff").splitlines()
    assert len(rows) == 1 + 6 and len(rows[0].split(",")) == 3 + 36
    kaihua = next(r for r in rows if r.startswith(KAIHUA)).split(",")
    assert kaihua[3 + 5] == "1"  # series 06 is the sixth column
    bad = await planner.http.get("/export/coverage.csv", params={"baseKinds": "SCHOOL"})
    assert bad.status_code == 400 and bad.json()["code"] == "BAD_USER_INPUT"


async def test_listing_bases_when_there_are_none(planner: GraphQLClient) -> None:
    empty = await planner("{ bases { totalCount edges { node { id } } } }")
    assert empty["bases"] == {"totalCount": 0, "edges": []}


async def test_answers_kept_with_the_model_follow_a_new_base(planner: GraphQLClient) -> None:
    # given a suggestion, a page of gaps and the matrix of one series in a county, asked twice
    # (the second answer is the one kept with the coverage model)
    query = """
    query($region: String!) {
      coverageSuggest(count: 1, regionCode: $region, seriesCode: "06") {
        gapsBefore gapsAfter proposals { county { code } closes { county { code } } } }
      coverageGaps(regionCode: $region, seriesCode: "06") { totalCount }
      coverageMatrix(regionCode: $region) { gapCount } }
    """
    first = await planner(query, region=KAIHUA)
    assert await planner(query, region=KAIHUA) == first
    assert first["coverageSuggest"]["gapsBefore"] == first["coverageGaps"]["totalCount"] == 1
    # when a base is put where it was suggested, then each answer is worked out again
    await create(planner, **base("K1", KAIHUA, ["06"]))
    after = await planner(query, region=KAIHUA)
    assert after["coverageSuggest"] == {"gapsBefore": 0, "gapsAfter": 0, "proposals": []}
    assert after["coverageGaps"]["totalCount"] == 0
    assert after["coverageMatrix"]["gapCount"] == first["coverageMatrix"]["gapCount"] - 1
