"""Statistics over time: talentTrend, talentStats asOf and the counters behind them, pinned
on hand-made certificates with dates (issued on the first and last day of a year, moved
between counties, revoked on the first and last day of one)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GraphQLClient, token
from tests.workers_data import CHEGONG, GANJU, SECRET, TODAY, row, write_csv
from zhepai.domain.talent.id_numbers import make, person_key
from zhepai.domain.talent.rebuild import rebuild, recount
from zhepai.domain.talent.writer import CertificateWriter, flow_rows, revocation
from zhepai.graph.maintenance import DROP_WORKERS
from zhepai.graph.store import GraphStore
from zhepai.graph.talent import TalentRepository
from zhepai.graph.workers import WorkerRepository
from zhepai.loaders.workers_import import import_workers
from zhepai.web.roles import Role

# 衢州市 330800: 开化县 330824, 柯城区 330802
A = make("330824", date(1990, 1, 1), 11)
B = make("330824", date(1990, 1, 2), 12)
C = make("330824", date(1990, 1, 3), 13)
D = make("330824", date(1990, 1, 4), 14)
E = make("330802", date(1990, 1, 5), 15)
F = make("330824", date(1990, 1, 6), 16)
G = make("330824", date(1990, 1, 7), 17)
ROWS = [
    # A: skilled from the last day of 2019
    row("T-A1", A, "甲", CHEGONG, level="JUNIOR", issued_on="2019-12-31"),
    # B: skilled and high-skilled from the first day of 2020
    row("T-B1", B, "乙", CHEGONG, level="SENIOR", issued_on="2020-01-01"),
    # C: skilled in 开化县 from 2019, counted in 柯城区 from 2021 (a higher level issued there)
    row("T-C1", C, "丙", CHEGONG, level="JUNIOR", issued_on="2019-06-01"),
    row("T-C2", C, "丙", CHEGONG, level="INTERMEDIATE", issued_on="2021-03-01", region="330802"),
    # D: a 技师 from 2018, revoked on the last day of 2021
    row("T-D1", D, "丁", CHEGONG, level="TECHNICIAN", issued_on="2018-05-05"),
    # E: skilled from 2020, revoked on the first day of 2022
    row("T-E1", E, "戊", CHEGONG, level="JUNIOR", issued_on="2020-07-01", region="330802"),
    # F: an apprentice (a certificate, not a skilled worker)
    row("T-F1", F, "己", CHEGONG, level="APPRENTICE", issued_on="2020-03-03"),
    # G: a 专项 on the last day of 2021
    row("T-G1", G, "庚", specialty=GANJU, evaluation="SPECIAL_ABILITY", issued_on="2021-12-31"),
]  # fmt: skip
REVOKED = {"T-D1": date(2021, 12, 31), "T-E1": date(2022, 1, 1)}
HOLDERS = {"T-D1": D, "T-E1": E}

TREND = """
query ($region: String!, $from: Int!, $to: Int!, $groupBy: [TalentGroupBy!]) {
  talentTrend(regionCode: $region, fromYear: $from, toYear: $to, groupBy: $groupBy) {
    year skilled highSkilled newSkilled newHighSkilled certificatesIssued suppressed
    groups { key label skilled highSkilled suppressed }
  }
}
"""

STATS = """
query ($region: String!, $asOf: Date) {
  talentStats(regionCode: $region, asOf: $asOf, groupBy: [COUNTY]) {
    skilled highSkilled certificates groups { key skilled highSkilled }
  }
}
"""

# per year: skilled, high-skilled, new skilled, new high-skilled, certificates issued
EXPECTED = {
    2018: (1, 1, 1, 1, 1),  # D
    2019: (3, 1, 2, 0, 2),  # D; A (31 Dec), C
    2020: (5, 2, 2, 1, 3),  # + B (1 Jan), E; F's apprentice certificate
    2021: (5, 1, 1, 0, 2),  # D revoked on 31 Dec; + G (31 Dec); C's second certificate
    2022: (4, 1, 0, 0, 0),  # E revoked on 1 Jan
}
BY_COUNTY = {  # year-end skilled (high-skilled) per county
    2019: {"330824": (3, 1)},
    2020: {"330824": (4, 2), "330802": (1, 0)},
    2021: {"330824": (3, 1), "330802": (2, 0)},
    2022: {"330824": (3, 1), "330802": (1, 0)},
}


@pytest.fixture
async def dated(seeded_store: GraphStore, tmp_path: Path) -> AsyncIterator[GraphStore]:
    report = await import_workers(
        seeded_store, write_csv(tmp_path / "dated.csv", ROWS), SECRET, today=TODAY
    )
    assert report.rejected == 0
    repo = WorkerRepository(seeded_store)
    for no, day in REVOKED.items():
        person = await repo.person(person_key(HOLDERS[no], SECRET))
        assert person is not None
        (certificate,) = person.certificates
        await CertificateWriter(repo).write(
            [revocation(person, certificate, on=day)], "test", "REVOKE", no
        )
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


async def test_a_trend_counts_each_year_as_the_definitions_say(
    gql: GraphQLClient, dated: GraphStore
) -> None:
    # when a researcher asks for 衢州's trend by county
    points = (await gql.as_role(Role.RESEARCHER)(
        TREND, region="330800", **{"from": 2018, "to": 2022}, groupBy=["COUNTY"]
    ))["talentTrend"]  # fmt: skip
    # then each year's end and flows are as the certificates say
    got = {
        p["year"]: (p["skilled"], p["highSkilled"], p["newSkilled"], p["newHighSkilled"],
                    p["certificatesIssued"])
        for p in points
    }  # fmt: skip
    assert got == EXPECTED
    for p in points:
        groups = {g["key"][0]: (g["skilled"], g["highSkilled"]) for g in p["groups"]}
        assert groups == BY_COUNTY.get(p["year"], {"330824": (1, 1)})
        assert not p["suppressed"]
    assert points[0]["groups"][0]["label"] == ["开化县"]


async def test_stats_as_of_a_year_end_equal_the_trend_and_today_the_current(
    gql: GraphQLClient, dated: GraphStore
) -> None:
    researcher = gql.as_role(Role.RESEARCHER)
    for year, (skilled, high, *_) in EXPECTED.items():
        stats = (await researcher(STATS, region="330800", asOf=f"{year}-12-31"))["talentStats"]
        assert (stats["skilled"], stats["highSkilled"]) == (skilled, high)
    # certificates in force at the end of 2021: all but D's (revoked on 31 Dec) and T-C2's
    # predecessor is still in force: A, B, C1, C2, E, F, G
    end_2021 = (await researcher(STATS, region="330800", asOf="2021-12-31"))["talentStats"]
    assert end_2021["certificates"] == 7
    # before any certificate: nothing
    assert (await researcher(STATS, region="330800", asOf="2017-12-31"))["talentStats"][
        "skilled"
    ] == 0
    today = (await researcher(STATS, region="330800"))["talentStats"]
    assert today == (await researcher(STATS, region="330800", asOf="2999-01-01"))["talentStats"]
    assert (today["skilled"], today["highSkilled"], today["certificates"]) == (4, 1, 6)


@pytest.mark.parametrize(
    ("query", "variables", "argument"),
    [
        (TREND, {"region": "330800", "from": 1900, "to": 2020}, "fromYear"),
        (TREND, {"region": "330800", "from": 2020, "to": 2019}, "toYear"),
        (TREND, {"region": "330800", "from": 1990, "to": 2040}, "toYear"),
    ],
)
async def test_bad_dates_and_years_are_named(
    gql: GraphQLClient, query: str, variables: dict[str, Any], argument: str
) -> None:
    (error,) = (await gql.raw(query, **variables))["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument


async def test_small_cells_are_withheld_from_the_public(
    gql: GraphQLClient, dated: GraphStore
) -> None:
    points = (await gql(
        TREND, region="330800", **{"from": 2018, "to": 2022}, groupBy=["COUNTY"]
    ))["talentTrend"]  # fmt: skip
    shown = {p["year"]: p["skilled"] for p in points}
    # 1, 3 and 4 are small; 5 at the ends of 2020 and 2021 (no change between them) is not
    assert shown == {2018: None, 2019: None, 2020: 5, 2021: 5, 2022: None}
    for p in points:
        assert p["newSkilled"] is None or p["newSkilled"] == 0
        assert all(g["skilled"] is None for g in p["groups"])
        assert p["suppressed"]


async def test_the_counters_equal_a_recount_after_dated_revocations(dated: GraphStore) -> None:
    talent = TalentRepository(dated)
    counted, persons = await recount(dated)
    assert persons == 7
    stored = sorted(
        (f.county, f.series, f.level, f.year, f.persons, f.certificates, f.issued, f.entered,
         f.entered_high)
        for f in await talent.flows()
    )  # fmt: skip
    want = sorted(
        (county, series, level, int(year), r["persons"], r["certificates"], r["issued"],
         r["entered"], r.get("enteredHigh", 0))
        for r in flow_rows(counted)
        for county, series, level, year in [str(r["key"]).split("|")]
    )  # fmt: skip
    assert stored == want
    # and the rebuild writes the same
    await rebuild(dated)
    assert sorted(
        (f.county, f.series, f.level, f.year, f.persons, f.certificates, f.issued, f.entered,
         f.entered_high)
        for f in await talent.flows()
    ) == want  # fmt: skip


async def test_a_revocation_keeps_its_day(gql: GraphQLClient, dated: GraphStore) -> None:
    record = await WorkerRepository(dated).certificates(["T-D1", "T-A1"])
    assert (record["T-D1"].status, record["T-D1"].revoked_on) == ("REVOKED", "2021-12-31")
    assert record["T-A1"].revoked_on is None


async def test_the_trend_exports_as_csv_with_small_cells_for_researchers_only(
    gql: GraphQLClient, dated: GraphStore
) -> None:
    params = {"regionCode": "330800", "fromYear": "2019", "toYear": "2021", "groupBy": "COUNTY"}
    researcher = {"authorization": f"Bearer {token(Role.RESEARCHER)}"}
    response = await gql.http.get("/export/talent.csv", params=params, headers=researcher)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.removeprefix("\ufeff").splitlines()
    assert lines[0] == (
        "year,group_key,group_label,skilled,high_skilled,new_skilled,new_high_skilled,"
        "certificates_issued"
    )
    assert lines[1:4] == [
        "2019,,合计,3,1,2,0,2",
        "2019,330824,开化县,3,1,,,",
        "2020,,合计,5,2,2,1,3",
    ]
    public = (await gql.http.get("/export/talent.csv", params=params)).text.splitlines()
    assert public[1] == "2019,,合计,,,,0,"  # all withheld but the 0
    for wrong, argument in (
        ({"fromYear": "x"}, "fromYear"),
        ({"groupBy": "TOWN"}, "groupBy"),
        ({"seriesCode": "99"}, "seriesCode"),
        ({"regionCode": "339999"}, "regionCode"),
    ):
        refused = await gql.http.get(
            "/export/talent.csv", params={**params, **wrong}, headers=researcher
        )
        assert refused.status_code == 400
        assert refused.json()["argument"] == argument


def test_the_trend_writes_parquet_for_pandas_and_r(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from zhepai.domain.talent.export import COLUMNS, write_parquet
    from zhepai.domain.talent.trend import TrendGroup, TrendPoint

    points = [
        TrendPoint(2024, 120, None, 7, 0, 30, (TrendGroup(("330824",), ("开化县",), 100, 9),)),
        TrendPoint(2025, 130, 12, None, 0, 31, ()),
    ]
    table = pq.read_table(write_parquet(points, tmp_path / "t.parquet"))
    assert table.column_names == list(COLUMNS)
    assert table.to_pylist() == [
        {"year": 2024, "group_key": "", "group_label": "合计", "skilled": 120,
         "high_skilled": None, "new_skilled": 7, "new_high_skilled": 0, "certificates_issued": 30},
        {"year": 2024, "group_key": "330824", "group_label": "开化县", "skilled": 100,
         "high_skilled": 9, "new_skilled": None, "new_high_skilled": None,
         "certificates_issued": None},
        {"year": 2025, "group_key": "", "group_label": "合计", "skilled": 130,
         "high_skilled": 12, "new_skilled": None, "new_high_skilled": 0,
         "certificates_issued": 31},
    ]  # fmt: skip


PROGRESS = """
{ planProgress { targets { code actual projected onTrack projectionMethod note } } }
"""


async def test_plan_progress_projects_from_the_yearly_counters(
    gql: GraphQLClient, dated: GraphStore
) -> None:
    researcher = gql.as_role(Role.RESEARCHER)
    targets = {t["code"]: t for t in (await researcher(PROGRESS))["planProgress"]["targets"]}
    # 2025 is over (the clock is past it): its year-end figures, against the province's targets
    skilled = targets["SKILLED_WORKERS"]
    assert (skilled["projected"], skilled["onTrack"]) == (4, False)
    assert "2025 年已结束" in skilled["projectionMethod"]
    assert targets["HIGH_SKILLED_WORKERS"]["projected"] == 1
    assert targets["NEW_SKILLED_WORKERS"]["projected"] == 0  # nobody new in 2022–2025
    bases = targets["LEAD_ENTERPRISES"]
    assert bases["projected"] is None and bases["onTrack"] is None
    assert "不作预测" in bases["note"]
    # the counts are 1 to 4: below the researcher role they are withheld, with their projections
    public = {t["code"]: t for t in (await gql(PROGRESS))["planProgress"]["targets"]}
    for code in ("SKILLED_WORKERS", "HIGH_SKILLED_WORKERS"):
        assert (public[code]["actual"], public[code]["projected"]) == (None, None), code
        assert "不予公布" in public[code]["note"], code


async def test_importing_the_file_again_keeps_the_revocations_and_their_days(
    dated: GraphStore, tmp_path: Path
) -> None:
    before = await TalentRepository(dated).flows()
    report = await import_workers(
        dated, write_csv(tmp_path / "again.csv", ROWS), SECRET, today=TODAY
    )
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(ROWS))
    record = await WorkerRepository(dated).certificates(["T-E1"])
    assert (record["T-E1"].status, record["T-E1"].revoked_on) == ("REVOKED", "2022-01-01")
    assert sorted(await TalentRepository(dated).flows(), key=str) == sorted(before, key=str)


async def test_revoking_again_keeps_the_first_day(dated: GraphStore) -> None:
    repo = WorkerRepository(dated)
    person = await repo.person(person_key(D, SECRET))
    assert person is not None
    (certificate,) = person.certificates
    report = await CertificateWriter(repo).write(
        [revocation(person, certificate, on=date(2024, 5, 5))], "test", "REVOKE", "T-D1"
    )
    assert report.unchanged == 1
    assert (await repo.certificates(["T-D1"]))["T-D1"].revoked_on == "2021-12-31"


async def test_counters_from_before_the_years_ask_for_a_rebuild(dated: GraphStore) -> None:
    from zhepai.graph.talent import CountersOutdated

    # given counters as an earlier version wrote them: county|series|level, no yearly flows
    talent = TalentRepository(dated)
    version = await WorkerRepository(dated).version()
    old = [{"key": "330824|16|JUNIOR", "persons": 3, "certificates": 3}]
    assert await talent.replace(old, version)
    # then reading them says what to do, and the rebuild puts them right
    with pytest.raises(CountersOutdated, match="zhepai stats rebuild"):
        await talent.flows()
    await rebuild(dated)
    assert sum(f.persons for f in await talent.flows()) == 4
