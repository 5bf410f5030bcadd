"""Worker statistics and plan progress over HTTP, and credential codes end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import GraphQLClient
from tests.workers_data import CHEGONG, GOOD, SECRET, TODAY, XIGONG, row, write_csv
from zhepai.domain.talent.id_numbers import make
from zhepai.graph.maintenance import DROP_WORKERS
from zhepai.graph.store import GraphStore
from zhepai.loaders.region_stats_import import BadRegionStats, import_region_stats
from zhepai.loaders.workers_import import import_workers
from zhepai.web.roles import Role

STATS = """
query ($region: String!, $groupBy: [TalentGroupBy!], $industry: IndustryCode, $series: String) {
  talentStats(regionCode: $region, groupBy: $groupBy, industryCode: $industry,
              seriesCode: $series) {
    skilled highSkilled certificates suppressed
    groups { key label skilled highSkilled certificates suppressed }
  }
}
"""

PROGRESS = """
query ($region: String) {
  planProgress(regionCode: $region) {
    regionCode targets { code target actual ratio met note }
  }
}
"""

# 开化县 330824: 12 车工 (8 JUNIOR, 4 SENIOR); 常山县 330822: 6 铣工 技师
CROWD = [
    row(f"K-{i:03d}", make("330824", date(1980 + i, 1, 1 + i), i), f"工人{i}", CHEGONG,
        level="JUNIOR" if i < 8 else "SENIOR", issued_on="2023-03-01")
    for i in range(12)
] + [
    row(f"C-{i:03d}", make("330822", date(1970 + i, 2, 2), 100 + i), f"技师{i}", XIGONG,
        level="TECHNICIAN", region="330822", issued_on="2020-05-05")
    for i in range(6)
]  # fmt: skip


@pytest.fixture
async def workers(seeded_store: GraphStore, tmp_path: Path) -> AsyncIterator[GraphStore]:
    report = await import_workers(
        seeded_store, write_csv(tmp_path / "w.csv", GOOD + CROWD), SECRET, today=TODAY
    )
    assert report.rejected == 0
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


async def test_county_figures_by_level_with_small_cells_withheld(
    gql: GraphQLClient, workers: GraphStore
) -> None:
    data = await gql(STATS, region="330824", groupBy=["LEVEL"], series="16")

    stats = data["talentStats"]
    # 张三 (SENIOR) and the 12 workers; 李四's 专项 is series 01, not 16
    assert (stats["skilled"], stats["highSkilled"], stats["certificates"]) == (13, 5, 14)
    groups = {tuple(g["key"]): g for g in stats["groups"]}
    assert groups[("JUNIOR",)]["skilled"] == 8 and groups[("JUNIOR",)]["label"] == ["初级工"]
    assert groups[("JUNIOR",)]["certificates"] == 9  # 张三's JUNIOR certificate too
    # 5 SENIOR persons (4 + 张三): shown
    assert (groups[("SENIOR",)]["skilled"], groups[("SENIOR",)]["suppressed"]) == (5, False)


async def test_a_lone_small_cell_takes_the_next_smallest_with_it(
    gql: GraphQLClient, workers: GraphStore
) -> None:
    data = await gql(STATS, region="330800", groupBy=["COUNTY"])

    groups = {g["key"][0]: g for g in data["talentStats"]["groups"]}
    # 柯城区 330802 has one skilled person (赵六): withheld; 常山县 (6) is withheld with it,
    # or the city total minus 开化县 would give 柯城区 away
    assert groups["330802"]["skilled"] is None and groups["330802"]["suppressed"]
    assert groups["330822"]["skilled"] is None
    assert groups["330824"]["skilled"] == 14  # 12 + 张三 + 李四
    assert data["talentStats"]["skilled"] == 21


async def test_groups_by_city_industry_series(gql: GraphQLClient, workers: GraphStore) -> None:
    data = await gql(STATS, region="330000", groupBy=["CITY", "INDUSTRY"])

    keys = [tuple(g["key"]) for g in data["talentStats"]["groups"]]
    assert ("330800", "SECONDARY") in keys
    assert keys == sorted(keys)
    totals = sum(g["skilled"] or 0 for g in data["talentStats"]["groups"])
    assert totals <= data["talentStats"]["skilled"] == 22  # 4 hand-made + 18


@pytest.mark.parametrize(
    ("variables", "code", "argument"),
    [
        ({"region": "999999"}, "NOT_FOUND", "regionCode"),
        ({"region": "3308"}, "BAD_USER_INPUT", "regionCode"),
        ({"region": "330824", "groupBy": ["LEVEL", "LEVEL"]}, "BAD_USER_INPUT", "groupBy"),
        ({"region": "330824", "series": "99"}, "NOT_FOUND", "seriesCode"),
    ],
)
async def test_bad_arguments_are_named(
    gql: GraphQLClient, variables: dict[str, object], code: str, argument: str
) -> None:
    body = await gql.raw(STATS, **variables)
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == (code, argument)


@pytest.mark.parametrize(
    ("variables", "enum"),
    [
        ({"region": "330824", "groupBy": ["TOWN"]}, "TalentGroupBy"),
        ({"region": "330824", "industry": "QUATERNARY"}, "IndustryCode"),
    ],
)
async def test_codes_outside_the_enums_are_refused(
    gql: GraphQLClient, variables: dict[str, object], enum: str
) -> None:
    (error,) = (await gql.raw(STATS, **variables))["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert f"does not exist in '{enum}' enum" in error["message"]


async def test_plan_progress_for_the_province_and_a_county(
    gql: GraphQLClient, workers: GraphStore, tmp_path: Path
) -> None:
    province = {t["code"]: t for t in (await gql(PROGRESS))["planProgress"]["targets"]}
    assert province["SKILLED_WORKERS"]["actual"] == 22
    assert province["SKILLED_WORKERS"]["met"] is False
    assert province["SKILLED_WORKERS"]["ratio"] == pytest.approx(22 / 14_000_000)
    assert province["HIGH_SKILLED_WORKERS"]["actual"] == 4 + 6 + 2  # + 张三 and 王五
    assert province["HIGH_SKILLED_SHARE_OF_SKILLED"]["actual"] == pytest.approx(12 / 22)
    assert province["HIGH_SKILLED_SHARE_OF_SKILLED"]["met"] is True
    # became skilled in 2022–2025: the 12 (2023), 李四 (2022), 王五 (2024); the years of one
    # are small, so only a researcher sees the sum
    assert province["NEW_SKILLED_WORKERS"]["actual"] is None
    seen = (await gql.as_role(Role.RESEARCHER)(PROGRESS))["planProgress"]["targets"]
    assert {t["code"]: t for t in seen}["NEW_SKILLED_WORKERS"]["actual"] == 14
    employed = province["SKILLED_SHARE_OF_EMPLOYED"]
    assert employed["actual"] is None and "region-stats" in employed["note"]

    stats = tmp_path / "employed.csv"
    stats.write_text(
        "region_code,year,employed,source\n330824,2024,200,测试数据\n330000,2024,44,测试数据\n",
        encoding="utf-8",
    )
    await import_region_stats(workers, stats)
    county = await gql(PROGRESS, region="330824")
    targets = {t["code"]: t for t in county["planProgress"]["targets"]}
    assert targets["SKILLED_SHARE_OF_EMPLOYED"]["actual"] == pytest.approx(14 / 200)
    assert targets["SKILLED_SHARE_OF_EMPLOYED"]["met"] is False
    assert targets["SKILLED_WORKERS"]["met"] is None  # a province target, shown for scale
    assert "全省目标" in targets["SKILLED_WORKERS"]["note"]
    province = {t["code"]: t for t in (await gql(PROGRESS))["planProgress"]["targets"]}
    assert province["SKILLED_SHARE_OF_EMPLOYED"]["actual"] == pytest.approx(22 / 44)
    assert province["SKILLED_SHARE_OF_EMPLOYED"]["met"] is True


async def test_region_stats_refuse_a_bad_row_and_write_nothing(
    seeded_store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "employed.csv"
    path.write_text(
        "region_code,year,employed,source\n330824,2024,200,a\n330899,2024,5,b\n", encoding="utf-8"
    )
    with pytest.raises(BadRegionStats, match="line 3, column region_code"):
        await import_region_stats(seeded_store, path)
    from zhepai.graph.region_stats import RegionStatsRepository

    assert await RegionStatsRepository(seeded_store).all() == []
