"""The catalogue's top tiers (industries, series) are kept between requests and checked
against the catalogue's version: one small read a request, and a seed edit made by any
process is seen by the next request."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import CountingStore, serving
from zhepai.config import Settings
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
    # each request read the version tokens once and nothing else
    assert counting_store.calls == ["meta_versions", "meta_versions"]
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
