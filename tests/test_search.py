"""Occupation search: everyday names, typos, pinyin from a syllable's start, and the ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import GraphQLClient
from zhepai.domain.catalogue.search import Kind, Spelling, one_edit_from_a_prefix
from zhepai.domain.catalogue.service import OccupationSearch
from zhepai.domain.text import normalise_query
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.store import GraphStore
from zhepai.loaders.seed_files import SeedError, read_seeds
from zhepai.loaders.seed_loader import load_seeds

OCCUPATIONS = """
query($search: String, $series: String, $first: Int) {
  occupations(search: $search, seriesCode: $series, first: $first) {
    totalCount edges { node { id name } } } }
"""

# (what someone types, the occupation that must come first)
FIRST_HITS = [
    # the occupation's own name, exact or its beginning
    ("电", "电工"),
    ("电工", "电工"),
    ("车工", "车工"),
    ("钳工", "钳工"),
    ("焊", "焊工"),
    ("茶", "茶艺师"),
    ("园艺", "园艺工"),
    ("电梯", "电梯装配调试工"),
    ("  焊 工 ", "焊工"),
    # everyday names (seeds/synonyms.yaml)
    ("电焊工", "焊工"),
    ("气焊工", "焊工"),
    ("数控车工", "车工"),
    ("车床工", "车工"),
    ("数控铣工", "铣工"),
    ("加工中心操作工", "多工序数控机床操作调整工"),
    ("维修电工", "电工"),
    ("汽修", "汽车维修工"),
    ("汽车修理工", "汽车维修工"),
    ("西点", "西式面点师"),
    ("面点", "中式面点师"),
    ("厨师", "中式烹调师"),
    ("保姆", "家政服务员"),
    ("月嫂", "家政服务员"),
    ("护工", "养老护理员"),
    ("外卖骑手", "网约配送员"),
    ("快递小哥", "快递员"),
    ("程序员", "计算机程序设计员"),
    ("理发师", "美发师"),
    ("泥瓦工", "砌筑工"),
    ("水管工", "管道工"),
    ("叉车司机", "起重装卸机械操作工"),
    ("挖掘机司机", "挖掘铲运和桩工"),
    ("奶茶", "调饮师"),
    ("入殓师", "遗体防腐整容师"),
    ("电商", "电子商务师"),
    # work types (工种)
    ("蔬菜栽培工", "园艺工"),
    ("茶园管理员", "农业技术员"),
    ("花卉栽培", "园艺工"),
    # pinyin: 全拼, initials, from a later syllable, full-width letters, capitals
    ("cha", "茶艺师"),
    ("chayishi", "茶艺师"),
    ("cys", "茶艺师"),
    ("chegong", "车工"),
    ("cg", "车工"),
    ("dg", "电工"),
    ("c", "车工"),
    ("jiancha", "消防监督检查员"),
    ("zhongshi", "中式烹调师"),
    ("Meirong", "美容师"),
    ("ｃｈａ", "茶艺师"),
    ("dianhan", "焊工"),
    ("lifashi", "美发师"),
    ("waimai", "网约配送员"),
    # one typo
    ("茶艺士", "茶艺师"),
    ("美发帅", "美发师"),
    ("汽车维修公", "汽车维修工"),
    ("chayisi", "茶艺师"),
    ("chyaishi", "茶艺师"),
]


@pytest.fixture(scope="module")
def search(seeded_store: GraphStore) -> OccupationSearch:
    return OccupationSearch(seeded_store)


async def _names(search: OccupationSearch, store: GraphStore, text: str) -> list[str]:
    page = await search.occupations(normalise_query(text), None, 0, 1000)
    records = await CatalogueRepository(store).occupations_by_id(page.items)
    return [r.name for r in records if r is not None]


@pytest.mark.parametrize(("text", "first"), FIRST_HITS)
async def test_first_hit(
    search: OccupationSearch, seeded_store: GraphStore, text: str, first: str
) -> None:
    names = await _names(search, seeded_store, text)
    assert names[:1] == [first]


async def test_the_table_is_built_once_per_catalogue_version(search: OccupationSearch) -> None:
    await search.occupations("电", None, 0, 20)
    assert search.builds == 1


async def test_cha_puts_whole_syllables_before_unfinished_ones(
    search: OccupationSearch, seeded_store: GraphStore
) -> None:
    names = await _names(search, seeded_store, "cha")
    whole = [n for n in names if Spelling.of(n, Kind.NAME).pinyin_closeness("cha") == 1]
    unfinished = [n for n in names if Spelling.of(n, Kind.NAME).pinyin_closeness("cha") == 2]
    assert whole[0] == "茶艺师" and "插花花艺师" in whole
    assert "拆船工" in unfinished  # chai: typed so far
    assert max(names.index(n) for n in whole) < min(names.index(n) for n in unfinished)


async def test_ranking_tiers_follow_each_other(
    search: OccupationSearch, seeded_store: GraphStore
) -> None:
    # 焊: names starting with it, then those containing it; 电焊工 (a synonym) finds 焊工
    names = await _names(search, seeded_store, "焊")
    assert names.index("焊接材料制造工") < names.index("喷涂喷焊工")
    # a synonym comes after every name that starts with the text
    names = await _names(search, seeded_store, "电")
    assert names.index("电梯安装维修工") < names.index("焊工")  # via 电焊工
    # a synonym before a name merely containing the text
    names = await _names(search, seeded_store, "面点师")
    assert names[:2] == ["中式面点师", "西式面点师"]


def test_pinyin_never_starts_or_mixes_inside_a_syllable() -> None:
    chuhai = Spelling.of("出海", Kind.NAME)  # chu hai: "c" + "ha" is not "cha"
    assert chuhai.pinyin_closeness("cha") is None
    assert chuhai.pinyin_closeness("hai") == 3
    assert chuhai.pinyin_closeness("uhai") is None  # inside 出's syllable
    assert chuhai.pinyin_closeness("chuhai") == 0
    assert chuhai.pinyin_closeness("ch") == 2  # 出 being typed
    tea = Spelling.of("茶艺师", Kind.NAME)
    assert tea.pinyin_closeness("chay") == 2
    assert [tea.pinyin_closeness(q) for q in ("cys", "cy", "ys")] == [5, 6, 7]


@pytest.mark.parametrize(
    ("typed", "text", "near"),
    [
        ("茶艺士", "茶艺师", True),  # one replaced
        ("茶艺师师", "茶艺师", True),  # one too many
        ("茶师", "茶艺师", True),  # one missing
        ("艺茶师", "茶艺师", True),  # two swapped
        ("茶艺", "茶艺师", True),  # a beginning
        ("花艺士", "茶艺师", False),  # two replaced
        ("师艺茶", "茶艺师", False),
        ("chayisi", "chayishi", True),
        ("hcayishi", "chayishi", True),
        ("chaishi", "chayishi", True),
        ("chayishi", "cha", False),
    ],
)
def test_one_typo_is_forgiven(typed: str, text: str, near: bool) -> None:
    assert one_edit_from_a_prefix(typed, text) is near


async def test_short_texts_are_not_matched_loosely(
    search: OccupationSearch, seeded_store: GraphStore
) -> None:
    assert await _names(search, seeded_store, "宇航员") == []
    # two characters: no typo allowed, or 电工 would find 车工, 焊工 and 钳工
    assert "车工" not in await _names(search, seeded_store, "电工")


async def test_search_over_graphql(gql: GraphQLClient) -> None:
    for text, first in [
        ("电", "电工"),
        ("cha", "茶艺师"),
        ("茶艺士", "茶艺师"),
        ("汽修", "汽车维修工"),
    ]:
        page = (await gql(OCCUPATIONS, search=text, first=5))["occupations"]
        assert page["edges"][0]["node"]["name"] == first
    within = (await gql(OCCUPATIONS, search="dianhan", series="16", first=5))["occupations"]
    assert [e["node"]["name"] for e in within["edges"]] == ["焊工"]
    elsewhere = (await gql(OCCUPATIONS, search="电焊工", series="01"))["occupations"]
    assert elsewhere["totalCount"] == 0


async def test_a_changed_synonym_is_found_after_reloading_the_seeds(
    scratch_store: GraphStore, seeds_copy: Path
) -> None:
    await load_seeds(scratch_store, seeds_copy)
    search = OccupationSearch(scratch_store)
    assert await _names(search, scratch_store, "焊接师傅") == []

    path = seeds_copy / "synonyms.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["synonyms"].append({"term": "焊接师傅", "occupation": "焊工", "reason": "测试"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    await load_seeds(scratch_store, seeds_copy)

    assert (await _names(search, scratch_store, "焊接师傅"))[:1] == ["焊工"]
    assert search.builds == 2


def test_a_synonym_must_name_a_catalogue_occupation(seeds_copy: Path) -> None:
    path = seeds_copy / "synonyms.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["synonyms"].append({"term": "宇航员", "occupation": "航天员", "reason": "测试"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SeedError, match=r"synonyms\.yaml: .*航天员"):
        read_seeds(seeds_copy)


def test_every_synonym_says_why() -> None:
    synonyms = read_seeds().synonyms.synonyms
    assert len(synonyms) >= 40
    assert all(s.reason.strip() for s in synonyms)
