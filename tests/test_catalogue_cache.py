"""The catalogue's top tiers (industries, series) are kept between requests and checked
against the catalogue's version: one small read a request at most, and a seed edit made by
any process is seen by the next request."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import CountingStore, serving
from zhepai.config import Settings
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.store import GraphStore
from zhepai.loaders.seed_loader import load_seeds
from zhepai.server import create_app

TREE = "{ industries { code series { code name industry { code } } } }"


async def test_the_catalogue_tree_costs_one_version_read_once_kept(
    counting_store: CountingStore,
) -> None:
    app = create_app(Settings(load_seeds_if_empty=False), store=counting_store)  # type: ignore[arg-type]
    async with serving(app) as gql:
        first = await gql(TREE)
        counting_store.calls.clear()
        again = await gql(TREE)
        series = await gql('{ series(code: "16") { name industry { code } } }')
    assert again == first
    assert [len(i["series"]) for i in first["industries"]] == [6, 14, 16]
    assert series["series"] == {"name": "机电制造", "industry": {"code": "SECONDARY"}}
    # each request read the version tokens at most once (the embedded store not at all while
    # it tells of no write: tests/test_change_watch.py) and nothing else
    assert set(counting_store.calls) <= {"meta_versions"}
    assert len(counting_store.calls) <= 2
    assert app.state.catalogue.builds == 1


async def test_a_seed_edit_is_seen_by_the_next_request(
    scratch_store: GraphStore, seeds_copy: Path
) -> None:
    await load_seeds(scratch_store, seeds_copy)
    app = create_app(Settings(load_seeds_if_empty=False), store=scratch_store)
    async with serving(app) as gql:
        before = await gql('{ series(code: "01") { name } seriesList { code } }')
        assert before["series"]["name"] == "果品蔬菜"

        catalogue = seeds_copy / "catalogue.yaml"
        data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
        data["series"][0]["name"] = "果品蔬菜(改)"
        catalogue.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        await load_seeds(scratch_store, seeds_copy)

        after = await gql('{ series(code: "01") { name } industries { series { name } } }')
    assert after["series"]["name"] == "果品蔬菜(改)"
    assert after["industries"][0]["series"][0]["name"] == "果品蔬菜(改)"
    assert app.state.catalogue.builds == 2


async def test_a_series_page_reads_nothing_but_the_versions_and_holds_every_record(
    counting_store: CountingStore,
) -> None:
    app = create_app(Settings(load_seeds_if_empty=False), store=counting_store)  # type: ignore[arg-type]
    page = """{ series(code: "16") { occupations { id name series { code } }
                                     specialties { id name originRegions { code } } } }"""
    async with serving(app) as gql:
        await gql(page)
        counting_store.calls.clear()
        answer = (await gql(page))["series"]
        one = await gql('{ occupation(id: "OCC-0461") { name } }')
    assert set(counting_store.calls) <= {"meta_versions"}
    assert len(counting_store.calls) <= 2
    repo = CatalogueRepository(counting_store.inner)
    ((occupations,), (specialties,)) = (
        await repo.occupations_by_series(["16"]),
        await repo.specialties_by_series(["16"]),
    )
    assert [o["id"] for o in answer["occupations"]] == [o.id for o in occupations]
    assert [x["id"] for x in answer["specialties"]] == [x.id for x in specialties]
    assert one["occupation"] == {"name": "车工"}
    # the kept catalogue holds every occupation the store holds
    top = await app.state.catalogue.get()
    stored = {t.id for t in await repo.occupation_terms()}
    assert stored == {o.id for found in top.occupations.values() for o in found}
