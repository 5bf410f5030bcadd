"""Region figures as coverage demand: the import's two headers and its refusals, figures kept
across imports with their own sources, each county's latest figure, the employment mix from
the same year's figures, and the demand they add over HTTP.

开化 (330824) × 16 below: 18万 working-age persons (2024, the latest year), a target of
3,000 new skilled workers (0.3万) and 5,000 of its 200,000 employed in series 16 (a share of
0.025) add 18 × 1 + 0.3 × 50 + 0.025 × 100 = 35.5 to its demand with the default weights.

mutmut 3.8 on figures.py with this module's test_each_county_takes_its_own_latest_figures
(tools/mutation/run) kills every mutant that changes behaviour: of 61, 60 killed, and the
one survivor is equivalent: ``_latest`` 4 (``<=``, a later row of the same year wins) needs
two rows of one county and year without a series, and the store keeps one per key.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import GraphQLClient, app_settings, serving
from tests.test_api_coverage import GAPS
from zhepai.domain.coverage.figures import RegionFigures, region_figures
from zhepai.graph.region_stats import Figure, RegionStatRow, RegionStatsRepository
from zhepai.graph.store import GraphStore
from zhepai.loaders.csv_files import BadHeader
from zhepai.loaders.region_stats_import import BadRegionStats, import_region_stats
from zhepai.loaders.seed_loader import load_seeds
from zhepai.server import create_app
from zhepai.web.roles import Role

KAIHUA, CHANGSHAN, QUZHOU = "330824", "330822", "330800"
IMPORT_DOCS = (Path(__file__).resolve().parent.parent / "docs" / "imports.md").read_text("utf-8")
MATRIX_ROWS = '{ coverageMatrix(regionCode: "330800") { rows { demands } } }'
FULL = "region_code,year,series_code,employed,working_age,new_skilled_target,source\n"


@pytest.fixture
async def store(scratch_store: GraphStore) -> GraphStore:
    await load_seeds(scratch_store)
    return scratch_store


def write(tmp_path: Path, text: str, name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_figures_keep_their_sources_across_imports(store: GraphStore, tmp_path: Path) -> None:
    employed = write(tmp_path, f"region_code,year,employed,source\n{KAIHUA},2024,200000,年鉴A\n")
    assert (await import_region_stats(store, employed)).rows == 1
    people = write(
        tmp_path,
        FULL
        + f"{KAIHUA},2024,,,180000,3000,普查B\n"
        + f"{KAIHUA},2023,,,200000,,普查B\n"
        + f"{KAIHUA},2024,16,5000,,,调查C\n",
    )
    assert (await import_region_stats(store, people)).rows == 3
    rows = {(r.region, r.year, r.series): r for r in await RegionStatsRepository(store).all()}
    assert rows[(KAIHUA, 2024, None)] == RegionStatRow(
        KAIHUA, 2024, Figure(200000, "年鉴A"), Figure(180000, "普查B"), Figure(3000, "普查B")
    )  # the employed figure of the first file and its source are kept
    assert rows[(KAIHUA, 2023, None)] == RegionStatRow(KAIHUA, 2023, None, Figure(200000, "普查B"))
    assert rows[(KAIHUA, 2024, "16")] == RegionStatRow(
        KAIHUA, 2024, Figure(5000, "调查C"), series="16"
    )
    again = write(tmp_path, FULL + f"{KAIHUA},2024,,210000,,,年鉴D\n")
    await import_region_stats(store, again)  # a new employed figure replaces the old one
    rows = {(r.region, r.year, r.series): r for r in await RegionStatsRepository(store).all()}
    assert rows[(KAIHUA, 2024, None)].employed == Figure(210000, "年鉴D")
    assert rows[(KAIHUA, 2024, None)].working_age == Figure(180000, "普查B")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"{KAIHUA},2024,16,5000,100,,s\n", "line 3, column working_age: a series row gives only"),
        (f"{KAIHUA},2024,16,5000,,100,s\n", "line 3, column new_skilled_target: a series row"),
        (f"{KAIHUA},2024,99,5000,,,s\n", "line 3, column series_code: '99' is not a series"),
        (f"{KAIHUA},2024,16,,,,s\n", "line 3, column employed: a series row gives its employed"),
        (f"{KAIHUA},2024,,,,,s\n", "line 3: no figure given"),
        (f"{KAIHUA},2024,,,0,,s\n", "line 3, column working_age: '0' is not a positive count"),
        (f"{KAIHUA},2024,,,1.5,,s\n", "line 3, column working_age: '1.5' is not a positive"),
        (f"{KAIHUA},1999,,,100,,s\n", "line 3, column year: '1999' is not a year"),
        ("330899,2024,,,100,,s\n", "line 3, column region_code: '330899' is not a Zhejiang"),
        (f"{KAIHUA},2024,,,100,,\n", "line 3, column source: say where"),
        (f"{KAIHUA},2024,,,100,s\n", "line 3: expected 7 columns, got 6"),
        # a good row before the bad one is not written either (line 2, 常山)
        (
            f"{KAIHUA},2024,01,60,,,s\n{KAIHUA},2024,,100,,,s\n{KAIHUA},2024,02,50,,,s\n",
            f"line 4, column employed: the series rows of {KAIHUA} 2024 employ 110, more than "
            "the 100 given here",
        ),
        (
            f"{KAIHUA},2024,16,5,,,s\n{KAIHUA},2024,16,6,,,s\n",
            f"line 4: {KAIHUA} 2024 16 is given twice",
        ),
    ],
)
async def test_a_bad_row_refuses_the_file_and_keeps_what_was_stored(
    store: GraphStore, tmp_path: Path, body: str, message: str
) -> None:
    kept = write(tmp_path, FULL + f"{KAIHUA},2024,,,180000,,普查B\n", "kept.csv")
    await import_region_stats(store, kept)
    before = await RegionStatsRepository(store).all()
    with pytest.raises(BadRegionStats) as refused:
        await import_region_stats(
            store, write(tmp_path, FULL + f"{CHANGSHAN},2024,,9,,,s\n" + body)
        )
    assert message in str(refused.value)
    assert await RegionStatsRepository(store).all() == before


async def test_the_header_must_be_one_of_the_two(store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(BadHeader) as refused:
        await import_region_stats(store, write(tmp_path, "region_code,year,working_age,source\n"))
    assert "region_code,year,employed,source or region_code,year,series_code," in str(refused.value)
    with pytest.raises(BadHeader, match="no rows"):
        await import_region_stats(store, write(tmp_path, FULL))


def test_each_county_takes_its_own_latest_figures() -> None:
    rows = [
        RegionStatRow(KAIHUA, 2023, Figure(190000, "a"), Figure(200000, "a"), Figure(2000, "a")),
        RegionStatRow(KAIHUA, 2024, None, Figure(180000, "a"), Figure(3000, "a")),
        RegionStatRow(KAIHUA, 2022, None, Figure(999999, "a"), Figure(9999, "a")),
        RegionStatRow(KAIHUA, 2023, Figure(3800, "b"), series="16"),
        RegionStatRow(KAIHUA, 2024, Figure(5000, "b"), series="16"),  # no 2024 total: unused
        RegionStatRow(KAIHUA, 2023, Figure(500000, "b"), series="01"),  # more than all: 1
        RegionStatRow(CHANGSHAN, 2024, Figure(800, "b"), series="16"),  # no total at all
        RegionStatRow(QUZHOU, 2024, Figure(1, "c"), Figure(2000000, "c"), Figure(50000, "c")),
    ]
    figures = region_figures(rows, [KAIHUA, CHANGSHAN])
    assert figures.working_age == {KAIHUA: 18.0}  # 2024's; the city's is not spread
    assert figures.new_skilled_target == {KAIHUA: 0.3}
    assert figures.industry_share == {(KAIHUA, "16"): 0.02, (KAIHUA, "01"): 1.0}
    assert region_figures(reversed(rows), [KAIHUA]) == figures  # in any order
    assert region_figures(rows, []).working_age == {}


@pytest.fixture
async def planner(store: GraphStore) -> AsyncIterator[GraphQLClient]:
    app = create_app(app_settings(), store=store)
    async with serving(app) as client:
        yield client.as_role(Role.PLANNER, "planner-1")


async def test_the_figures_add_to_demand(
    planner: GraphQLClient, store: GraphStore, tmp_path: Path
) -> None:
    asked = {"region": KAIHUA, "series": "16", "first": 1}

    async def gap(**weights: float) -> dict[str, float]:
        extra = {"weights": weights} if weights else {}
        node = (await planner(GAPS, **asked, **extra))["coverageGaps"]["edges"][0]["node"]
        factors = {f["name"]: f["value"] for f in node["demandFactors"]}
        return {"demand": node["demand"], **factors}

    async def matrix_tag() -> str:
        answer = await planner.http.get(
            "/graphql", params={"query": MATRIX_ROWS}, headers=planner.headers
        )
        assert answer.status_code == 200
        return answer.headers["etag"]

    before = await gap()
    tag = await matrix_tag()
    assert (before["WORKING_AGE"], before["NEW_SKILLED_TARGET"], before["INDUSTRY_SHARE"]) == (
        0,
        0,
        0,
    )
    await import_region_stats(
        store,
        write(
            tmp_path,
            FULL + f"{KAIHUA},2024,,200000,180000,3000,s\n{KAIHUA},2024,16,5000,,,s\n",
        ),
    )
    after = await gap()  # the model is rebuilt: the figures' version changed
    assert await matrix_tag() != tag  # and a cached matrix is not served again
    assert (after["WORKING_AGE"], after["NEW_SKILLED_TARGET"], after["INDUSTRY_SHARE"]) == (
        18.0,
        0.3,
        0.025,
    )
    assert after["demand"] - before["demand"] == pytest.approx(35.5)
    weighed = await gap(workingAge=0, newSkilledTarget=10, employment=0)
    assert weighed["demand"] - before["demand"] == pytest.approx(3.0)
    refused = await planner.raw(GAPS, **asked, weights={"workingAge": -1})
    assert refused["errors"][0]["extensions"]["argument"] == "demandWeights.workingAge"


async def test_the_example_in_the_import_docs_imports(store: GraphStore, tmp_path: Path) -> None:
    example = re.search(r"```csv\n(region_code,year,series_code.*?)```", IMPORT_DOCS, re.S)
    assert example is not None
    await import_region_stats(store, write(tmp_path, example.group(1)))
    figures = region_figures(await RegionStatsRepository(store).all(), [KAIHUA])
    assert figures == RegionFigures({KAIHUA: 18.0}, {KAIHUA: 0.3}, {(KAIHUA, "16"): 0.025})
