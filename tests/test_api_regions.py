"""Regions, designations, the ladder, the plan and data-quality findings over HTTP."""

from __future__ import annotations

from tests.conftest import GraphQLClient

REGIONS = """
query($level: RegionLevel, $parent: String, $designation: String, $asOf: Date) {
  regions(level: $level, parentCode: $parent, designation: $designation, asOf: $asOf) {
    code name level designations parent { code } } }
"""

REGION = """
query($code: String!) { region(code: $code) {
  code name level designations parent { code name parent { code } }
  children { code name level } } }
"""


async def test_one_province_eleven_cities_ninety_counties(gql: GraphQLClient) -> None:
    counts = {}
    for level in ("PROVINCE", "CITY", "COUNTY"):
        counts[level] = len((await gql(REGIONS, level=level))["regions"])
    assert counts == {"PROVINCE": 1, "CITY": 11, "COUNTY": 90}
    assert len((await gql(REGIONS))["regions"]) == 102


async def test_the_26_mountain_counties(gql: GraphQLClient) -> None:
    regions = (await gql(REGIONS, designation="MOUNTAIN_26"))["regions"]
    assert len(regions) == 26
    assert {r["level"] for r in regions} == {"COUNTY"}
    names = {r["name"] for r in regions}
    assert {"开化县", "淳安县", "平阳县", "莲都区"} <= names
    assert all("MOUNTAIN_26" in r["designations"] for r in regions)


async def test_designations_have_validity_periods(gql: GraphQLClient) -> None:
    in_2023 = (await gql(REGIONS, designation="MOUNTAIN_26", asOf="2023-06-01"))["regions"]
    assert len(in_2023) == 26
    after_revision = await gql(REGIONS, designation="MOUNTAIN_ISLAND_25", asOf="2026-01-01")
    names = {r["name"] for r in after_revision["regions"]}
    assert len(names) == 25 and "嵊泗县" in names and "平阳县" not in names
    expired = await gql(REGIONS, designation="MOUNTAIN_26", asOf="2026-01-01")
    assert expired["regions"] == []
    before = await gql(REGIONS, designation="MOUNTAIN_ISLAND_25", asOf="2023-01-01")
    assert before["regions"] == []
    listed = (await gql("{ designations { code validFrom validTo memberCount } }"))["designations"]
    assert [(d["code"], d["memberCount"]) for d in listed] == [
        ("MOUNTAIN_26", 26),
        ("MOUNTAIN_ISLAND_25", 25),
    ]


async def test_every_region_has_its_seat(gql: GraphQLClient) -> None:
    query = "{ regions { code name latitude longitude } }"
    seats = {r["code"]: (r["latitude"], r["longitude"]) for r in (await gql(query))["regions"]}
    assert len(seats) == 102
    assert all(27.0 < lat < 31.5 and 118.0 < lon < 123.2 for lat, lon in seats.values())
    assert seats["330824"] == (29.137336, 118.415495)  # 开化县, cpca adcodes.csv line 1337
    assert seats["330000"] == (30.266597, 120.152585)  # 浙江省, line 860
    # renamed: 临安区 has cpca's point for 临安市 (330185), line 921
    assert seats["330112"] == (30.233873, 119.724734)
    # new in 2021: 临平区 is seated where the old 余杭区 was (cpca's 330110 point, line 110)
    assert seats["330113"] == (30.419045, 120.299401)
    assert seats["330110"] != seats["330113"]  # 余杭区 moved to 仓前
    one = await gql('{ region(code: "330383") { name latitude longitude } }')
    assert one["region"] == {"name": "龙港市", "latitude": 27.58194, "longitude": 120.54889}


async def test_counties_of_a_city(gql: GraphQLClient) -> None:
    quzhou = (await gql(REGIONS, parent="330800"))["regions"]
    assert {r["name"] for r in quzhou} == {
        "柯城区",
        "衢江区",
        "常山县",
        "开化县",
        "龙游县",
        "江山市",
    }
    assert {r["parent"]["code"] for r in quzhou} == {"330800"}


async def test_region_with_parent_children_and_designations(gql: GraphQLClient) -> None:
    kaihua = (await gql(REGION, code="330824"))["region"]
    assert kaihua["name"] == "开化县" and kaihua["level"] == "COUNTY"
    assert kaihua["parent"] == {"code": "330800", "name": "衢州市", "parent": {"code": "330000"}}
    assert kaihua["designations"] == ["MOUNTAIN_26", "MOUNTAIN_ISLAND_25"]
    assert kaihua["children"] == []
    province = (await gql(REGION, code="330000"))["region"]
    assert province["parent"] is None and len(province["children"]) == 11
    assert (await gql(REGION, code="330999"))["region"] is None


async def test_eight_levels(gql: GraphQLClient) -> None:
    levels = (await gql("{ skillLevels { code rank name nationalGrade } }"))["skillLevels"]
    assert [lv["code"] for lv in levels] == [
        "APPRENTICE",
        "JUNIOR",
        "INTERMEDIATE",
        "SENIOR",
        "TECHNICIAN",
        "SENIOR_TECHNICIAN",
        "PRINCIPAL_TECHNICIAN",
        "CHIEF_TECHNICIAN",
    ]
    assert [lv["rank"] for lv in levels] == list(range(1, 9))
    assert levels[0]["name"] == "学徒工" and levels[-1]["name"] == "首席技师"
    assert [lv["nationalGrade"] for lv in levels] == [
        None,
        "五级",
        "四级",
        "三级",
        "二级",
        "一级",
        None,
        None,
    ]
    kinds = (await gql("{ evaluationKinds { code name } }"))["evaluationKinds"]
    assert [k["code"] for k in kinds] == ["QUALIFICATION", "SKILL_LEVEL", "SPECIAL_ABILITY"]


async def test_data_quality_lists_every_mismatch(gql: GraphQLClient) -> None:
    findings = (await gql("{ dataQuality { kind subject declared actual message } }"))[
        "dataQuality"
    ]
    counts = {(f["kind"], f["subject"]): (f["declared"], f["actual"]) for f in findings}
    assert counts[("SERIES_SPECIALTY_COUNT", "系列 02 菌菇药材")] == (4, 3)
    assert counts[("SERIES_SPECIALTY_COUNT", "系列 12 生物医药")] == (0, 1)
    assert counts[("SERIES_OCCUPATION_COUNT", "系列 18 建筑施工")] == (36, 37)
    # counted per series, as the directory and the industry findings count
    assert counts[("CATALOGUE_OCCUPATION_COUNT", "全目录")] == (900, 901)
    assert counts[("INDUSTRY_SPECIALTY_COUNT", "第一产业")] == (17, 16)
    assert counts[("INDUSTRY_OCCUPATION_COUNT", "第二产业")] == (585, 586)
    assert counts[("INDUSTRY_SPECIALTY_COUNT", "第二产业")] == (57, 58)
    assert not any(k[1].startswith("第三产业") for k in counts)
    assert any(f["kind"] == "SEPARATOR_IRREGULARITY" for f in findings)
    assert all(f["message"] for f in findings)


async def test_plan_targets_training_plans_and_measures(gql: GraphQLClient) -> None:
    plan = (
        await gql("""{ plan {
        targets { code value unit quote }
        trainingPlans { code name industry { code } }
        measures { code part title departments } } }""")
    )["plan"]
    targets = {t["code"]: t for t in plan["targets"]}
    assert targets["SKILLED_WORKERS"]["value"] == 14_000_000
    assert targets["HIGH_SKILLED_WORKERS"]["value"] == 5_000_000
    assert targets["SKILLED_SHARE_OF_EMPLOYED"]["value"] == 0.35
    assert targets["COUNTY_TRAINING_BASES"]["value"] == 200
    assert {p["name"]: p["industry"]["code"] for p in plan["trainingPlans"]} == {
        "金穗": "PRIMARY",
        "金钥": "SECONDARY",
        "金服": "TERTIARY",
    }
    assert len(plan["measures"]) == 11
    assert plan["measures"][0]["departments"][0] == "省人力社保厅"
