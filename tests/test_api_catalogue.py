"""The catalogue contract over HTTP: industries, series, occupations, 专项."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient

INDUSTRIES = """
{ industries { code name number focus declaredSeriesCount declaredOccupationCount
               declaredSpecialtyCount series { code } } }
"""

SERIES_LIST = """
query($industry: IndustryCode) { seriesList(industryCode: $industry) {
  code number name definition declaredOccupationCount declaredSpecialtyCount
  listedOccupationCount listedSpecialtyCount industry { code } } }
"""

SERIES_DETAIL = """
query($code: String!) { series(code: $code) {
  code number name definition industry { code name }
  declaredOccupationCount declaredSpecialtyCount
  occupations { id name workTypes series { code } }
  specialties { id name series { code } originRegions { code name } } } }
"""

OCCUPATIONS = """
query($search: String, $series: String, $first: Int, $after: String) {
  occupations(search: $search, seriesCode: $series, first: $first, after: $after) {
    totalCount
    edges { cursor node { id name workTypes memberships { seriesCode workTypes } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }
"""

OCCUPATION = """
query($id: ID!) { occupation(id: $id) { id name workTypes series { code name } } }
"""

SPECIALTIES = """
query($search: String, $series: String, $region: String, $first: Int, $after: String) {
  specialties(search: $search, seriesCode: $series, regionCode: $region, first: $first,
              after: $after) {
    totalCount edges { cursor node { id name series { code } originRegions { code } } }
    pageInfo { hasNextPage endCursor } } }
"""


async def test_three_industries_hold_the_36_series(gql: GraphQLClient) -> None:
    data = await gql(INDUSTRIES)
    industries = {i["code"]: i for i in data["industries"]}
    assert list(industries) == ["PRIMARY", "SECONDARY", "TERTIARY"]
    assert [len(i["series"]) for i in industries.values()] == [6, 14, 16]
    assert industries["SECONDARY"]["declaredOccupationCount"] == 585
    assert industries["PRIMARY"]["name"] == "第一产业"


async def test_series_list_all_and_by_industry(gql: GraphQLClient) -> None:
    everything = (await gql(SERIES_LIST))["seriesList"]
    assert [s["code"] for s in everything] == [f"{n:02d}" for n in range(1, 37)]
    assert [s["number"] for s in everything] == list(range(1, 37))
    assert everything[8]["name"] == "现代纺织"
    assert sum(s["listedOccupationCount"] for s in everything) == 901  # memberships
    assert sum(s["listedSpecialtyCount"] for s in everything) == 116
    tertiary = (await gql(SERIES_LIST, industry="TERTIARY"))["seriesList"]
    assert len(tertiary) == 16
    assert {s["industry"]["code"] for s in tertiary} == {"TERTIARY"}


async def test_series_detail_keeps_the_annex_order_and_declared_counts(gql: GraphQLClient) -> None:
    s = (await gql(SERIES_DETAIL, code="01"))["series"]
    assert s["name"] == "果品蔬菜"
    assert s["industry"] == {"code": "PRIMARY", "name": "第一产业"}
    assert [o["name"] for o in s["occupations"]] == ["种子繁育员", "园艺工"]
    assert s["occupations"][1]["workTypes"][:2] == ["蔬菜栽培工", "果树栽培工"]
    assert [sp["name"] for sp in s["specialties"]][-1] == "临安山核桃加工"
    assert s["specialties"][-1]["originRegions"] == [{"code": "330112", "name": "临安区"}]
    mushrooms = (await gql(SERIES_DETAIL, code="02"))["series"]
    assert mushrooms["declaredSpecialtyCount"] == 4
    assert len(mushrooms["specialties"]) == 3


async def test_unknown_series_is_null(gql: GraphQLClient) -> None:
    assert (await gql(SERIES_DETAIL, code="99"))["series"] is None


async def test_an_occupation_in_three_series_is_one_node(gql: GraphQLClient) -> None:
    page = (await gql(OCCUPATIONS, search="园艺工"))["occupations"]
    assert page["totalCount"] == 1
    node = page["edges"][0]["node"]
    assert [m["seriesCode"] for m in node["memberships"]] == ["01", "03", "06"]
    assert node["workTypes"] == [
        "蔬菜栽培工",
        "果树栽培工",
        "花卉栽培工",
        "茶树栽培工",
        "桑树栽培工",
    ]
    assert node["memberships"][1]["workTypes"] == ["花卉栽培工"]
    one = (await gql(OCCUPATION, id=node["id"]))["occupation"]
    assert [s["name"] for s in one["series"]] == ["果品蔬菜", "苗木花卉", "蚕桑茶业"]


async def test_every_occupation_is_reachable_by_paging(gql: GraphQLClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(OCCUPATIONS, first=100, after=after))["occupations"]
        assert page["totalCount"] == 899
        seen.extend(e["node"]["id"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 899


async def test_first_defaults_to_20_and_is_capped_at_100(gql: GraphQLClient) -> None:
    assert len((await gql(OCCUPATIONS))["occupations"]["edges"]) == 20
    assert len((await gql(OCCUPATIONS, first=500))["occupations"]["edges"]) == 100
    empty = (await gql(OCCUPATIONS, first=0))["occupations"]
    assert empty["edges"] == [] and empty["totalCount"] == 899


async def test_cursors_continue_where_the_page_ended(gql: GraphQLClient) -> None:
    first = (await gql(OCCUPATIONS, series="16", first=5))["occupations"]
    second = (await gql(OCCUPATIONS, series="16", first=5, after=first["pageInfo"]["endCursor"]))[
        "occupations"
    ]
    both = (await gql(OCCUPATIONS, series="16", first=10))["occupations"]
    assert [e["node"]["id"] for e in first["edges"] + second["edges"]] == [
        e["node"]["id"] for e in both["edges"]
    ]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert first["totalCount"] == 47


@pytest.mark.parametrize(
    ("search", "expected_first"),
    [
        ("车工", "车工"),  # the exact name comes first
        ("chegong", "车工"),  # full pinyin
        ("cg", "车工"),  # initials
        ("蔬菜栽培工", "园艺工"),  # a work type finds its occupation
        ("茶园管理员", "农业技术员"),
        ("  焊 工 ", "焊工"),  # spaces are ignored
    ],
)
async def test_search_ranks_exact_names_first(
    gql: GraphQLClient, search: str, expected_first: str
) -> None:
    page = (await gql(OCCUPATIONS, search=search, first=100))["occupations"]
    assert page["totalCount"] >= 1
    assert page["edges"][0]["node"]["name"] == expected_first


async def test_search_exact_before_containing(gql: GraphQLClient) -> None:
    names = [
        e["node"]["name"] for e in (await gql(OCCUPATIONS, search="钳工"))["occupations"]["edges"]
    ]
    assert names[0] == "钳工"
    assert "铁路机车车辆制动钳工" in names and "道岔钳工" in names


async def test_search_within_a_series(gql: GraphQLClient) -> None:
    page = (await gql(OCCUPATIONS, search="工", series="01"))["occupations"]
    assert [e["node"]["name"] for e in page["edges"]] == ["园艺工"]


async def test_search_without_hits_is_empty_not_an_error(gql: GraphQLClient) -> None:
    page = (await gql(OCCUPATIONS, search="宇航员"))["occupations"]
    assert page["totalCount"] == 0 and page["edges"] == []
    assert page["pageInfo"]["endCursor"] is None


async def test_specialties_by_series_search_and_region(gql: GraphQLClient) -> None:
    all_ = (await gql(SPECIALTIES, first=100))["specialties"]
    assert all_["totalCount"] == 116
    tea = (await gql(SPECIALTIES, search="龙顶茶"))["specialties"]
    assert [e["node"]["name"] for e in tea["edges"]] == ["开化龙顶茶制作"]
    kaihua = (await gql(SPECIALTIES, region="330824", first=100))["specialties"]
    assert {e["node"]["name"] for e in kaihua["edges"]} == {
        "开化食用菌种植",
        "开化龙顶茶制作",
        "开化保姆",
    }
    # a city's code takes in its counties (and the city itself)
    quzhou = (await gql(SPECIALTIES, region="330800", first=100))["specialties"]
    names = {e["node"]["name"] for e in quzhou["edges"]}
    assert {"开化保姆", "龙游发糕制作", "柯城水晶糕制作", "贡面制作(常山)"} <= names
    ningbo = (await gql(SPECIALTIES, region="330200", series="26", first=100))["specialties"]
    assert {e["node"]["name"] for e in ningbo["edges"]} >= {"宁波汤圆制作", "鱼丸制作(石浦)"}
    food = (await gql(SPECIALTIES, series="26", first=100))["specialties"]
    assert food["totalCount"] == 20
    assert {e["node"]["series"]["code"] for e in food["edges"]} == {"26"}
